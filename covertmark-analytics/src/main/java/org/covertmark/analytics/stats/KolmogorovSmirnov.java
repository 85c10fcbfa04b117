package org.covertmark.analytics.stats;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.packet.ByteView;

/**
 * The two-sample Kolmogorov–Smirnov test (two-sided): the statistic D = sup<sub>t</sub>|F<sub>n</sub>(t) −
 * G<sub>m</sub>(t)| of the two empirical distribution functions, computed exactly (ties included, as in scipy's
 * {@code ks_2samp}), and a p-value by one of the {@linkplain Method methods} of scipy's {@code ks_2samp}, old and new.
 *
 * <p>All p-value methods assume continuous distributions; on data with ties (bytes, block entropies) they are
 * conservative. The statistic is computed from integer counts: D = max|c<sub>x</sub>·m − c<sub>y</sub>·n| / (n·m),
 * so it is exact up to one rounding. The sorted, byte and count entry points allocate nothing but the result, except
 * that {@link Method#ASYMPTOTIC} builds small work arrays for the one-sample distribution.
 *
 * <p>References: Hodges (1958), "The significance probability of the Smirnov two-sample test", Ark. Mat. 3;
 * Stephens (1970), "Use of the Kolmogorov–Smirnov, Cramér–von Mises and related statistics without extensive
 * tables", JRSS B 32; scipy 1.17.1 {@code scipy.stats.ks_2samp}.
 */
@API(status = MAINTAINED, since = "0.1")
public final class KolmogorovSmirnov {

    /** How the p-value of D is computed. */
    @API(status = MAINTAINED, since = "0.1")
    public enum Method {
        /**
         * The exact null distribution of D for samples of sizes n and m without ties: the share of the C(n+m, n)
         * lattice paths from (0, 0) to (n, m) that leave the band |i/n − j/m| &lt; D (Hodges 1958). Equals
         * commons-math3's {@code KolmogorovSmirnovTest.exactP(d, n, m, false)} and scipy's
         * {@code ks_2samp(method='exact')}, computed as scipy does (the probability of leaving the band is carried
         * along the lattice, so small p-values keep their relative precision). Falls back to {@link #ASYMPTOTIC},
         * as scipy does, when (n/g)·(m/g) ≥ 2<sup>31</sup> − 1 for g = gcd(n, m), or when the recursion leaves
         * [0, 1] by more than rounding.
         * One deliberate difference: scipy also falls back when rounding alone takes the result a few ulps above 1
         * (for example n = m = 5, D = 1/5, whose exact p-value is 1); here such a result is clipped to 1.
         */
        EXACT,
        /**
         * scipy 1.17's {@code method='asymp'} (two-sided): the exact one-sample Kolmogorov distribution of
         * D<sub>k</sub> with k = round-half-even(n·m/(n+m)), that is {@code kstwo.sf(D, round(n*m/(n+m)))}; NaN when
         * k rounds to 0 (n = m = 1), as in scipy.
         */
        ASYMPTOTIC,
        /**
         * The formula of scipy up to 1.2, which the original CovertMark ran for every sample size: the limiting
         * Kolmogorov distribution at Stephens' (1970) modified statistic, {@code kstwobign.sf((e + 0.12 +
         * 0.11/e)·D)} with e = sqrt(n·m/(n+m)).
         */
        ASYMPTOTIC_STEPHENS,
        /**
         * scipy's default rule: {@link #EXACT} when max(n, m) ≤ {@value KolmogorovSmirnov#AUTO_EXACT_LIMIT}
         * (then lcm(n, m) &lt; 10<sup>8</sup> and the lattice recursion takes at most O(n·m) steps),
         * {@link #ASYMPTOTIC} otherwise or if the exact computation fails. The result reports the method used.
         */
        AUTO
    }

    /**
     * A test result: the statistic D in [0, 1], its p-value, and the method that produced the p-value (never
     * {@link Method#AUTO}; {@link Method#ASYMPTOTIC} when an exact computation fell back).
     */
    @API(status = MAINTAINED, since = "0.1")
    public record Result(double statistic, double pValue, Method method) {
    }

    /** How far outside [0, 1] an exact probability may stray by rounding and still be clipped into it. */
    private static final double ROUNDING = 1e-9;

    /** {@link Method#AUTO} uses the exact distribution up to this sample size (scipy's MAX_AUTO_N). */
    public static final int AUTO_EXACT_LIMIT = 10_000;

    private static final ThreadLocal<int[][]> COUNTS = ThreadLocal.withInitial(() -> new int[2][256]);
    private static final ThreadLocal<double[][]> LATTICE = ThreadLocal.withInitial(() -> new double[1][64]);

    private KolmogorovSmirnov() {
    }

    /** Tests two samples of any order; copies and sorts them (see {@link #testSorted} to avoid that). */
    public static Result test(double[] x, double[] y, Method method) {
        double[] sx = x.clone();
        double[] sy = y.clone();
        Arrays.sort(sx);
        Arrays.sort(sy);
        return testSorted(sx, sx.length, sy, sy.length, method);
    }

