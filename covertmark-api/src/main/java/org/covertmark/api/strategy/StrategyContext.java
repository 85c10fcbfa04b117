package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.slf4j.Logger;

/**
 * What the engine gives a strategy while it runs: the traces (one {@link TraceView} per
 * {@link Role}), the user's parameters, the seed of the run and of the trial under way, and a
 * logger. One context serves one run of one strategy instance; it is not shared between threads.
 */
@API(status = MAINTAINED, since = "0.1")
public interface StrategyContext {

    /**
     * Whether the run has a trace in this role.
     *
     * @param role the trace's role
     * @return whether the run has one; always true for {@link Role#POSITIVE}
     */
    boolean has(Role role);

    /**
     * The trace in this role.
     *
     * @param role the trace's role
     * @return the trace as the strategy sees it
     * @throws IllegalStateException when the run has none
     */
    TraceView trace(Role role);

    /**
     * The value of a parameter the strategy declared: the user's, or the default.
     *
     * @param <T> the type of the parameter's values
     * @param parameter one of the strategy's {@link DetectionStrategy#parameters()}
     * @return the user's value, already checked by {@link Parameter#parse}, or the parameter's default
     * @throws IllegalArgumentException when the strategy does not declare the parameter
     */
    <T> T parameter(Parameter<T> parameter);

    /** {@return the seed of the run; the same traces, options and seed give the same results} */
    long seed();

    /** {@return the trial under way, from 0; -1 during {@link DetectionStrategy#prepare}} */
    int trial();

    /**
     * A random source for the trial under way, seeded from the run's seed and the trial (during
     * {@link DetectionStrategy#prepare}, from the run's seed); every random choice of the strategy
     * must come from it.
     *
     * @return the trial's random source; the same object for the whole trial
     */
    SplittableRandom random();

    /**
     * {@return a logger named for the strategy (the original's {@code debug_print})} The engine names
     * it {@code covertmark.strategy.} followed by the strategy's {@linkplain DetectionStrategy#name() name}.
     */
    Logger log();

    /** {@return whether this is the server-to-client run, with SRC and DST rules swapped} */
    boolean reversed();

    /**
     * Replaces the strategic filter and reloads every trace under it (the original's
     * {@code set_strategic_filter} followed by {@code load}).
     *
     * @param filter the new strategic filter, for every trace of the run
     * @throws IllegalStateException outside {@link DetectionStrategy#prepare}
     */
    void setStrategicFilter(PacketFilter filter);

    /**
     * {@return the strategic filter in force: the strategy's {@link DetectionStrategy#initialFilter()}
     * until {@link #setStrategicFilter} replaces it}
     */
    PacketFilter strategicFilter();

    /**
     * Replaces the subnets {@link TraceView#inFilter} checks for the trace in {@code role} (the
     * original's {@code set_case_membership}).
     *
     * @param role the trace's role; a role the run has no trace in is ignored
     * @param subnets the subnets that take the place of the trace's client and server subnets
     */
    void setCaseMembership(Role role, List<Subnet> subnets);

    /**
     * Publishes the values of the feature the strategy judges traffic by, for reports to show how the
     * protocol's traffic differs from ordinary traffic (each examined payload's entropy, say). The
     * engine keeps a fixed-size histogram, not the values; publishing the same feature and role again
     * adds to its values; values that are not finite are ignored. Optional.
     *
     * @param feature the feature's name as readers should see it, e.g. {@code payload entropy (bits per byte)}
     * @param role the trace the values come from
     * @param values one value per examined unit
     */
    default void publishDistribution(String feature, Role role, double[] values) {
    }
}
