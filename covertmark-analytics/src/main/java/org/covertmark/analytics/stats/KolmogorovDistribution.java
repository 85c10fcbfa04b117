package org.covertmark.analytics.stats;

/**
 * Survival functions of the Kolmogorov–Smirnov statistics that the p-value methods of {@link KolmogorovSmirnov}
 * need: the limiting Kolmogorov distribution (scipy's {@code kstwobign}), the exact two-sided one-sample
 * distribution of D<sub>n</sub> (scipy's {@code kstwo}) and the one-sided Smirnov distribution of
 * D<sub>n</sub><sup>+</sup> (scipy's {@code special.smirnov}).
 *
 * <p>The two-sided D<sub>n</sub> follows the algorithm selection of Simard &amp; L'Ecuyer (2011), "Computing the
 * two-sided Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11), with the same switch-over points as scipy
 * 1.17's {@code scipy/stats/_ksstats.py}: Ruben–Gambino closed forms at the ends, the Durbin matrix in the form of
 * Marsaglia, Tsang &amp; Wang (2003), the Pomeranz (1974) recursion, the Pelz–Good (1976) expansion, and twice the
 * one-sided Smirnov tail (Birnbaum &amp; Tingey 1951) where the two one-sided events cannot both occur or their
 * intersection is negligible. Plain double arithmetic is used throughout; scipy sums the Smirnov tail in
 * double-double, and the two agree to 1e-10 relative on the reference grid (n up to 100001; closer for smaller n).
 */
final class KolmogorovDistribution {

    private static final double TWO_POW_128 = 0x1.0p128;
    private static final double TWO_POW_M128 = 0x1.0p-128;
    private static final int SCALE_EXPONENT = 128;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double PI_SQUARED = Math.PI * Math.PI;
    private static final double PI_FOUR = Math.pow(Math.PI, 4);
    private static final double PI_SIX = Math.pow(Math.PI, 6);
    private static final double SQRT3 = Math.sqrt(3);
    /** cephes MINLOG = log(2^-1022). */
    private static final double MINLOG = -7.08396418532264106224E2;
    /** Below this x, K(x) rounds to 0 and the survival function to 1 (cephes: pi / sqrt(746 * 8)). */
    private static final double KOLMOGOROV_SMALL_X = Math.PI / Math.sqrt(746.0 * 8);
    private static final double KOLMOGOROV_CUTOVER = 0.82;
    /** Stirling series coefficients B_2j / (2j (2j − 1)) for j = 8 … 1, as scipy's _ksstats.py. */
    private static final double[] STIRLING = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
        7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovDistribution() {
    }

