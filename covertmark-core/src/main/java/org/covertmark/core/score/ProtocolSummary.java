package org.covertmark.core.score;

import static org.apiguardian.api.API.Status.MAINTAINED;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.RateFormat;
import org.covertmark.core.measure.UnitRates;

/**
 * How covert each protocol is across the strategy runs made on it. A protocol's verdict is its
 * highest strategy score, with the strategy and direction that earned it: the lower, the more
 * covert. Failed runs are listed with their error and take no part in the verdict.
 *
 * <pre>{@code
 * ProtocolSummary s = ProtocolSummary.builder().add("obfs4", lengthClustering).add("obfs4", entropy)
 *         .add("meek", sgd).build();
 * s.verdict("obfs4").ifPresent(v -> System.out.println(v.score() + " " + v.strategy()));
 * }</pre>
 */
@API(status = MAINTAINED, since = "0.1")
public final class ProtocolSummary {

    /** How the verdict is reached, for readers of the written summary. */
    public static final String VERDICT_RULE =
            "a protocol's verdict is its highest strategy score: the lower, the more covert";

    /** Leaves the writer open when a generator closes, so that a newline can follow the JSON. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /**
     * One strategy run on a protocol: its result, or the error it failed with.
     *
     * @param protocol the protocol's label
     * @param strategy the strategy's name
     * @param direction {@code client-to-server} or {@code server-to-client}
     * @param result the result, when the run succeeded
     * @param error what went wrong, when it failed
     */
    @API(status = MAINTAINED, since = "0.1")
    public record Entry(String protocol, String strategy, String direction, Optional<RunResult> result,
            Optional<String> error) {

        /** Checks that there is exactly one of a result and an error. */
        public Entry {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(error, "error");
            if (result.isPresent() == error.isPresent()) {
                throw new IllegalArgumentException("an entry has either a result or an error");
            }
        }

        /** Whether the run failed. */
        public boolean failed() {
            return error.isPresent();
        }

        /** The strategy's score; empty for a failed run or an inconclusive verdict. */
        public OptionalDouble score() {
            return result.map(r -> r.verdict().score()).orElse(OptionalDouble.empty());
        }

        /** The score of the point rates, conclusive or not; empty for a failed or unmeasured run. */
        public OptionalDouble pointScore() {
            return result.map(r -> Double.isNaN(r.verdict().pointScore()) ? OptionalDouble.empty()
                    : OptionalDouble.of(r.verdict().pointScore())).orElse(OptionalDouble.empty());
        }

        /** The band of the score, or why there is none; empty for a failed run. */
        public Optional<String> band() {
            return result.map(r -> r.verdict().band());
        }

        /** The chosen configuration described for people, if the run had an acceptable one. */
        public Optional<String> bestConfig() {
            return result.flatMap(r -> r.best().map(RunResult.ConfigRecord::description));
        }
    }

    /**
     * A protocol's verdict: its highest strategy score.
     *
     * @param protocol the protocol's label
     * @param strategy the strategy that scored highest
     * @param direction the direction of that run
     * @param score the score, 0–100; empty when that run's verdict is inconclusive
     * @param pointScore the score of that run's point rates
     * @param band the band of the score, or {@code inconclusive: …}
     * @param shortBand the band in a few words ({@link RunResult.Verdict#shortBand()})
     */
    @API(status = MAINTAINED, since = "0.1")
    public record Verdict(String protocol, String strategy, String direction, OptionalDouble score, double pointScore,
            String band, String shortBand) {
    }

    private final List<Entry> entries;

    private ProtocolSummary(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A builder to which results are added in run order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every entry, in the order added. */
    public List<Entry> entries() {
        return entries;
    }

    /** The protocols, in the order first added. */
    public List<String> protocols() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        entries.forEach(e -> out.add(e.protocol()));
        return List.copyOf(out);
    }

    /** The entries of one protocol, in the order added. */
    public List<Entry> entries(String protocol) {
        return entries.stream().filter(e -> e.protocol().equals(protocol)).toList();
    }

