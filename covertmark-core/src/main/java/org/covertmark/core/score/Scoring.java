package org.covertmark.core.score;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;
import org.covertmark.core.measure.Interval;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;

/**
 * The CovertMark score of a strategy's configurations, as the original system computed it, read at
 * the connection level:
 * <ol>
 *   <li>keep the configurations with TPR ≥ 0.333 and FPR ≤ 0.05 — TPR and FPR over connections —
 *       that were measured at all (some positive and some negative connection examined); none: score 0;
 *   <li>penalise each: TPR {@code log1p((bestTPR − TPR)·100)}, FPR {@code log1p(max(0, FPR − 0.0025)·100)},
 *       blocked-host rate (the FPR over remote hosts) {@code log1p(rate·100)}, and — only in the
 *       machine-dependent variant — time {@code log1p((t/worst_t − best_scaled)·100)};
 *   <li>weigh the penalties 0.1 (TPR), 0.4 (FPR), 0.25 (blocked hosts) and 0.25 (time);
 *   <li>score = (log1p(100) − penalty) / log1p(100) · 100, times (1 − the configuration's own
 *       penalty, clipped to [0, 1]).
 * </ol>
 * The default score leaves time out: a measured time changes from run to run and machine to machine,
 * and must not decide which configuration is best.
 */
@API(status = INTERNAL, since = "0.1")
public final class Scoring {

    /** Configurations below this TPR are not acceptable. */
    public static final double MIN_TPR = 0.333;
    /** Configurations above this FPR are not acceptable. */
    public static final double MAX_FPR = 0.05;
    /** FPR up to this is free of penalty. */
    public static final double FREE_FPR = 0.0025;
    /** Scores from this up are "very effective". */
    public static final double VERY_EFFECTIVE = 90;
    /** Scores from this up are "reasonably effective". */
    public static final double REASONABLY_EFFECTIVE = 75;

    private static final double TPR_WEIGHT = 0.1;
    private static final double FPR_WEIGHT = 0.4;
    private static final double TIME_WEIGHT = 0.25;
    private static final double BLOCK_WEIGHT = 0.25;
    private static final double MAX_PENALTY = Math.log1p(100);

    private Scoring() {
    }

    /**
     * The rates one configuration is scored by.
     *
     * @param tpr TPR over connections
     * @param fpr FPR over connections
     * @param blockRate FPR over remote hosts
     */
    @API(status = INTERNAL, since = "0.1")
    public record Rates(double tpr, double fpr, double blockRate) {

        /** The connection and host rates of a measurement; empty when a rate is over no unit. */
        public static Optional<Rates> of(Measurement m) {
            UnitRates flow = m.flow();
            UnitRates host = m.host();
            if (flow == null || host == null || flow.tpr().isEmpty() || flow.fpr().isEmpty() || host.fpr().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Rates(flow.tpr().getAsDouble(), flow.fpr().getAsDouble(),
                    host.fpr().getAsDouble()));
        }

        /** Whether the rates pass the acceptance limits. */
        public boolean acceptable() {
            return tpr >= MIN_TPR && fpr <= MAX_FPR;
        }
    }

    /**
     * One configuration as the score sees it.
     *
     * @param rates its rates, empty when it was not measured
     * @param configPenalty the strategy's own penalty for the configuration, in [0, 1]
     * @param timeSeconds the measured time, NaN if none; read only by the machine-dependent score
     */
    @API(status = INTERNAL, since = "0.1")
    public record Candidate(Optional<Rates> rates, double configPenalty, double timeSeconds) {
    }

    /**
     * The best of the candidates and its score.
     *
     * @param best the index of the best candidate, empty when none is acceptable
     * @param score its score; 0 when none is acceptable
     * @param bestTpr the highest TPR among the acceptable candidates (NaN when none)
     */
    @API(status = INTERNAL, since = "0.1")
    public record Choice(OptionalInt best, double score, double bestTpr) {
    }

