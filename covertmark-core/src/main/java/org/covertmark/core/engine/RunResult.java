package org.covertmark.core.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.capture.CaptureStats;
import org.covertmark.core.score.Score;

/**
 * The outcome of one run of one strategy: its records per configuration, its score, and what a
 * reader needs to interpret them.
 *
 * @param strategy the strategy's name
 * @param description what the strategy looks for
 * @param configColumns the names of the configuration elements
 * @param spec what was run
 * @param records one record per configuration, in the order the strategy first touched them
 * @param interpretations each configuration described for people
 * @param score the score and the best record
 * @param blocked the destinations each configuration's negative run blocked
 * @param wiresharkFilter a display filter for the packets to the destinations the best configuration
 *     (or, without one, any configuration) blocked
 * @param recall the recall rate, when a recall trace was given and tested
 * @param positiveTotal positive packets under the input filter
 * @param negativeTotal negative packets under the input filter
 * @param distributions the distributions of the features the strategy published, by feature name,
 *     in the order first published; empty when it published none
 * @param inputMode how the strategy read the traces: one direction, or both together
 * @param captures for each input read from a capture file ({@code positive}, {@code negative},
 *     {@code recall}, in that order), what the capture reader read and skipped; empty when every
 *     input was a stored trace
 */
public record RunResult(String strategy, String description, List<String> configColumns, RunSpec spec,
        List<PerformanceRecord> records, Map<Config, String> interpretations, Score score,
        Map<Config, Set<IpAddress>> blocked, String wiresharkFilter, OptionalDouble recall, long positiveTotal,
        long negativeTotal, Map<String, FeatureHistogram> distributions, InputMode inputMode,
        Map<String, CaptureStats> captures) {

    /** The direction label of a strategy that reads both directions of traffic together. */
    public static final String BOTH = "both";

    /**
     * Copies the collections, keeping their iteration order (unlike {@code Map.copyOf}, whose order
     * changes from one JVM to the next), so that whatever walks a result does so the same way each time.
     */
    public RunResult {
        configColumns = List.copyOf(configColumns);
        records = List.copyOf(records);
        interpretations = Collections.unmodifiableMap(new LinkedHashMap<>(interpretations));
        Map<Config, Set<IpAddress>> copy = new LinkedHashMap<>();
        blocked.forEach((c, ips) -> copy.put(c, Collections.unmodifiableSet(new LinkedHashSet<>(ips))));
        blocked = Collections.unmodifiableMap(copy);
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
        Objects.requireNonNull(inputMode, "inputMode");
        captures = Collections.unmodifiableMap(new LinkedHashMap<>(captures));
    }

    /**
     * A result of a strategy that reads one direction of traffic ({@link InputMode#CLIENT_TO_SERVER}),
     * without capture statistics.
     */
    public RunResult(String strategy, String description, List<String> configColumns, RunSpec spec,
            List<PerformanceRecord> records, Map<Config, String> interpretations, Score score,
            Map<Config, Set<IpAddress>> blocked, String wiresharkFilter, OptionalDouble recall, long positiveTotal,
            long negativeTotal, Map<String, FeatureHistogram> distributions) {
        this(strategy, description, configColumns, spec, records, interpretations, score, blocked, wiresharkFilter,
                recall, positiveTotal, negativeTotal, distributions, InputMode.CLIENT_TO_SERVER, Map.of());
    }

    /** A result without feature distributions, of a strategy that reads one direction of traffic. */
    public RunResult(String strategy, String description, List<String> configColumns, RunSpec spec,
            List<PerformanceRecord> records, Map<Config, String> interpretations, Score score,
            Map<Config, Set<IpAddress>> blocked, String wiresharkFilter, OptionalDouble recall, long positiveTotal,
            long negativeTotal) {
        this(strategy, description, configColumns, spec, records, interpretations, score, blocked, wiresharkFilter,
                recall, positiveTotal, negativeTotal, Map.of());
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
}