    /**
     * P(K &gt; x) for the limiting Kolmogorov distribution K = lim sqrt(n)·D<sub>n</sub> (scipy's
     * {@code special.kolmogorov}, {@code stats.kstwobign.sf}).
     */
    static double kolmogorovSf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x <= KOLMOGOROV_SMALL_X) {
            return 1;
        }
        double sf;
        if (x <= KOLMOGOROV_CUTOVER) {
            // Jacobi theta form: cdf = sqrt(2 pi)/x * sum_k exp(-(2k-1)^2 pi^2 / (8 x^2)).
            double w = SQRT_2PI / x;
            double logu8 = -PI_SQUARED / (x * x);
            double u = Math.exp(logu8 / 8);
            double cdf;
            if (u == 0) {
                cdf = Math.exp(logu8 / 8 + Math.log(w));
            } else {
                double u8 = Math.exp(logu8);
                double u8cub = Math.pow(u8, 3);
                double p = 1;
                p = 1 + u8cub * p;
                p = 1 + u8 * u8 * p;
                p = 1 + u8 * p;
                cdf = w * u * p;
            }
            sf = 1 - cdf;
        } else {
            // sf = 2 sum_k (-1)^(k-1) exp(-2 k^2 x^2), four terms suffice above the cut-over.
            double v = Math.exp(-2 * x * x);
            double vsq = v * v;
            double v3 = Math.pow(v, 3);
            double p = 1;
            p = 1 - v3 * v3 * v * p;
            p = 1 - v3 * vsq * p;
            p = 1 - v3 * p;
            sf = 2 * v * p;
        }
        return clip(sf);
    }

    /**
     * P(D<sub>n</sub> &gt; x) for the two-sided one-sample statistic D<sub>n</sub> = sup|F<sub>n</sub> − F| of
     * a sample of size n from a continuous distribution (scipy's {@code stats.kstwo.sf(x, n)}); NaN if n &lt; 1.
     */
    static double kolmogornSf(int n, double x) {
        if (n < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x >= 1) {
            return 0;
        }
        if (x <= 0) {
            return 1;
        }
        double t = n * x;
        if (t <= 1) {
            // Ruben-Gambino: for 1/(2n) <= x <= 1/n, P(D_n <= x) = n!/n^n (2t - 1)^n.
            if (t <= 0.5) {
                return 1;
            }
            double cdf;
            if (n <= 140) {
                cdf = 1;
                double inv = 1.0 / n;
                double f = 2 * t - 1;
                for (int i = 1; i <= n; i++) {
                    cdf *= i * inv * f;
                }
            } else {
                cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            }
            return clip(1 - cdf);
        }
        if (t >= n - 1) {
            // Ruben-Gambino: for x >= 1 - 1/n, P(D_n > x) = 2 (1 - x)^n.
            return clip(2 * Math.pow(1 - x, n));
        }
        if (x >= 0.5) {
            // The two one-sided excursions cannot both exceed 1/2.
            return clip(2 * smirnovSf(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 0.754693) {
                return clip(1 - durbinMtwCdf(n, x));
            }
            if (nxSquared <= 4) {
                return clip(1 - pomeranzCdf(n, x));
            }
            return clip(2 * smirnovSf(n, x));
        }
        if (nxSquared >= 370.0) {
            return 0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * smirnovSf(n, x));
        }
        double cdf;
        if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
            cdf = durbinMtwCdf(n, x);
        } else {
            cdf = pelzGoodCdf(n, x);
        }
        return clip(1 - cdf);
    }

    /** log(n! / n^n) by Stirling's series with n log n taken out (scipy's _log_nfactorial_div_n_pow_n). */
    private static double logFactorialOverPower(int n) {
        double rn = 1.0 / n;
        double y = rn / n;
        double poly = 0;
        for (double c : STIRLING) {
            poly = poly * y + c;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    /**
     * P(D<sub>n</sub> ≤ d) by the Durbin matrix algorithm as given by Marsaglia, Tsang &amp; Wang (2003): the
     * k-th diagonal entry of n!/n^n · H^n, with H of order 2k − 1 where k = ceil(n d), scaled by powers of 2^128.
     */
    static double durbinMtwCdf(int n, double d) {
        if (d >= 1) {
            return 1;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;

        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1;
        for (int j = 1; j <= m; j++) {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1 - Math.pow(h, j)) * fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1 + tt) * fac;

        double[] hm = new double[m * m];
        for (int i = 1; i < m; i++) {
            for (int r = i - 1; r < m; r++) {
                hm[r * m + i] = w[r - i + 1];
            }
        }
        for (int r = 0; r < m; r++) {
            hm[r * m] = v[r];
        }
        for (int c = 0; c < m; c++) {
            hm[(m - 1) * m + c] = v[m - 1 - c];
        }

        double[] power = new double[m * m];
        for (int i = 0; i < m; i++) {
            power[i * m + i] = 1;
        }
        double[] tmp = new double[m * m];
        int exponent = 0;
        int hExponent = 0;
        int left = n;
        while (left > 0) {
            if ((left & 1) != 0) {
                multiply(power, hm, tmp, m);
                System.arraycopy(tmp, 0, power, 0, m * m);
                exponent += hExponent;
            }
            multiply(hm, hm, tmp, m);
            System.arraycopy(tmp, 0, hm, 0, m * m);
            hExponent *= 2;
            if (Math.abs(hm[(k - 1) * m + (k - 1)]) > TWO_POW_128) {
                for (int i = 0; i < m * m; i++) {
                    hm[i] /= TWO_POW_128;
                }
                hExponent += SCALE_EXPONENT;
            }
            left >>= 1;
        }
        double p = power[(k - 1) * m + (k - 1)];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < TWO_POW_M128) {
                p *= TWO_POW_128;
                exponent -= SCALE_EXPONENT;
            }
        }
        if (exponent != 0) {
            p = Math.scalb(p, exponent);
        }
        return clip(p);
    }

    private static void multiply(double[] a, double[] b, double[] out, int m) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int l = 0; l < m; l++) {
                    s += a[i * m + l] * b[l * m + j];
                }
                out[i * m + j] = s;
            }
        }
    }

    /**
     * P(D<sub>n</sub> ≤ x) by the Pomeranz (1974) recursion: 2n + 1 convolutions of a short band of a row with
     * one of three truncated Poisson-like weight sequences, scaled by powers of 2^128.
     */
    static double pomeranzCdf(int n, double x) {
        double t = n * x;
        int ll = (int) Math.floor(t);
        double f = t - ll;
        double g = Math.min(f, 1.0 - f);
        int ceilf = f > 0 ? 1 : 0;
        int roundf = f > 0.5 ? 1 : 0;
        int npwrs = 2 * (ll + 1);
        double[] gpower = new double[npwrs];
        double[] twogpower = new double[npwrs];
        double[] onem2gpower = new double[npwrs];
        gpower[0] = 1;
        twogpower[0] = 1;
        onem2gpower[0] = 1;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int m = 1; m < npwrs; m++) {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }

        double[] v0 = new double[npwrs];
        double[] v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0;
        int v1s = 0;
        int exponent = 0;
        long j12 = pomeranzBounds(0, n, ll, ceilf, roundf);
        int j1 = (int) (j12 >> 32);
        int j2 = (int) j12;
        for (int i = 1; i < 2 * n + 2; i++) {
            int k1 = j1;
            double[] swap = v0;
            v0 = v1;
            v1 = swap;
            int swapS = v0s;
            v0s = v1s;
            v1s = swapS;
            java.util.Arrays.fill(v1, 0.0);
            j12 = pomeranzBounds(i, n, ll, ceilf, roundf);
            j1 = (int) (j12 >> 32);
            j2 = (int) j12;
            double[] pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 != 0 ? twogpower : onem2gpower);
            int ln2 = j2 - k1 + 1;
            if (ln2 > 0) {
                int aStart = k1 - v0s;
                int aLen = Math.min(ln2, npwrs - aStart);
                int bLen = Math.min(ln2, npwrs);
                int convStart = j1 - k1;
                int convLen = j2 - j1 + 1;
                double max = 0;
                for (int c = 0; c < convLen; c++) {
                    int kk = convStart + c;
                    double s = 0;
                    int lo = Math.max(0, kk - bLen + 1);
                    int hi = Math.min(kk, aLen - 1);
                    for (int a = lo; a <= hi; a++) {
                        s += v0[aStart + a] * pwrs[kk - a];
                    }
                    v1[c] = s;
                    max = Math.max(max, s);
                }
                if (max > 0 && max < TWO_POW_M128) {
                    for (int c = 0; c < npwrs; c++) {
                        v1[c] *= TWO_POW_128;
                    }
                    exponent -= SCALE_EXPONENT;
                }
                v1s = v0s + j1 - k1;
            }
        }
        double ans = v1[n - v1s];
        for (int m = 1; m <= n; m++) {
            if (Math.abs(ans) > TWO_POW_128) {
                ans *= TWO_POW_M128;
                exponent += SCALE_EXPONENT;
            }
            ans *= m;
        }
        if (exponent != 0) {
            ans = Math.scalb(ans, exponent);
        }
        return clip(ans);
    }

    /** The band [j1, j2] of row i of the Pomeranz recursion, packed as (j1 &lt;&lt; 32) | j2. */
    private static long pomeranzBounds(int i, int n, int ll, int ceilf, int roundf) {
        int j1;
        int j2;
        if (i == 0) {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        } else {
            int ip1div2 = (i + 1) / 2;
            int ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0) {
                if (ip1div2 == n + 1) {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                } else {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            } else {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }
        j1 = Math.max(j1 + 2, 0);
        j2 = Math.min(j2, n);
        return ((long) j1 << 32) | (j2 & 0xffffffffL);
    }

    /**
     * P(D<sub>n</sub> ≤ x) by the Pelz–Good (1976) expansion of the Li-Chien / Korolyuk series in powers of
     * n^(−1/2), transformed with the Jacobi theta identity so that it converges for small x·sqrt(n).
     */
    static double pelzGoodCdf(int n, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z3 = Math.pow(z, 3);
        double z4 = Math.pow(z, 4);
        double z6 = Math.pow(z, 6);
        double qlog = -PI_SQUARED / 8 / z2;
        if (qlog < -708) {
            return 0;
        }
        double q = Math.exp(qlog);
        double k1a = -z2;
        double k1b = PI_SQUARED / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI_SQUARED / 4;
        double k2c = PI_FOUR * (1 - 2 * z2) / 16;
        double k3d = PI_SIX * (5 - 30 * z2) / 64;
        double k3c = PI_FOUR * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI_SQUARED * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.pow(z, 8);

        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maxk; k > 0; k--) {
            double m = 2.0 * k - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qpower = Math.pow(q, 8.0 * k);
            s0 = s0 * qpower + 1.0;
            s1 = s1 * qpower + (k1a + k1b * m2);
            s2 = s2 * qpower + (k2a + k2b * m2 + k2c * m4);
            s3 = s3 * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
        }
        s0 = s0 * q * SQRT_2PI / z;
        s1 = s1 * q * SQRT_2PI / (6 * z4);
        s2 = s2 * q * SQRT_2PI / (72 * Math.pow(z, 7));
        s3 = s3 * q * SQRT_2PI / (6480 * Math.pow(z, 10));

        double q2 = Math.exp(-PI_SQUARED / 2 / z2);
        double sqrt3z = SQRT3 * z;
        double k2extra = 0;
        double k3extra = 0;
        for (int k = maxk; k > 0; k--) {
            double k2 = (double) k * k;
            double qp = Math.pow(q2, k2);
            double kpi = Math.PI * k;
            k2extra += k2 * qp;
            k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
        }
        s2 += k2extra * PI_SQUARED * SQRT_2PI / (-36 * z3);
        s3 += k3extra * PI_SQUARED * SQRT_2PI / (216 * z6);
        s1 /= Math.pow(n, 0.5);
        s2 /= n;
        s3 /= Math.pow(n, 1.5);
        return s0 + s1 + s2 + s3;
    }

    /**
     * P(D<sub>n</sub><sup>+</sup> &gt; x) for the one-sided statistic (scipy's {@code special.smirnov(n, x)}) by the
     * Birnbaum–Tingey sum x · Σ<sub>v=0</sub><sup>⌊n(1−x)⌋</sup> C(n,v) (1 − x − v/n)<sup>n−v</sup>
     * (x + v/n)<sup>v−1</sup>, whose terms are all positive. Intended for n·x² ≥ 1/4, where scipy uses the same sum.
     */
    static double smirnovSf(int n, double x) {
        if (!(n > 0 && x >= 0 && x <= 1)) {
            return Double.NaN;
        }
        if (n == 1) {
            return 1 - x;
        }
        if (x == 0) {
            return 1;
        }
        if (x == 1) {
            return 0;
        }
        // floor(n x) and its fractional part, exactly.
        double nx = n * x;
        double err = Math.fma(n, x, -nx);
        double floor = Math.floor(nx);
        double alpha = (nx - floor) + err;
        if (alpha < 0) {
            floor -= 1;
            alpha += 1;
        } else if (alpha >= 1) {
            floor += 1;
            alpha -= 1;
        }
        int nxfl = (int) floor;
        int n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
        if (alpha == 0) {
            n1mxfl -= 1;
        }
        if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
            return clip(1 - x * Math.pow(1 + x, n - 1));
        }
        if (-2 * n * x * x < MINLOG) {
            return 0;
        }
        if (nxfl >= n - 1) {
            return clip(Math.pow(1 - x, n));
        }
        int nTerms = n1mxfl + 1;
        int vmid = n / 2;
        // Term v = 0: (1 - x)^n / x.
        double first = Math.exp(n * Math.log1p(-x)) / x;
        double sum = first;
        double compensation = 0;
        double logBinomial = Math.log(n);
        for (int v = 1; v < nTerms; v++) {
            // 1 - x - v/n = ((n - v - floor(nx)) - alpha) / n and x + v/n = (floor(nx) + v + alpha) / n.
            double t2x = ((n - v - nxfl) - alpha) / n;
            double t1x = ((nxfl + v) + alpha) / n;
            double logTerm = logBinomial + (n - v) * Math.log(t2x) + (v - 1) * Math.log(t1x);
            double term = Math.exp(logTerm);
            if (term != 0) {
                double y = sum + term;
                compensation += Math.abs(sum) >= Math.abs(term) ? (sum - y) + term : (term - y) + sum;
                sum = y;
                if (4.0 * (nTerms - v) * term < Math.ulp(1.0) * sum && v != nTerms - 1) {
                    break;
                }
            } else if (v > vmid) {
                break;
            }
            logBinomial += Math.log((double) (n - v) / (v + 1));
        }
        return clip(x * (sum + compensation));
    }

    private static double clip(double p) {
        return p < 0 ? 0 : (p > 1 ? 1 : p);
    }
}
