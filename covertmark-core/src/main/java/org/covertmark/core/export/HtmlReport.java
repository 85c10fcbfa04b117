package org.covertmark.core.export;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.covertmark.core.chart.XyChart;
import org.covertmark.core.engine.FeatureHistogram;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Interval;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.core.score.ProtocolSummary;

/**
 * The HTML report of strategy runs: one self-contained file (inline SVG charts and styles, no
 * external resource, no script needed to read it) that a browser opens without network access.
 *
 * <p>For several runs labelled with protocols (a procedure, the demo) it begins with a detection
 * matrix — protocols down, strategies and directions across, each cell the strategy's score on the
 * protocol coloured by band (or marked inconclusive), with the connection TPR and FPR of its chosen
 * configuration — a chart of every run's operating point, and each protocol's verdict. Then, per
 * run, counts before scores: the chosen configuration's flagged / examined units of every level
 * (packets or windows, connections, hosts) on the test part, how many were tested and why the rest
 * were set aside, each rate's 95 % interval, and its precision against the base rate; the verdict
 * and the warnings beside it; the trials and the data (captures, connections, hosts, split and
 * protocol mix); TPR against FPR of every configuration, the distribution of the feature the strategy
 * used, TPR and FPR against each configuration parameter, the Wireshark filter of what it flagged in
 * ordinary traffic, and the table of configurations.
 * The same results always give the same file.
 */
