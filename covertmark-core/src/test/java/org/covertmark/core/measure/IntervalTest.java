package org.covertmark.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An interval of a rate")
class IntervalTest {

    @Test
    @DisplayName("contains both its ends and what lies between, and nothing else")
    void contains() {
        Interval i = new Interval(0.25, 0.5);
        assertThat(i.contains(0.25)).isTrue();
        assertThat(i.contains(0.3)).isTrue();
        assertThat(i.contains(0.5)).isTrue();
        assertThat(i.contains(Math.nextDown(0.25))).isFalse();
        assertThat(i.contains(Math.nextUp(0.5))).isFalse();
        assertThat(i.contains(Double.NaN)).isFalse();
        assertThat(i.width()).isEqualTo(0.25);
        assertThat(new Interval(0.0, 0.0).width()).isZero();
    }

    @Test
    @DisplayName("rejects bounds out of order, outside [0, 1] or NaN")
    void invalid() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Interval(0.6, 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Interval(-0.1, 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Interval(0.1, 1.0000001));
        assertThatIllegalArgumentException().isThrownBy(() -> new Interval(Double.NaN, 0.5));
        assertThatIllegalArgumentException().isThrownBy(() -> new Interval(0.1, Double.NaN));
    }
}
