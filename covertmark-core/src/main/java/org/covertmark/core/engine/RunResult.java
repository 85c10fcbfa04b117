package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.Unit;
import org.covertmark.core.capture.CaptureStats;
import org.covertmark.core.measure.Measurement;

/**
 * The outcome of one run of one strategy: the rates of every configuration on the selection and test
 * parts of the first trial, the verdict, every trial, the split, every connection's decision, and the
 * warnings a reader must see beside the numbers.
 *
 * @param strategy the strategy's name
 * @param description what the strategy looks for
 * @param configColumns the names of the configuration elements
 * @param spec what was run
 * @param inputMode how the strategy read the traces: one direction, or both together
 * @param unit what the strategy's decisions were about
 * @param records one record per configuration, in the strategy's order, from the first trial
 * @param verdict the score, band and chosen configuration
 * @param trials every trial, the first one first
 * @param selection how each trace was split in the first trial, by role label
 * @param recall the chosen configuration's rates on the recall trace (positives only), if one was given
 * @param flows every connection of every trace with the chosen configuration's decision (first trial)
 * @param wiresharkFilter a display filter selecting the negative packets or connections the chosen
 *     configuration flagged
 * @param warnings what the evidence cannot show, one sentence each
 * @param distributions the distributions of the features the strategy published, by feature name
 * @param captures for each input read from a capture file, what the capture reader read and skipped
 * @param traces what each trace held, by role label
 * @param prepareTimeSeconds the wall time of the strategy's preparation (machine-dependent)
 * @param version the version of CovertMark that made the result
 */
