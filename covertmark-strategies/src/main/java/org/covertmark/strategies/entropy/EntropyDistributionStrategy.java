package org.covertmark.strategies.entropy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import com.google.auto.service.AutoService;
import java.util.List;
import org.apiguardian.api.API;
import org.covertmark.analytics.entropy.ByteEntropy;
import org.covertmark.analytics.entropy.EntropyTests;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.strategies.common.PayloadGridStrategy;

/**
 * Entropy distribution: flags payloads whose bytes look uniformly random — the signature of fully
 * encrypted protocols such as obfs4 and shadowsocks. Each examined payload (cut to 1450 bytes) gets
 * three tests against uniform random bytes, each read at the 0.1 level: a KS test of its bytes, a KS
 * test of the entropies of its fixed-size blocks, and an Anderson–Darling k-sample test of the same
 * block entropies. A payload is flagged when at least {@code criterion} tests find it random.
 *
 * <p>Grid: block size ∈ {16, 32, 64} × minimum test size ∈ {1024, 512, 256, 128} × criterion ∈ {3
 * conservative, 2 majority, 1 sensitive}; payloads shorter than max(protocol_min_length, block size,
 * test size) are set aside as too short, and so are the protocols {@link
 * org.covertmark.strategies.common.Exemptions} names. Nothing is learnt: each configuration is a fixed
 * test. Each criterion step above the most sensitive costs 10 % of the score. The tests of a payload are
 * computed once per run for every block size and reused by every test size, criterion and trial (the
 * reference bytes and the byte test, which do not depend on the block size, once for all three).
 */
@AutoService(DetectionStrategy.class)
@API(status = MAINTAINED, since = "0.1")
public final class EntropyDistributionStrategy extends PayloadGridStrategy {

    static final int[] BLOCK_SIZES = {16, 32, 64};
    static final List<Object> CRITERIA = List.of(3, 2, 1);
    /** The feature published for reports: the Shannon entropy of each payload the grid examines. */
    static final String FEATURE = "payload entropy (bits per byte)";

    private EntropyTests tests;

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
        return commonParameters();
    }

    @Override
    protected int[] settings() {
        return BLOCK_SIZES;
    }

    @Override
    protected List<Object> thresholds() {
        return CRITERIA;
    }

    @Override
    protected void begin(StrategyContext context) {
        tests = EntropyTests.withSeed(context.seed());
    }

    /** The score of a block size: how many of the three tests find the payload random (0 to 3). */
    @Override
    protected void score(ByteView payload, double[] out) {
        EntropyTests.Result[] results = new EntropyTests.Result[BLOCK_SIZES.length];
        tests.test(payload, BLOCK_SIZES, results);
        for (int k = 0; k < results.length; k++) {
            out[k] = results[k].agreement(EntropyTests.P_THRESHOLD);
        }
    }

    @Override
    protected String featureName() {
        return FEATURE;
    }

    @Override
    protected double feature(ByteView payload, double[] scores) {
        return ByteEntropy.of(payload);
    }

    @Override
    protected boolean flags(Config config, double agreement) {
        return agreement >= config.intValue(2);
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
}
