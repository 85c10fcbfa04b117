package org.covertmark.api.strategy;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;

/**
 * A way a censor could detect a protocol, evaluated on positive (protocol) and negative (ordinary)
 * traffic. Implement {@link #name()}, {@link #description()} and {@link #positiveRun}; everything
 * else has a sensible default. Register an implementation with
 * {@code @AutoService(DetectionStrategy.class)} (or a {@code META-INF/services} entry) so that
 * {@link java.util.ServiceLoader} finds it.
 *
 * <p>The engine makes a new instance for every run, so an implementation may keep the state of one
 * run in fields (the original's {@code _strategic_states}). It needs a public no-argument constructor.
 */
public interface DetectionStrategy {

    /** The name users select the strategy by: lower case words joined by {@code -}, e.g. {@code entropy-dist}. */
    String name();

    /** What the strategy looks for, in a sentence or two. */
    String description();

    /** Names of the elements of this strategy's {@link Config}s (the original's {@code RUN_CONFIG_DESCRIPTION}). */
    default List<String> configColumns() {
        return List.of();
    }

    /** The user parameters the strategy reads through {@link StrategyContext#parameter}. */
    default List<Parameter<?>> parameters() {
        return List.of();
    }

    /** How the user's client and server addresses become the traces' input filters. */
    default InputMode inputMode() {
        return InputMode.CLIENT_TO_SERVER;
    }

    /** Whether the strategy needs a negative trace to run. */
    default boolean needsNegative() {
        return true;
    }

    /** The strategic filter the traces are first loaded under (the original's {@code set_strategic_filter}). */
    default PacketFilter initialFilter() {
        return PacketFilter.all();
    }

    /**
     * The procedure of the run (the original's {@code run_strategy}): by default one positive run and,
     * with a negative trace, one negative run of the empty configuration. Override it to sweep a grid
     * of configurations or to adjust between runs.
     */
    default void run(StrategyContext context) {
        context.runOnPositive(Config.EMPTY);
        if (context.hasNegative()) {
            context.runOnNegative(Config.EMPTY);
        }
    }

    /** Detects the protocol in the positive packets for a configuration; its rate is the TPR. */
    Detection positiveRun(StrategyContext context, Config config);

    /**
     * Detects the protocol in the negative packets for a configuration; its rate is the FPR. Call
     * {@link StrategyContext#block} for each destination a censor would block. The default flags
     * nothing.
     */
    default Detection negativeRun(StrategyContext context, Config config) {
        return Detection.of(0, context.negatives().size());
    }

    /** Detects the protocol in unseen positive packets with what earlier runs learnt; the recall rate. */
    default double recallRun(StrategyContext context) {
        return 0;
    }

    /**
     * Divides the positives into test and validation parts (the original's
     * {@code test_validation_split}); the default divides nothing.
     */
    default Split testValidationSplit(List<Packet> positives, double testShare, SplittableRandom random) {
        return Split.NONE;
    }

    /** A configuration described for people (the original's {@code interpret_config}). */
    default String interpretConfig(Config config) {
        return config.size() == 0 ? "default configuration" : config.describe(configColumns());
    }

    /**
     * The share of the score to deduct for a configuration a censor would find costly to run, in
     * [0, 1] (the original's {@code config_specific_penalisation}); 0 by default.
     */
    default double configPenalty(Config config) {
        return 0;
    }

    /**
     * A Wireshark display filter selecting the packets to the wrongly blocked destinations (the
     * original's {@code report_blocked_ips}).
     */
    default String blockedReport(Set<IpAddress> blocked) {
        return WiresharkFilters.destinations(blocked);
    }

    /** Builds Wireshark display filters. */
    final class WiresharkFilters {
        private WiresharkFilters() {
        }

        /**
         * {@code ip.dst in {a, b} || ipv6.dst in {c, d}}, addresses sorted, or a filter matching nothing
         * when the set is empty. Set elements are separated by commas: Wireshark 4.0 rejects the
         * whitespace-separated sets older versions took, and 3.6 and later accept commas.
         */
        public static String destinations(Set<IpAddress> addresses) {
            String v4 = addresses.stream().filter(IpAddress::isIpv4).sorted().map(IpAddress::toString)
                    .collect(Collectors.joining(", "));
            String v6 = addresses.stream().filter(a -> !a.isIpv4()).sorted().map(IpAddress::toString)
                    .collect(Collectors.joining(", "));
            if (v4.isEmpty() && v6.isEmpty()) {
                return "frame.number == 0";
            }
            if (v6.isEmpty()) {
                return "ip.dst in {" + v4 + "}";
            }
            return v4.isEmpty() ? "ipv6.dst in {" + v6 + "}" : "ip.dst in {" + v4 + "} || ipv6.dst in {" + v6 + "}";
        }
    }
}
