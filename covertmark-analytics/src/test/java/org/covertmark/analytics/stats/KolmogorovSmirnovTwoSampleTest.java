package org.covertmark.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.covertmark.analytics.stats.Fixtures.close;
import static org.covertmark.analytics.stats.Fixtures.doubles;
import static org.covertmark.analytics.stats.Fixtures.list;
import static org.covertmark.analytics.stats.Fixtures.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.api.SoftAssertions;
import org.covertmark.analytics.stats.KolmogorovSmirnov.Method;
import org.covertmark.analytics.stats.KolmogorovSmirnov.Result;
import org.covertmark.api.packet.ByteView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reference values: scipy 1.17.1 ({@code ks_2samp}, {@code kstwo}, {@code kstwobign}) via the fixtures of
 * tools/reference/stats_reference.py, and commons-math3 3.6.1's brute-force {@code exactP} for small samples.
 * Tolerances: statistics 1e-12 relative (both sides compute the same rational number). EXACT and
 * ASYMPTOTIC_STEPHENS p-values 1e-12 relative: they are the same recursions and formulas as scipy's and agree to the
 * last bit on the fixtures. ASYMPTOTIC p-values (one-sample Kolmogorov distribution) 1e-9 relative plus 1e-15
 * absolute: the Smirnov tail is summed in double here and in double-double in scipy, which differs by up to 1e-10
 * relative at n = 100001 and less for smaller n; values near 1 are 1 − cdf, where only absolute accuracy means
 * anything, and scipy's smallest values are subnormal.
 */
@DisplayName("The two-sample Kolmogorov-Smirnov test")
class KolmogorovSmirnovTwoSampleTest {

    private static final double STATISTIC_TOLERANCE = 1e-12;
    private static final double P_EXACT_RELATIVE = 1e-12;
    private static final double P_RELATIVE = 1e-9;
    private static final double P_ABSOLUTE = 1e-15;

