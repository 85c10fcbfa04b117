package org.covertmark.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.covertmark.core.chart.Axis;
import org.covertmark.core.chart.Palette;
import org.covertmark.core.chart.XyChart;
import org.covertmark.core.engine.Suggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark plot}: one metric of a run's results against a configuration parameter, as SVG or PNG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Chart one metric of a run's results against a configuration parameter (or against another",
            "metric), from the results.json that run and procedure write. One line per combination of the",
            "other parameters when there are at most 8; else their mean, with the range of all shaded.",
            "The output's extension picks the format: .svg (vector, with tooltips) or .png (an image at twice",
            "the chart's size, drawn with Java 2D)."},
        footer = {"", "Metrics: tpr, fpr, time (positive-run seconds), block_rate (share of ordinary destinations "
                + "blocked).",
            "PARAM is a configuration column as results.json names it; case, spaces, '_' and '-' do not matter.",
            "", "Examples:",
            "  covertmark plot results/ss --x \"Block Size\" --y tpr",
            "  covertmark plot results/ss/results.json --x test_size --y fpr --out fpr.png",
            "  covertmark plot results/ss --x fpr --y tpr --out roc.svg      # TPR against FPR of each config"})
final class PlotCommand implements Callable<Integer> {

    static final List<String> METRICS = List.of("tpr", "fpr", "time", "block_rate");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS",
            description = "A run's results.json, or the folder holding it.")
    Path results;

    @Option(names = "--x", paramLabel = "PARAM", required = true,
            description = "The horizontal axis: a configuration parameter, or a metric.")
    String x;

    @Option(names = "--y", paramLabel = "METRIC", required = true,
            description = "The vertical axis: ${COMPLETION-CANDIDATES}.", completionCandidates = Metrics.class)
    String y;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the chart, .svg or .png (default: plot-METRIC-by-PARAM.svg beside the results).")
    Path out;

    /** The metric names, for help and completion. */
    static final class Metrics extends ArrayList<String> {
        Metrics() {
            super(METRICS);
        }
    }

    /** A record of results.json: its configuration by column, and its metrics. */
    record Row(Map<String, JsonNode> config, String description, Map<String, Double> metrics) {
    }

    @Override
    public Integer call() throws IOException {
        Path file = Files.isDirectory(results) ? results.resolve("results.json") : results;
        if (!Files.isRegularFile(file)) {
            throw new UserError(results + ": " + (Files.isDirectory(results) ? "no results.json in this folder"
                    : "no such file") + " (give a run's results.json or its folder)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.has("records") || !root.get("records").isArray()) {
            throw new UserError(file + ": not a covertmark results.json (no \"records\" array)");
        }
        List<Row> rows = rows(root);
        List<String> columns = columns(rows);
        String metricY = metric(y, "--y");
        boolean xIsMetric = METRICS.contains(x.toLowerCase(Locale.ROOT));
        String column = xIsMetric ? null : column(x, columns, file);
        String strategy = root.path("strategy").asText("strategy");
        String direction = root.path("direction").asText("");

        XyChart chart = xIsMetric ? scatter(rows, metric(x, "--x"), metricY, strategy, direction)
                : lines(rows, columns, column, metricY, strategy, direction);
        Path target = out != null ? out : file.resolveSibling("plot-" + metricY + "-by-"
                + (xIsMetric ? x.toLowerCase(Locale.ROOT) : safe(column)) + ".svg");
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new UserError("--out " + target + ": the file name must end in .svg or .png");
        }
        if (target.toAbsolutePath().getParent() != null) {
            Files.createDirectories(target.toAbsolutePath().getParent());
        }
        if (name.endsWith(".svg")) {
            Files.writeString(target, chart.svgDocument(), StandardCharsets.UTF_8);
        } else {
            try (OutputStream o = Files.newOutputStream(target)) {
                chart.png(o);
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + target);
        w.flush();
        return 0;
    }

    private static List<Row> rows(JsonNode root) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : root.get("records")) {
            Map<String, JsonNode> config = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("config").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                config.put(e.getKey(), e.getValue());
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("tpr", number(r.get("tpr")));
            metrics.put("fpr", number(r.get("fpr")));
            metrics.put("time", number(r.get("time_s")));
            metrics.put("block_rate", number(r.get("block_rate")));
            rows.add(new Row(config, r.path("config_description").asText(config.toString()), metrics));
        }
        return rows;
    }

    private static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.doubleValue();
    }

    private static List<String> columns(List<Row> rows) {
        Set<String> out = new LinkedHashSet<>();
        rows.forEach(r -> out.addAll(r.config().keySet()));
        return new ArrayList<>(out);
    }

    private static String metric(String given, String option) {
        String m = given.toLowerCase(Locale.ROOT).replace('-', '_');
        if (m.equals("time_s")) {
            m = "time";
        }
        if (!METRICS.contains(m)) {
            String hint = Suggestions.nearest(m, METRICS).map(s -> "did you mean " + s + "? ").orElse("");
            throw new UserError(option + ": no metric '" + given + "'; " + hint + "metrics: "
                    + String.join(", ", METRICS));
        }
        return m;
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "");
    }

    private static String column(String given, List<String> columns, Path file) {
        for (String c : columns) {
            if (key(c).equals(key(given))) {
                return c;
            }
        }
        String hint = Suggestions.nearest(given, columns).map(s -> "did you mean \"" + s + "\"? ").orElse("");
        throw new UserError("--x: " + file + " has no parameter '" + given + "'; " + hint
                + (columns.isEmpty() ? "its strategy has no parameters to vary; try --x fpr"
                : "parameters: " + String.join(", ", columns) + "; metrics: " + String.join(", ", METRICS)));
    }

    private static String safe(String column) {
        return column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static String label(String metric) {
        return switch (metric) {
            case "tpr" -> "true positive rate";
            case "fpr" -> "false positive rate";
            case "time" -> "positive run time (s)";
            default -> "share of ordinary destinations blocked";
        };
    }

    private static Axis yAxis(String metric, double max) {
        return switch (metric) {
            case "tpr" -> Axis.linear(0, 1, Axis.Format.PERCENT);
            case "time" -> Axis.fromZero(max, 1e-6, Axis.Format.NUMBER);
            default -> Axis.fromZero(max, 0.001, Axis.Format.PERCENT);
        };
    }

    private static String value(String metric, double v) {
        return metric.equals("time") ? Axis.number(v) + " s" : Axis.percent(Math.round(v * 1e6) / 1e6);
    }

    private static XyChart lines(List<Row> rows, List<String> columns, String column, String metric, String strategy,
            String direction) {
        List<JsonNode> values = new ArrayList<>(new LinkedHashSet<>(rows.stream()
                .filter(r -> r.config().containsKey(column)).map(r -> r.config().get(column)).toList()));
        if (values.stream().allMatch(JsonNode::isNumber)) {
            values.sort(Comparator.comparingDouble(JsonNode::doubleValue));
        }
        List<String> others = columns.stream().filter(c -> !c.equals(column)).toList();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            StringBuilder name = new StringBuilder();
            for (String o : others) {
                name.append(name.length() == 0 ? "" : ", ").append(o).append(' ').append(r.config().get(o));
            }
            groups.computeIfAbsent(name.length() == 0 ? metric.toUpperCase(Locale.ROOT) : name.toString(),
                    k -> new ArrayList<>()).add(r);
        }
        double max = rows.stream().mapToDouble(r -> r.metrics().get(metric)).filter(Double::isFinite).max().orElse(0);
        XyChart.Builder b = XyChart.builder(strategy + (direction.isEmpty() ? "" : " " + direction) + ": "
                        + label(metric) + " by " + column, 720, groups.size() <= 8 ? 440 : 400)
                .xAxis(Axis.categories(values.stream().map(v -> v.isTextual() ? v.textValue() : v.toString()).toList()),
                        column)
                .yAxis(yAxis(metric, max), label(metric));
        if (groups.size() <= 8) {
            int i = 0;
            for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
                List<XyChart.Point> points = new ArrayList<>();
                for (int v = 0; v < values.size(); v++) {
                    for (Row r : g.getValue()) {
                        double m = r.metrics().get(metric);
                        if (values.get(v).equals(r.config().get(column)) && Double.isFinite(m)) {
                            points.add(new XyChart.Point(v, m, r.description() + "\n" + value(metric, m)));
                        }
                    }
                }
                b.series(new XyChart.Series(g.getKey(), Palette.category(i++), points, true, XyChart.Marker.CIRCLE,
                        false, false));
            }
        } else {
            double[] xs = new double[values.size()];
            double[] lows = new double[values.size()];
            double[] highs = new double[values.size()];
            List<XyChart.Point> means = new ArrayList<>();
            for (int v = 0; v < values.size(); v++) {
                JsonNode value = values.get(v);
                double[] ms = rows.stream().filter(r -> value.equals(r.config().get(column)))
                        .mapToDouble(r -> r.metrics().get(metric)).filter(Double::isFinite).toArray();
                xs[v] = v;
                lows[v] = java.util.Arrays.stream(ms).min().orElse(0);
                highs[v] = java.util.Arrays.stream(ms).max().orElse(0);
                double mean = java.util.Arrays.stream(ms).average().orElse(Double.NaN);
                if (Double.isFinite(mean)) {
                    means.add(new XyChart.Point(v, mean, column + " " + value + ": mean " + value(metric, mean)
                            + " over " + ms.length + " configurations"));
                }
            }
            b.band(new XyChart.Band("range over the other parameters", Palette.BLUE, xs, lows, highs, null));
            b.series(new XyChart.Series("mean over " + String.join(", ", others), Palette.BLUE, means, true,
                    XyChart.Marker.CIRCLE, false, false));
        }
        return b.build();
    }

    private static XyChart scatter(List<Row> rows, String mx, String my, String strategy, String direction) {
        double maxX = rows.stream().mapToDouble(r -> r.metrics().get(mx)).filter(Double::isFinite).max().orElse(0);
        double maxY = rows.stream().mapToDouble(r -> r.metrics().get(my)).filter(Double::isFinite).max().orElse(0);
        double minPositiveX = rows.stream().mapToDouble(r -> r.metrics().get(mx)).filter(v -> v > 0).min().orElse(1e-3);
        Axis xAxis = mx.equals("fpr") ? Axis.logWithZero(minPositiveX, 1, Axis.Format.PERCENT) : yAxis(mx, maxX);
        List<XyChart.Point> points = new ArrayList<>();
        for (Row r : rows) {
            double a = r.metrics().get(mx);
            double c = r.metrics().get(my);
            if (Double.isFinite(a) && Double.isFinite(c)) {
                points.add(new XyChart.Point(a, c, r.description() + "\n" + mx + " " + value(mx, a) + ", " + my + " "
                        + value(my, c)));
            }
        }
        return XyChart.builder(strategy + (direction.isEmpty() ? "" : " " + direction) + ": " + label(my) + " against "
                        + label(mx), 720, 440)
                .xAxis(xAxis, label(mx) + (mx.equals("fpr") ? " (log scale)" : ""))
                .yAxis(yAxis(my, maxY), label(my))
                .series(new XyChart.Series("configuration", Palette.BLUE, points, false, XyChart.Marker.CIRCLE, false,
                        false))
                .build();
    }
}
