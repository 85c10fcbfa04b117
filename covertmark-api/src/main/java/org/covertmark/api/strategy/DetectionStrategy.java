package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import org.apiguardian.api.API;
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
@API(status = MAINTAINED, since = "0.1")
public interface DetectionStrategy {

    /**
     * {@return the name users select the strategy by: lower case words joined by {@code -}, e.g.
     * {@code entropy-dist}} It names the strategy in results and logs, so it should not change.
     */
    String name();

    /** {@return what the strategy looks for, in a sentence or two, for people choosing a strategy} */
    String description();

    /**
     * {@return the names of the elements of this strategy's {@link Config}s, in order (the original's
     * {@code RUN_CONFIG_DESCRIPTION}); none by default}
     */
    default List<String> configColumns() {
        return List.of();
    }

    /**
     * {@return the user parameters the strategy reads through {@link StrategyContext#parameter}; none
     * by default} The engine checks the user's values against them before the run.
     */
    default List<Parameter<?>> parameters() {
        return List.of();
    }

    /**
     * {@return how the user's client and server addresses become the traces' input filters;
     * {@link InputMode#CLIENT_TO_SERVER} by default}
     */
    default InputMode inputMode() {
        return InputMode.CLIENT_TO_SERVER;
    }

    /** {@return whether the strategy needs a negative trace to run; true by default} */
    default boolean needsNegative() {
        return true;
    }

    /**
     * {@return the strategic filter the traces are first loaded under (the original's
     * {@code set_strategic_filter}); every packet by default} {@link StrategyContext#setStrategicFilter}
     * may replace it during {@link #prepare}.
     */
    default PacketFilter initialFilter() {
        return PacketFilter.all();
    }

    /**
     * {@return what the strategy's decisions are about; {@link Unit#PACKET} by default} The engine
     * counts connections and hosts as well, and refuses decisions of another unit.
     */
    default Unit unit() {
        return Unit.PACKET;
    }

    /**
     * Prepares the run, once, before any trial: reads parameters and computes what does not depend on
     * what is learnt, such as a score per payload, for every packet of every trace. Nothing chosen
     * here may depend on which packets are negatives' or positives' test parts.
     *
     * @param context the run, with no trial under way ({@link StrategyContext#trial()} is -1, and
     *     every packet is {@linkplain TraceView#selected(int) selected})
     */
    default void prepare(StrategyContext context) {
    }

    /**
     * The configurations to try, in the order they are reported; {@link Config#EMPTY} alone by default.
     *
     * @param context the run, after {@link #prepare}
     * @return the configurations; each is learnt and decided in every trial
     */
    default List<Config> configurations(StrategyContext context) {
        return List.of(Config.EMPTY);
    }

    /**
     * Learns what {@code config} needs — a cut-off, a set of lengths, a classifier — from the
     * selection part of the traces ({@link TraceView#selected}) of the trial under way. Called once
     * per trial and configuration, before {@link #decide}; a strategy may keep what it learnt for the
     * trial in fields. Nothing to learn by default.
     *
     * @param context the run, with the trial under way and its selection part set
     * @param config one of the {@link #configurations} to learn for
     */
    default void learn(StrategyContext context, Config config) {
    }

    /**
     * Judges the units of one whole trace for a configuration with what was learnt in the trial under
     * way (the original's {@code positive_run}, {@code negative_run} and {@code recall_run}, one per
     * {@link TraceView#role()}). The engine counts the selection and test parts apart.
     *
     * @param context the run, with the trial under way
     * @param trace the trace to judge, every packet of it, the selection part included
     * @param config the configuration to judge with, learnt in this trial by {@link #learn}
     * @return the decisions, built with {@link Decisions#packets}, {@link Decisions#windows} or
     *     {@link Decisions#flows} from {@code trace} and of the strategy's {@link #unit()}; the engine
     *     refuses null, another unit, or decisions built for another trace's size
     */
    Decisions decide(StrategyContext context, TraceView trace, Config config);

    /**
     * A configuration described for people (the original's {@code interpret_config}).
     *
     * @param config one of the strategy's configurations
     * @return a short description; by default {@code default configuration} for an empty
     *     configuration, else the values named by {@link #configColumns()} ({@link Config#describe})
     */
    default String interpretConfig(Config config) {
        return config.size() == 0 ? "default configuration" : config.describe(configColumns());
    }

    /**
     * The share of the score to deduct for a configuration a censor would find costly to run, in
     * [0, 1] (the original's {@code config_specific_penalisation}); 0 by default.
     *
     * @param config one of the strategy's configurations
     * @return the share of the configuration's score to deduct, 0 (no penalty) to 1
     */
    default double configPenalty(Config config) {
        return 0;
    }
}
