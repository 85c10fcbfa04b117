package org.covertmark.core.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Role;
import org.covertmark.core.chart.Axis;
import org.covertmark.core.chart.Palette;
import org.covertmark.core.chart.XyChart;
import org.covertmark.core.chart.XyChart.Marker;
import org.covertmark.core.engine.FeatureHistogram;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.BaseRatePrecision;
import org.covertmark.core.measure.Interval;
import org.covertmark.core.score.ProtocolSummary;
import org.covertmark.core.score.Scoring;

/** The charts of the HTML report, built from run results. */
final class ReportCharts {

    /** The CSS class of every chart's {@code <svg>}, which the browser test looks for. */
    static final String CSS_CLASS = "chart";

    private static final List<Marker> SHAPES = List.of(Marker.CIRCLE, Marker.SQUARE, Marker.TRIANGLE, Marker.DIAMOND);

    private ReportCharts() {
    }

    /**
     * A configuration's connection-level rates on the test part, as the charts draw it.
     *
     * @param config the configuration
     * @param description the configuration described for people
     * @param tpr TPR over connections
     * @param fpr FPR over connections
     * @param blockRate FPR over remote hosts
     */
    record Rec(Config config, String description, double tpr, double fpr, double blockRate) {

        /** The rates of a record; empty when one is over no unit. */
        static Optional<Rec> of(RunResult.ConfigRecord c) {
            var flow = c.test().flow();
            var host = c.test().host();
            if (flow.tpr().isEmpty() || flow.fpr().isEmpty() || host.fpr().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Rec(c.config(), c.description(), flow.tpr().getAsDouble(), flow.fpr().getAsDouble(),
                    host.fpr().getAsDouble()));
        }
    }

    /** The configurations of a run that have rates to draw. */
    static List<Rec> recs(RunResult r) {
        return r.records().stream().map(Rec::of).flatMap(Optional::stream).toList();
    }

    /**
     * The record a run's charts are drawn around: the best one if the score found an acceptable
     * record, else the one with the largest TPR − FPR (the closest a censor could get).
     */
    static Optional<Rec> reference(RunResult r) {
        Optional<Rec> best = r.best().flatMap(Rec::of);
        if (best.isPresent()) {
            return best;
        }
        return recs(r).stream().max(Comparator.comparingDouble(p -> p.tpr() - p.fpr()));
    }

    /**
     * Precision — the share of flagged connections that are the protocol's — against the base rate λ,
     * ordinary connections per protocol connection, from 1 to 10⁶: the point value as a line, its 95 %
     * interval (from the TPR's and FPR's) as a band (Wails et al., NDSS 2024).
     */
    static XyChart precision(RunResult.ConfigRecord c) {
        List<Long> lambdas = BaseRatePrecision.BASE_RATES;
        int n = lambdas.size();
        double[] xs = new double[n];
        double[] lows = new double[n];
        double[] highs = new double[n];
        List<XyChart.Point> points = new ArrayList<>();
        var flow = c.test().flow();
        boolean any = false;
        for (int i = 0; i < n; i++) {
            long lambda = lambdas.get(i);
            xs[i] = i;
            var ci = flow.precisionCi95(lambda);
            lows[i] = ci.map(Interval::lower).orElse(0.0);
            highs[i] = ci.map(Interval::upper).orElse(0.0);
            any |= ci.isPresent();
            var point = flow.precisionAt(lambda);
            if (point.isPresent()) {
                points.add(new XyChart.Point(i, point.getAsDouble(), "λ = " + lambda + ": precision "
                        + Axis.percent(round(point.getAsDouble())) + ci.map(x -> " (95 % interval "
                        + Axis.percent(round(x.lower())) + " – " + Axis.percent(round(x.upper())) + ")").orElse("")));
            }
        }
        List<String> labels = lambdas.stream().map(l -> l == 1 ? "1" : "10^" + Math.round(Math.log10(l))).toList();
        XyChart.Builder b = XyChart.builder("Precision against the base rate, per connection", 460, 330)
                .xAxis(Axis.categories(labels), "λ: ordinary connections per protocol connection")
                .yAxis(Axis.linear(0, 1, Axis.Format.PERCENT), "precision: flagged connections that are the protocol");
        if (any) {
            b.band(new XyChart.Band("95 % interval", Palette.BLUE, xs, lows, highs,
                    "from the 95 % intervals of the TPR and FPR over connections"));
        }
        b.series(new XyChart.Series("point estimate", Palette.BLUE, points, true, Marker.CIRCLE, false, false));
        return b.build();
    }

