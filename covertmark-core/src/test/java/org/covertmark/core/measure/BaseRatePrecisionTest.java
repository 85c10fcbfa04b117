package org.covertmark.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Precision at a base rate")
class BaseRatePrecisionTest {

    @Test
    @DisplayName("a detector with TPR 0.9 and FPR 0.01 has precision 0.9 / (0.9 + λ·0.01): about 0.99 balanced, 0.0009 at a million to one")
    void point() {
        assertThat(BaseRatePrecision.at(0.9, 0.01, 1).orElseThrow()).isCloseTo(0.9 / 0.91, within(1e-15));
        assertThat(BaseRatePrecision.at(0.9, 0.01, 1e6).orElseThrow()).isCloseTo(0.9 / 10_000.9, within(1e-18));
        assertThat(BaseRatePrecision.at(0.9, 0.0, 1e6).orElseThrow()).isEqualTo(1.0);
        assertThat(BaseRatePrecision.at(0.0, 0.01, 10).orElseThrow()).isEqualTo(0.0);
    }

    @Test
    @DisplayName("is undefined when the detector flags nothing")
    void nothingFlagged() {
        assertThat(BaseRatePrecision.at(0.0, 0.0, 100)).isEmpty();
    }

    @Test
    @DisplayName("the base rates run from 1 to 1 000 000 by factors of ten")
    void baseRates() {
        assertThat(BaseRatePrecision.BASE_RATES)
                .containsExactly(1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L);
    }

    @Test
    @DisplayName("the interval's lower bound pairs the lowest TPR with the highest FPR, the upper the highest TPR with the lowest FPR")
    void corners() {
        Interval tpr = new Interval(0.8, 0.95);
        Interval fpr = new Interval(0.001, 0.02);
        for (long lambda : BaseRatePrecision.BASE_RATES) {
            Interval p = BaseRatePrecision.interval(tpr, fpr, lambda);
            assertThat(p.lower()).as("λ %d", lambda).isCloseTo(0.8 / (0.8 + lambda * 0.02), within(1e-15));
            assertThat(p.upper()).as("λ %d", lambda).isCloseTo(0.95 / (0.95 + lambda * 0.001), within(1e-15));
        }
    }

    @Test
    @DisplayName("all 168 positives and none of 168 negatives flagged: at a million to one, precision lies in [4.5e-5, 1]")
    void fprFromZero() {
        Interval tpr = BinomialIntervals.clopperPearson(168, 168).orElseThrow();
        Interval fpr = BinomialIntervals.clopperPearson(0, 168).orElseThrow();
        Interval p = BaseRatePrecision.interval(tpr, fpr, 1e6);
        assertThat(p.upper()).isEqualTo(1.0);
        assertThat(p.lower()).isCloseTo(tpr.lower() / (tpr.lower() + 1e6 * fpr.upper()), within(1e-18));
        assertThat(p.lower()).isCloseTo(4.504e-5, within(0.001e-5));
    }

    @Test
    @DisplayName("a 0/0 corner gives the bound that claims nothing: 0 below, 1 above")
    void undefinedCorners() {
        Interval zero = new Interval(0.0, 0.0);
        assertThat(BaseRatePrecision.interval(zero, zero, 10)).isEqualTo(new Interval(0.0, 1.0));
        assertThat(BaseRatePrecision.interval(new Interval(0.0, 0.5), zero, 10)).isEqualTo(new Interval(0.0, 1.0));
        assertThat(BaseRatePrecision.interval(zero, new Interval(0.0, 0.1), 10)).isEqualTo(new Interval(0.0, 1.0));
        assertThat(BaseRatePrecision.interval(zero, new Interval(0.1, 0.2), 10)).isEqualTo(new Interval(0.0, 0.0));
    }

    @Test
    @DisplayName("holds the point precision of every pair of rates drawn from the two intervals")
    void containsEveryPoint() {
        SplittableRandom random = new SplittableRandom(20240226);
        for (int box = 0; box < 200; box++) {
            Interval tpr = randomInterval(random);
            Interval fpr = randomInterval(random);
            double lambda = BaseRatePrecision.BASE_RATES.get(random.nextInt(BaseRatePrecision.BASE_RATES.size()));
            Interval p = BaseRatePrecision.interval(tpr, fpr, lambda);
            for (int draw = 0; draw < 50; draw++) {
                double t = tpr.lower() + random.nextDouble() * tpr.width();
                double f = fpr.lower() + random.nextDouble() * fpr.width();
                BaseRatePrecision.at(t, f, lambda).ifPresent(x -> assertThat(p.contains(x))
                        .as("precision %s at TPR %s, FPR %s, λ %s outside %s", x, t, f, lambda, p).isTrue());
            }
        }
    }

    @Test
    @DisplayName("rejects rates outside [0, 1] and a base rate that is not positive and finite")
    void invalid() {
        assertThatIllegalArgumentException().isThrownBy(() -> BaseRatePrecision.at(1.1, 0.0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> BaseRatePrecision.at(0.5, -0.1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> BaseRatePrecision.at(Double.NaN, 0.1, 1));
        Interval any = new Interval(0.1, 0.2);
        for (double lambda : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException().as("λ %s", lambda).isThrownBy(() -> BaseRatePrecision.at(0.5, 0.1, lambda));
            assertThatIllegalArgumentException().as("λ %s", lambda)
                    .isThrownBy(() -> BaseRatePrecision.interval(any, any, lambda));
        }
    }

    private static Interval randomInterval(SplittableRandom random) {
        // Rates near 0 are where the base rate matters, so half the boxes start at 0 exactly.
        double a = random.nextBoolean() ? 0.0 : random.nextDouble() * random.nextDouble();
        double b = a + (1.0 - a) * random.nextDouble() * random.nextDouble();
        return new Interval(a, b);
    }
}
