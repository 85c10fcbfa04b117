package org.covertmark.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values from scipy 1.17.1. Clopper–Pearson is checked against scipy's beta quantiles to 1e-13 absolute
 * and 1e-9 relative (the errors seen are at most 9e-15 absolute and 3e-10 relative, the latter on an upper bound of
 * 4.4e-7 from 3 of twenty million, where commons-math's beta distribution function limits it), and against scipy's
 * binomtest exact interval, which stops its own root search sooner, to 1e-11. Wilson is checked against scipy's to
 * 1e-14 absolute and 1e-12 relative.
 */
@DisplayName("Binomial confidence intervals")
class BinomialIntervalsTest {

    static final double BETA_TOLERANCE = 1e-13;
    static final double BETA_RELATIVE_TOLERANCE = 1e-9;
    static final double BINOMTEST_EXACT_TOLERANCE = 1e-11;
    static final double WILSON_TOLERANCE = 1e-14;
    static final double WILSON_RELATIVE_TOLERANCE = 1e-12;

    @Nested
    @DisplayName("Clopper–Pearson")
    class ClopperPearson {

        /*
         * k, n, confidence, lower, upper from:
         * python3 -c "from scipy.stats import beta; [print(k, n, c, 0.0 if k == 0 else float(beta.ppf((1-c)/2, k, n-k+1)), 1.0 if k == n else float(beta.ppf(1-(1-c)/2, k+1, n-k))) for k, n, c in [(0,1,.95),(1,1,.95),(0,168,.95),(5,10,.95),(1,1000,.95),(999,1000,.95),(0,100000,.95),(37,50,.95),(2,3,.95),(12345,1000000,.95),(1,2,.95),(50,100,.95),(3,20,.99),(0,10,.99),(7,9,.8),(1,1000000,.95),(3,20000000,.95),(999999,1000000,.95)]]"
         */
        @ParameterizedTest(name = "{0} of {1} at {2}: [{3}, {4}]")
        @CsvSource(delimiter = ' ', textBlock = """
                0 1 0.95 0.0 0.975
                1 1 0.95 0.025000000000000022 1.0
                0 168 0.95 0.0 0.021718302138675937
                5 10 0.95 0.18708602844739855 0.8129139715526015
                1 1000 0.95 2.5317487491294065e-05 0.005558924279826672
                999 1000 0.95 0.9944410757201734 0.9999746825125088
                0 100000 0.95 0.0 3.68881141579242e-05
                37 50 0.95 0.5965523212719344 0.8536994156034454
                2 3 0.95 0.09429932405024613 0.9915962413403874
                12345 1000000 0.95 0.01212949382560612 0.012563337660712826
                1 2 0.95 0.01257911709342506 0.9874208829065749
                50 100 0.95 0.398321129503301 0.601678870496699
                3 20 0.99 0.01764263795419471 0.449465406739486
                0 10 0.99 0.0 0.4112959813475253
                7 9 0.8 0.509918805554197 0.9392309503492315
                1 1000000 0.95 2.53178076637942e-08 5.571630655166939e-06
                3 20000000 0.95 3.093360721301646e-08 4.3836359023698723e-07
                999999 1000000 0.95 0.9999944283693448 0.9999999746821924
                """)
        @DisplayName("agrees with scipy's beta quantiles, from 0 of 1 to 3 of twenty million")
        void scipyBeta(long k, long n, double confidence, double lower, double upper) {
            Interval i = BinomialIntervals.clopperPearson(k, n, confidence).orElseThrow();
            assertClose(i.lower(), lower, BETA_TOLERANCE, BETA_RELATIVE_TOLERANCE);
            assertClose(i.upper(), upper, BETA_TOLERANCE, BETA_RELATIVE_TOLERANCE);
        }

        /*
         * k, n, confidence, lower, upper from:
         * python3 -c "from scipy.stats import binomtest; [print(k, n, c, *(float(x) for x in binomtest(k, n).proportion_ci(c, method='exact'))) for k, n, c in [(0,1,.95),(1,1,.95),(0,168,.95),(5,10,.95),(1,1000,.95),(999,1000,.95),(0,100000,.95),(37,50,.95),(2,3,.95),(12345,1000000,.95),(1,2,.95),(50,100,.95),(3,20,.99),(0,10,.99),(7,9,.8),(1,1000000,.95),(3,20000000,.95),(999999,1000000,.95)]]"
         */
        @ParameterizedTest(name = "{0} of {1} at {2}: [{3}, {4}]")
        @CsvSource(delimiter = ' ', textBlock = """
                0 1 0.95 0.0 0.975
                1 1 0.95 0.025000000000000022 1.0
                0 168 0.95 0.0 0.021718302138676152
                5 10 0.95 0.1870860284474045 0.8129139715525955
                1 1000 0.95 2.5317487491674634e-05 0.0055589242798499
                999 1000 0.95 0.9944410757201502 0.9999746825125083
                0 100000 0.95 0.0 3.688811415754905e-05
                37 50 0.95 0.5965523212719345 0.8536994156034455
                2 3 0.95 0.09429932405071303 0.9915962413403874
                12345 1000000 0.95 0.012129493825566821 0.012563337660844883
                1 2 0.95 0.01257911709367899 0.987420882906321
                50 100 0.95 0.39832112950330095 0.6016788704966991
                3 20 0.99 0.0176426379541102 0.449465406739486
                0 10 0.99 0.0 0.4112959813475254
                7 9 0.8 0.509918805554197 0.939230950348978
                1 1000000 0.95 2.5317805139113815e-08 5.571630655512304e-06
                3 20000000 0.95 3.0933629855038456e-08 4.383635895778446e-07
                999999 1000000 0.95 0.9999944283693444 0.9999999746821948
                """)
        @DisplayName("agrees with scipy's binomtest exact interval")
        void scipyBinomtest(long k, long n, double confidence, double lower, double upper) {
            Interval i = BinomialIntervals.clopperPearson(k, n, confidence).orElseThrow();
            assertThat(i.lower()).isCloseTo(lower, within(BINOMTEST_EXACT_TOLERANCE));
            assertThat(i.upper()).isCloseTo(upper, within(BINOMTEST_EXACT_TOLERANCE));
        }

        @Test
        @DisplayName("no detection in 168 flows still allows a rate of up to about 2.17 %")
        void ruleOfThree() {
            Interval i = BinomialIntervals.clopperPearson(0, 168).orElseThrow();
            assertThat(i.lower()).isZero();
            assertThat(i.upper()).isCloseTo(0.0217, within(0.00005));
        }

        @Test
        @DisplayName("takes 0 as the lower bound when k = 0 and 1 as the upper when k = n, exactly")
        void edges() {
            for (long n : new long[] {1, 2, 168, 1_000_000}) {
                assertThat(BinomialIntervals.clopperPearson(0, n).orElseThrow().lower()).isEqualTo(0.0);
                assertThat(BinomialIntervals.clopperPearson(n, n).orElseThrow().upper()).isEqualTo(1.0);
                assertThat(BinomialIntervals.clopperPearson(0, n).orElseThrow().upper()).isStrictlyBetween(0.0, 1.0);
                assertThat(BinomialIntervals.clopperPearson(n, n).orElseThrow().lower()).isStrictlyBetween(0.0, 1.0);
            }
        }

        @Test
        @DisplayName("at 95 % by default")
        void defaultConfidence() {
            assertThat(BinomialIntervals.clopperPearson(37, 50))
                    .isEqualTo(BinomialIntervals.clopperPearson(37, 50, BinomialIntervals.CONFIDENCE));
            assertThat(BinomialIntervals.CONFIDENCE).isEqualTo(0.95);
        }

        @Test
        @DisplayName("contains the observed proportion, as does Wilson's, for every k on a grid of n up to 1000")
        void containsProportion() {
            for (long n : new long[] {1, 3, 10, 168, 1000}) {
                for (long k = 0; k <= n; k += Math.max(1, n / 7)) {
                    Interval exact = BinomialIntervals.clopperPearson(k, n).orElseThrow();
                    Interval score = BinomialIntervals.wilson(k, n, 0.95).orElseThrow();
                    assertThat(exact.contains((double) k / n)).as("%d of %d in %s", k, n, exact).isTrue();
                    assertThat(score.contains((double) k / n)).as("%d of %d in %s", k, n, score).isTrue();
                }
            }
        }

        @Test
        @DisplayName("narrows as the confidence falls")
        void nested() {
            Interval wide = BinomialIntervals.clopperPearson(5, 10, 0.99).orElseThrow();
            Interval narrow = BinomialIntervals.clopperPearson(5, 10, 0.8).orElseThrow();
            assertThat(wide.lower()).isLessThan(narrow.lower());
            assertThat(wide.upper()).isGreaterThan(narrow.upper());
        }

        @Test
        @DisplayName("is empty when there were no trials")
        void noTrials() {
            assertThat(BinomialIntervals.clopperPearson(0, 0)).isEmpty();
            assertThat(BinomialIntervals.clopperPearson(0, 0, 0.5)).isEmpty();
        }

        @Test
        @DisplayName("rejects k < 0, k > n and a confidence outside (0, 1)")
        void invalid() {
            assertThatIllegalArgumentException().isThrownBy(() -> BinomialIntervals.clopperPearson(-1, 10));
            assertThatIllegalArgumentException().isThrownBy(() -> BinomialIntervals.clopperPearson(11, 10));
            assertThatIllegalArgumentException().isThrownBy(() -> BinomialIntervals.clopperPearson(1, 0));
            assertThatIllegalArgumentException().isThrownBy(() -> BinomialIntervals.clopperPearson(0, -1));
            for (double c : new double[] {0.0, 1.0, -0.5, 1.5, Double.NaN}) {
                assertThatIllegalArgumentException().as("confidence %s", c)
                        .isThrownBy(() -> BinomialIntervals.clopperPearson(5, 10, c));
            }
        }
    }

    @Nested
    @DisplayName("Wilson")
    class Wilson {

        /*
         * k, n, confidence, lower, upper from:
         * python3 -c "from scipy.stats import binomtest; [print(k, n, c, *(float(x) for x in binomtest(k, n).proportion_ci(c, method='wilson'))) for k, n, c in [(0,1,.95),(1,1,.95),(0,168,.95),(5,10,.95),(1,1000,.95),(999,1000,.95),(0,100000,.95),(37,50,.95),(2,3,.95),(12345,1000000,.95),(1,2,.95),(50,100,.95),(3,20,.99),(0,10,.99),(7,9,.8),(1,1000000,.95),(3,20000000,.95),(999999,1000000,.95)]]"
         */
        @ParameterizedTest(name = "{0} of {1} at {2}: [{3}, {4}]")
        @CsvSource(delimiter = ' ', textBlock = """
                0 1 0.95 0.0 0.7934506856227626
                1 1 0.95 0.20654931437723745 1.0
                0 168 0.95 0.0 0.022354668349868052
                5 10 0.95 0.236593090512564 0.7634069094874361
                1 1000 0.95 0.00017654637062607809 0.0056425585979579355
                999 1000 0.95 0.9943574414020421 0.9998234536293739
                0 100000 0.95 0.0 3.841311258303963e-05
                37 50 0.95 0.6044684273515115 0.8412847250644762
                2 3 0.95 0.20765960080204782 0.9385080552796038
                12345 1000000 0.95 0.012130446166424584 0.01256330043238542
                1 2 0.95 0.09453120573423074 0.9054687942657693
                50 100 0.95 0.4038315303659956 0.5961684696340044
                3 20 0.99 0.03878706050807168 0.4355867202610557
                0 10 0.99 0.0 0.39885409330490806
                7 9 0.8 0.5660581495362461 0.9037618177900596
                1 1000000 0.95 1.765245767453709e-07 5.664911804311442e-06
                3 20000000 0.95 5.10135376997242e-08 4.4105930882110324e-07
                999999 1000000 0.95 0.9999943350881957 0.9999998234754233
                """)
        @DisplayName("agrees with scipy's binomtest Wilson interval")
        void scipyWilson(long k, long n, double confidence, double lower, double upper) {
            Interval i = BinomialIntervals.wilson(k, n, confidence).orElseThrow();
            assertClose(i.lower(), lower, WILSON_TOLERANCE, WILSON_RELATIVE_TOLERANCE);
            assertClose(i.upper(), upper, WILSON_TOLERANCE, WILSON_RELATIVE_TOLERANCE);
        }

        @Test
        @DisplayName("takes 0 as the lower bound when k = 0 and 1 as the upper when k = n, exactly")
        void edges() {
            for (long n : new long[] {1, 2, 168, 1_000_000}) {
                assertThat(BinomialIntervals.wilson(0, n, 0.95).orElseThrow().lower()).isEqualTo(0.0);
                assertThat(BinomialIntervals.wilson(n, n, 0.95).orElseThrow().upper()).isEqualTo(1.0);
            }
        }

        @Test
        @DisplayName("is empty when there were no trials and rejects what Clopper–Pearson rejects")
        void invalid() {
            assertThat(BinomialIntervals.wilson(0, 0, 0.95)).isEmpty();
            assertThatIllegalArgumentException().isThrownBy(() -> BinomialIntervals.wilson(-1, 10, 0.95));
            assertThatIllegalArgumentException().isThrownBy(() -> BinomialIntervals.wilson(11, 10, 0.95));
            assertThatIllegalArgumentException().isThrownBy(() -> BinomialIntervals.wilson(5, 10, 1.0));
            assertThatIllegalArgumentException().isThrownBy(() -> BinomialIntervals.wilson(5, 10, Double.NaN));
        }
    }

    static void assertClose(double actual, double expected, double absolute, double relative) {
        assertThat(actual).isCloseTo(expected, within(absolute));
        assertThat(actual).isCloseTo(expected, within(relative * Math.abs(expected)));
    }
}
