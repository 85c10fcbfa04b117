package org.covertmark.analytics.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StandardScaler")
class StandardScalerTest {

    @Test
    @DisplayName("learns numpy's column means and population standard deviations of the training half, to 1e-12")
    void matchesNumpy() {
        double[] mean = Reference.doubles(Reference.JSON.at("/scaler/numpy_mean"));
        double[] std = Reference.doubles(Reference.JSON.at("/scaler/numpy_std"));

        for (int j = 0; j < mean.length; j++) {
            assertThat(Reference.SCALER.mean()[j]).as("mean " + j)
                    .isCloseTo(mean[j], within(1e-12 * Math.abs(mean[j])));
            assertThat(Reference.SCALER.scale()[j]).as("std " + j).isCloseTo(std[j], within(1e-12 * std[j]));
        }
    }

    @Test
    @DisplayName("gives a constant column scale 1, so it is only centred, as scikit-learn does")
    void constantColumn() {
        StandardScaler scaler = StandardScaler.fit(new double[][] {{0.1, 1}, {0.1, 2}, {0.1, 6}});

        // 0.1 + 0.1 + 0.1 rounds, so the computed variance is about 1e-34, not 0: within the rounding bound.
        assertThat(scaler.scale()[0]).isEqualTo(1.0);
        assertThat(scaler.transform(new double[] {0.1, 3})).containsExactly(new double[] {0.0, 0.0}, within(1e-16));
        assertThat(scaler.transform(new double[] {0.1, 1})[1]).isCloseTo(-2 / Math.sqrt(14.0 / 3), within(1e-15));
    }

    @Test
    @DisplayName("refuses a NaN rather than learning NaN statistics")
    void refusesNaN() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StandardScaler.fit(new double[][] {{1, 2}, {Double.NaN, 3}}))
                .withMessageContaining("row 1");
    }
}
