package org.covertmark.strategies.common;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;

/**
 * The shared procedure of the strategies that test payloads one by one: the protocols set aside
 * ({@link Exemptions}), a grid of (setting, minimum test size, decision threshold) configurations,
 * and per-payload scores computed once per run for every setting and reused by every test size,
 * threshold and trial.
 *
 * <p>A configuration is {@code (setting, test size, threshold)}; payloads shorter than
 * max(protocol_min_length, setting, test size) are set aside as {@code too-short}. Settings are no
 * larger than the smallest test size. Each trace is read twice in {@link #prepare}: once to judge each
 * packet's protocol, once to score the payloads to be tested — the second pass in batches on every
 * processor. A payload is scored for all settings at once, which lets them share work.
 */
@API(status = INTERNAL, since = "0.1")
public abstract class PayloadGridStrategy implements DetectionStrategy {

    /** The minimum test sizes of the original's grid. */
    protected static final int[] TEST_SIZES = {1024, 512, 256, 128};

    private final Map<Role, PayloadScores> scores = new EnumMap<>(Role.class);
    private final Map<Role, String[]> setAside = new EnumMap<>(Role.class);
    private Exemptions exemptions;
    private int protocolMin;
    private List<Integer> selectedKey;
    private double[] selectedValues;

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
     * Learns what a configuration needs from the scores, for its setting, of the examined positive
     * payloads of the selection part, in packet order (a cut-off, say). Nothing by default.
     */
    protected void learn(StrategyContext context, Config config, double[] selectedPositives) {
    }

    /** Whether a payload's score for the configuration's setting flags it. */
    protected abstract boolean flags(Config config, double score);

    /** The parameters every payload-grid strategy reads. */
    protected static List<Parameter<?>> commonParameters() {
        return List.of(Payloads.PROTOCOL_MIN_LENGTH, Exemptions.RULE, Exemptions.EXEMPT);
    }

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp().and(PacketFilter.hasPayload());
    }

    @Override
    public void prepare(StrategyContext context) {
        begin(context);
        exemptions = Exemptions.decide(context);
        context.log().info("set aside: {}", exemptions.describe());
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
        for (Role role : Role.values()) {
            if (!context.has(role)) {
                continue;
            }
            TraceView trace = context.trace(role);
            String[] reasons = exemptions.reasons(trace);
            int[] tested = new int[reasons.length];
            int n = 0;
            for (int i = 0; i < reasons.length; i++) {
                if (reasons[i] == null) {
                    tested[n++] = i;
                }
            }
            setAside.put(role, reasons);
            PayloadScores s = PayloadScores.of(trace.packets(), Arrays.copyOf(tested, n), smallest, settings.length,
                    scorer);
            scores.put(role, s);
            if (role != Role.RECALL) {
                context.publishDistribution(featureName(), role, s.features(smallest));
            }
        }
    }

    @Override
    public List<Config> configurations(StrategyContext context) {
        List<Config> out = new ArrayList<>();
        for (int setting : settings()) {
            for (int testSize : TEST_SIZES) {
                for (Object threshold : thresholds()) {
                    out.add(Config.of(setting, testSize, threshold));
                }
            }
        }
        return out;
    }

    @Override
    public void learn(StrategyContext context, Config config) {
        int s = settingIndex(config);
        int min = minLength(config);
        // The selection part's values of a (setting, test size) serve every threshold of the pair in a trial.
        List<Integer> key = List.of(s, min, context.trial());
        if (!key.equals(selectedKey)) {
            PayloadScores positives = scores.get(Role.POSITIVE);
            TraceView trace = context.trace(Role.POSITIVE);
            double[] values = new double[positives.size()];
            int n = 0;
            for (int j = 0; j < positives.size(); j++) {
                if (positives.examined(j, min) && trace.selected(positives.row(j))) {
                    values[n++] = positives.score(s, j);
                }
            }
            selectedValues = Arrays.copyOf(values, n);
            selectedKey = key;
        }
        learn(context, config, selectedValues);
    }

    @Override
    public Decisions decide(StrategyContext context, TraceView trace, Config config) {
        Decisions.Builder d = Decisions.packets(trace);
        String[] reasons = setAside.get(trace.role());
        PayloadScores s = scores.get(trace.role());
        int setting = settingIndex(config);
        int min = minLength(config);
        // Scored payloads are in packet order: one pass, one decision per packet.
        int j = 0;
        for (int i = 0; i < reasons.length; i++) {
            if (reasons[i] != null) {
                d.setAside(i, reasons[i]);
                continue;
            }
            while (j < s.size() && s.row(j) < i) {
                j++;
            }
            if (j < s.size() && s.row(j) == i && s.examined(j, min)) {
                if (flags(config, s.score(setting, j))) {
                    d.flag(i);
                } else {
                    d.pass(i);
                }
            } else {
                d.setAside(i, Decisions.TOO_SHORT);
            }
        }
        return d.build();
    }

    private static int max(int[] values) {
        int m = Integer.MIN_VALUE;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private int minLength(Config config) {
        return Math.max(protocolMin, Math.max(config.intValue(0), config.intValue(1)));
    }

    private int settingIndex(Config config) {
        int setting = config.intValue(0);
        int[] settings = settings();
        for (int i = 0; i < settings.length; i++) {
            if (settings[i] == setting) {
                return i;
            }
        }
        throw new IllegalArgumentException("no setting " + setting + " in " + Arrays.toString(settings));
    }
}
