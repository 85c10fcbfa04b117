package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import org.covertmark.api.strategy.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A feature histogram")
class FeatureHistogramTest {

    @Test
    @DisplayName("bins integer features with integer widths over both samples' range")
    void integers() {
        double[] positive = {100, 100, 101, 1500};
        double[] negative = {0, 60, 1460};
        FeatureHistogram h = FeatureHistogram.of("length", positive, negative);

        assertThat(h.lower()).isZero();
        assertThat(h.width()).isEqualTo(38); // 1501 values in at most 40 bins
        assertThat(h.bins()).isEqualTo(40);
        assertThat(h.upper()).isGreaterThanOrEqualTo(1501);
        assertThat(h.counts(Role.POSITIVE).get(2)).isEqualTo(3); // 100, 100, 101 in [76, 114)
        assertThat(h.counts(Role.POSITIVE).get(39)).isEqualTo(1); // 1500 in the last bin
        assertThat(h.total(Role.POSITIVE)).isEqualTo(4);
        assertThat(h.total(Role.NEGATIVE)).isEqualTo(3);
        assertThat(h.share(Role.NEGATIVE, 0)).isEqualTo(1.0 / 3);
        assertThat(h.mean(Role.POSITIVE)).isEqualTo(450.25);
    }

    @Test
    @DisplayName("gives a few distinct integers a bin each")
    void fewIntegers() {
        FeatureHistogram h = FeatureHistogram.of("top", new double[] {1, 2, 2}, new double[] {3});
        assertThat(h.bins()).isEqualTo(3);
        assertThat(h.width()).isEqualTo(1);
        assertThat(h.positive()).containsExactly(1L, 2L, 0L);
        assertThat(h.negative()).containsExactly(0L, 0L, 1L);
    }

    @Test
    @DisplayName("cuts real-valued features into 40 equal bins, the maximum in the last, and ignores NaN and infinities")
    void reals() {
        double[] positive = {7.5, 8.0, Double.NaN, Double.POSITIVE_INFINITY};
        double[] negative = {4.0, 6.0};
        FeatureHistogram h = FeatureHistogram.of("entropy", positive, negative);

        assertThat(h.lower()).isEqualTo(4.0);
        assertThat(h.width()).isCloseTo(0.1, within(1e-12));
        assertThat(h.bins()).isEqualTo(40);
        assertThat(h.counts(Role.POSITIVE).get(39)).isEqualTo(1);
        assertThat(h.counts(Role.POSITIVE).get(35)).isEqualTo(1);
        assertThat(h.total(Role.POSITIVE)).isEqualTo(2);
        assertThat(h.mean(Role.POSITIVE)).isEqualTo(7.75);
    }

    @Test
    @DisplayName("has one bin for a single value and zero shares for an empty sample")
    void degenerate() {
        FeatureHistogram one = FeatureHistogram.of("x", new double[] {0.5, 0.5}, new double[0]);
        assertThat(one.bins()).isEqualTo(1);
        assertThat(one.share(Role.POSITIVE, 0)).isEqualTo(1);
        assertThat(one.share(Role.NEGATIVE, 0)).isZero();
        assertThat(one.mean(Role.NEGATIVE)).isNaN();

        FeatureHistogram none = FeatureHistogram.of("x", new double[0], new double[0]);
        assertThat(none.total(Role.POSITIVE)).isZero();
        assertThat(none.bins()).isPositive();
    }

    @Test
    @DisplayName("is immutable")
    void immutable() {
        FeatureHistogram h = new FeatureHistogram("x", 0, 1, new java.util.ArrayList<>(List.of(1L)),
                new java.util.ArrayList<>(List.of(2L)), 0.5, 0.5);
        assertThat(h.positive()).isUnmodifiable();
        assertThat(Collections.frequency(h.negative(), 2L)).isEqualTo(1);
    }
}
