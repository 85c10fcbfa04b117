package org.covertmark.core.export;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.chart.XyChart;
import org.covertmark.core.engine.FeatureHistogram;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.score.ProtocolSummary;

/**
 * The HTML report of strategy runs: one self-contained file (inline SVG charts and styles, no
 * external resource, no script needed to read it) that a browser opens without network access.
 *
 * <p>For several runs labelled with protocols (a procedure, the demo) it begins with a detection
 * matrix — protocols down, strategies and directions across, each cell the strategy's score on the
 * protocol coloured by band, with the TPR and FPR of its best configuration — a chart of every run's
 * best operating point (TPR against FPR), and each protocol's verdict. Then, per run: the score and
 * best configuration, TPR against FPR of every configuration (the acceptable zone shaded, the best
 * marked), the distribution of the feature the strategy used on the protocol's and on ordinary
 * traffic (when the strategy published one), TPR and FPR against each configuration parameter, the
 * Wireshark filter of the wrongly blocked destinations ready to copy, and the table of records.
 * The same results always give the same file.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /** The report of one run. */
    public static void write(RunResult result, Writer w) throws IOException {
        write(List.of(result), w);
    }

    /** The report of runs without protocol labels: a section per run. */
    public static void write(List<RunResult> results, Writer w) throws IOException {
        head(w, "CovertMark report", results.size() == 1
                ? results.get(0).strategy() + " " + results.get(0).direction() : null);
        for (int i = 0; i < results.size(); i++) {
            RunResult r = results.get(i);
            section(w, i + 1, results.size() == 1 ? "" : (i + 1) + ". ", null, r);
        }
        tail(w);
    }

    /** The report of the runs of a protocol summary, failed ones with their error. */
    public static void write(ProtocolSummary summary, Writer w) throws IOException {
        write(summary, null, w);
    }

    /**
     * The report of the runs of a protocol summary: the detection matrix, the operating points and
     * the verdicts, then a section per run in run order.
     *
     * @param description what the runs were for (a procedure's description), or null
     */
    public static void write(ProtocolSummary summary, String description, Writer w) throws IOException {
        head(w, "CovertMark report", description);
        List<ProtocolSummary.Entry> entries = summary.entries();
        w.write("<p class=\"lede\">" + entries.size() + " strategy run" + (entries.size() == 1 ? "" : "s") + " on "
                + summary.protocols().size() + " protocol" + (summary.protocols().size() == 1 ? "" : "s")
                + (summary.failures() > 0 ? ", " + summary.failures() + " failed" : "") + ". A score says how "
                + "easily a censor using the strategy picks the protocol out of ordinary traffic (0–100: the "
                + "higher, the easier); TPR is the share of the protocol's traffic it flags, FPR the share of "
                + "ordinary traffic it wrongly flags.</p>\n");
        matrix(summary, w);
        w.write("<div class=\"charts\">" + ReportCharts.overview(summary).svg(ReportCharts.CSS_CLASS)
                + "<div class=\"verdicts\">");
        verdicts(summary, w);
        w.write("</div></div>\n");
        w.write("<h2>Runs</h2>\n");
        for (int i = 0; i < entries.size(); i++) {
            ProtocolSummary.Entry e = entries.get(i);
            if (e.failed()) {
                w.write("<section class=\"run\" id=\"run-" + (i + 1) + "\"><h3>" + (i + 1) + ". " + esc(e.protocol())
                        + ": " + esc(e.strategy()) + " — " + esc(e.direction()) + "</h3>\n<p class=\"failed\">"
                        + "The run failed: <code>" + esc(e.error().get()) + "</code></p></section>\n");
            } else {
                section(w, i + 1, (i + 1) + ". ", e.protocol(), e.result().get());
            }
        }
        tail(w);
    }

    private static void head(Writer w, String title, String subtitle) throws IOException {
        w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + esc(title)
                + (subtitle == null ? "" : " — " + esc(subtitle)) + "</title>\n<style>\n" + CSS + "</style>\n"
                + "</head><body>\n<h1>" + esc(title) + "</h1>\n");
        if (subtitle != null) {
            w.write("<p class=\"subtitle\">" + esc(subtitle) + "</p>\n");
        }
    }

    private static void tail(Writer w) throws IOException {
        w.write("<script>\n" + COPY_SCRIPT + "</script>\n</body></html>\n");
    }

    // ---- overview -------------------------------------------------------------------------------------------

    private static final List<String> DIRECTIONS = List.of("client-to-server", "server-to-client", RunResult.BOTH);

    private static void matrix(ProtocolSummary summary, Writer w) throws IOException {
        List<String> strategies = new ArrayList<>(new LinkedHashSet<>(
                summary.entries().stream().map(ProtocolSummary.Entry::strategy).toList()));
        // Each strategy gets a column for each direction it ran in: a strategy that reads both
        // directions together has one column, "both".
        Map<String, List<String>> directions = new LinkedHashMap<>();
        for (String s : strategies) {
            directions.put(s, DIRECTIONS.stream().filter(d -> summary.entries().stream()
                    .anyMatch(e -> e.strategy().equals(s) && e.direction().equals(d))).toList());
        }
        w.write("<h2>Which strategy detects which protocol</h2>\n<table class=\"matrix\">\n<thead><tr>"
                + "<th rowspan=\"2\" class=\"l\">protocol</th>");
        for (String s : strategies) {
            w.write("<th colspan=\"" + directions.get(s).size() + "\">" + esc(s) + "</th>");
        }
        w.write("<th rowspan=\"2\">verdict</th></tr>\n<tr>");
        for (String s : strategies) {
            for (String d : directions.get(s)) {
                w.write("<th class=\"dir\">" + esc(arrow(d)) + "</th>");
            }
        }
        w.write("</tr></thead>\n<tbody>\n");
        List<ProtocolSummary.Entry> entries = summary.entries();
        for (String protocol : summary.protocols()) {
            w.write("<tr><th class=\"l\">" + esc(protocol) + "</th>");
            for (String s : strategies) {
                for (String d : directions.get(s)) {
                    int best = -1;
                    int failed = -1;
                    for (int i = 0; i < entries.size(); i++) {
                        ProtocolSummary.Entry e = entries.get(i);
                        if (e.protocol().equals(protocol) && e.strategy().equals(s) && e.direction().equals(d)) {
                            if (e.failed()) {
                                failed = i;
                            } else if (best < 0 || e.score().getAsDouble() > entries.get(best).score().getAsDouble()) {
                                best = i;
                            }
                        }
                    }
                    if (best >= 0) {
                        cell(w, best + 1, entries.get(best).result().get());
                    } else if (failed >= 0) {
                        w.write("<td class=\"cell failed\" title=\"" + esc(entries.get(failed).error().get())
                                + "\"><a href=\"#run-" + (failed + 1) + "\">failed</a></td>");
                    } else {
                        w.write("<td class=\"cell notrun\">not run</td>");
                    }
                }
            }
            Optional<ProtocolSummary.Verdict> v = summary.verdict(protocol);
            if (v.isPresent()) {
                w.write("<td class=\"cell " + bandClass(v.get().score()) + "\"><span class=\"score\">"
                        + score(v.get().score()) + "</span><br><span class=\"small\">" + esc(v.get().strategy())
                        + ", " + esc(arrow(v.get().direction())) + "</span></td>");
            } else {
                w.write("<td class=\"cell failed\">every run failed</td>");
            }
            w.write("</tr>\n");
        }
        w.write("</tbody></table>\n");
        w.write("<p class=\"legend\"><span class=\"key band-high\">90–100 very effective, easily deployed</span>"
                + "<span class=\"key band-mid\">75–90 reasonably effective</span>"
                + "<span class=\"key band-low\">below 75 not very effective</span>"
                + "<span class=\"key band-none\">0: no configuration with TPR ≥ 33.3 % and FPR ≤ 5 %</span></p>\n"
                + "<p class=\"small\">Each cell: the strategy's score on the protocol in that direction, and the "
                + "TPR and FPR of its best configuration. The verdict is the protocol's highest score: "
                + "the lower, the more covert. Select a cell for the run's details.</p>\n");
    }

    private static void cell(Writer w, int index, RunResult r) throws IOException {
        double s = r.score().value();
        w.write("<td class=\"cell " + bandClass(s) + "\" title=\"" + esc(r.score().band()) + "\"><a href=\"#run-"
                + index + "\"><span class=\"score\">" + score(s) + "</span></a><br><span class=\"small\">");
        Optional<PerformanceRecord> b = r.score().best();
        if (b.isPresent()) {
            w.write("TPR " + pct1(b.get().tpr()) + "<br>FPR " + pct2(b.get().fpr()));
        } else if (r.records().isEmpty()) {
            w.write("nothing measured<br>(see the run)");
        } else {
            w.write("no acceptable<br>configuration");
        }
        w.write("</span></td>");
    }

    private static void verdicts(ProtocolSummary summary, Writer w) throws IOException {
        w.write("<h3>Verdict per protocol</h3>\n<p class=\"small\">" + esc(capitalised(ProtocolSummary.VERDICT_RULE))
                + "; TPR, FPR and blocked destinations are those of its best configuration.</p>\n"
                + "<table class=\"verdict-table\"><tr><th class=\"l\">protocol</th><th>verdict</th>"
                + "<th class=\"l\">by</th><th>TPR</th><th>FPR</th><th>blocked</th></tr>\n");
        for (String p : summary.protocols()) {
            Optional<ProtocolSummary.Verdict> v = summary.verdict(p);
            if (v.isEmpty()) {
                w.write("<tr><td class=\"l\">" + esc(p) + "</td><td>–</td><td class=\"l\" colspan=\"4\">"
                        + "no verdict: every run failed</td></tr>\n");
                continue;
            }
            Optional<PerformanceRecord> best = summary.entries(p).stream()
                    .filter(e -> !e.failed() && e.strategy().equals(v.get().strategy())
                            && e.direction().equals(v.get().direction()))
                    .map(e -> e.result().get()).filter(r -> r.score().value() == v.get().score())
                    .findFirst().flatMap(r -> r.score().best());
            w.write("<tr><td class=\"l\">" + esc(p) + "</td><td class=\"" + bandClass(v.get().score())
                    + "\" title=\"" + esc(v.get().band()) + "\">" + score(v.get().score()) + "</td><td class=\"l\">"
                    + esc(v.get().strategy()) + "<br><span class=\"small\">" + esc(arrow(v.get().direction()))
                    + "</span></td><td>" + best.map(b -> pct1(b.tpr())).orElse("–") + "</td><td>"
                    + best.map(b -> pct2(b.fpr())).orElse("–") + "</td><td>"
                    + best.map(b -> pct1(b.blockRate())).orElse("–") + "</td></tr>\n");
        }
        w.write("</table>\n");
    }

    // ---- one run --------------------------------------------------------------------------------------------

    private static void section(Writer w, int index, String number, String protocol, RunResult r) throws IOException {
        w.write("<section class=\"run\" id=\"run-" + index + "\">\n<h3>" + esc(number)
                + (protocol == null ? "" : esc(protocol) + ": ") + esc(r.strategy()) + " — " + esc(r.direction())
                + "</h3>\n<p class=\"desc\">" + esc(r.description()) + "</p>\n");
        Optional<PerformanceRecord> best = r.score().best();
        w.write("<div class=\"verdict " + bandClass(r.score().value()) + "\"><span class=\"score\">Score "
                + score(r.score().value()) + "</span> — " + esc(r.score().band()) + ". ");
        if (best.isPresent()) {
            PerformanceRecord b = best.get();
            w.write("Best configuration: <b>" + esc(r.interpretations().get(b.config())) + "</b>: flags "
                    + pct1(b.tpr()) + " of the protocol's traffic and " + pct2(b.fpr())
                    + " of ordinary traffic, blocking " + pct1(b.blockRate()) + " of its destinations");
            double precision = b.precisionAt(1000);
            if (!Double.isNaN(precision)) {
                w.write("; when ordinary traffic outnumbers the protocol's 1000 to 1, " + pct1(precision)
                        + " of what it flags is the protocol");
            }
            w.write(".");
        } else if (r.records().isEmpty()) {
            w.write("The strategy measured nothing: it recorded no configuration (its log says why; "
                    + "run with --verbose).");
        } else {
            w.write("No configuration reaches TPR ≥ 33.3 % with FPR ≤ 5 %.");
        }
        w.write("</div>\n");
        w.write("<p class=\"small\">Positive: <code>" + esc(r.spec().positive().toString()) + "</code> ("
                + r.positiveTotal() + " packets under the input filter)" + r.spec().negative()
                .map(n -> "; negative: <code>" + esc(n.toString()) + "</code> (" + r.negativeTotal() + " packets)")
                .orElse("") + r.spec().recall().map(x -> "; recall: <code>" + esc(x.toString()) + "</code>")
                .orElse("") + (r.recall().isPresent() ? "; recall rate " + pct1(r.recall().getAsDouble()) : "")
                + "; seed " + r.spec().seed() + ".</p>\n");
        w.write("<div class=\"charts\">\n");
        if (!r.records().isEmpty()) {
            w.write(ReportCharts.roc(r).svg(ReportCharts.CSS_CLASS));
        }
        for (FeatureHistogram h : r.distributions().values()) {
            w.write(ReportCharts.distribution(h).svg(ReportCharts.CSS_CLASS));
        }
        w.write("</div>\n");
        List<XyChart> panels = ReportCharts.parameters(r);
        if (!panels.isEmpty()) {
            w.write("<div class=\"charts panels\">\n");
            for (XyChart c : panels) {
                w.write(c.svg(ReportCharts.CSS_CLASS));
            }
            w.write("</div>\n");
        }
        String id = "filter-" + index;
        w.write("<div class=\"filter\"><label for=\"" + id + "\">Wireshark display filter for the packets to the "
                + "destinations the " + (best.isPresent() ? "best configuration" : "configurations")
                + " wrongly blocked:</label>\n<div class=\"copy\"><textarea id=\"" + id
                + "\" readonly rows=\"2\" spellcheck=\"false\">" + esc(r.wiresharkFilter())
                + "</textarea><button type=\"button\" onclick=\"covertmarkCopy('" + id + "', this)\">Copy</button>"
                + "</div></div>\n");
        w.write("<details" + (r.records().size() <= 12 ? " open" : "") + "><summary>All " + r.records().size()
                + " configuration" + (r.records().size() == 1 ? "" : "s") + "</summary>\n<table class=\"records\">"
                + "<tr><th class=\"l\">configuration</th><th>TPR</th><th>FPR</th><th>precision at 1000:1</th>"
                + "<th>positive run time (s)</th><th>blocked destinations</th></tr>\n");
        for (PerformanceRecord p : r.records()) {
            boolean isBest = best.map(b -> b.config().equals(p.config())).orElse(false);
            double precision = p.precisionAt(1000);
            w.write("<tr" + (isBest ? " class=\"best\"" : "") + "><td class=\"l\">"
                    + esc(r.interpretations().get(p.config())) + (isBest ? " <b>(best)</b>" : "") + "</td><td>"
                    + pct3(p.tpr()) + "</td><td>" + pct3(p.fpr()) + "</td><td>"
                    + (Double.isNaN(precision) ? "–" : pct3(precision)) + "</td><td>"
                    + (Double.isNaN(p.timeSeconds()) ? "–" : String.format(Locale.ROOT, "%.4f", p.timeSeconds()))
                    + "</td><td>" + pct3(p.blockRate()) + "</td></tr>\n");
        }
        w.write("</table></details>\n</section>\n");
    }

    // ---- formatting -----------------------------------------------------------------------------------------

    /** The CSS class of a score's band. */
    static String bandClass(double score) {
        if (score <= 0) {
            return "band-none";
        }
        return score >= 90 ? "band-high" : score >= 75 ? "band-mid" : "band-low";
    }

    private static String arrow(String direction) {
        return switch (direction) {
            case "client-to-server" -> "client → server";
            case "server-to-client" -> "server → client";
            default -> "both directions";
        };
    }

    private static String score(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String pct1(double f) {
        return String.format(Locale.ROOT, "%.1f %%", f * 100);
    }

    private static String pct2(double f) {
        return f == 0 ? "0 %" : f < 0.001 ? String.format(Locale.ROOT, "%.3f %%", f * 100)
                : String.format(Locale.ROOT, "%.2f %%", f * 100);
    }

    private static String pct3(double f) {
        return String.format(Locale.ROOT, "%.3f %%", f * 100);
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static final String COPY_SCRIPT = """
            function covertmarkCopy(id, button) {
              var t = document.getElementById(id);
              t.select();
              var done = function () { button.textContent = 'Copied'; };
              try {
                navigator.clipboard.writeText(t.value).then(done, function () { document.execCommand('copy'); done(); });
              } catch (e) {
                document.execCommand('copy');
                done();
              }
            }
            """;

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI','DejaVu Sans',sans-serif;color:#222;margin:0 auto;
              padding:1.2em 2em 3em;max-width:1320px;background:#fafafa}
            h1{font-size:1.7em;margin:.2em 0 .1em}
            h2{font-size:1.3em;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:2px solid #ddd}
            h3{font-size:1.15em;margin:0 0 .2em}
            .subtitle{color:#555;margin:0 0 .6em}
            .lede{max-width:62em}
            table{border-collapse:collapse;margin:.4em 0;background:#fff}
            td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right;vertical-align:middle}
            th{background:#eee;font-weight:600}
            .l{text-align:left}
            .small{font-size:.85em;color:#444}
            .matrix td.cell{text-align:center;min-width:8.5em;padding:.4em .5em}
            .matrix th{text-align:center}
            .matrix th.dir{font-weight:normal;font-size:.85em}
            .verdicts{flex:1 1 24em;min-width:0}
            .verdict-table td{vertical-align:middle}
            .matrix .score{font-size:1.35em;font-weight:700}
            .matrix a{color:inherit;text-decoration:none}
            .band-high{background:#b2182b;color:#fff}
            .band-high .small{color:#fff}
            .band-mid{background:#f4a261}
            .band-low{background:#fde0c5}
            .band-none{background:#eef3f7;color:#445}
            .failed{background:#fbe9e9}
            .notrun{color:#888;background:#fff}
            .legend .key{display:inline-block;padding:.15em .6em;margin:0 .4em .3em 0;border-radius:3px;font-size:.85em}
            .charts{display:flex;flex-wrap:wrap;gap:12px;margin:.6em 0}
            svg.chart{border:1px solid #e0e0e0;border-radius:4px;background:#fff;max-width:100%;height:auto}
            section.run{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1em 1.2em;margin:1em 0}
            .desc{color:#444;margin:.1em 0 .6em}
            .verdict{padding:.5em .8em;border-radius:4px;margin:.4em 0}
            .verdict .score{font-weight:700;font-size:1.1em}
            .filter{margin:.6em 0}
            .copy{display:flex;gap:.5em;align-items:flex-start}
            .copy textarea{flex:1;font:12px ui-monospace,'DejaVu Sans Mono',monospace;padding:.3em;resize:vertical}
            .copy button{padding:.3em 1em;cursor:pointer}
            details{margin:.5em 0}
            summary{cursor:pointer;font-weight:600}
            tr.best td{background:#fff4c2}
            code{background:#f2f2f2;padding:.05em .3em;border-radius:3px}
            """;
}