    /** TPR against FPR (logarithmic, zeros in a slot of their own) of every configuration of a run. */
    static XyChart roc(RunResult r) {
        List<Rec> records = recs(r);
        double minFpr = records.stream().mapToDouble(Rec::fpr).filter(f -> f > 0).min().orElse(1e-3);
        XyChart.Builder b = XyChart.builder("TPR against FPR of each configuration, per connection", 460, 330)
                .xAxis(Axis.logWithZero(Math.min(minFpr, Scoring.FREE_FPR), 1, Axis.Format.PERCENT),
                        "false positive rate (ordinary traffic flagged, log scale)")
                .yAxis(Axis.linear(0, 1, Axis.Format.PERCENT), "true positive rate")
                .region(acceptable());
        // one colour per value of the first configuration column
        Map<Object, List<XyChart.Point>> byFirst = new LinkedHashMap<>();
        for (Rec p : records) {
            Object key = p.config().size() == 0 ? "" : p.config().get(0);
            byFirst.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new XyChart.Point(p.fpr(), p.tpr(), tooltip(r, p)));
        }
        int i = 0;
        String column = r.configColumns().isEmpty() ? null : r.configColumns().get(0);
        for (Map.Entry<Object, List<XyChart.Point>> e : byFirst.entrySet()) {
            String name = column == null || byFirst.size() == 1 ? "configuration" : column + " " + e.getKey();
            b.series(new XyChart.Series(name, Palette.category(i++), e.getValue(), false, Marker.CIRCLE, false, false));
        }
        reference(r).ifPresent(p -> b.highlight(new XyChart.Highlight(p.fpr(), p.tpr(),
                r.verdict().best().isPresent() ? "chosen" : "closest", tooltip(r, p))));
        return b.build();
    }

    private static XyChart.Region acceptable() {
        return new XyChart.Region(0, Scoring.MAX_FPR, Scoring.MIN_TPR, 1, Palette.GREEN,
                "acceptable: TPR ≥ 33.3 %, FPR ≤ 5 %");
    }

    private static String tooltip(RunResult r, Rec p) {
        return p.description() + "\nconnections: TPR " + Axis.percent(round(p.tpr())) + ", FPR "
                + Axis.percent(round(p.fpr())) + ", blocks " + Axis.percent(round(p.blockRate()))
                + " of ordinary hosts";
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /**
     * The parameter panels of a run: for each configuration column with more than one value, TPR
     * and FPR against it. The line follows the reference configuration with only this column
     * changed; the band spans every configuration with that value.
     */
    static List<XyChart> parameters(RunResult r) {
        List<XyChart> out = new ArrayList<>();
        Optional<Rec> ref = reference(r);
        for (int column = 0; column < r.configColumns().size(); column++) {
            List<Object> values = distinctValues(recs(r), column);
            if (values.size() < 2) {
                continue;
            }
            out.add(parameter(r, column, values, ref, true));
            out.add(parameter(r, column, values, ref, false));
        }
        return out;
    }

    static List<Object> distinctValues(List<Rec> records, int column) {
        Set<Object> seen = new LinkedHashSet<>();
        records.stream().filter(p -> p.config().size() > column).forEach(p -> seen.add(p.config().get(column)));
        List<Object> values = new ArrayList<>(seen);
        if (values.stream().allMatch(v -> v instanceof Number)) {
            values.sort(Comparator.comparingDouble(v -> ((Number) v).doubleValue()));
        }
        return values;
    }

    private static XyChart parameter(RunResult r, int column, List<Object> values, Optional<Rec> ref,
            boolean tpr) {
        String name = r.configColumns().get(column);
        String metric = tpr ? "TPR" : "FPR";
        String colour = tpr ? Palette.BLUE : Palette.VERMILLION;
        int n = values.size();
        double[] xs = new double[n];
        double[] lows = new double[n];
        double[] highs = new double[n];
        List<XyChart.Point> line = new ArrayList<>();
        double max = 0;
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            xs[i] = i;
            lows[i] = Double.POSITIVE_INFINITY;
            highs[i] = Double.NEGATIVE_INFINITY;
            for (Rec p : recs(r)) {
                if (p.config().size() > column && p.config().get(column).equals(v)) {
                    double m = tpr ? p.tpr() : p.fpr();
                    lows[i] = Math.min(lows[i], m);
                    highs[i] = Math.max(highs[i], m);
                    max = Math.max(max, m);
                    if (ref.isPresent() && sameElsewhere(p.config(), ref.get().config(), column)) {
                        line.add(new XyChart.Point(i, m, p.description() + "\n" + metric + " "
                                + Axis.percent(round(m))));
                    }
                }
            }
            if (lows[i] > highs[i]) {
                lows[i] = 0;
                highs[i] = 0;
            }
        }
        List<String> labels = values.stream().map(String::valueOf).toList();
        XyChart.Builder b = XyChart.builder(metric + " by " + name, 310, 215)
                .xAxis(Axis.categories(labels), name)
                .yAxis(tpr ? Axis.linear(0, 1, Axis.Format.PERCENT) : Axis.fromZero(max, 0.001, Axis.Format.PERCENT),
                        metric);
        b.band(new XyChart.Band("range, all configurations", colour, xs, lows, highs,
                metric + " over every configuration with each " + name));
        String lineName = r.verdict().best().isPresent() ? "chosen configuration, " + name + " varied"
                : "closest configuration, " + name + " varied";
        b.series(new XyChart.Series(lineName, colour, line, true, Marker.CIRCLE, false, false));
        return b.build();
    }

    private static boolean sameElsewhere(Config a, Config b, int column) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (i != column && !Objects.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Overlaid histograms of a feature on the protocol's and on ordinary traffic, each as shares of its own values. */
    static XyChart distribution(FeatureHistogram h) {
        int bins = h.bins();
        double[] lefts = new double[bins];
        double[] pos = new double[bins];
        double[] neg = new double[bins];
        String[] posTips = new String[bins];
        String[] negTips = new String[bins];
        double max = 0;
        for (int i = 0; i < bins; i++) {
            lefts[i] = h.lower() + i * h.width();
            pos[i] = h.share(Role.POSITIVE, i);
            neg[i] = h.share(Role.NEGATIVE, i);
            max = Math.max(max, Math.max(pos[i], neg[i]));
            String range = "[" + Axis.number(lefts[i]) + ", " + Axis.number(lefts[i] + h.width()) + ")";
            posTips[i] = "protocol, " + range + ": " + h.counts(Role.POSITIVE).get(i) + " ("
                    + Axis.percent(round(pos[i])) + ")";
            negTips[i] = "ordinary traffic, " + range + ": " + h.counts(Role.NEGATIVE).get(i) + " ("
                    + Axis.percent(round(neg[i])) + ")";
        }
        XyChart.Builder b = XyChart.builder("Distribution: " + h.feature(), 460, 330)
                .xAxis(Axis.linear(h.lower(), h.upper(), Axis.Format.NUMBER), h.feature())
                .yAxis(Axis.fromZero(max, 0.01, Axis.Format.PERCENT), "share of each traffic's values");
        b.bars(new XyChart.Bars(legend("protocol", h, Role.POSITIVE), Palette.BLUE, lefts, h.width(), pos, posTips));
        if (h.total(Role.NEGATIVE) > 0) {
            b.bars(new XyChart.Bars(legend("ordinary traffic", h, Role.NEGATIVE), Palette.VERMILLION, lefts,
                    h.width(), neg, negTips));
        }
        return b.build();
    }

    private static String legend(String what, FeatureHistogram h, Role s) {
        return what + " (n=" + h.total(s) + (Double.isNaN(h.mean(s)) ? "" : ", mean " + Axis.number(h.mean(s))) + ")";
    }

    /**
     * Every run's reference configuration as a point of TPR against FPR: colour by strategy, shape by
     * protocol, filled client to server (or both directions together) and hollow server to client.
     */
    static XyChart overview(ProtocolSummary summary) {
        List<String> strategies = new ArrayList<>(new LinkedHashSet<>(
                summary.entries().stream().map(ProtocolSummary.Entry::strategy).toList()));
        List<String> protocols = summary.protocols();
        double minFpr = 1;
        for (ProtocolSummary.Entry e : summary.entries()) {
            if (e.result().isPresent()) {
                Optional<Rec> p = reference(e.result().get());
                if (p.isPresent() && p.get().fpr() > 0) {
                    minFpr = Math.min(minFpr, p.get().fpr());
                }
            }
        }
        XyChart.Builder b = XyChart.builder("Each run's best configuration: detection against false-positive cost",
                        720, 400)
                .xAxis(Axis.logWithZero(Math.min(minFpr, Scoring.FREE_FPR), 1, Axis.Format.PERCENT),
                        "false positive rate: ordinary traffic flagged (log scale)")
                .yAxis(Axis.linear(0, 1, Axis.Format.PERCENT), "true positive rate: protocol traffic flagged")
                .region(acceptable())
                .markerRadius(6.5)
                .note("Runs with no acceptable configuration show their closest one (largest TPR − FPR); "
                        + "marks at one place stand side by side.");
        Map<String, Integer> atPlace = new java.util.HashMap<>();
        List<XyChart.LegendItem> legend = new ArrayList<>();
        for (int s = 0; s < strategies.size(); s++) {
            legend.add(new XyChart.LegendItem(strategies.get(s), Palette.category(s), Marker.NONE, false, false));
        }
        for (int p = 0; p < protocols.size(); p++) {
            legend.add(new XyChart.LegendItem(protocols.get(p), "#555555", SHAPES.get(p % SHAPES.size()), false,
                    false));
        }
        boolean both = summary.entries().stream().anyMatch(e -> e.direction().equals(RunResult.BOTH));
        legend.add(new XyChart.LegendItem(both ? "client to server or both" : "client to server", "#555555",
                Marker.CIRCLE, false, false));
        legend.add(new XyChart.LegendItem("server to client", "#555555", Marker.CIRCLE, true, false));
        b.legend(legend);
        List<ProtocolSummary.Entry> entries = summary.entries();
        for (int i = 0; i < entries.size(); i++) {
            ProtocolSummary.Entry e = entries.get(i);
            if (e.result().isEmpty()) {
                continue;
            }
            RunResult r = e.result().get();
            Optional<Rec> ref = reference(r);
            if (ref.isEmpty()) {
                continue;
            }
            Rec p = ref.get();
            String tip = String.format(Locale.ROOT, "run %d: %s, %s %s%nscore %s (%s)%n", i + 1, e.protocol(),
                    e.strategy(), e.direction(), r.verdict().score().isPresent()
                            ? String.format(Locale.ROOT, "%.2f", r.verdict().score().getAsDouble()) : "none",
                    r.verdict().band()) + tooltip(r, p);
            int before = atPlace.merge(String.format(Locale.ROOT, "%.4g/%.4g", p.fpr(), p.tpr()), 1, Integer::sum) - 1;
            double dx = 13 * before;
            b.series(new XyChart.Series(null, Palette.category(strategies.indexOf(e.strategy())),
                    List.of(new XyChart.Point(p.fpr(), p.tpr(), tip, dx)), false,
                    SHAPES.get(protocols.indexOf(e.protocol()) % SHAPES.size()),
                    e.direction().equals("server-to-client"), false));
        }
        return b.build();
    }
}
