package org.covertmark.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Percentiles")
class PercentileTest {

    @Test
    @DisplayName("interpolate linearly between ranks, as numpy.percentile does")
    void numpyValues() {
        // numpy 2.4: np.percentile([1, 2, 3, 4, 10], [0, 25, 50, 75, 90, 0.1]) = [1, 2, 3, 4, 7.6, 1.004]
        double[] v = {10, 1, 4, 2, 3};
        assertThat(Percentile.of(v, 0)).isEqualTo(1);
        assertThat(Percentile.of(v, 25)).isEqualTo(2);
        assertThat(Percentile.of(v, 50)).isEqualTo(3);
        assertThat(Percentile.of(v, 75)).isEqualTo(4);
        assertThat(Percentile.of(v, 90)).isCloseTo(7.6, within(1e-12));
        assertThat(Percentile.of(v, 0.1)).isCloseTo(1.004, within(1e-12));
        assertThat(Percentile.of(new double[] {0.5}, 5)).isEqualTo(0.5);
        assertThat(Percentile.of(new double[0], 5)).isNaN();
        assertThatThrownBy(() -> Percentile.of(v, 101)).hasMessageContaining("outside [0, 100]");
    }
}
