package org.covertmark.strategies.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.StrategyContext;

/**
 * The shared procedure of the strategies that test payloads one by one: the TLS/HTTP inclusion rule,
 * a grid of (setting, minimum test size, decision threshold) configurations, per-payload results
 * computed once per setting and reused by every test size and threshold, and positive-run times that
 * count the tests of the payloads each configuration examines.
 *
 * <p>A configuration is {@code (setting, test size, threshold)}; payloads shorter than
 * max(protocol_min_length, setting, test size) are not examined. FPR is over all negative packets
 * under the input filter.
 *
 * @param <R> the result of testing one payload
 */
public abstract class PayloadGridStrategy<R> implements DetectionStrategy {

    /** The minimum test sizes of the original's grid. */
    protected static final int[] TEST_SIZES = {1024, 512, 256, 128};

    private final Map<Integer, Examined<R>> positives = new HashMap<>();
    private final Map<Integer, Examined<R>> negatives = new HashMap<>();
    private Inclusion inclusion;

    /** The settings that need their own per-payload tests (block or window sizes). */
    protected abstract int[] settings();

    /** The decision thresholds tried for each setting and test size (criteria, percentiles). */
    protected abstract List<Object> thresholds();

    /** Tests one payload, cut to {@link Payloads#MTU_CUT} bytes, for a setting. */
    protected abstract R test(StrategyContext context, int setting, ByteView payload);

    /**
     * Decides the positive run of a configuration from the results of the examined positive payloads
     * (in packet order); may remember what the negative run needs.
     */
    protected abstract Detection decidePositives(Config config, List<R> examined);

    /** Whether a negative payload's result flags it under a configuration. */
    protected abstract boolean flagsNegative(Config config, R result);

    /**
     * Publishes, for reports, the distribution of the feature the strategy judges by, over the
     * payloads the grid examines at all ({@code examined} are those of the first setting).
     */
    protected abstract void publish(StrategyContext context, Examined<R> positives, Examined<R> negatives,
            int minLength);

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp().and(PacketFilter.hasPayload());
    }

    @Override
    public void run(StrategyContext context) {
        inclusion = Inclusion.decide(context.positives(), Inclusion.rule(context.parameter(Inclusion.RULE)));
        context.log().info("inclusion: {}", inclusion.describe());
        List<Packet> pos = inclusion.apply(context.positives());
        List<Packet> neg = inclusion.apply(context.negatives());
        int protocolMin = context.parameter(Payloads.PROTOCOL_MIN_LENGTH);
        for (int setting : settings()) {
            int smallest = minLength(protocolMin, setting, TEST_SIZES[TEST_SIZES.length - 1]);
            positives.put(setting, new Examined<>(pos, smallest, p -> test(context, setting, p)));
            if (context.hasNegative()) {
                negatives.put(setting, new Examined<>(neg, smallest, p -> test(context, setting, p)));
            }
            if (setting == settings()[0]) {
                publish(context, positives.get(setting), negatives.get(setting), smallest);
            }
            for (int testSize : TEST_SIZES) {
                for (Object threshold : thresholds()) {
                    Config config = Config.of(setting, testSize, threshold);
                    context.runOnPositive(config);
                    context.record(config).timeSeconds(context.recordOf(config).timeSeconds()
                            + positives.get(setting).seconds(minLength(protocolMin, setting, testSize)));
                    if (context.hasNegative()) {
                        context.runOnNegative(config);
                    }
                }
            }
        }
    }

    private static int minLength(int protocolMin, int setting, int testSize) {
        return Math.max(protocolMin, Math.max(setting, testSize));
    }

    private static int minLength(StrategyContext context, Config config) {
        return minLength(context.parameter(Payloads.PROTOCOL_MIN_LENGTH), config.intValue(0), config.intValue(1));
    }

    @Override
    public final Detection positiveRun(StrategyContext context, Config config) {
        Examined<R> e = positives.get(config.intValue(0));
        int min = minLength(context, config);
        List<R> examined = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            if (e.examined(i, min)) {
                examined.add(e.result(i));
            }
        }
        return decidePositives(config, examined);
    }

    @Override
    public final Detection negativeRun(StrategyContext context, Config config) {
        Examined<R> e = negatives.get(config.intValue(0));
        int min = minLength(context, config);
        long flagged = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.examined(i, min) && flagsNegative(config, e.result(i))) {
                flagged++;
                context.block(e.packet(i).destination());
            }
        }
        return Detection.of(flagged, Math.max(flagged, context.negativeTotal()));
    }

    @Override
    public String blockedReport(Set<IpAddress> blocked) {
        return "(" + WiresharkFilters.destinations(blocked) + ") && tcp.len > 0"
                + (inclusion == null ? "" : " && " + inclusion.wiresharkClause());
    }
}