    /**
     * Chooses the best candidate by score (the first of equal scores), with time ({@code withTime},
     * the original's machine-dependent score) or without.
     */
    public static Choice choose(List<Candidate> candidates, boolean withTime) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).rates().map(Rates::acceptable).orElse(false)) {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            return new Choice(OptionalInt.empty(), 0, Double.NaN);
        }
        double bestTpr = kept.stream().mapToDouble(i -> candidates.get(i).rates().orElseThrow().tpr()).max().orElseThrow();
        double worstTime = kept.stream().mapToDouble(i -> candidates.get(i).timeSeconds())
                .filter(t -> !Double.isNaN(t)).max().orElse(0);
        double bestScaled = kept.stream().mapToDouble(i -> scaledTime(candidates.get(i).timeSeconds(), worstTime))
                .min().orElseThrow();
        int best = -1;
        double bestScore = -1;
        for (int i : kept) {
            Candidate c = candidates.get(i);
            double timeGap = withTime ? scaledTime(c.timeSeconds(), worstTime) - bestScaled : 0;
            double s = score(c.rates().orElseThrow(), bestTpr, timeGap, c.configPenalty(), withTime);
            if (s > bestScore) {
                bestScore = s;
                best = i;
            }
        }
        return new Choice(OptionalInt.of(best), bestScore, bestTpr);
    }

    /**
     * The score of acceptable rates against the best TPR of their grid: 0 for rates that are not
     * acceptable. {@code timeGap} is the configuration's scaled time above the fastest one's, read only
     * {@code withTime}.
     */
    public static double score(Rates r, double bestTpr, double timeGap, double configPenalty, boolean withTime) {
        if (!r.acceptable()) {
            return 0;
        }
        double penalty = TPR_WEIGHT * Math.log1p(Math.max(0, bestTpr - r.tpr()) * 100)
                + FPR_WEIGHT * Math.log1p(Math.max(0, r.fpr() - FREE_FPR) * 100)
                + BLOCK_WEIGHT * Math.log1p(r.blockRate() * 100)
                + (withTime ? TIME_WEIGHT * Math.log1p(Math.max(0, timeGap) * 100) : 0);
        double s = (MAX_PENALTY - penalty) / MAX_PENALTY * 100;
        s *= 1 - Math.min(1, Math.max(0, configPenalty));
        return Math.max(0, Math.min(100, s));
    }

    /**
     * The scores at the two ends of the rates' 95 % intervals — worst (lowest TPR, highest FPR and
     * block rate) and best — holding the grid's best TPR and the configuration penalty; empty when an
     * interval is missing.
     */
    public static Optional<Bounds> scoreInterval(Measurement m, double bestTpr, double configPenalty) {
        UnitRates flow = m.flow();
        UnitRates host = m.host();
        if (flow == null || host == null || flow.tprCi95().isEmpty() || flow.fprCi95().isEmpty()
                || host.fprCi95().isEmpty()) {
            return Optional.empty();
        }
        Interval tpr = flow.tprCi95().get();
        Interval fpr = flow.fprCi95().get();
        Interval block = host.fprCi95().get();
        double worst = score(new Rates(tpr.lower(), fpr.upper(), block.upper()), bestTpr, 0, configPenalty, false);
        double best = score(new Rates(tpr.upper(), fpr.lower(), block.lower()), bestTpr, 0, configPenalty, false);
        return Optional.of(new Bounds(Math.min(worst, best), Math.max(worst, best)));
    }

    /**
     * The lowest and highest score rates within their intervals can give.
     *
     * @param lower the score at the worst ends of the intervals
     * @param upper the score at the best ends
     */
    @API(status = INTERNAL, since = "0.1")
    public record Bounds(double lower, double upper) {

        /** Whether both ends fall in one band. */
        public boolean oneBand() {
            return band(lower).equals(band(upper));
        }
    }

    private static double scaledTime(double t, double worst) {
        if (worst <= 0) {
            return 0;
        }
        return Double.isNaN(t) ? 1 : t / worst;
    }

    /** The band of a score: how deployable the strategy is for a censor. */
    public static String band(double score) {
        if (score >= VERY_EFFECTIVE) {
            return "very effective, easily deployed";
        }
        return score >= REASONABLY_EFFECTIVE ? "reasonably effective, deployable with some difficulty"
                : "not very effective";
    }


}
