package org.covertmark.strategies.common;

import java.util.List;
import java.util.Set;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Sample;
import org.covertmark.api.strategy.StrategyContext;

/**
 * The shared procedure of the strategies that test payloads one by one: the TLS/HTTP inclusion rule,
 * a grid of (setting, minimum test size, decision threshold) configurations, per-payload scores
 * computed once for every setting and reused by every test size and threshold, and positive-run
 * times that count the tests of the payloads each configuration examines.
 *
 * <p>A configuration is {@code (setting, test size, threshold)}; payloads shorter than
 * max(protocol_min_length, setting, test size) are not examined. Settings are no larger than the
 * smallest test size. FPR is over all negative packets under the input filter.
 *
 * <p>Each trace is read twice: once to judge its packets TLS or HTTP, once to score the payloads the
 * inclusion rule keeps — the second pass in batches on every processor. A payload is scored for all
 * settings at once, which lets them share work (the copy of the payload, and whatever the settings'
 * tests have in common); a configuration's time is the time of those scorings, shared equally among
 * the settings, over the payloads it examines.
 */
public abstract class PayloadGridStrategy implements DetectionStrategy {

    /** The minimum test sizes of the original's grid. */
    protected static final int[] TEST_SIZES = {1024, 512, 256, 128};

    private PayloadScores positives;
    private PayloadScores negatives;
    private Inclusion inclusion;
    private int protocolMin;

    /** The settings that need their own per-payload tests (block or window sizes). */
    protected abstract int[] settings();

    /** The decision thresholds tried for each setting and test size (criteria, percentiles). */
    protected abstract List<Object> thresholds();

    /** Prepares scoring from the context (the seed, parameters), before any payload is scored. */
    protected void begin(StrategyContext context) {
    }

    /**
     * Scores one payload, cut to {@link Payloads#MTU_CUT} bytes, for every setting, writing the score
     * for {@code settings()[k]} to {@code out[k]}. Called from several threads at once.
     */
    protected abstract void score(ByteView payload, double[] out);

    /** The name of the feature published for reports. */
    protected abstract String featureName();

    /**
     * The value of the published feature for a payload, cut, and its scores. Called from several threads
     * at once; by default the score of the first setting.
     */
    protected double feature(ByteView payload, double[] scores) {
        return scores[0];
    }

    /**
     * Decides the positive run of a configuration from the scores, for its setting, of the examined
     * positive payloads (in packet order); may remember what the negative run needs.
     */
    protected abstract Detection decidePositives(Config config, double[] examined);

    /** Whether a negative payload's score for the configuration's setting flags it. */
    protected abstract boolean flagsNegative(Config config, double score);

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp().and(PacketFilter.hasPayload());
    }

    @Override
    public void run(StrategyContext context) {
        begin(context);
        Inclusion.Rule rule = Inclusion.rule(context.parameter(Inclusion.RULE));
        byte[] judged = Inclusion.judge(context.positives(), rule);
        inclusion = Inclusion.decide(judged, rule);
        context.log().info("inclusion: {}", inclusion.describe());
        protocolMin = context.parameter(Payloads.PROTOCOL_MIN_LENGTH);
        int[] settings = settings();
        int smallest = Math.max(protocolMin, Math.max(max(settings), TEST_SIZES[TEST_SIZES.length - 1]));
        PayloadScores.Scorer scorer = new PayloadScores.Scorer() {
            @Override
            public void score(ByteView payload, double[] out) {
                PayloadGridStrategy.this.score(payload, out);
            }

            @Override
            public double feature(ByteView payload, double[] scores) {
                return PayloadGridStrategy.this.feature(payload, scores);
            }
        };
        positives = PayloadScores.of(context.positives(), inclusion.kept(judged), smallest, settings.length, scorer);
        context.publishDistribution(featureName(), Sample.POSITIVE, positives.features(smallest));
        if (context.hasNegative()) {
            byte[] negativeJudged = Inclusion.judge(context.negatives(), rule);
            negatives = PayloadScores.of(context.negatives(), inclusion.kept(negativeJudged), smallest,
                    settings.length, scorer);
            context.publishDistribution(featureName(), Sample.NEGATIVE, negatives.features(smallest));
        }
        for (int setting : settings) {
            for (int testSize : TEST_SIZES) {
                int min = minLength(protocolMin, setting, testSize);
                for (Object threshold : thresholds()) {
                    Config config = Config.of(setting, testSize, threshold);
                    context.runOnPositive(config);
                    context.record(config).timeSeconds(context.recordOf(config).timeSeconds()
                            + positives.seconds(min) / settings.length);
                    if (context.hasNegative()) {
                        context.runOnNegative(config);
                    }
                }
            }
        }
    }

    private static int max(int[] values) {
        int m = Integer.MIN_VALUE;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static int minLength(int protocolMin, int setting, int testSize) {
        return Math.max(protocolMin, Math.max(setting, testSize));
    }

    private int settingIndex(Config config) {
        int setting = config.intValue(0);
        int[] settings = settings();
        for (int i = 0; i < settings.length; i++) {
            if (settings[i] == setting) {
                return i;
            }
        }
        throw new IllegalArgumentException("no setting " + setting + " in " + java.util.Arrays.toString(settings));
    }

    @Override
    public final Detection positiveRun(StrategyContext context, Config config) {
        int min = minLength(protocolMin, config.intValue(0), config.intValue(1));
        return decidePositives(config, positives.values(settingIndex(config), min));
    }

    @Override
    public final Detection negativeRun(StrategyContext context, Config config) {
        int s = settingIndex(config);
        int min = minLength(protocolMin, config.intValue(0), config.intValue(1));
        long flagged = 0;
        for (int i = 0; i < negatives.size(); i++) {
            if (negatives.examined(i, min) && flagsNegative(config, negatives.score(s, i))) {
                flagged++;
                context.block(negatives.destination(i));
            }
        }
        return Detection.of(flagged, Math.max(flagged, context.negativeTotal()));
    }

    @Override
    public String blockedReport(Set<IpAddress> blocked) {
        return "(" + WiresharkFilters.destinations(blocked) + ") && tcp.len > 0"
                + (inclusion == null || inclusion.wiresharkClause().isEmpty() ? "" : " && " + inclusion.wiresharkClause());
    }
}
