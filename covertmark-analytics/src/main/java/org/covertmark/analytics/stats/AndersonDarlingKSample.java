package org.covertmark.analytics.stats;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apiguardian.api.API;

/**
 * The k-sample Anderson–Darling test of Scholz &amp; Stephens (1987), "K-sample Anderson–Darling tests", JASA 82,
 * pp. 918–924, in its midrank form (their A²<sub>akN</sub>, eq. 7), which allows ties within and between samples:
 * the same statistic, critical values and approximate p-value as scipy 1.17.1's
 * {@code anderson_ksamp(samples, variant='midrank')}.
 *
 * <p>The reported statistic is normalised, (A²<sub>akN</sub> − (k − 1)) / σ<sub>N</sub>, with σ<sub>N</sub> from
 * the paper's exact variance. Critical values for the levels 0.25, 0.1, 0.05, 0.025, 0.01, 0.005 and 0.001 are
 * b<sub>0</sub> + b<sub>1</sub>/sqrt(k−1) + b<sub>2</sub>/(k−1) with the coefficients of their Table 2 as scipy lists
 * them. The p-value is scipy's: exp of the least-squares quadratic in the critical value fitted to log(level) over
 * the seven levels, capped at 0.25 below the smallest critical value and floored at 0.001 above the largest, with
 * no other clipping. The fit does not meet the caps exactly: for k = 2 it gives 0.2457 at the 0.25 critical value
 * and 0.00101 at the 0.001 one, so the p-value jumps there, as scipy's does.
 */
@API(status = MAINTAINED, since = "0.1")
public final class AndersonDarlingKSample {

