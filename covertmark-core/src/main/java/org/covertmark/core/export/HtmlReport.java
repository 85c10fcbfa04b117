package org.covertmark.core.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.engine.RunResult;

/** A self-contained HTML page of runs: per strategy run, its score, band, best configuration and records. */
final class HtmlReport {

    private HtmlReport() {
    }

    static void write(List<RunResult> results, Writer w) throws IOException {
        w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>CovertMark report</title>\n"
                + "<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}th{background:#eee}"
                + "td:first-child{text-align:left}.best{background:#e6f4e6}code{background:#f4f4f4;padding:.2em}</style>"
                + "</head><body>\n<h1>CovertMark report</h1>\n");
        for (RunResult r : results) {
            w.write("<h2>" + esc(r.strategy()) + " — " + esc(r.direction()) + "</h2>\n<p>" + esc(r.description())
                    + "</p>\n<p><b>Score " + String.format(Locale.ROOT, "%.2f", r.score().value()) + "</b>: "
                    + esc(r.score().band()));
            if (r.score().best().isPresent()) {
                w.write("; best configuration: " + esc(r.interpretations().get(r.score().best().get().config())));
            }
            w.write("</p>\n<table><tr><th>configuration</th><th>TPR</th><th>FPR</th><th>precision at λ=1000</th>"
                    + "<th>positive run time (s)</th><th>blocked IP rate</th></tr>\n");
            for (PerformanceRecord p : r.records()) {
                boolean best = r.score().best().map(b -> b.config().equals(p.config())).orElse(false);
                w.write("<tr" + (best ? " class=\"best\"" : "") + "><td>" + esc(r.interpretations().get(p.config()))
                        + "</td><td>" + pct(p.tpr()) + "</td><td>" + pct(p.fpr()) + "</td><td>"
                        + (Double.isNaN(p.precisionAt(1000)) ? "–" : pct(p.precisionAt(1000))) + "</td><td>"
                        + (Double.isNaN(p.timeSeconds()) ? "–" : String.format(Locale.ROOT, "%.4f", p.timeSeconds()))
                        + "</td><td>" + pct(p.blockRate()) + "</td></tr>\n");
            }
            w.write("</table>\n<p>Wireshark filter for the wrongly blocked destinations: <code>"
                    + esc(r.wiresharkFilter()) + "</code></p>\n");
        }
        w.write("</body></html>\n");
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.3f %%", f * 100);
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
