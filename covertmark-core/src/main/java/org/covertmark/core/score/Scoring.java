package org.covertmark.core.score;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.PerformanceRecord;

/**
 * The CovertMark score of a strategy's records, as the original system computed it:
 * <ol>
 *   <li>keep the records with TPR ≥ 0.333 and FPR ≤ 0.05 (none: score 0);
 *   <li>penalise each: TPR {@code log1p((bestTPR − TPR)·100)}, FPR {@code log1p(max(0, FPR − 0.0025)·100)},
 *       time {@code log1p((t/worst_t − best_scaled)·100)} where best_scaled is the smallest t/worst_t,
 *       blocked-IP rate {@code log1p(rate·100)};
 *   <li>weigh the penalties 0.1 (TPR), 0.4 (FPR), 0.25 (time) and 0.25 (blocked IPs);
 *   <li>score = (log1p(100) − penalty) / log1p(100) · 100, times (1 − the configuration's own
 *       penalty, clipped to [0, 1]);
 * </ol>
 * and the strategy's score is the best record's. A record without a measured time counts as the
 * slowest.
 */
public final class Scoring {

    /** Records below this TPR are not acceptable. */
    public static final double MIN_TPR = 0.333;
    /** Records above this FPR are not acceptable. */
    public static final double MAX_FPR = 0.05;
    /** FPR up to this is free of penalty. */
    public static final double FREE_FPR = 0.0025;

    private static final double TPR_WEIGHT = 0.1;
    private static final double FPR_WEIGHT = 0.4;
    private static final double TIME_WEIGHT = 0.25;
    private static final double BLOCK_WEIGHT = 0.25;
    private static final double MAX_PENALTY = Math.log1p(100);

    private Scoring() {
    }

    /** The score of the records, with each configuration's own penalty from {@code configPenalty}. */
    public static Score score(Collection<PerformanceRecord> records, ToDoubleFunction<Config> configPenalty) {
        List<PerformanceRecord> kept = new ArrayList<>();
        for (PerformanceRecord r : records) {
            if (r.tpr() >= MIN_TPR && r.fpr() <= MAX_FPR) {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            return new Score(0, Optional.empty());
        }
        double bestTpr = kept.stream().mapToDouble(PerformanceRecord::tpr).max().orElseThrow();
        double worstTime = kept.stream().mapToDouble(PerformanceRecord::timeSeconds).filter(t -> !Double.isNaN(t))
                .max().orElse(0);
        double[] scaled = kept.stream().mapToDouble(r -> scaledTime(r, worstTime)).toArray();
        double bestScaled = java.util.Arrays.stream(scaled).min().orElseThrow();

        double bestScore = -1;
        PerformanceRecord best = null;
        for (int i = 0; i < kept.size(); i++) {
            PerformanceRecord r = kept.get(i);
            double penalty = TPR_WEIGHT * Math.log1p((bestTpr - r.tpr()) * 100)
                    + FPR_WEIGHT * Math.log1p(Math.max(0, r.fpr() - FREE_FPR) * 100)
                    + TIME_WEIGHT * Math.log1p((scaled[i] - bestScaled) * 100)
                    + BLOCK_WEIGHT * Math.log1p(r.blockRate() * 100);
            double s = (MAX_PENALTY - penalty) / MAX_PENALTY * 100;
            s *= 1 - Math.min(1, Math.max(0, configPenalty.applyAsDouble(r.config())));
            s = Math.max(0, Math.min(100, s));
            if (s > bestScore) {
                bestScore = s;
                best = r;
            }
        }
        return new Score(bestScore, Optional.of(best));
    }

    private static double scaledTime(PerformanceRecord r, double worst) {
        if (worst <= 0) {
            return 0;
        }
        return Double.isNaN(r.timeSeconds()) ? 1 : r.timeSeconds() / worst;
    }

    /** The band of a score: how deployable the strategy is for a censor. */
    public static String band(double score) {
        if (score >= 90) {
            return "very effective, easily deployed";
        }
        return score >= 75 ? "reasonably effective, deployable with some difficulty" : "not very effective";
    }
}
