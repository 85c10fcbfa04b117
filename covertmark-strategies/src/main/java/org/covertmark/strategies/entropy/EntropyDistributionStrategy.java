package org.covertmark.strategies.entropy;

import com.google.auto.service.AutoService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.covertmark.analytics.entropy.ByteEntropy;
import org.covertmark.analytics.entropy.EntropyTests;
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
 * Entropy distribution: flags payloads whose bytes look uniformly random — the signature of fully
 * encrypted protocols such as obfs4 and shadowsocks. Each examined payload (cut to 1450 bytes) gets
 * three tests against uniform random bytes, each read at the 0.1 level: a KS test of its bytes, a KS
 * test of the entropies of its fixed-size blocks, and an Anderson–Darling k-sample test of the same
 * block entropies. A payload is flagged when at least {@code criterion} tests find it random.
 *
 * <p>Grid: block size ∈ {16, 32, 64} × minimum test size ∈ {1024, 512, 256, 128} × criterion ∈ {3
 * conservative, 2 majority, 1 sensitive}; payloads shorter than max(protocol_min_length, block size,
 * test size) are not examined. TPR is over the examined positive payloads, FPR over all negative
 * packets under the input filter. Each criterion step above the most sensitive costs 10 % of the
 * score. The tests of a payload are computed once per block size and reused by every test size and
 * criterion; a configuration's time is that of the tests of the payloads it examines.
 */
@AutoService(DetectionStrategy.class)
public final class EntropyDistributionStrategy implements DetectionStrategy {

    static final int[] BLOCK_SIZES = {16, 32, 64};
    static final int[] TEST_SIZES = {1024, 512, 256, 128};
    static final int[] CRITERIA = {3, 2, 1};
    /** The feature published for reports: the Shannon entropy of each payload the grid examines. */
    static final String FEATURE = "payload entropy (bits per byte)";

    private final Map<Integer, Examined<EntropyTests.Result>> positives = new HashMap<>();
    private final Map<Integer, Examined<EntropyTests.Result>> negatives = new HashMap<>();
    private Inclusion inclusion;
    private int minLength;

    @Override
    public String name() {
        return "entropy-dist";
    }

    @Override
    public String description() {
        return "Flags payloads whose bytes and block entropies are indistinguishable from uniform random bytes "
                + "(KS and Anderson-Darling tests); aimed at fully encrypted transports such as obfs4 and shadowsocks.";
    }

    @Override
    public List<String> configColumns() {
        return List.of("Block Size", "Test Size", "Criterion");
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(Payloads.PROTOCOL_MIN_LENGTH, Inclusion.RULE);
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
        EntropyTests tests = EntropyTests.withSeed(context.seed());
        int examinedAtAll = minLength(protocolMin, BLOCK_SIZES[0], TEST_SIZES[TEST_SIZES.length - 1]);
        context.publishDistribution(FEATURE, Sample.POSITIVE,
                new Examined<>(pos, examinedAtAll, ByteEntropy::of).values(examinedAtAll, Double::doubleValue));
        context.publishDistribution(FEATURE, Sample.NEGATIVE,
                new Examined<>(neg, examinedAtAll, ByteEntropy::of).values(examinedAtAll, Double::doubleValue));
        for (int block : BLOCK_SIZES) {
            int smallest = Math.max(protocolMin, Math.max(block, TEST_SIZES[TEST_SIZES.length - 1]));
            positives.put(block, new Examined<>(pos, smallest, p -> tests.test(p, block)));
            if (context.hasNegative()) {
                negatives.put(block, new Examined<>(neg, smallest, p -> tests.test(p, block)));
            }
            for (int testSize : TEST_SIZES) {
                for (int criterion : CRITERIA) {
                    Config config = Config.of(block, testSize, criterion);
                    context.runOnPositive(config);
                    context.record(config).timeSeconds(context.recordOf(config).timeSeconds()
                            + positives.get(block).seconds(minLength(protocolMin, block, testSize)));
                    if (context.hasNegative()) {
                        context.runOnNegative(config);
                    }
                }
            }
        }
    }

    private static int minLength(int protocolMin, int block, int testSize) {
        return Math.max(protocolMin, Math.max(block, testSize));
    }

    @Override
    public Detection positiveRun(StrategyContext context, Config config) {
        Examined<EntropyTests.Result> e = positives.get(config.intValue(0));
        int min = minLength(context.parameter(Payloads.PROTOCOL_MIN_LENGTH), config.intValue(0), config.intValue(1));
        long examined = 0;
        long flagged = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.examined(i, min)) {
                examined++;
                if (e.result(i).agreement(EntropyTests.P_THRESHOLD) >= config.intValue(2)) {
                    flagged++;
                }
            }
        }
        return Detection.of(flagged, examined);
    }

    @Override
    public Detection negativeRun(StrategyContext context, Config config) {
        Examined<EntropyTests.Result> e = negatives.get(config.intValue(0));
        int min = minLength(context.parameter(Payloads.PROTOCOL_MIN_LENGTH), config.intValue(0), config.intValue(1));
        long flagged = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.examined(i, min) && e.result(i).agreement(EntropyTests.P_THRESHOLD) >= config.intValue(2)) {
                flagged++;
                context.block(e.packet(i).destination());
            }
        }
        return Detection.of(flagged, Math.max(flagged, context.negativeTotal()));
    }

    @Override
    public double configPenalty(Config config) {
        return 0.1 * (config.intValue(2) - 1);
    }

    @Override
    public String interpretConfig(Config config) {
        int c = config.intValue(2);
        return "block " + config.get(0) + " B, payloads ≥ " + config.get(1) + " B, "
                + (c == 3 ? "all 3 tests (conservative)" : c == 2 ? "2 of 3 tests (majority)" : "1 of 3 tests (sensitive)");
    }

    @Override
    public String blockedReport(Set<IpAddress> blocked) {
        return "(" + WiresharkFilters.destinations(blocked) + ") && tcp.len > 0"
                + (inclusion == null ? "" : " && " + inclusion.wiresharkClause());
    }
}
