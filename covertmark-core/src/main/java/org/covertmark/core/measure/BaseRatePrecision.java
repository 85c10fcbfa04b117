package org.covertmark.core.measure;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * Precision of a detector when a censor sees λ negatives for every positive: TPR / (TPR + λ·FPR), after Wails et
 * al., "On Precisely Detecting Censorship Circumvention in Real-World Networks" (NDSS 2024). A false-positive rate
 * that looks small in a balanced test can still mean most flagged flows are innocent at realistic base rates.
 */
@API(status = MAINTAINED, since = "0.1")
public final class BaseRatePrecision {

    /** The base rates λ at which precision is usually reported, from balanced to one positive in a million. */
    public static final List<Long> BASE_RATES = List.of(1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L);

    private BaseRatePrecision() {
    }

    /**
     * The precision at the given rates and base rate.
     *
     * @return empty when TPR + λ·FPR = 0, as then nothing would be flagged and precision is undefined
     * @throws IllegalArgumentException when a rate is outside [0, 1] or λ is not a positive finite number
     */
    public static OptionalDouble at(double tpr, double fpr, double lambda) {
        checkRate("true-positive rate", tpr);
        checkRate("false-positive rate", fpr);
        checkLambda(lambda);
        double flagged = tpr + lambda * fpr;
        return flagged == 0.0 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(1.0, tpr / flagged));
    }

    /**
     * The range of precision over all rates in the two intervals: lower = tprLo / (tprLo + λ·fprHi) and upper =
     * tprHi / (tprHi + λ·fprLo). With λ &gt; 0, t / (t + λf) does not decrease as t grows (its derivative in t is
     * λf / (t + λf)² &ge; 0) and does not increase as f grows (derivative −λt / (t + λf)² &le; 0), so over the box
     * of rates its least value is at (tprLo, fprHi) and its greatest at (tprHi, fprLo). Where a bound is 0/0 the
     * detector would flag nothing at that corner and precision is undefined there; the bound then takes the value
     * that claims nothing, 0 for the lower and 1 for the upper.
     *
     * <p>If the rate intervals are each confidence intervals at level c, the box covers both true rates with
     * probability at least 2c − 1 (Bonferroni), and so does this interval the true precision.
     *
     * @throws IllegalArgumentException when λ is not a positive finite number
     */
    public static Interval interval(Interval tpr, Interval fpr, double lambda) {
        checkLambda(lambda);
        double lower = ratio(tpr.lower(), fpr.upper(), lambda, 0.0);
        double upper = ratio(tpr.upper(), fpr.lower(), lambda, 1.0);
        return new Interval(lower, upper);
    }

    private static double ratio(double tpr, double fpr, double lambda, double whenUndefined) {
        double flagged = tpr + lambda * fpr;
        // min: t / (t + λf) is at most 1 in exact arithmetic; keep rounding from carrying it past.
        return flagged == 0.0 ? whenUndefined : Math.min(1.0, tpr / flagged);
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " " + rate + " not within [0, 1]");
        }
    }

    private static void checkLambda(double lambda) {
        if (!(lambda > 0.0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("base rate " + lambda + " is not a positive finite number");
        }
    }
}
