package org.covertmark.core.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.score.ProtocolSummary;

/**
 * A self-contained HTML page of runs: per strategy run, its score, band, best configuration and
 * records; for several runs of a procedure, the protocol summary first and failed runs with their
 * error.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static void write(List<RunResult> results, Writer w) throws IOException {
        head(w);
        for (RunResult r : results) {
            section(r, esc(r.strategy()) + " — " + esc(r.direction()), w);
        }
        w.write("</body></html>\n");
    }

    /** The summary's verdicts and runs, then a section per run in run order. */
    static void write(ProtocolSummary summary, Writer w) throws IOException {
        head(w);
        w.write("<h2>Protocol summary</h2>\n<p>" + esc(capitalised(ProtocolSummary.VERDICT_RULE)) + ".</p>\n"
                + "<table><tr><th>protocol</th><th>verdict</th><th>strategy</th><th>direction</th><th>band</th></tr>\n");
        for (String p : summary.protocols()) {
            Optional<ProtocolSummary.Verdict> v = summary.verdict(p);
            w.write("<tr><td>" + esc(p) + "</td>" + (v.isPresent()
                    ? "<td>" + score(v.get().score()) + "</td><td>" + esc(v.get().strategy()) + "</td><td>"
                            + esc(v.get().direction()) + "</td><td>" + esc(v.get().band()) + "</td>"
                    : "<td>–</td><td>–</td><td>–</td><td>no verdict: every run failed</td>") + "</tr>\n");
        }
        w.write("</table>\n<h2>Runs</h2>\n<table><tr><th>#</th><th>protocol</th><th>strategy</th><th>direction</th>"
                + "<th>score</th><th>band</th></tr>\n");
        List<ProtocolSummary.Entry> entries = summary.entries();
        for (int i = 0; i < entries.size(); i++) {
            ProtocolSummary.Entry e = entries.get(i);
            w.write("<tr" + (e.failed() ? " class=\"failed\"" : "") + "><td><a href=\"#run-" + (i + 1) + "\">"
                    + (i + 1) + "</a></td><td>" + esc(e.protocol()) + "</td><td>" + esc(e.strategy()) + "</td><td>"
                    + esc(e.direction()) + "</td><td>" + (e.failed() ? "–" : score(e.score().getAsDouble()))
                    + "</td><td>" + (e.failed() ? "failed: " + esc(e.error().get()) : esc(e.band().get()))
                    + "</td></tr>\n");
        }
        w.write("</table>\n");
        for (int i = 0; i < entries.size(); i++) {
            ProtocolSummary.Entry e = entries.get(i);
            String heading = "<a id=\"run-" + (i + 1) + "\"></a>" + (i + 1) + ". " + esc(e.protocol()) + ": "
                    + esc(e.strategy()) + " — " + esc(e.direction());
            if (e.failed()) {
                w.write("<h2>" + heading + "</h2>\n<p class=\"failed\">The run failed: <code>" + esc(e.error().get())
                        + "</code></p>\n");
            } else {
                section(e.result().get(), heading, w);
            }
        }
        w.write("</body></html>\n");
    }

    private static void head(Writer w) throws IOException {
        w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>CovertMark report</title>\n"
                + "<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}th{background:#eee}"
                + "td:first-child{text-align:left}.best{background:#e6f4e6}.failed{background:#fbe9e9}"
                + "code{background:#f4f4f4;padding:.2em}</style>"
                + "</head><body>\n<h1>CovertMark report</h1>\n");
    }

    private static void section(RunResult r, String heading, Writer w) throws IOException {
        w.write("<h2>" + heading + "</h2>\n<p>" + esc(r.description())
                + "</p>\n<p><b>Score " + score(r.score().value()) + "</b>: " + esc(r.score().band()));
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

    private static String score(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
