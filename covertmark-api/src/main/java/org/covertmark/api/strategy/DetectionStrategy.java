package org.covertmark.api.strategy;

import java.util.List;
import org.covertmark.api.filter.PacketFilter;

/**
 * A way a censor could detect a protocol. A strategy <em>decides</em>: for each configuration it
 * returns, per trace, which units it flagged, passed or set aside ({@link Decisions}). The engine
 * <em>measures</em>: it splits each trace into a selection and a test part, lets the strategy
 * {@linkplain #learn learn} on the selection part, counts the decisions per packet or window,
 * connection and host, chooses a configuration on the selection part and reports its rates, with
 * intervals, on the test part — several times with derived seeds.
 *
 * <p>Implement {@link #name()}, {@link #description()} and {@link #decide}; everything else has a
 * sensible default. Register an implementation with {@code @AutoService(DetectionStrategy.class)}
 * (or a {@code META-INF/services} entry) so that {@link java.util.ServiceLoader} finds it. The engine
 * makes a new instance for every run, so an implementation may keep the state of one run in fields
 * (the original's {@code _strategic_states}); it needs a public no-argument constructor.
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

    /** What the strategy's decisions are about; the engine counts connections and hosts as well. */
    default Unit unit() {
        return Unit.PACKET;
    }

    /**
     * Prepares the run, once, before any trial: reads parameters and computes what does not depend on
     * what is learnt, such as a score per payload, for every packet of every trace. Nothing chosen
     * here may depend on which packets are negatives' or positives' test parts.
     */
    default void prepare(StrategyContext context) {
    }

    /** The configurations to try, in the order they are reported; {@link Config#EMPTY} alone by default. */
    default List<Config> configurations(StrategyContext context) {
        return List.of(Config.EMPTY);
    }

    /**
     * Learns what {@code config} needs — a cut-off, a set of lengths, a classifier — from the
     * selection part of the traces ({@link TraceView#selected}) of the trial under way. Called once
     * per trial and configuration, before {@link #decide}; a strategy may keep what it learnt for the
     * trial in fields. Nothing to learn by default.
     */
    default void learn(StrategyContext context, Config config) {
    }

    /**
     * Judges the units of one whole trace for a configuration with what was learnt in the trial under
     * way (the original's {@code positive_run}, {@code negative_run} and {@code recall_run}, one per
     * {@link TraceView#role()}). The engine counts the selection and test parts apart.
     */
    Decisions decide(StrategyContext context, TraceView trace, Config config);

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
}