    /**
     * Tests the first {@code nx} values of {@code x} against the first {@code ny} of {@code y}, both already sorted
     * ascending (not checked). Allocates nothing but the result.
     *
     * @throws IllegalArgumentException if a sample is empty or holds NaN
     */
    public static Result testSorted(double[] x, int nx, double[] y, int ny, Method method) {
        return fromNumerator(maxDifferenceSorted(x, nx, y, ny), nx, ny, method);
    }

    /**
     * Tests the bytes of two views as values 0..255 by their histograms: no sorting, no allocation.
     *
     * @throws IllegalArgumentException if a view is empty
     */
    public static Result testBytes(ByteView x, ByteView y, Method method) {
        int nx = x.length();
        int ny = y.length();
        requireNonEmpty(nx, ny);
        int[][] counts = COUNTS.get();
        int[] cx = counts[0];
        int[] cy = counts[1];
        for (int i = 0; i < nx; i++) {
            cx[x.getUnsignedByte(i)]++;
        }
        for (int i = 0; i < ny; i++) {
            cy[y.getUnsignedByte(i)]++;
        }
        long numerator = maxDifferenceCounts(cx, cy, nx, ny);
        Arrays.fill(cx, 0);
        Arrays.fill(cy, 0);
        return fromNumerator(numerator, nx, ny, method);
    }

    /**
     * Tests two samples given as counts over the same ordered categories ({@code cx[v]} observations of the v-th
     * smallest value), such as byte histograms.
     *
     * @throws IllegalArgumentException if the arrays differ in length, a count is negative or a sample is empty
     */
    public static Result testCounts(int[] cx, int[] cy, Method method) {
        if (cx.length != cy.length) {
            throw new IllegalArgumentException("count arrays differ in length: " + cx.length + " and " + cy.length);
        }
        long nx = 0;
        long ny = 0;
        for (int v = 0; v < cx.length; v++) {
            if (cx[v] < 0 || cy[v] < 0) {
                throw new IllegalArgumentException("negative count at " + v);
            }
            nx += cx[v];
            ny += cy[v];
        }
        if (nx > Integer.MAX_VALUE || ny > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("samples too large: " + nx + " and " + ny);
        }
        requireNonEmpty((int) nx, (int) ny);
        return fromNumerator(maxDifferenceCounts(cx, cy, (int) nx, (int) ny), (int) nx, (int) ny, method);
    }