@API(status = MAINTAINED, since = "0.1")
public record RunResult(String strategy, String description, List<String> configColumns, RunSpec spec,
        InputMode inputMode, Unit unit, List<ConfigRecord> records, Verdict verdict, List<Trial> trials,
        Map<String, SplitSummary> selection, Optional<Measurement> recall, List<FlowRow> flows,
        String wiresharkFilter, List<String> warnings, Map<String, FeatureHistogram> distributions,
        Map<String, CaptureStats> captures, Map<String, TraceSummary> traces, double prepareTimeSeconds,
        String version) {

    /** The direction label of a strategy that reads both directions of traffic together. */
    public static final String BOTH = "both";

    /**
     * Copies the collections, keeping their iteration order, so that whatever walks a result does so
     * the same way each time.
     */
    public RunResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(inputMode, "inputMode");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(recall, "recall");
        configColumns = List.copyOf(configColumns);
        records = List.copyOf(records);
        trials = List.copyOf(trials);
        selection = ordered(selection);
        flows = List.copyOf(flows);
        warnings = List.copyOf(warnings);
        distributions = ordered(distributions);
        captures = ordered(captures);
        traces = ordered(traces);
    }

    private static <K, V> Map<K, V> ordered(Map<K, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /**
     * {@code client-to-server} or {@code server-to-client}, or {@code both} for a strategy that reads
     * both directions of traffic together ({@link InputMode#EITHER}), reversed or not.
     */
    public String direction() {
        return direction(inputMode, spec.reversed());
    }

    /** The direction label of a run of a strategy with this input mode, reversed or not. */
    public static String direction(InputMode inputMode, boolean reversed) {
        if (inputMode == InputMode.EITHER) {
            return BOTH;
        }
        return reversed ? "server-to-client" : "client-to-server";
    }

    /** The record of the chosen configuration, if one was chosen. */
    public Optional<ConfigRecord> best() {
        return verdict.best().flatMap(c -> records.stream().filter(r -> r.config().equals(c)).findFirst());
    }

    /**
     * One configuration in the first trial.
     *
     * @param config the configuration
     * @param description the configuration described for people
     * @param selection its rates on the selection part
     * @param test its rates on the test part
     * @param timeSeconds wall time of its positive decisions (machine-dependent); NaN if not measured
     * @param configPenalty the strategy's own penalty for it
     */
    @API(status = MAINTAINED, since = "0.1")
    public record ConfigRecord(Config config, String description, Measurement selection, Measurement test,
            double timeSeconds, double configPenalty) {

        /** Checks for nulls. */
        public ConfigRecord {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(selection, "selection");
            Objects.requireNonNull(test, "test");
        }
    }

    /**
     * The verdict of a run.
     *
     * @param score the chosen configuration's score on the test part of the first trial, 0–100; empty
     *     when the verdict is inconclusive
     * @param band the band of the score, or {@code inconclusive: …} with the reason
     * @param best the configuration chosen on the selection part of the first trial, if any was acceptable
     * @param scoreLower the score at the worst ends of the test rates' 95 % intervals (NaN without one)
     * @param scoreUpper the score at the best ends (NaN without one)
     * @param pointScore the score of the point rates, whether conclusive or not
     * @param scoreWithTime the original's machine-dependent score, time included, of the first trial's
     *     test part
     */
    @API(status = MAINTAINED, since = "0.1")
    public record Verdict(OptionalDouble score, String band, Optional<Config> best, double scoreLower,
            double scoreUpper, double pointScore, double scoreWithTime) {

        /** Checks for nulls. */
        public Verdict {
            Objects.requireNonNull(score, "score");
            Objects.requireNonNull(band, "band");
            Objects.requireNonNull(best, "best");
        }

        /** Whether the evidence does not settle the band. */
        public boolean inconclusive() {
            return score.isEmpty();
        }

        /**
         * The band in a few words: the band itself, or {@code inconclusive (75.7–100.0)} with the range
         * the intervals allow, {@code inconclusive (trials disagree)}, or why nothing was measured.
         */
        public String shortBand() {
            if (score.isPresent() || !band.startsWith("inconclusive")) {
                return band;
            }
            if (band.startsWith("inconclusive: trials disagree")) {
                return "inconclusive (trials disagree)";
            }
            return Double.isNaN(scoreLower) ? "inconclusive"
                    : String.format(java.util.Locale.ROOT, "inconclusive (%.1f–%.1f)", scoreLower, scoreUpper);
        }
    }

    /**
     * One trial: a split, a choice on its selection part, and the chosen configuration's rates on its
     * test part.
     *
     * @param number the trial, from 1
     * @param seed the seed it was split and learnt with
     * @param chosen the configuration chosen on the selection part, if any was acceptable
     * @param test the chosen configuration's rates on the test part (empty without a choice)
     * @param score its score on the test part (0 without a choice)
     * @param band the band of that score
     */
    @API(status = MAINTAINED, since = "0.1")
    public record Trial(int number, long seed, Optional<Config> chosen, Optional<Measurement> test, double score,
            String band) {
    }

    /**
     * How one trace was split.
     *
     * @param split {@code host}, {@code flow}, or {@code none} when it could not be
     * @param selectionFlows connections in the selection part
     * @param testFlows connections in the test part
     * @param selectionHosts hosts in the selection part
     * @param testHosts hosts in the test part
     */
    @API(status = MAINTAINED, since = "0.1")
    public record SplitSummary(String split, int selectionFlows, int testFlows, int selectionHosts, int testHosts) {
    }

    /**
     * One connection with the chosen configuration's decision on it.
     *
     * @param role the trace
     * @param connection the connection
     * @param part {@code selection} or {@code test} ({@code test} for recall; both parts are the whole
     *     trace when it could not be split: then {@code both})
     * @param examined the strategy's units of the connection (packets with payload, windows)
     * @param flagged whether the connection was flagged
     * @param reason the reason of its decision
     */
    @API(status = MAINTAINED, since = "0.1")
    public record FlowRow(Role role, Connection connection, String part, long examined, boolean flagged,
            String reason) {
    }

    /**
     * What a trace held under its input filter.
     *
     * @param source where it came from
     * @param packets packets of the run's direction
     * @param connections connections with a packet in the run's direction
     * @param hosts distinct servers of those connections
     * @param durationSeconds from the first to the last packet of either direction, in capture order
     * @param protocols connections by application protocol label, most first
     */
    @API(status = MAINTAINED, since = "0.1")
    public record TraceSummary(String source, long packets, long connections, long hosts, double durationSeconds,
            Map<String, Long> protocols) {

        /** Copies the map, keeping its order. */
        public TraceSummary {
            protocols = Collections.unmodifiableMap(new LinkedHashMap<>(protocols));
        }
    }
}
