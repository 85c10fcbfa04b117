package org.covertmark.core.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Role;
import org.covertmark.core.capture.CaptureStats;
import org.covertmark.core.engine.FeatureHistogram;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.BaseRatePrecision;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Interval;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;

/**
 * A run as {@code results.json}. Rates are fractions in [0, 1], {@code null} over no unit; every
 * field that holds a measured time has {@code time} in its name, and nothing else in the file
 * changes between runs of the same inputs, options and seed.
 */
final class ResultJson {

    private ResultJson() {
    }

    static void write(RunResult r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("version", r.version());
        g.writeStringField("strategy", r.strategy());
        g.writeStringField("description", r.description());
        g.writeStringField("direction", r.direction());
        g.writeStringField("unit", r.unit().label());
        g.writeNumberField("seed", r.spec().seed());
        RunResult.Verdict v = r.verdict();
        optional(g, "score", v.score());
        g.writeStringField("band", v.band());
        g.writeBooleanField("inconclusive", v.inconclusive());
        number(g, "point_score", v.pointScore());
        g.writeFieldName("score_ci95");
        if (Double.isNaN(v.scoreLower())) {
            g.writeNull();
        } else {
            pair(g, v.scoreLower(), v.scoreUpper());
        }
        number(g, "score_with_time", v.scoreWithTime());
        g.writeFieldName("best_config");
        if (v.best().isPresent()) {
            config(g, r.configColumns(), v.best().get());
        } else {
            g.writeNull();
        }
        g.writeStringField("best_config_description", r.best().map(RunResult.ConfigRecord::description).orElse(null));
        g.writeArrayFieldStart("warnings");
        for (String w : r.warnings()) {
            g.writeString(w);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("host_rule");
        g.writeNumberField("min_flagged", r.spec().hostRule().minFlagged());
        g.writeNumberField("min_share", r.spec().hostRule().minShare());
        g.writeEndObject();
        inputs(r, g);
        selection(r, g);
        g.writeArrayFieldStart("records");
        for (RunResult.ConfigRecord c : r.records()) {
            g.writeStartObject();
            g.writeFieldName("config");
            config(g, r.configColumns(), c.config());
            g.writeStringField("config_description", c.description());
            g.writeNumberField("config_penalty", c.configPenalty());
            UnitRates primary = primary(c.test());
            optional(g, "tpr", primary == null ? OptionalDouble.empty() : primary.tpr());
            optional(g, "fpr", primary == null ? OptionalDouble.empty() : primary.fpr());
            optional(g, "block_rate", c.test().host() == null ? OptionalDouble.empty() : c.test().host().fpr());
            number(g, "time_s", c.timeSeconds());
            units(g, "units", c.test());
            units(g, "selection_units", c.selection());
            g.writeEndObject();
        }
        g.writeEndArray();
        trials(r, g);
        if (r.recall().isPresent()) {
            UnitRates primary = primary(r.recall().get());
            optional(g, "recall", primary == null ? OptionalDouble.empty() : primary.tpr());
            g.writeObjectFieldStart("recall_units");
            for (Map.Entry<String, UnitRates> e : r.recall().get().units().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                count(g, "positives", e.getValue().positives());
                optional(g, "tpr", e.getValue().tpr());
                interval(g, "tpr_ci95", e.getValue().tprCi95());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeStringField("wireshark_filter", r.wiresharkFilter());
        number(g, "prepare_time_s", r.prepareTimeSeconds());
        distributions(r, g);
        g.writeEndObject();
    }

    /** The rates at the strategy's own unit (packet or window), else at the connection level. */
    static UnitRates primary(Measurement m) {
        return m.unit(Measurement.PACKET).or(() -> m.unit(Measurement.WINDOW)).orElse(m.flow());
    }

    private static void inputs(RunResult r, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("inputs");
        g.writeStringField("positive", r.spec().positive().toString());
        g.writeStringField("negative", r.spec().negative().map(Object::toString).orElse(null));
        g.writeStringField("recall", r.spec().recall().map(Object::toString).orElse(null));
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
        g.writeObjectFieldStart("traces");
        for (Map.Entry<String, RunResult.TraceSummary> e : r.traces().entrySet()) {
            RunResult.TraceSummary t = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("source", t.source());
            g.writeNumberField("packets", t.packets());
            g.writeNumberField("connections", t.connections());
            g.writeNumberField("hosts", t.hosts());
            g.writeNumberField("duration_s", t.durationSeconds());
            g.writeObjectFieldStart("protocols");
            for (Map.Entry<String, Long> p : t.protocols().entrySet()) {
                g.writeNumberField(p.getKey(), p.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void selection(RunResult r, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("selection");
        String split = r.selection().values().stream().map(RunResult.SplitSummary::split).distinct().count() == 1
                ? r.selection().values().iterator().next().split() : "mixed";
        g.writeStringField("split", split);
        g.writeNumberField("trials", r.spec().trials());
        for (Map.Entry<String, RunResult.SplitSummary> e : r.selection().entrySet()) {
            RunResult.SplitSummary s = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("split", s.split());
            g.writeObjectFieldStart("selection");
            g.writeNumberField("flows", s.selectionFlows());
            g.writeNumberField("hosts", s.selectionHosts());
            g.writeEndObject();
            g.writeObjectFieldStart("test");
            g.writeNumberField("flows", s.testFlows());
            g.writeNumberField("hosts", s.testHosts());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void trials(RunResult r, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("trials");
        for (RunResult.Trial t : r.trials()) {
            g.writeStartObject();
            g.writeNumberField("trial", t.number());
            g.writeNumberField("seed", t.seed());
            g.writeFieldName("best_config");
            if (t.chosen().isPresent()) {
                config(g, r.configColumns(), t.chosen().get());
            } else {
                g.writeNull();
            }
            g.writeNumberField("score", t.score());
            g.writeStringField("band", t.band());
            if (t.test().isPresent()) {
                units(g, "units", t.test().get());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("trial_spread");
        spread(g, "score", r.trials(), t -> OptionalDouble.of(t.score()));
        for (String level : Measurement.LEVELS) {
            spread(g, level + "_tpr", r.trials(), t -> t.test().flatMap(m -> m.unit(level))
                    .map(UnitRates::tpr).orElse(OptionalDouble.empty()));
            spread(g, level + "_fpr", r.trials(), t -> t.test().flatMap(m -> m.unit(level))
                    .map(UnitRates::fpr).orElse(OptionalDouble.empty()));
        }
        g.writeEndObject();
    }

    /** Mean, min and max of a value over the trials that have it; omitted when none has. */
    private static void spread(JsonGenerator g, String name, List<RunResult.Trial> trials,
            Function<RunResult.Trial, OptionalDouble> value) throws IOException {
        List<Double> values = new ArrayList<>();
        for (RunResult.Trial t : trials) {
            value.apply(t).ifPresent(values::add);
        }
        if (values.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeNumberField("n", values.size());
        g.writeNumberField("mean", values.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        g.writeNumberField("min", values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        g.writeNumberField("max", values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        g.writeEndObject();
    }

    private static void units(JsonGenerator g, String name, Measurement m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, UnitRates> e : m.units().entrySet()) {
            UnitRates u = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            count(g, "positives", u.positives());
            count(g, "negatives", u.negatives());
            optional(g, "tpr", u.tpr());
            interval(g, "tpr_ci95", u.tprCi95());
            optional(g, "fpr", u.fpr());
            interval(g, "fpr_ci95", u.fprCi95());
            g.writeObjectFieldStart("precision_at_base_rate");
            for (long lambda : BaseRatePrecision.BASE_RATES) {
                g.writeObjectFieldStart(Long.toString(lambda));
                optional(g, "value", u.precisionAt(lambda));
                interval(g, "ci95", u.precisionCi95(lambda));
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void count(JsonGenerator g, String name, Count c) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("flagged", c.flagged());
        g.writeNumberField("examined", c.examined());
        g.writeNumberField("tested", c.tested());
        g.writeObjectFieldStart("by_reason");
        for (Map.Entry<String, Long> e : c.byReason().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void distributions(RunResult r, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("distributions");
        for (FeatureHistogram h : r.distributions().values()) {
            g.writeStartObject();
            g.writeStringField("feature", h.feature());
            g.writeNumberField("lower", h.lower());
            g.writeNumberField("bin_width", h.width());
            for (Role role : List.of(Role.POSITIVE, Role.NEGATIVE)) {
                g.writeObjectFieldStart(role.label());
                g.writeNumberField("count", h.total(role));
                number(g, "mean", h.mean(role));
                g.writeArrayFieldStart("bins");
                for (long c : h.counts(role)) {
                    g.writeNumber(c);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void config(JsonGenerator g, List<String> columns, Config c) throws IOException {
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

    private static void optional(JsonGenerator g, String name, OptionalDouble value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.getAsDouble());
        } else {
            g.writeNullField(name);
        }
    }

    private static void number(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(name, value);
        } else {
            g.writeNullField(name);
        }
    }

    private static void interval(JsonGenerator g, String name, Optional<Interval> i) throws IOException {
        g.writeFieldName(name);
        if (i.isPresent()) {
            pair(g, i.get().lower(), i.get().upper());
        } else {
            g.writeNull();
        }
    }

    private static void pair(JsonGenerator g, double lower, double upper) throws IOException {
        g.writeStartArray();
        g.writeNumber(lower);
        g.writeNumber(upper);
        g.writeEndArray();
    }

    /** A fraction as a percentage with five decimals, as the original's CSV wrote rates; empty for none. */
    static String percent(OptionalDouble fraction) {
        return fraction.isPresent() ? String.format(Locale.ROOT, "%.5f", fraction.getAsDouble() * 100) : "";
    }
}