    /**
     * The p-value of a statistic {@code d} for samples of sizes n and m. For {@link Method#EXACT} the statistic is
     * first rounded to the nearest multiple of 1/lcm(n, m), as scipy does.
     */
    public static Result pValue(double d, int n, int m, Method method) {
        requireNonEmpty(n, m);
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("statistic outside [0, 1]: " + d);
        }
        return choose(d, -1, n, m, method);
    }

    /** max over distinct values t of |c_x(t)·ny − c_y(t)·nx| by a merge of the sorted samples. */
    private static long maxDifferenceSorted(double[] x, int nx, double[] y, int ny) {
        Objects.checkFromIndexSize(0, nx, x.length);
        Objects.checkFromIndexSize(0, ny, y.length);
        requireNonEmpty(nx, ny);
        int i = 0;
        int j = 0;
        long best = 0;
        while (i < nx && j < ny) {
            double v = Math.min(x[i], y[j]);
            if (v != v) {
                throw new IllegalArgumentException("sample holds NaN");
            }
            while (i < nx && x[i] == v) {
                i++;
            }
            while (j < ny && y[j] == v) {
                j++;
            }
            long diff = Math.abs((long) i * ny - (long) j * nx);
            if (diff > best) {
                best = diff;
            }
        }
        // Once one sample is exhausted the difference only shrinks towards 0; check what is left for NaN.
        for (; i < nx; i++) {
            if (x[i] != x[i]) {
                throw new IllegalArgumentException("sample holds NaN");
            }
        }
        for (; j < ny; j++) {
            if (y[j] != y[j]) {
                throw new IllegalArgumentException("sample holds NaN");
            }
        }
        return best;
    }

    private static long maxDifferenceCounts(int[] cx, int[] cy, int nx, int ny) {
        long sx = 0;
        long sy = 0;
        long best = 0;
        for (int v = 0; v < cx.length; v++) {
            sx += cx[v];
            sy += cy[v];
            long diff = Math.abs(sx * ny - sy * nx);
            if (diff > best) {
                best = diff;
            }
        }
        return best;
    }

    private static void requireNonEmpty(int nx, int ny) {
        if (nx <= 0 || ny <= 0) {
            throw new IllegalArgumentException("the Kolmogorov-Smirnov test needs two non-empty samples, got sizes "
                    + nx + " and " + ny);
        }
    }

    private static Result fromNumerator(long numerator, int nx, int ny, Method method) {
        double d = numerator / ((double) nx * ny);
        long h = numerator / gcd(nx, ny);
        return choose(d, h, nx, ny, method);
    }

    /** h is D·lcm(n, m) when known exactly, or -1 to derive it from d. */
    private static Result choose(double d, long h, int n, int m, Method method) {
        switch (Objects.requireNonNull(method, "method")) {
            case ASYMPTOTIC_STEPHENS:
                return new Result(d, stephensP(d, n, m), Method.ASYMPTOTIC_STEPHENS);
            case ASYMPTOTIC:
                return new Result(d, asymptoticP(d, n, m), Method.ASYMPTOTIC);
            case AUTO:
                if (Math.max(n, m) > AUTO_EXACT_LIMIT) {
                    return new Result(d, asymptoticP(d, n, m), Method.ASYMPTOTIC);
                }
                return exactOrFallback(d, h, n, m);
            case EXACT:
                long g = gcd(n, m);
                if ((double) (n / g) >= Integer.MAX_VALUE / (double) (m / g)) {
                    return new Result(d, asymptoticP(d, n, m), Method.ASYMPTOTIC);
                }
                return exactOrFallback(d, h, n, m);
            default:
                throw new AssertionError(method);
        }
    }

    private static Result exactOrFallback(double d, long h, int n, int m) {
        long g = gcd(n, m);
        long lcm = (n / g) * (long) m;
        if (h < 0) {
            h = (long) Math.rint(d * lcm);
        }
        double p = exactP(n, m, g, h);
        // Rounding can take a probability of exactly 1 a few ulps above it (n = m = 5, D = 1/5); scipy then falls
        // back to the asymptotic value, here it is clipped.
        if (p > 1 && p < 1 + ROUNDING) {
            p = 1;
        } else if (p < 0 && p > -ROUNDING) {
            p = 0;
        }
        if (!(p >= 0 && p <= 1)) {
            return new Result(d, asymptoticP(d, n, m), Method.ASYMPTOTIC);
        }
        return new Result(h / (double) lcm, p, Method.EXACT);
    }

    private static double stephensP(double d, int n, int m) {
        double en = Math.sqrt((double) n * m / ((double) n + m));
        return KolmogorovDistribution.kolmogorovSf((en + 0.12 + 0.11 / en) * d);
    }

    private static double asymptoticP(double d, int n, int m) {
        double big = Math.max(n, m);
        double small = Math.min(n, m);
        double en = big * small / (big + small);
        double k = Math.rint(en);
        if (k < 1) {
            return Double.NaN;
        }
        return KolmogorovDistribution.kolmogornSf((int) k, d);
    }

    /** P(D ≥ h/lcm(n, m)) under the null hypothesis, or NaN if it cannot be computed. */
    static double exactP(int n, int m, long g, long h) {
        if (h <= 0) {
            return 1.0;
        }
        if (n == m) {
            return probabilityOutsideSquare(n, h);
        }
        return probabilityOutsideBand(n, m, g, h);
    }

    /**
     * For n = m: P(D<sub>n,n</sub> ≥ h/n) = 2 Σ<sub>k≥1</sub> (−1)<sup>k−1</sup> C(2n, n − kh) / C(2n, n), evaluated
     * in the nested form 2·A<sub>1</sub>(1 − A<sub>2</sub>(1 − A<sub>3</sub>(…))) so that nothing cancels.
     */
    private static double probabilityOutsideSquare(int n, long h) {
        double p = 0;
        for (long k = n / h; k >= 0; k--) {
            double a = 1;
            for (long j = 0; j < h; j++) {
                a = (n - k * h - j) * a / (n + k * h + j + 1);
            }
            p = a * (1 - p);
        }
        return 2 * p;
    }

    /**
     * For n ≠ m: the probability that a uniformly random lattice path from (0, 0) to (n, m) leaves the band
     * |i·m' − j·n'| &lt; h (n' = n/g, m' = m/g), carried column by column: B(i, j) = (i·B(i−1, j) + j·B(i, j−1)) /
     * (i + j) inside the band and 1 outside it.
     */
    private static double probabilityOutsideBand(int n1, int n2, long g, long h) {
        int big = Math.max(n1, n2);
        int small = Math.min(n1, n2);
        long bg = big / g;
        long sg = small / g;
        double[][] holder = LATTICE.get();
        if (holder[0].length < small + 1) {
            holder[0] = new double[Math.max(small + 1, 2 * holder[0].length)];
        }
        double[] b = holder[0];
        int lastMin = 0;
        int lastMax = (int) Math.min(ceilDiv(h, bg), small + 1L);
        Arrays.fill(b, 0, lastMax, 0.0);
        for (int i = 1; i <= big; i++) {
            int lo = (int) Math.min(Math.max(Math.floorDiv(sg * i - h, bg) + 1, 0L), small);
            int hi = (int) Math.min(ceilDiv(sg * i + h, bg), small + 1L);
            if (hi <= lo) {
                return 1.0;
            }
            double val = lo == 0 ? 0.0 : 1.0;
            for (int j = lo; j < hi; j++) {
                double prev = j < lastMax ? b[j - lastMin] : 1.0;
                val = (prev * i + val * j) / (i + j);
                b[j - lo] = val;
            }
            lastMin = lo;
            lastMax = hi;
        }
        return b[small - lastMin];
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