    private static final double[] LEVELS = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};
    private static final double[] B0 = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
    private static final double[] B1 = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
    private static final double[] B2 = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};
    /** The levels {@link Result#rejectionLevel()} chooses from: the first five of {@link #LEVELS}. */
    private static final int REJECTION_LEVELS = 5;
    private static final int CACHED_K = 64;

    /** Critical values and fitted p-value polynomial per k, built on first use (benign races: same values). */
    private static final Table[] TABLES = new Table[CACHED_K + 1];

    /** {@link #harmonics} per number of observations, built on first use (benign races: equal values). */
    private static final Harmonics[] HARMONICS = new Harmonics[4096];

    private static final ThreadLocal<int[]> CURSORS = ThreadLocal.withInitial(() -> new int[16]);
    private static final ThreadLocal<Pair> PAIRS = ThreadLocal.withInitial(Pair::new);

    /** Per-thread holder for the two-sample entry point, so that it need not allocate arrays. */
    private static final class Pair {
        final double[][] samples = new double[2][];
        final int[] sizes = new int[2];
    }

    private record Table(double[] critical, double c0, double c1, double c2) {
    }

    /**
     * A test result for k samples: the normalised statistic, and scipy's approximate p-value. The critical values
     * depend only on k and are computed on request.
     */
    @API(status = MAINTAINED, since = "0.1")
    public record Result(double statistic, int samples, double pValue) {

        /** The critical values for the levels of {@link #significanceLevels()}, ascending. */
        public double[] criticalValues() {
            return table(samples).critical.clone();
        }

        /**
         * The smallest of the levels 0.25, 0.1, 0.05, 0.025, 0.01 at which the null hypothesis (all samples from
         * one distribution) can be rejected, as the original CovertMark reports it: 1 if it cannot be rejected even
         * at 0.25 (statistic below the 0.25 critical value), 0 if it can be rejected at 0.01 (statistic at or above
         * the 0.01 critical value), otherwise the level whose critical value the statistic reaches while it stays
         * below the next one (so 0.25, 0.1, 0.05 or 0.025).
         */
        public double rejectionLevel() {
            double[] c = table(samples).critical;
            if (statistic < c[0]) {
                return 1;
            }
            if (statistic >= c[REJECTION_LEVELS - 1]) {
                return 0;
            }
            for (int i = REJECTION_LEVELS - 2; i >= 0; i--) {
                if (statistic >= c[i]) {
                    return LEVELS[i];
                }
            }
            throw new AssertionError("unreachable: " + statistic);
        }
    }

    private AndersonDarlingKSample() {
    }

    /** The significance levels of the critical values: 0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001. */
    public static double[] significanceLevels() {
        return LEVELS.clone();
    }

    /** The critical values for k samples at the levels of {@link #significanceLevels()}. */
    public static double[] criticalValues(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("the k-sample Anderson-Darling test needs at least 2 samples, got " + k);
        }
        return table(k).critical.clone();
    }

    /**
     * Tests whether the samples come from one distribution; the samples are copied and sorted.
     *
     * @throws IllegalArgumentException for fewer than 2 samples, an empty sample, fewer than 2 distinct values in
     *     all samples together, fewer than 4 observations in all (the variance has the factor (N−1)(N−2)(N−3) in
     *     its denominator; scipy returns NaN there), or NaN in a sample
     */
    public static Result test(double[]... samples) {
        Objects.requireNonNull(samples, "samples");
        double[][] sorted = new double[samples.length][];
        int[] sizes = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            sorted[i] = samples[i].clone();
            Arrays.sort(sorted[i]);
            sizes[i] = sorted[i].length;
        }
        return testSorted(sorted, sizes);
    }

    /**
     * Tests the first {@code sizes[i]} values of each {@code samples[i]}, each already sorted ascending (not
     * checked). Allocates nothing but the result.
     *
     * @throws IllegalArgumentException as {@link #test(double[]...)}
     */
    public static Result testSorted(double[][] samples, int[] sizes) {
        int k = samples.length;
        if (k < 2) {
            throw new IllegalArgumentException("the k-sample Anderson-Darling test needs at least 2 samples, got " + k);
        }
        if (sizes.length != k) {
            throw new IllegalArgumentException(k + " samples but " + sizes.length + " sizes");
        }
        int total = 0;
        for (int i = 0; i < k; i++) {
            Objects.checkFromIndexSize(0, sizes[i], samples[i].length);
            if (sizes[i] == 0) {
                throw new IllegalArgumentException("the k-sample Anderson-Darling test got an empty sample (number "
                        + (i + 1) + " of " + k + ")");
            }
            total += sizes[i];
        }
        double a2 = midrankStatistic(samples, sizes, total);
        if (total < 4) {
            throw new IllegalArgumentException("the k-sample Anderson-Darling test needs at least 4 observations in all,"
                    + " got " + total);
        }
        double statistic = normalise(a2, k, sizes, total);
        Table t = table(k);
        double p;
        if (statistic < t.critical[0]) {
            p = LEVELS[0];
        } else if (statistic > t.critical[LEVELS.length - 1]) {
            p = LEVELS[LEVELS.length - 1];
        } else {
            p = Math.exp((t.c2 * statistic + t.c1) * statistic + t.c0);
        }
        return new Result(statistic, k, p);
    }

    /**
     * Tests two sorted samples, the first {@code na} values of {@code a} and {@code nb} of {@code b}, as
     * {@link #testSorted(double[][], int[])}; allocates nothing but the result.
     */
    public static Result testSorted(double[] a, int na, double[] b, int nb) {
        Pair pair = PAIRS.get();
        pair.samples[0] = a;
        pair.samples[1] = b;
        pair.sizes[0] = na;
        pair.sizes[1] = nb;
        try {
            return testSorted(pair.samples, pair.sizes);
        } finally {
            pair.samples[0] = null;
            pair.samples[1] = null;
        }
    }

    /**
     * A²<sub>akN</sub> of Scholz &amp; Stephens eq. 7 by one merge pass over the sorted samples: for each distinct
     * value z<sub>j</sub> with l<sub>j</sub> ties in all, B<sub>j</sub> = #{&lt; z<sub>j</sub>} + l<sub>j</sub>/2 and
     * M<sub>ij</sub> = #{sample i ≤ z<sub>j</sub>} − f<sub>ij</sub>/2.
     */
    private static double midrankStatistic(double[][] samples, int[] sizes, int total) {
        int k = samples.length;
        int[] cursor = CURSORS.get();
        if (cursor.length < 2 * k) {
            cursor = new int[Math.max(2 * k, 2 * cursor.length)];
            CURSORS.set(cursor);
        }
        // cursor[i]: first value of sample i not yet visited; cursor[k + i]: end of its run of the current value.
        Arrays.fill(cursor, 0, k, 0);
        double n = total;
        double sum = 0;
        int below = 0;
        int distinct = 0;
        while (below < total) {
            double z = Double.POSITIVE_INFINITY;
            boolean any = false;
            for (int i = 0; i < k; i++) {
                if (cursor[i] < sizes[i]) {
                    double v = samples[i][cursor[i]];
                    if (v != v) {
                        throw new IllegalArgumentException("sample " + (i + 1) + " holds NaN");
                    }
                    if (!any || v < z) {
                        z = v;
                        any = true;
                    }
                }
            }
            int ties = 0;
            for (int i = 0; i < k; i++) {
                int c = cursor[i];
                while (c < sizes[i] && samples[i][c] == z) {
                    c++;
                }
                cursor[k + i] = c;
                ties += c - cursor[i];
            }
            double lj = ties;
            double bj = below + lj / 2;
            double denominator = bj * (n - bj) - n * lj / 4;
            for (int i = 0; i < k; i++) {
                int end = cursor[k + i];
                double mij = end - (end - cursor[i]) / 2.0;
                double d = n * mij - bj * sizes[i];
                sum += lj / n * d * d / denominator / sizes[i];
                cursor[i] = end;
            }
            below += ties;
            distinct++;
        }
        if (distinct < 2) {
            throw new IllegalArgumentException("the k-sample Anderson-Darling test needs at least 2 distinct values in"
                    + " all samples together, got " + distinct);
        }
        return sum * (n - 1) / n;
    }

    /** (A² − (k − 1)) / σ<sub>N</sub> with the variance of Scholz &amp; Stephens (1987), p. 920. */
    private static double normalise(double a2, int k, int[] sizes, int total) {
        double bigH = 0;
        for (int i = 0; i < k; i++) {
            bigH += 1.0 / sizes[i];
        }
        Harmonics sums = harmonics(total);
        double g = sums.g;
        double h = sums.h;
        double n = total;
        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * bigH;
        double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * bigH - 8 * h + 4 * g - 6;
        double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * bigH + 4 * h;
        double d = (2 * h + 6) * k * k - 4 * h * k;
        double sigmaSquared = (a * (n * n * n) + b * (n * n) + c * n + d) / ((n - 1) * (n - 2) * (n - 3));
        return (a2 - (k - 1)) / Math.sqrt(sigmaSquared);
    }

    /**
     * h = Σ<sub>i=1</sub><sup>N−1</sup> 1/i and g = Σ<sub>i=1</sub><sup>N−2</sup> Σ<sub>j=i+1</sub><sup>N−1</sup>
     * 1/((N−i)·j) for N observations, accumulated as scipy does.
     */
    private record Harmonics(double g, double h) {
    }

    private static Harmonics harmonics(int total) {
        Harmonics cached = total < HARMONICS.length ? HARMONICS[total] : null;
        if (cached != null) {
            return cached;
        }
        double cumulative = 0;
        double g = 0;
        for (int t = 0; t < total - 2; t++) {
            cumulative += 1.0 / (total - 1 - t);
            g += cumulative / (t + 2);
        }
        Harmonics sums = new Harmonics(g, cumulative + 1);
        if (total < HARMONICS.length) {
            HARMONICS[total] = sums;
        }
        return sums;
    }

    private static Table table(int k) {
        if (k <= CACHED_K) {
            Table t = TABLES[k];
            if (t == null) {
                t = buildTable(k);
                TABLES[k] = t;
            }
            return t;
        }
        return buildTable(k);
    }

    /** Critical values for k samples and the least-squares quadratic through (critical value, log level). */
    private static Table buildTable(int k) {
        double m = k - 1;
        double[] critical = new double[LEVELS.length];
        for (int i = 0; i < LEVELS.length; i++) {
            critical[i] = B0[i] + B1[i] / Math.sqrt(m) + B2[i] / m;
        }
        double[][] vandermonde = new double[LEVELS.length][3];
        double[] logLevels = new double[LEVELS.length];
        for (int i = 0; i < LEVELS.length; i++) {
            vandermonde[i][0] = 1;
            vandermonde[i][1] = critical[i];
            vandermonde[i][2] = critical[i] * critical[i];
            logLevels[i] = Math.log(LEVELS[i]);
        }
        RealVector coefficients = new QRDecomposition(new Array2DRowRealMatrix(vandermonde, false)).getSolver()
                .solve(new ArrayRealVector(logLevels, false));
        return new Table(critical, coefficients.getEntry(0), coefficients.getEntry(1), coefficients.getEntry(2));
    }
}
