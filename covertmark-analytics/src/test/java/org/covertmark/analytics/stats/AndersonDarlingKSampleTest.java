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
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.SoftAssertions;
import org.covertmark.analytics.stats.AndersonDarlingKSample.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reference values: scipy 1.17.1 {@code anderson_ksamp(samples, midrank=True)} via the fixtures of
 * tools/reference/stats_reference.py, including the two examples of its docstring. Tolerances: statistic 1e-12
 * relative (sums over the distinct values in another order; observed differences are below 1e-14), critical values
 * 1e-12 absolute (three terms of arithmetic), p-value 1e-12 relative (the least-squares fit is solved by QR here and
 * by numpy's scaled lstsq; observed differences are below 1e-14).
 */
@DisplayName("The k-sample Anderson-Darling test (midrank)")
class AndersonDarlingKSampleTest {

    @Test
    @DisplayName("agrees with scipy's anderson_ksamp on every reference dataset: statistic, critical values, p-value")
    void matchesScipy() {
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode c : list(Fixtures.load("anderson_ksamp.json").get("cases"))) {
            String name = c.get("name").asText();
            List<JsonNode> samples = list(c.get("samples"));
            double[][] data = samples.stream().map(Fixtures::doubles).toArray(double[][]::new);
            Result r = AndersonDarlingKSample.test(data);
            double statistic = number(c.get("statistic"));
            double p = number(c.get("pValue"));
            soft.assertThat(close(r.statistic(), statistic, 1e-12, 0))
                    .as("%s: statistic %s, scipy %s", name, r.statistic(), statistic).isTrue();
            soft.assertThat(r.criticalValues()).as("%s: critical values", name)
                    .containsExactly(doubles(c.get("criticalValues")), within(1e-12));
            soft.assertThat(close(r.pValue(), p, 1e-12, 0)).as("%s: p %s, scipy %s", name, r.pValue(), p).isTrue();
            soft.assertThat(r.samples()).isEqualTo(samples.size());
        }
        soft.assertAll();
    }

    @Test
    @DisplayName("reproduces the values printed in scipy 1.17.1's docstring for its two-sample example")
    void docstringExample() {
        JsonNode c = list(Fixtures.load("anderson_ksamp.json").get("cases")).get(0);
        JsonNode doc = c.get("docstring");
        Result r = AndersonDarlingKSample.test(doubles(c.get("samples").get(0)), doubles(c.get("samples").get(1)));
        // (3.4444310693448936, 0.013106682406720973) as printed; 0.013 means rejection at 0.025 but not at 0.01.
        assertThat(r.statistic()).isCloseTo(doc.get("statistic").asDouble(), within(1e-12));
        assertThat(r.pValue()).isCloseTo(doc.get("pValue").asDouble(), within(1e-12));
        assertThat(r.rejectionLevel()).isEqualTo(0.025);
    }

    @Test
    @DisplayName("has scipy's critical values for two samples: 0.325, 1.226, 1.961, 2.718, 3.752, 4.592, 6.546")
    void criticalValuesForTwoSamples() {
        assertThat(AndersonDarlingKSample.criticalValues(2))
                .containsExactly(new double[] {0.325, 1.226, 1.961, 2.718, 3.752, 4.592, 6.546}, within(1e-12));
        assertThat(AndersonDarlingKSample.significanceLevels())
                .containsExactly(0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001);
    }

    @Test
    @DisplayName("reports the smallest rejecting level among 0.25..0.01, 1 below the 0.25 value and 0 from the 0.01 value")
    void rejectionLevel() {
        double[] c = AndersonDarlingKSample.criticalValues(2);
        double eps = 1e-9;
        assertThat(level(c[0] - eps)).isEqualTo(1.0);
        assertThat(level(c[0])).isEqualTo(0.25);
        assertThat(level(c[1] - eps)).isEqualTo(0.25);
        assertThat(level(c[1])).isEqualTo(0.1);
        assertThat(level(c[2] - eps)).isEqualTo(0.1);
        assertThat(level(c[2])).isEqualTo(0.05);
        assertThat(level(c[3])).isEqualTo(0.025);
        assertThat(level(c[4] - eps)).isEqualTo(0.025);
        assertThat(level(c[4])).isEqualTo(0.0);
        assertThat(level(100)).isEqualTo(0.0);
        assertThat(level(-3)).isEqualTo(1.0);
    }

    private static double level(double statistic) {
        return new Result(statistic, 2, Double.NaN).rejectionLevel();
    }

    @Test
    @DisplayName("gives the same result for sorted two-sample input as for unsorted input, without copying")
    void sortedEntryPoint() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            double[] a = new double[2 + random.nextInt(60)];
            double[] b = new double[2 + random.nextInt(60)];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextInt(8);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(9);
            }
            Result unsorted = AndersonDarlingKSample.test(a, b);
            Arrays.sort(a);
            Arrays.sort(b);
            double[] longer = Arrays.copyOf(b, b.length + 5);
            Arrays.fill(longer, b.length, longer.length, Double.NaN);
            assertThat(AndersonDarlingKSample.testSorted(a, a.length, longer, b.length)).isEqualTo(unsorted);
        }
    }

    @Test
    @DisplayName("refuses fewer than two samples, an empty sample, a single distinct value and fewer than 4 values")
    void refusesDegenerateInput() {
        assertThatThrownBy(() -> AndersonDarlingKSample.test(new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 samples");
        assertThatThrownBy(() -> AndersonDarlingKSample.test(new double[] {1, 2, 3}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty sample");
        assertThatThrownBy(() -> AndersonDarlingKSample.test(new double[] {4, 4, 4}, new double[] {4, 4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 distinct values");
        assertThatThrownBy(() -> AndersonDarlingKSample.test(new double[] {1}, new double[] {2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4 observations");
        assertThatThrownBy(() -> AndersonDarlingKSample.test(new double[] {1, Double.NaN}, new double[] {2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
