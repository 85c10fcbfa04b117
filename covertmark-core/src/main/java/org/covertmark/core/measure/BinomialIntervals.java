package org.covertmark.core.measure;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Optional;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apiguardian.api.API;

/** Confidence intervals of a binomial proportion k/n, such as a detector's true- or false-positive rate. */
@API(status = MAINTAINED, since = "0.1")
public final class BinomialIntervals {

    /** The confidence level of the overloads that take none. */
    public static final double CONFIDENCE = 0.95;

    /**
     * Absolute accuracy of the beta quantile's root search: next to nothing, so that the solver's relative accuracy
     * (1e-14) governs. The commons-math default of 1e-9 would swamp a bound like 2.5e-8, from 1 of a million.
     */
    private static final double BETA_INVERSE_ACCURACY = Double.MIN_NORMAL;

    private BinomialIntervals() {
    }

    /**
     * The Clopper–Pearson exact interval: lower = Beta.ppf(α/2; k, n−k+1), or 0 when k = 0, and upper =
     * Beta.ppf(1−α/2; k+1, n−k), or 1 when k = n, with α = 1 − confidence. It covers the true proportion with at
     * least the stated probability for every n.
     *
     * @return empty when n = 0: with no trials there is nothing to estimate
     * @throws IllegalArgumentException when k &lt; 0, k &gt; n, or confidence is not strictly between 0 and 1
     */
    public static Optional<Interval> clopperPearson(long k, long n, double confidence) {
        check(k, n, confidence);
        if (n == 0) {
            return Optional.empty();
        }
        double alpha = 1.0 - confidence;
        double lower;
        double upper;
        if (k == 0) {
            // Beta(1, n) has quantile 1 − (1 − q)^(1/n): closed, and exact to rounding where a search is not.
            lower = 0.0;
            upper = -Math.expm1(Math.log(alpha / 2) / n);
        } else if (k == n) {
            // Beta(n, 1) has quantile q^(1/n).
            lower = Math.exp(Math.log(alpha / 2) / n);
            upper = 1.0;
        } else {
            lower = betaQuantile(alpha / 2, k, n - k + 1);
            upper = betaQuantile(1.0 - alpha / 2, k + 1, n - k);
        }
        return Optional.of(new Interval(lower, upper));
    }

    /** {@link #clopperPearson(long, long, double)} at {@link #CONFIDENCE}. */
    public static Optional<Interval> clopperPearson(long k, long n) {
        return clopperPearson(k, n, CONFIDENCE);
    }

    /**
     * The Wilson score interval, (k + z²/2 ± z·√(k(n−k)/n + z²/4)) / (n + z²) with z the normal quantile at
     * 1 − α/2. Usually narrower than Clopper–Pearson and nearer the nominal coverage on average, but without its
     * guarantee; at k = 0 or k = n it can be the wider (0 of 168: upper bound 0.0224 against 0.0217).
     *
     * @return empty when n = 0
     * @throws IllegalArgumentException when k &lt; 0, k &gt; n, or confidence is not strictly between 0 and 1
     */
    public static Optional<Interval> wilson(long k, long n, double confidence) {
        check(k, n, confidence);
        if (n == 0) {
            return Optional.empty();
        }
        double z = new NormalDistribution(null, 0.0, 1.0).inverseCumulativeProbability(1.0 - (1.0 - confidence) / 2);
        double z2 = z * z;
        double kd = k;
        double nd = n;
        double centre = kd + z2 / 2;
        // k(n-k)/n rather than n·p(1-p): exact for k = 0 and k = n, and no cancellation near them.
        double half = z * Math.sqrt(kd * (nd - kd) / nd + z2 / 4);
        double denominator = nd + z2;
        // At k = 0 (k = n) the bound is 0 (1) in exact arithmetic; rounding must not move it off.
        double lower = k == 0 ? 0.0 : Math.max(0.0, (centre - half) / denominator);
        double upper = k == n ? 1.0 : Math.min(1.0, (centre + half) / denominator);
        return Optional.of(new Interval(lower, upper));
    }

    private static double betaQuantile(double p, long a, long b) {
        return new BetaDistribution(null, a, b, BETA_INVERSE_ACCURACY).inverseCumulativeProbability(p);
    }

    private static void check(long k, long n, double confidence) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("successes " + k + " not within 0.." + n + " trials");
        }
        if (!(confidence > 0.0 && confidence < 1.0)) {
            throw new IllegalArgumentException("confidence " + confidence + " not strictly between 0 and 1");
        }
    }
}
