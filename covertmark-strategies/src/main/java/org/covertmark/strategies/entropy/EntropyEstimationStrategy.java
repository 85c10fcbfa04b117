package org.covertmark.strategies.entropy;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.covertmark.analytics.entropy.EntropyEstimation;
import org.covertmark.analytics.stats.Percentile;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Sample;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.strategies.common.Examined;
import org.covertmark.strategies.common.Inclusion;
import org.covertmark.strategies.common.Payloads;

/**
 * Entropy estimation: the mean, over windows of w bytes sliding along a payload (cut to 1450
 * bytes), of the share of distinct byte values in the window — high for random-looking payloads. The
 * positive run sets the cut-off at the p-th percentile of the positive payloads' values (so about
 * (100 − p) % of them are flagged); a negative payload at or above the cut-off is a false positive.
 *
 * <p>Grid: window w ∈ {32, 64, 96} × minimum test size ∈ {1024, 512, 256, 128} × p ∈ {0.1, 0.5, 1,
 * 5}. The original floored the cut-off — a proportion in [0, 1], so the floor made it 0 and flagged
 * everything; the percentile value itself is used here, and {@code floor_cutoff=true} restores the
 * original's behaviour.
 */
@AutoService(DetectionStrategy.class)
public final class EntropyEstimationStrategy implements DetectionStrategy {

    static final int[] WINDOWS = {32, 64, 96};
    static final int[] TEST_SIZES = {1024, 512, 256, 128};
    static final double[] PERCENTILES = {0.1, 0.5, 1, 5};

    static final Parameter<Boolean> FLOOR_CUTOFF = Parameter.flag("floor_cutoff", false,
            "Floor the cut-off as the original did (which flags every payload); for comparison only.");

    private final Map<Integer, Examined<Double>> positives = new HashMap<>();
    private final Map<Integer, Examined<Double>> negatives = new HashMap<>();
    private final Map<Config, Double> cutoffs = new HashMap<>();
    private Inclusion inclusion;

    @Override
    public String name() {
        return "entropy-est";
    }

    @Override
    public String description() {
        return "Flags payloads whose sliding-window share of distinct byte values reaches a cut-off learnt from the "
                + "protocol's payloads.";
    }

    @Override
    public List<String> configColumns() {
        return List.of("Window Size", "Test Size", "Percentile");
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(Payloads.PROTOCOL_MIN_LENGTH, Inclusion.RULE, FLOOR_CUTOFF);
    }

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp().and(PacketFilter.hasPayload());
    }

    @Override
    public void run(StrategyContext context) {
        inclusion = Inclusion.decide(context.positives(), Inclusion.rule(context.parameter(Inclusion.RULE)));
        context.log().info("inclusion: {}", inclusion.describe());
        var pos = inclusion.apply(context.positives());
        var neg = inclusion.apply(context.negatives());
        int protocolMin = context.parameter(Payloads.PROTOCOL_MIN_LENGTH);
        for (int w : WINDOWS) {
            int smallest = Math.max(protocolMin, Math.max(w, TEST_SIZES[TEST_SIZES.length - 1]));
            positives.put(w, new Examined<>(pos, smallest, p -> EntropyEstimation.meanDistinctFraction(p, w)));
            if (context.hasNegative()) {
                negatives.put(w, new Examined<>(neg, smallest, p -> EntropyEstimation.meanDistinctFraction(p, w)));
            }
            if (w == WINDOWS[0]) {
                // Published for reports: the value the cut-off is set on, for every payload the grid examines.
                String feature = "mean distinct-byte fraction (window " + w + " B)";
                context.publishDistribution(feature, Sample.POSITIVE, positives.get(w).values(smallest, v -> v));
                if (context.hasNegative()) {
                    context.publishDistribution(feature, Sample.NEGATIVE, negatives.get(w).values(smallest, v -> v));
                }
            }
            for (int testSize : TEST_SIZES) {
                for (double p : PERCENTILES) {
                    Config config = Config.of(w, testSize, p);
                    context.runOnPositive(config);
                    context.record(config).timeSeconds(context.recordOf(config).timeSeconds()
                            + positives.get(w).seconds(Math.max(protocolMin, Math.max(w, testSize))));
                    if (context.hasNegative()) {
                        context.runOnNegative(config);
                    }
                }
            }
        }
    }

    @Override
    public Detection positiveRun(StrategyContext context, Config config) {
        Examined<Double> e = positives.get(config.intValue(0));
        int min = Math.max(context.parameter(Payloads.PROTOCOL_MIN_LENGTH), Math.max(config.intValue(0), config.intValue(1)));
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            if (e.examined(i, min)) {
                values.add(e.result(i));
            }
        }
        double cutoff = Percentile.of(values.stream().mapToDouble(Double::doubleValue).toArray(), config.doubleValue(2));
        if (context.parameter(FLOOR_CUTOFF)) {
            cutoff = Math.floor(cutoff);
        }
        cutoffs.put(config, cutoff);
        final double c = cutoff;
        return Detection.of(values.stream().filter(v -> v >= c).count(), values.size());
    }

    @Override
    public Detection negativeRun(StrategyContext context, Config config) {
        Examined<Double> e = negatives.get(config.intValue(0));
        int min = Math.max(context.parameter(Payloads.PROTOCOL_MIN_LENGTH), Math.max(config.intValue(0), config.intValue(1)));
        double cutoff = cutoffs.getOrDefault(config, Double.NaN);
        long flagged = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.examined(i, min) && e.result(i) >= cutoff) {
                flagged++;
                context.block(e.packet(i).destination());
            }
        }
        return Detection.of(flagged, Math.max(flagged, context.negativeTotal()));
    }

    @Override
    public String interpretConfig(Config config) {
        Double cutoff = cutoffs.get(config);
        return "window " + config.get(0) + " B, payloads ≥ " + config.get(1) + " B, " + config.get(2) + "th percentile"
                + (cutoff == null || cutoff.isNaN() ? "" : String.format(java.util.Locale.ROOT, " (cut-off %.4f)", cutoff));
    }

    @Override
    public String blockedReport(Set<IpAddress> blocked) {
        return "(" + WiresharkFilters.destinations(blocked) + ") && tcp.len > 0"
                + (inclusion == null ? "" : " && " + inclusion.wiresharkClause());
    }
}
