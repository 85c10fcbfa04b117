package org.covertmark.strategies.entropy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;
import org.covertmark.analytics.entropy.EntropyEstimation;
import org.covertmark.analytics.stats.Percentile;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.strategies.common.PayloadGridStrategy;

/**
 * Entropy estimation: the mean, over windows of w bytes sliding along a payload (cut to 1450
 * bytes), of the share of distinct byte values in the window — high for random-looking payloads. The
 * cut-off is learnt on the selection part: the p-th percentile of its positive payloads' values (so
 * about (100 − p) % of them are flagged); any payload at or above the cut-off is flagged.
 *
 * <p>Grid: window w ∈ {32, 64, 96} × minimum test size ∈ {1024, 512, 256, 128} × p ∈ {0.1, 0.5, 1,
 * 5}. The original floored the cut-off — a proportion in [0, 1], so the floor made it 0 and flagged
 * everything; the percentile value itself is used here, and {@code floor_cutoff=true} restores the
 * original's behaviour. The three window sizes are computed together, in one pass over each payload.
 */
@AutoService(DetectionStrategy.class)
@API(status = MAINTAINED, since = "0.1")
public final class EntropyEstimationStrategy extends PayloadGridStrategy {

    static final int[] WINDOWS = {32, 64, 96};
    static final List<Object> PERCENTILES = List.of(0.1, 0.5, 1.0, 5.0);

    static final Parameter<Boolean> FLOOR_CUTOFF = Parameter.flag("floor_cutoff", false,
            "Floor the cut-off as the original did (which flags every payload); for comparison only.");

    private final Map<Config, Double> cutoffs = new HashMap<>();
    /**
     * The examined positive values of the selection part of the last (window, test size, trial), sorted:
     * every percentile of the triple reads them, and the grid runs a pair's percentiles one after another.
     */
    private List<Integer> sortedKey;
    private double[] sorted;
    private boolean floor;
    private Config flagsConfig;
    private double flagsCutoff;

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
        List<Parameter<?>> out = new java.util.ArrayList<>(commonParameters());
        out.add(FLOOR_CUTOFF);
        return out;
    }

    @Override
    protected void begin(StrategyContext context) {
        floor = context.parameter(FLOOR_CUTOFF);
    }

    @Override
    protected int[] settings() {
        return WINDOWS;
    }

    @Override
    protected List<Object> thresholds() {
        return PERCENTILES;
    }

    /** The mean distinct-byte fraction of each window size, in one pass over the payload. */
    @Override
    protected void score(ByteView payload, double[] out) {
        EntropyEstimation.meanDistinctFractions(payload, WINDOWS, out);
    }

    @Override
    protected String featureName() {
        // The value the cut-off is set on, for every payload the grid examines.
        return "mean distinct-byte fraction (window " + WINDOWS[0] + " B)";
    }

    /** The cut-off: the configuration's percentile of the selection part's examined positive values. */
    @Override
    protected void learn(StrategyContext context, Config config, double[] selectedPositives) {
        List<Integer> key = List.of(config.intValue(0), config.intValue(1), context.trial());
        if (!key.equals(sortedKey)) {
            sorted = selectedPositives.clone();
            Arrays.sort(sorted);
            sortedKey = key;
        }
        double cutoff = Percentile.ofSorted(sorted, config.doubleValue(2));
        cutoffs.put(config, floor ? Math.floor(cutoff) : cutoff);
        flagsConfig = null;
    }

    @Override
    protected boolean flags(Config config, double value) {
        // Called once per payload: the configuration's cut-off is looked up once per configuration.
        if (config != flagsConfig) {
            flagsCutoff = cutoffs.getOrDefault(config, Double.NaN);
            flagsConfig = config;
        }
        return !Double.isNaN(flagsCutoff) && value >= flagsCutoff;
    }

    @Override
    public String interpretConfig(Config config) {
        Double cutoff = cutoffs.get(config);
        return "window " + config.get(0) + " B, payloads ≥ " + config.get(1) + " B, " + config.get(2) + "th percentile"
                + (cutoff == null || cutoff.isNaN() ? "" : String.format(Locale.ROOT, " (cut-off %.4f)", cutoff));
    }
}
