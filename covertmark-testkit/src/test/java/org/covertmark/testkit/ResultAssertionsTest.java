package org.covertmark.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.testkit.ResultAssertions.assertThat;

import java.util.Map;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.testkit.StrategyTestKitTest.SampledLengthStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Assertions on results")
class ResultAssertionsTest {

    /** 200 positive packets all flagged at share 1.0; 20 negative packets, 10 long ones flagged. */
    static final RunResult RESULT = StrategyTestKit.run(new SampledLengthStrategy())
            .positive(StrategyTestKitTest.PROXY).negative(StrategyTestKitTest.ORDINARY)
            .client("10.0.0.0/8").wholeTraces().execute();

    @Test
    @DisplayName("pass on what the result holds")
    void passing() {
        assertThatCode(() -> assertThat(RESULT).hasConfigurations(2)
                .configuration("Share: 1.0").unit("packet")
                .hasExaminedPositives(200).hasTruePositiveRateAtLeast(1.0).hasTruePositiveRateCi95AtLeast(0.98)
                .hasExaminedNegatives(20).hasFalsePositiveRateAtLeast(0.5).hasFalsePositiveRateAtMost(0.5))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("fail with the count a rate was taken over and its 95 % interval")
    void failureGivesTheEvidence() {
        assertThatThrownBy(() -> assertThat(RESULT).configuration("Share: 1.0").unit("packet")
                .hasFalsePositiveRateAtMost(0.1))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected the false positive rate of packets of configuration \"Share: 1.0\" on the test "
                        + "part to be at most 0.1 but it was 0.5 (10 of 20 examined; 95 % interval 0.272–0.728)");
        assertThatThrownBy(() -> assertThat(RESULT).configuration("Share: 1.0").unit("packet")
                .hasTruePositiveRateCi95AtLeast(0.99))
                .hasMessageContaining("with its 95 % interval at least 0.99 but it was 1.0 (200 of 200 examined; "
                        + "95 % interval 0.9817–1.0)");
        assertThatThrownBy(() -> assertThat(RESULT).hasConfigurations(3))
                .hasMessage("expected sampled-length to have 3 configurations but it had 2: [Share: 1.0, Share: 0.5]");
        assertThatThrownBy(() -> assertThat(RESULT).configuration("Share: 2.0"))
                .hasMessageContaining("there were [Share: 1.0, Share: 0.5]");
    }

    @Test
    @DisplayName("refuse a rate over no unit")
    void noRateFromNothing() {
        UnitRates noNegatives = new UnitRates(new Count(3, 4, 4, Map.of()), Count.NONE);
        assertThatThrownBy(() -> assertThat(noNegatives).hasFalsePositiveRateAtMost(1.0))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected a false positive rate of units but no negative unit was examined, so there is "
                        + "no rate");
        assertThatCode(() -> assertThat(noNegatives).hasTruePositiveRateAtLeast(0.75)).doesNotThrowAnyException();
    }
}