    @Test
    @DisplayName("agrees with scipy's ks_2samp on every reference dataset, by every p-value method")
    void matchesScipyDatasets() {
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode c : list(Fixtures.load("ks_2samp.json").get("cases"))) {
            String name = c.get("name").asText();
            double[] x = doubles(c.get("x"));
            double[] y = doubles(c.get("y"));
            double statistic = number(c.get("statistic"));
            check(soft, name, KolmogorovSmirnov.test(x, y, Method.EXACT), statistic, c.get("exact"), Method.EXACT);
            check(soft, name, KolmogorovSmirnov.test(x, y, Method.ASYMPTOTIC), statistic, c.get("asymptotic"),
                    Method.ASYMPTOTIC);
            check(soft, name, KolmogorovSmirnov.test(x, y, Method.ASYMPTOTIC_STEPHENS), statistic, c.get("stephens"),
                    Method.ASYMPTOTIC_STEPHENS);
            check(soft, name, KolmogorovSmirnov.test(x, y, Method.AUTO), statistic, c.get("auto"), Method.AUTO);
        }
        soft.assertAll();
    }

    private static void check(SoftAssertions soft, String name, Result r, double statistic, JsonNode expected,
            Method method) {
        double p = number(expected.get("pValue"));
        soft.assertThat(close(r.statistic(), statistic, STATISTIC_TOLERANCE, 0))
                .as("%s: statistic %s, scipy %s", name, r.statistic(), statistic).isTrue();
        boolean asymptotic = r.method() == Method.ASYMPTOTIC;
        soft.assertThat(close(r.pValue(), p, asymptotic ? P_RELATIVE : P_EXACT_RELATIVE, asymptotic ? P_ABSOLUTE : 0))
                .as("%s, %s: p %s, scipy %s", name, method, r.pValue(), p).isTrue();
        Method used = expected.has("method") ? Method.valueOf(expected.get("method").asText()) : method;
        soft.assertThat(r.method()).as("%s, %s: method used", name, method).isEqualTo(used);
    }

    @Test
    @DisplayName("gives scipy's p-values for a statistic and two sample sizes, from 1 vs 1 to 12000 vs 11000"
            + " (exact up to 10000 per sample, where scipy's AUTO uses it)")
    void matchesScipyPValueGrid() {
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode row : list(Fixtures.load("ks_pvalues.json").get("rows"))) {
            int n = row.get("n").asInt();
            int m = row.get("m").asInt();
            double d = row.get("d").asDouble();
            String at = "D=" + d + ", n=" + n + ", m=" + m;
            if (!row.get("exact").isNull()) {
                Result exact = KolmogorovSmirnov.pValue(d, n, m, Method.EXACT);
                soft.assertThat(exact.method()).as(at).isEqualTo(Method.EXACT);
                soft.assertThat(close(exact.pValue(), number(row.get("exact")), P_EXACT_RELATIVE, 0))
                        .as("exact, %s: %s vs %s", at, exact.pValue(), number(row.get("exact"))).isTrue();
            }
            double asymptotic = KolmogorovSmirnov.pValue(d, n, m, Method.ASYMPTOTIC).pValue();
            soft.assertThat(close(asymptotic, number(row.get("asymptotic")), P_RELATIVE, P_ABSOLUTE))
                    .as("asymptotic, %s: %s vs %s", at, asymptotic, number(row.get("asymptotic"))).isTrue();
            double stephens = KolmogorovSmirnov.pValue(d, n, m, Method.ASYMPTOTIC_STEPHENS).pValue();
            soft.assertThat(close(stephens, number(row.get("stephens")), P_EXACT_RELATIVE, 0))
                    .as("Stephens, %s: %s vs %s", at, stephens, number(row.get("stephens"))).isTrue();
        }
        soft.assertAll();
    }

    @Test
    @DisplayName("has scipy's one-sample Kolmogorov distributions in every regime of Simard and L'Ecuyer's selection")
    void matchesScipyKolmogorovDistributions() {
        JsonNode fixture = Fixtures.load("kstwo.json");
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode row : list(fixture.get("kstwo"))) {
            int n = row.get("n").asInt();
            double x = row.get("x").asDouble();
            double expected = number(row.get("sf"));
            double actual = KolmogorovDistribution.kolmogornSf(n, x);
            soft.assertThat(close(actual, expected, P_RELATIVE, P_ABSOLUTE))
                    .as("kstwo.sf(%s, %s): %s vs scipy %s", x, n, actual, expected).isTrue();
        }
        for (JsonNode row : list(fixture.get("kstwobign"))) {
            double x = row.get("x").asDouble();
            double expected = number(row.get("sf"));
            double actual = KolmogorovDistribution.kolmogorovSf(x);
            soft.assertThat(close(actual, expected, P_EXACT_RELATIVE, 0))
                    .as("kstwobign.sf(%s): %s vs scipy %s", x, actual, expected).isTrue();
        }
        soft.assertAll();
    }

    @Test
    @DisplayName("computes the exact p-value as commons-math3's brute-force enumeration does, for all small sizes,"
            + " including n = m = 5 and D = 1/5, where scipy's rounding exceeds 1 and it falls back to the asymptotic")
    void exactAgreesWithCommonsMathEnumeration() {
        org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
                new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();
        SoftAssertions soft = new SoftAssertions();
        for (int n = 1; n <= 5; n++) {
            for (int m = 1; m <= 5; m++) {
                for (int i = 1; i <= n * m; i++) {
                    double d = (double) i / (n * m);
                    // Only attainable values of D are meaningful to compare.
                    if (Math.abs(d * lcm(n, m) - Math.rint(d * lcm(n, m))) > 1e-9) {
                        continue;
                    }
                    Result ours = KolmogorovSmirnov.pValue(d, n, m, Method.EXACT);
                    double theirs = commons.exactP(d, n, m, false);
                    soft.assertThat(ours.method()).as("n=%d m=%d D=%s", n, m, d).isEqualTo(Method.EXACT);
                    soft.assertThat(ours.pValue()).as("n=%d m=%d D=%s", n, m, d).isCloseTo(theirs, within(1e-12));
                }
            }
        }
        soft.assertAll();
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    @Test
    @DisplayName("gives the same result from byte histograms as from the sorted byte values, ties and all")
    void bytePathEqualsSortedPath() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            byte[] a = new byte[1 + random.nextInt(400)];
            byte[] b = new byte[1 + random.nextInt(400)];
            int span = 1 + random.nextInt(256);
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) random.nextInt(span);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(span) + random.nextInt(2));
            }
            for (Method method : Method.values()) {
                Result fromBytes = KolmogorovSmirnov.testBytes(ByteView.of(a), ByteView.of(b), method);
                Result fromValues = KolmogorovSmirnov.test(unsigned(a), unsigned(b), method);
                assertThat(fromBytes).as("trial %d, %s", trial, method).isEqualTo(fromValues);
            }
        }
    }

    private static double[] unsigned(byte[] bytes) {
        double[] out = new double[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xff;
        }
        return out;
    }

    @Test
    @DisplayName("counts tied values together: D of {1,2,2,3} against {2,2,2,4} is 1/4, not the 1/2 a naive merge finds")
    void tiesAreOneStep() {
        Result r = KolmogorovSmirnov.test(new double[] {1, 2, 2, 3}, new double[] {2, 2, 2, 4}, Method.EXACT);
        // F(1) = 1/4 vs 0; F(2) = 3/4 vs 3/4; F(3) = 1 vs 3/4; F(4) = 1 vs 1.
        assertThat(r.statistic()).isEqualTo(0.25);
    }

    @Test
    @DisplayName("AUTO is exact up to 10000 observations per sample and asymptotic above, as scipy's rule")
    void autoRule() {
        assertThat(KolmogorovSmirnov.pValue(0.02, 10_000, 9_000, Method.AUTO).method()).isEqualTo(Method.EXACT);
        assertThat(KolmogorovSmirnov.pValue(0.02, 10_001, 9_000, Method.AUTO).method()).isEqualTo(Method.ASYMPTOTIC);
    }

    @Test
    @DisplayName("EXACT falls back to ASYMPTOTIC and says so when lcm(n, m) is too large for the lattice")
    void exactFallsBackForHugeLcm() {
        Result r = KolmogorovSmirnov.pValue(0.01, 50_000, 49_999, Method.EXACT);
        assertThat(r.method()).isEqualTo(Method.ASYMPTOTIC);
        assertThat(r.pValue()).isEqualTo(KolmogorovSmirnov.pValue(0.01, 50_000, 49_999, Method.ASYMPTOTIC).pValue());
    }

    @Test
    @DisplayName("refuses empty samples and NaN")
    void refusesBadInput() {
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1}, Method.AUTO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> KolmogorovSmirnov.testBytes(ByteView.empty(), ByteView.of(new byte[3]), Method.AUTO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {1, Double.NaN}, new double[] {1}, Method.AUTO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        double[] sorted = {0, 1, 2};
        assertThat(KolmogorovSmirnov.testSorted(sorted, 3, Arrays.copyOf(sorted, 3), 3, Method.EXACT).pValue())
                .isEqualTo(1.0);
    }
}
