package org.covertmark.api.strategy;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.slf4j.Logger;

/**
 * What the evaluation engine gives a strategy while it runs: the loaded traces, the user's
 * parameters, a seeded random source, and the services that time runs and record results. One
 * context serves one run of one strategy instance; it is not shared between threads.
 */
public interface StrategyContext {

    /** The positive (protocol) packets under the input and strategic filters. */
    List<Packet> positives();

    /** The number of positive packets under the input filter alone (the original's {@code _pt_collection_total}). */
    long positiveTotal();

    /** The test part of the positives after {@link #splitPositives}; all positives before. */
    List<Packet> positiveTest();

    /** The validation part of the positives after {@link #splitPositives}; empty before. */
    List<Packet> positiveValidation();

    /** Whether a negative trace was given. */
    boolean hasNegative();

    /** The negative (ordinary traffic) packets under the input and strategic filters; empty without one. */
    List<Packet> negatives();

    /** The number of negative packets under the input filter alone (the original's {@code _neg_collection_total}). */
    long negativeTotal();

    /** The distinct destination addresses of the negative trace under the input filter. */
    Set<IpAddress> negativeDestinations();

    /** Whether an unseen positive trace was given for a recall test. */
    boolean hasRecall();

    /** The recall packets under the input and strategic filters; empty without a recall trace. */
    List<Packet> recall();

    /** The number of recall packets under the input filter alone. */
    long recallTotal();

    /** The client subnets the user gave for the positive trace. */
    List<Subnet> positiveClients();

    /** The client subnets of the negative trace (the positive's unless given separately). */
    List<Subnet> negativeClients();

    /** The client subnets of the recall trace (the positive's unless given separately). */
    List<Subnet> recallClients();

    /** Whether this is the server-to-client run, with SRC and DST rules swapped. */
    boolean reversed();

    /**
     * Replaces the strategic filter and reloads every trace under it (the original's
     * {@code set_strategic_filter} followed by {@code load}).
     */
    void setStrategicFilter(PacketFilter filter);

    /** The strategic filter in force. */
    PacketFilter strategicFilter();

    /**
     * Splits the positives into test and validation parts with
     * {@link DetectionStrategy#testValidationSplit}, using this context's random source.
     */
    void splitPositives(double testShare);

    /** Whether an address is in the positive trace's client or server subnets (or those set by {@link #setCaseMembership}). */
    boolean inPositiveFilter(IpAddress address);

    /** Whether an address is in the negative trace's subnets (or those set by {@link #setCaseMembership}). */
    boolean inNegativeFilter(IpAddress address);

    /** Replaces the subnets {@link #inPositiveFilter} and {@link #inNegativeFilter} check; null keeps one side. */
    void setCaseMembership(List<Subnet> positive, List<Subnet> negative);

    /**
     * Runs {@link DetectionStrategy#positiveRun} for a configuration, timing it, and records its true
     * positive rate and time (the original's {@code run_on_positive}).
     */
    Detection runOnPositive(Config config);

    /**
     * Runs {@link DetectionStrategy#negativeRun} for a configuration and records its false positive
     * rate and the share of negative destinations blocked through {@link #block} (the original's
     * {@code run_on_negative}).
     */
    Detection runOnNegative(Config config);

    /** Runs {@link DetectionStrategy#recallRun} and returns the recall rate (the original's {@code run_on_recall}). */
    double runOnRecall();

    /** Notes that the negative run in progress blocks {@code destination} (wrongly: it is ordinary traffic). */
    void block(IpAddress destination);

    /** Sets measured values of a configuration's record directly. */
    RecordUpdate record(Config config);

    /** The record of a configuration so far (the worst case if nothing was measured). */
    PerformanceRecord recordOf(Config config);

    /** The value of a parameter the strategy declared: the user's, or the default. */
    <T> T parameter(Parameter<T> parameter);

    /** The seed of this run; the same traces and seed must give the same records. */
    long seed();

    /** A random source seeded from {@link #seed()}; every random choice of the strategy must come from it. */
    SplittableRandom random();

    /** A logger named for the strategy (the original's {@code debug_print}). */
    Logger log();

    /**
     * Publishes the values of the feature the strategy judges traffic by, for reports to show how
     * the protocol's traffic differs from ordinary traffic: for example the Shannon entropy of each
     * examined payload, or each payload's length. Optional: a strategy that publishes nothing simply
     * gets no distribution chart.
     *
     * <p>The engine keeps a fixed-size histogram of the values, not the values themselves, so a run's
     * results stay small whatever the traces' size. Publishing the same feature and sample again
     * adds to its values. Values that are not finite are ignored. Call it once per sample with
     * every value rather than once per packet.
     *
     * @param feature the feature's name as readers should see it, e.g. {@code payload entropy (bits per byte)}
     * @param sample whether the values come from the positive or the negative trace
     * @param values one value per examined unit (payload, window, ...)
     */
    default void publishDistribution(String feature, Sample sample, double[] values) {
    }
}