@API(status = MAINTAINED, since = "0.1")
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
                            } else if (best < 0 || e.pointScore().orElse(-1) > entries.get(best).pointScore().orElse(-1)) {
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
                w.write("<td class=\"cell " + bandClass(v.get().score()) + "\" title=\"" + esc(v.get().band())
                        + "\"><span class=\"score\">" + score(v.get().score()) + "</span><br><span class=\"small\">"
                        + esc(v.get().strategy()) + ", " + esc(arrow(v.get().direction())) + "</span></td>");
            } else {
                w.write("<td class=\"cell failed\">no verdict</td>");
            }
            w.write("</tr>\n");
        }
        w.write("</tbody></table>\n");
        w.write("<p class=\"legend\"><span class=\"key band-high\">90–100 very effective, easily deployed</span>"
                + "<span class=\"key band-mid\">75–90 reasonably effective</span>"
                + "<span class=\"key band-low\">below 75 not very effective</span>"
                + "<span class=\"key band-none\">0: no configuration with TPR ≥ 33.3 % and FPR ≤ 5 %</span>"
                + "<span class=\"key band-unknown\">?: inconclusive, the intervals or the trials span bands</span></p>\n"
                + "<p class=\"small\">Each cell: the strategy's score on the protocol in that direction, and the "
                + "TPR and FPR over connections of its chosen configuration, on the test part. The verdict is the "
                + "protocol's highest score: "
                + "the lower, the more covert. Select a cell for the run's details.</p>\n");
    }

    private static void cell(Writer w, int index, RunResult r) throws IOException {
        RunResult.Verdict v = r.verdict();
        w.write("<td class=\"cell " + bandClass(v.score()) + "\" title=\"" + esc(v.band()) + "\"><a href=\"#run-"
                + index + "\"><span class=\"score\">" + score(v.score()) + "</span></a><br><span class=\"small\">");
        Optional<RunResult.ConfigRecord> b = r.best();
        if (b.isPresent()) {
            UnitRates flow = b.get().test().flow();
            w.write("TPR " + rate(flow.tpr()) + "<br>FPR " + rate(flow.fpr()));
        } else if (v.band().startsWith("not measured")) {
            w.write("not measured<br>(see the run)");
        } else {
            w.write("no acceptable<br>configuration");
        }
        w.write("</span></td>");
    }

    private static void verdicts(ProtocolSummary summary, Writer w) throws IOException {
        w.write("<h3>Verdict per protocol</h3>\n<p class=\"small\">" + esc(capitalised(ProtocolSummary.VERDICT_RULE))
                + "; TPR and FPR over connections and the share of ordinary hosts blocked are those of its chosen "
                + "configuration on the test part, with 95 % intervals.</p>\n"
                + "<table class=\"verdict-table\"><tr><th class=\"l\">protocol</th><th>verdict</th>"
                + "<th class=\"l\">by</th><th>TPR</th><th>FPR</th><th>hosts blocked</th></tr>\n");
        for (String p : summary.protocols()) {
            Optional<ProtocolSummary.Verdict> v = summary.verdict(p);
            if (v.isEmpty()) {
                w.write("<tr><td class=\"l\">" + esc(p) + "</td><td>–</td><td class=\"l\" colspan=\"4\">"
                        + "no verdict: every run failed or measured nothing</td></tr>\n");
                continue;
            }
            Optional<RunResult.ConfigRecord> best = summary.entries(p).stream()
                    .filter(e -> !e.failed() && e.strategy().equals(v.get().strategy())
                            && e.direction().equals(v.get().direction())
                            && e.pointScore().orElse(-1) == v.get().pointScore())
                    .findFirst().flatMap(e -> e.result().get().best());
            w.write("<tr><td class=\"l\">" + esc(p) + "</td><td class=\"" + bandClass(v.get().score())
                    + "\" title=\"" + esc(v.get().band()) + "\">" + score(v.get().score()) + "</td><td class=\"l\">"
                    + esc(v.get().strategy()) + "<br><span class=\"small\">" + esc(arrow(v.get().direction()))
                    + "</span></td><td>" + best.map(b -> rateWithCi(b.test().flow(), true)).orElse("–") + "</td><td>"
                    + best.map(b -> rateWithCi(b.test().flow(), false)).orElse("–") + "</td><td>"
                    + best.map(b -> rateWithCi(b.test().host(), false)).orElse("–") + "</td></tr>\n");
        }
        w.write("</table>\n");
    }

    // ---- one run --------------------------------------------------------------------------------------------

    private static void section(Writer w, int index, String number, String protocol, RunResult r) throws IOException {
        w.write("<section class=\"run\" id=\"run-" + index + "\">\n<h3>" + esc(number)
                + (protocol == null ? "" : esc(protocol) + ": ") + esc(r.strategy()) + " — " + esc(r.direction())
                + "</h3>\n<p class=\"desc\">" + esc(r.description()) + "</p>\n");
        RunResult.Verdict v = r.verdict();
        Optional<RunResult.ConfigRecord> best = r.best();
        RunResult.ConfigRecord shown = best.orElse(r.records().isEmpty() ? null : r.records().get(0));
        if (shown != null) {
            w.write("<div class=\"charts\"><div class=\"units-block\"><h4>" + (best.isPresent()
                    ? "The chosen configuration" : "The first configuration") + " on the test part of trial 1</h4>\n");
            units(w, shown.test());
            w.write("</div>\n" + ReportCharts.precision(shown).svg(ReportCharts.CSS_CLASS) + "</div>\n");
        }
        w.write("<div class=\"verdict " + bandClass(v.score()) + "\"><span class=\"score\">Score "
                + score(v.score()) + "</span> — " + esc(v.band()) + ".");
        if (!Double.isNaN(v.scoreLower())) {
            w.write(" Over the 95 % intervals of the test rates the score lies between " + score(v.scoreLower())
                    + " and " + score(v.scoreUpper()) + " (point " + score(v.pointScore()) + ").");
        }
        if (best.isPresent()) {
            w.write(" Chosen on the selection part: <b>" + esc(best.get().description()) + "</b>.");
        } else if (!v.band().startsWith("not measured")) {
            w.write(" No configuration reaches TPR ≥ 33.3 % with FPR ≤ 5 % over connections on the selection part.");
        }
        w.write("</div>\n");
        if (!r.warnings().isEmpty()) {
            w.write("<ul class=\"warnings\">");
            for (String warning : r.warnings()) {
                w.write("<li>" + esc(warning) + "</li>");
            }
            w.write("</ul>\n");
        }
        // A report of many runs keeps each run's trials and data folded, to stay short.
        boolean open = number.isEmpty();
        w.write("<details" + (open ? " open" : "") + "><summary>Trials: score from "
                + score(r.trials().stream().mapToDouble(RunResult.Trial::score).min().orElse(0)) + " to "
                + score(r.trials().stream().mapToDouble(RunResult.Trial::score).max().orElse(0)) + " over "
                + r.trials().size() + "</summary>\n");
        trials(w, r);
        w.write("</details>\n<details" + (open ? " open" : "") + "><summary>Data: the traces, their split and "
                + "protocols</summary>\n");
        data(w, r);
        w.write("</details>\n");
        w.write("<div class=\"charts\">\n");
        if (!ReportCharts.recs(r).isEmpty()) {
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
        w.write("<div class=\"filter\"><label for=\"" + id + "\">Wireshark display filter for the ordinary traffic the "
                + (best.isPresent() ? "chosen" : "first") + " configuration flagged:</label>\n<div class=\"copy\">"
                + "<textarea id=\"" + id + "\" readonly rows=\"2\" spellcheck=\"false\">" + esc(r.wiresharkFilter())
                + "</textarea><button type=\"button\" onclick=\"covertmarkCopy('" + id + "', this)\">Copy</button>"
                + "</div></div>\n");
        w.write("<details" + (r.records().size() <= 12 ? " open" : "") + "><summary>All " + r.records().size()
                + " configuration" + (r.records().size() == 1 ? "" : "s") + ", test part of trial 1</summary>\n"
                + "<table class=\"records\"><tr><th class=\"l\">configuration</th><th>connections: TPR</th>"
                + "<th>FPR</th><th>hosts blocked</th><th>precision at 1000:1</th><th>time of the positive decisions (s)"
                + "</th></tr>\n");
        for (RunResult.ConfigRecord c : r.records()) {
            boolean isBest = best.map(b -> b.config().equals(c.config())).orElse(false);
            UnitRates flow = c.test().flow();
            w.write("<tr" + (isBest ? " class=\"best\"" : "") + "><td class=\"l\">" + esc(c.description())
                    + (isBest ? " <b>(chosen)</b>" : "") + "</td><td>" + rateWithCi(flow, true) + "</td><td>"
                    + rateWithCi(flow, false) + "</td><td>" + rateWithCi(c.test().host(), false) + "</td><td>"
                    + rate(flow.precisionAt(1000)) + "</td><td>"
                    + (Double.isNaN(c.timeSeconds()) ? "–" : String.format(Locale.ROOT, "%.4f", c.timeSeconds()))
                    + "</td></tr>\n");
        }
        w.write("</table></details>\n</section>\n");
    }

    /** Per unit level: flagged of examined, tested, the rate with its interval, and the reasons, for both traces. */
    private static void units(Writer w, Measurement m) throws IOException {
        w.write("<table class=\"units\"><tr><th class=\"l\">unit</th><th class=\"l\">trace</th><th>flagged / examined"
                + "</th><th>tested</th><th>rate</th><th>95 % interval</th><th class=\"l\">by reason</th></tr>\n");
        for (Map.Entry<String, UnitRates> e : m.units().entrySet()) {
            UnitRates u = e.getValue();
            unitRow(w, e.getKey(), "protocol (TPR)", u.positives(), u.tpr(), u.tprCi95());
            unitRow(w, "", "ordinary (FPR)", u.negatives(), u.fpr(), u.fprCi95());
        }
        w.write("</table>\n");
    }

    private static void unitRow(Writer w, String level, String trace, Count c, OptionalDouble rate,
            Optional<Interval> ci) throws IOException {
        String reasons = c.byReason().entrySet().stream().map(e -> esc(e.getKey()) + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
        boolean untested = c.examined() > 0 && c.tested() == 0;
        w.write("<tr" + (untested ? " class=\"untested\"" : "") + "><td class=\"l\">" + esc(level) + "</td><td class=\"l\">"
                + trace + "</td><td>" + c.flagged() + " / " + c.examined() + "</td><td>" + c.tested()
                + (untested ? " <b>(never tested)</b>" : "") + "</td><td>" + rate(rate) + "</td><td>"
                + ci.map(i -> pct2(i.lower()) + " – " + pct2(i.upper())).orElse("–") + "</td><td class=\"l small\">"
                + reasons + "</td></tr>\n");
    }

    private static void trials(Writer w, RunResult r) throws IOException {
        w.write("<p class=\"small\">Each trial splits the traces anew (seed derived from "
                + r.spec().seed() + "), chooses on its selection part and reports on its test part.</p>\n"
                + "<table class=\"trials\"><tr><th>trial</th><th>seed</th><th class=\"l\">chosen</th>"
                + "<th>connections: TPR</th><th>FPR</th><th>hosts blocked</th><th>score</th></tr>\n");
        for (RunResult.Trial t : r.trials()) {
            Optional<UnitRates> flow = t.test().map(Measurement::flow);
            Optional<UnitRates> host = t.test().map(Measurement::host);
            w.write("<tr><td>" + t.number() + "</td><td>" + t.seed() + "</td><td class=\"l\">"
                    + esc(t.chosen().map(c -> c.describe(r.configColumns())).orElse("none acceptable")) + "</td><td>"
                    + flow.map(f -> rateWithCi(f, true)).orElse("–") + "</td><td>"
                    + flow.map(f -> rateWithCi(f, false)).orElse("–") + "</td><td>"
                    + host.map(h -> rateWithCi(h, false)).orElse("–") + "</td><td>" + score(t.score()) + "</td></tr>\n");
        }
        double min = r.trials().stream().mapToDouble(RunResult.Trial::score).min().orElse(0);
        double max = r.trials().stream().mapToDouble(RunResult.Trial::score).max().orElse(0);
        double mean = r.trials().stream().mapToDouble(RunResult.Trial::score).average().orElse(0);
        w.write("</table>\n<p class=\"small\">Score over " + r.trials().size() + " trial" + (r.trials().size() == 1 ? ""
                : "s") + ": mean " + score(mean) + ", from " + score(min) + " to " + score(max) + ".</p>\n");
    }

    private static void data(Writer w, RunResult r) throws IOException {
        w.write("<table class=\"data\"><tr><th class=\"l\">trace</th><th class=\"l\">source</th>"
                + "<th>packets</th><th>connections</th><th>hosts</th><th>duration (s)</th><th>split</th>"
                + "<th class=\"l\">protocols (share of connections)</th></tr>\n");
        for (Map.Entry<String, RunResult.TraceSummary> e : r.traces().entrySet()) {
            RunResult.TraceSummary t = e.getValue();
            RunResult.SplitSummary split = r.selection().get(e.getKey());
            String mix = t.protocols().entrySet().stream().map(p -> esc(p.getKey()) + " "
                    + pct1(t.connections() == 0 ? 0 : (double) p.getValue() / t.connections()))
                    .collect(java.util.stream.Collectors.joining(", "));
            w.write("<tr><td class=\"l\">" + esc(e.getKey()) + "</td><td class=\"l\"><code>" + esc(t.source())
                    + "</code></td><td>" + t.packets() + "</td><td>" + t.connections() + "</td><td>" + t.hosts()
                    + "</td><td>" + String.format(Locale.ROOT, "%.1f", t.durationSeconds()) + "</td><td>"
                    + (split == null ? "not split" : esc(split.split()) + ": " + split.selectionFlows() + " | "
                            + split.testFlows() + " connections")
                    + "</td><td class=\"l small\">" + mix + "</td></tr>\n");
        }
        w.write("</table>\n");
    }

    private static String rate(OptionalDouble r) {
        return r.isPresent() ? pct2(r.getAsDouble()) : "–";
    }

    private static String rateWithCi(UnitRates u, boolean tpr) {
        OptionalDouble rate = tpr ? u.tpr() : u.fpr();
        Optional<Interval> ci = tpr ? u.tprCi95() : u.fprCi95();
        Count c = tpr ? u.positives() : u.negatives();
        if (rate.isEmpty()) {
            return "–";
        }
        return pct2(rate.getAsDouble()) + " <span class=\"small\">(" + c.flagged() + "/" + c.examined() + "; "
                + ci.map(i -> pct2(i.lower()) + "–" + pct2(i.upper())).orElse("") + ")</span>";
    }

    // ---- formatting -----------------------------------------------------------------------------------------

    /** The CSS class of a score's band; {@code band-unknown} for no score. */
    static String bandClass(OptionalDouble score) {
        return score.isPresent() ? bandClass(score.getAsDouble()) : "band-unknown";
    }

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

    private static String score(OptionalDouble s) {
        return s.isPresent() ? score(s.getAsDouble()) : "?";
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
            .band-unknown{background:#9e9ac8;color:#fff}
            .band-unknown .small{color:#fff}
            .warnings{background:#fff7e0;border-left:4px solid #d9a400;padding:6px 10px 6px 28px;margin:8px 0}
            tr.untested td{background:#fff7e0}
            .band-none{background:#eef3f7;color:#445}
            .failed{background:#fbe9e9}
            .notrun{color:#888;background:#fff}
            .legend .key{display:inline-block;padding:.15em .6em;margin:0 .4em .3em 0;border-radius:3px;font-size:.85em}
            .charts{display:flex;flex-wrap:wrap;gap:12px;margin:.6em 0}
            .units-block{flex:1 1 700px}
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
