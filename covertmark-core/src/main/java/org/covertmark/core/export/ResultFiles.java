package org.covertmark.core.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.api.strategy.Sample;
import org.covertmark.core.capture.CaptureStats;
import org.covertmark.core.engine.FeatureHistogram;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.score.ProtocolSummary;

/**
 * Writes a run's results to a folder: {@code results.csv} (the original's CSV), {@code results.json},
 * {@code wireshark-filter.txt} and {@code report.html}; and the summary of several runs. Each file is
 * written under a temporary name and renamed when complete.
 *
 * <p>The CSV has one column per configuration element, then {@code TPR}, {@code FPR},
 * {@code positive_run_time_s} and {@code ip_block_rate}; rates are percentages with five decimals,
 * as the original wrote them, and the time is in seconds.
 */
public final class ResultFiles {

    /** The CSV's metric columns, after the configuration columns. */
    public static final List<String> METRIC_COLUMNS = List.of("TPR", "FPR", "positive_run_time_s", "ip_block_rate");

    /** Leaves the writer open when a generator closes, so that a newline can follow the JSON. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private ResultFiles() {
    }

    /** Writes every result file of the run into {@code folder} (created if needed). */
    public static void write(RunResult result, Path folder) {
        AtomicFiles.write(folder.resolve("results.csv"), w -> csv(result, w));
        AtomicFiles.write(folder.resolve("results.json"), w -> {
            // The generator must not close the file's writer: the newline after it would then fail.
            try (JsonGenerator g = JSON.createGenerator(w).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .useDefaultPrettyPrinter()) {
                json(result, g);
            }
            w.write('\n');
        });
        AtomicFiles.write(folder.resolve("wireshark-filter.txt"), w -> w.write(result.wiresharkFilter() + "\n"));
        AtomicFiles.write(folder.resolve("report.html"), w -> HtmlReport.write(result, w));
    }

    /**
     * Writes the files of several runs taken together into {@code folder} (created if needed):
     * {@code summary.json} and {@code summary.txt} (the protocol summary) and one {@code report.html}
     * of every run, failed ones with their error.
     */
    public static void writeSummary(ProtocolSummary summary, Path folder) {
        writeSummary(summary, null, folder);
    }

    /**
     * Writes the files of several runs taken together, as {@link #writeSummary(ProtocolSummary, Path)}
     * does, with a description of what the runs were for at the top of the report (null for none).
     */
    public static void writeSummary(ProtocolSummary summary, String description, Path folder) {
        AtomicFiles.write(folder.resolve("summary.json"), summary::writeJson);
        AtomicFiles.write(folder.resolve("summary.txt"), summary::writeText);
        AtomicFiles.write(folder.resolve("report.html"), w -> HtmlReport.write(summary, description, w));
    }

    /** Writes {@code text} to {@code file}, under a temporary name renamed when complete. */
    public static void writeText(Path file, String text) {
        AtomicFiles.write(file, w -> w.write(text));
    }