    /**
     * The verdict on a protocol: the run whose point rates score highest (the first such run on a
     * tie), with its score — empty, and its band saying why, when that run is inconclusive. Empty when
     * every run failed or measured nothing, or the protocol is unknown.
     */
    public Optional<Verdict> verdict(String protocol) {
        Entry best = null;
        for (Entry e : entries(protocol)) {
            if (e.pointScore().isPresent()
                    && (best == null || e.pointScore().getAsDouble() > best.pointScore().getAsDouble())) {
                best = e;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(protocol, best.strategy(), best.direction(), best.score(),
                best.pointScore().getAsDouble(), best.band().orElseThrow(),
                best.result().orElseThrow().verdict().shortBand()));
    }

    /** The number of failed runs. */
    public long failures() {
        return entries.stream().filter(Entry::failed).count();
    }

    /**
     * The summary as two plain-text tables: one verdict per protocol, then every run with its score
     * and band or its error.
     */
    public void writeText(Writer w) throws IOException {
        List<String> protocols = protocols();
        int pw = Math.max("protocol".length(), protocols.stream().mapToInt(String::length).max().orElse(0));
        int sw = Math.max("strategy".length(), entries.stream().mapToInt(e -> e.strategy().length()).max().orElse(0));
        int dw = "client-to-server".length();
        String verdictRow = "%-" + pw + "s  %7s  %-" + sw + "s  %-" + dw + "s  %s%n";
        w.write(String.format(Locale.ROOT, verdictRow, "protocol", "verdict", "strategy", "direction", "band"));
        for (String p : protocols) {
            Optional<Verdict> v = verdict(p);
            w.write(v.isPresent()
                    ? String.format(Locale.ROOT, verdictRow, p, score(v.get().score()), v.get().strategy(),
                            v.get().direction(), v.get().shortBand())
                    : String.format(Locale.ROOT, verdictRow, p, "-", "-", "-",
                            "no verdict: every run failed or measured nothing"));
        }
        w.write(String.format(Locale.ROOT, "(%s)%n%n", VERDICT_RULE));

        int iw = Math.max(2, Integer.toString(entries.size()).length());
        String runRow = "%" + iw + "s  %-" + pw + "s  %-" + sw + "s  %-" + dw + "s  %-26s  %-26s  %-24s  %-13s  %7s  %s%n";
        w.write(String.format(Locale.ROOT, runRow, "#", "protocol", "strategy", "direction", "connections: TPR", "FPR",
                "hosts blocked", "trials: score", "score", "band"));
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.failed()) {
                w.write(String.format(Locale.ROOT, runRow, i + 1, e.protocol(), e.strategy(), e.direction(), "-", "-",
                        "-", "-", "-", "FAILED: " + oneLine(e.error().get())));
                continue;
            }
            RunResult r = e.result().get();
            Optional<RunResult.ConfigRecord> best = r.best();
            w.write(String.format(Locale.ROOT, runRow, i + 1, e.protocol(), e.strategy(), e.direction(),
                    best.map(b -> RateFormat.of(b.test().flow().positives())).orElse("-"),
                    best.map(b -> RateFormat.of(b.test().flow().negatives())).orElse("-"),
                    best.map(b -> RateFormat.of(b.test().host().negatives())).orElse("-"), spread(r),
                    score(e.score()), r.verdict().shortBand()));
        }
        w.write(String.format(Locale.ROOT, "(rates of the configuration chosen on the selection part, on the test "
                + "part of trial 1, with 95 %% intervals)%n"));
    }

    /** The summary as text; see {@link #writeText}. */
    public String toText() {
        StringWriter w = new StringWriter();
        try {
            writeText(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * The summary as a JSON object (the content of {@code summary.json}): the verdict rule, the
     * number of failed runs, and per protocol its verdict (null when every run failed) and its runs,
     * each numbered by its place in run order, with score and band or error.
     */
    public void writeJson(Writer w) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("verdict_rule", VERDICT_RULE);
            g.writeNumberField("runs", entries.size());
            g.writeNumberField("runs_failed", failures());
            g.writeArrayFieldStart("protocols");
            for (String p : protocols()) {
                g.writeStartObject();
                g.writeStringField("protocol", p);
                Optional<Verdict> v = verdict(p);
                g.writeFieldName("verdict");
                if (v.isPresent()) {
                    g.writeStartObject();
                    g.writeStringField("strategy", v.get().strategy());
                    g.writeStringField("direction", v.get().direction());
                    writeScore(g, v.get().score());
                    g.writeNumberField("point_score", round(v.get().pointScore()));
                    g.writeStringField("band", v.get().band());
                    g.writeEndObject();
                } else {
                    g.writeNull();
                }
                g.writeArrayFieldStart("runs");
                for (int i = 0; i < entries.size(); i++) {
                    Entry e = entries.get(i);
                    if (e.protocol().equals(p)) {
                        writeEntry(g, i + 1, e);
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        w.write('\n');
    }

    private static void writeEntry(JsonGenerator g, int index, Entry e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", index);
        g.writeStringField("strategy", e.strategy());
        g.writeStringField("direction", e.direction());
        if (e.failed()) {
            g.writeNullField("score");
            g.writeNullField("band");
            g.writeStringField("error", e.error().get());
        } else {
            RunResult r = e.result().get();
            writeScore(g, r.verdict().score());
            g.writeStringField("band", r.verdict().band());
            g.writeStringField("best_config", e.bestConfig().orElse(null));
            Optional<UnitRates> flow = r.best().map(b -> b.test().flow());
            Optional<UnitRates> host = r.best().map(b -> b.test().host());
            writeRate(g, "flow_tpr", flow.map(UnitRates::tpr));
            writeRate(g, "flow_fpr", flow.map(UnitRates::fpr));
            writeRate(g, "host_fpr", host.map(UnitRates::fpr));
            g.writeNullField("error");
        }
        g.writeEndObject();
    }

    private static String score(OptionalDouble s) {
        return s.isPresent() ? String.format(Locale.ROOT, "%.2f", s.getAsDouble()) : "-";
    }

    private static void writeScore(JsonGenerator g, OptionalDouble score) throws IOException {
        if (score.isPresent()) {
            g.writeNumberField("score", round(score.getAsDouble()));
        } else {
            g.writeNullField("score");
        }
    }

    private static void writeRate(JsonGenerator g, String name, Optional<OptionalDouble> rate) throws IOException {
        if (rate.isPresent() && rate.get().isPresent()) {
            g.writeNumberField(name, rate.get().getAsDouble());
        } else {
            g.writeNullField(name);
        }
    }

    /** The lowest and highest trial score. */
    private static String spread(RunResult r) {
        double min = r.trials().stream().mapToDouble(RunResult.Trial::score).min().orElse(0);
        double max = r.trials().stream().mapToDouble(RunResult.Trial::score).max().orElse(0);
        return String.format(Locale.ROOT, "%.1f–%.1f", min, max);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** Collects entries in run order. */
    @API(status = MAINTAINED, since = "0.1")
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /** Adds a successful run on {@code protocol}. */
        public Builder add(String protocol, RunResult result) {
            Objects.requireNonNull(result, "result");
            entries.add(new Entry(protocol, result.strategy(), result.direction(), Optional.of(result),
                    Optional.empty()));
            return this;
        }

        /** Adds a failed run of {@code strategy} on {@code protocol}, with what went wrong. */
        public Builder addFailure(String protocol, String strategy, String direction, String error) {
            entries.add(new Entry(protocol, strategy, direction, Optional.empty(), Optional.of(error)));
            return this;
        }

        /** Adds an entry. */
        public Builder add(Entry entry) {
            entries.add(Objects.requireNonNull(entry, "entry"));
            return this;
        }

        /** The summary. */
        public ProtocolSummary build() {
            return new ProtocolSummary(entries);
        }
    }
}