    /** The original's CSV of a run's records. */
    public static void csv(RunResult result, Writer w) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String c : result.configColumns()) {
            line.append(csvField(c)).append(',');
        }
        line.append(String.join(",", METRIC_COLUMNS)).append('\n');
        w.write(line.toString());
        for (PerformanceRecord r : result.records()) {
            line.setLength(0);
            for (Object v : r.config().values()) {
                line.append(csvField(String.valueOf(v))).append(',');
            }
            line.append(percent(r.tpr())).append(',').append(percent(r.fpr())).append(',')
                    .append(Double.isNaN(r.timeSeconds()) ? "" : String.format(Locale.ROOT, "%.6f", r.timeSeconds()))
                    .append(',').append(percent(r.blockRate())).append('\n');
            w.write(line.toString());
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.5f", fraction * 100);
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** The run as a JSON object; rates are fractions in [0, 1]. */
    public static void json(RunResult r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("strategy", r.strategy());
        g.writeStringField("description", r.description());
        g.writeStringField("direction", r.direction());
        g.writeNumberField("seed", r.spec().seed());
        g.writeNumberField("score", round(r.score().value()));
        g.writeStringField("band", r.score().band());
        g.writeFieldName("best_config");
        if (r.score().best().isPresent()) {
            config(g, r.configColumns(), r.score().best().get().config());
        } else {
            g.writeNull();
        }
        g.writeStringField("best_config_description",
                r.score().best().map(b -> r.interpretations().get(b.config())).orElse(null));
        g.writeObjectFieldStart("inputs");
        g.writeStringField("positive", r.spec().positive().toString());
        g.writeStringField("negative", r.spec().negative().map(Object::toString).orElse(null));
        g.writeStringField("recall", r.spec().recall().map(Object::toString).orElse(null));
        g.writeNumberField("positive_packets", r.positiveTotal());
        g.writeNumberField("negative_packets", r.negativeTotal());
        g.writeObjectFieldStart("captures");
        for (Map.Entry<String, CaptureStats> e : r.captures().entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("records", e.getValue().records());
            g.writeNumberField("packets", e.getValue().packets());
            g.writeObjectFieldStart("skipped");
            for (Map.Entry<String, Long> skipped : e.getValue().skipped().entrySet()) {
                g.writeNumberField(skipped.getKey(), skipped.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
        if (r.recall().isPresent()) {
            g.writeNumberField("recall", r.recall().getAsDouble());
        }
        g.writeStringField("wireshark_filter", r.wiresharkFilter());
        g.writeArrayFieldStart("records");
        for (PerformanceRecord p : r.records()) {
            g.writeStartObject();
            g.writeFieldName("config");
            config(g, r.configColumns(), p.config());
            g.writeStringField("config_description", r.interpretations().get(p.config()));
            g.writeNumberField("tpr", p.tpr());
            g.writeNumberField("fpr", p.fpr());
            if (Double.isNaN(p.timeSeconds())) {
                g.writeNullField("time_s");
            } else {
                g.writeNumberField("time_s", p.timeSeconds());
            }
            g.writeNumberField("block_rate", p.blockRate());
            counts(g, "positives", p.positives());
            counts(g, "negatives", p.negatives());
            g.writeObjectFieldStart("precision_at_base_rate");
            for (double lambda : PerformanceRecord.BASE_RATES) {
                double precision = p.precisionAt(lambda);
                g.writeFieldName(Long.toString((long) lambda));
                if (Double.isNaN(precision)) {
                    g.writeNull();
                } else {
                    g.writeNumber(precision);
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("distributions");
        for (FeatureHistogram h : r.distributions().values()) {
            g.writeStartObject();
            g.writeStringField("feature", h.feature());
            g.writeNumberField("lower", h.lower());
            g.writeNumberField("bin_width", h.width());
            for (Sample sample : Sample.values()) {
                g.writeObjectFieldStart(sample.name().toLowerCase(Locale.ROOT));
                g.writeNumberField("count", h.total(sample));
                double mean = h.mean(sample);
                if (Double.isNaN(mean)) {
                    g.writeNullField("mean");
                } else {
                    g.writeNumberField("mean", mean);
                }
                g.writeArrayFieldStart("bins");
                for (long c : h.counts(sample)) {
                    g.writeNumber(c);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String name, Detection d) throws IOException {
        if (d.total() == 0) {
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeNumberField("flagged", d.flagged());
        g.writeNumberField("total", d.total());
        g.writeEndObject();
    }

    private static void config(JsonGenerator g, List<String> columns, Config c) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < c.size(); i++) {
            g.writeFieldName(i < columns.size() ? columns.get(i) : "#" + i);
            Object v = c.get(i);
            if (v instanceof Integer n) {
                g.writeNumber(n);
            } else if (v instanceof Long n) {
                g.writeNumber(n);
            } else if (v instanceof Double n) {
                g.writeNumber(n);
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else {
                g.writeString(String.valueOf(v));
            }
        }
        g.writeEndObject();
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
