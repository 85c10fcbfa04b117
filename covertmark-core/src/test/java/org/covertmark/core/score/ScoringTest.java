package org.covertmark.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The time-free score at the connection level. Expected scores are worked by hand (and checked in
 * Python with the formula of the original); interval ends are scipy's
 * {@code beta.ppf(0.025, k, n-k+1)} and {@code beta.ppf(0.975, k+1, n-k)}.
 */
@DisplayName("The CovertMark score")
class ScoringTest {

    private static Scoring.Candidate candidate(double tpr, double fpr, double block, double time) {
        return new Scoring.Candidate(Optional.of(new Scoring.Rates(tpr, fpr, block)), 0, time);
    }

    private static Scoring.Candidate penalised(Scoring.Candidate c, double penalty) {
        return new Scoring.Candidate(c.rates(), penalty, c.timeSeconds());
    }

    private static final Scoring.Candidate A = candidate(0.90, 0.01, 0.02, 2.0);
    private static final Scoring.Candidate B = candidate(0.95, 0.03, 0.00, 1.0);
    /** TPR below 0.333: not acceptable. */
    private static final Scoring.Candidate C = candidate(0.30, 0.00, 0.00, 0.5);
    /** FPR above 0.05: not acceptable. */
    private static final Scoring.Candidate D = candidate(0.99, 0.06, 0.00, 0.1);
    private static final List<Scoring.Candidate> MIXED = List.of(A, B, C, D);

    @Test
    @DisplayName("takes the best acceptable configuration, penalised as the original did, time left out (worked by hand)")
    void handWorked() {
        // Among A and B the best TPR is 0.95.
        // B: 0.4·log1p((0.03 − 0.0025)·100) = 0.4·log1p(2.75) = 0.528702
        //    → (log1p(100) − 0.528702) / log1p(100) · 100 = 88.544127
        // A: 0.1·log1p(5) + 0.4·log1p(0.75) + 0.25·log1p(2) = 0.677675 → 85.316194
        Scoring.Choice c = Scoring.choose(MIXED, false);
        assertThat(c.best()).hasValue(1);
        assertThat(c.score()).isCloseTo(88.54412719963402, within(1e-9));
        assertThat(c.bestTpr()).isEqualTo(0.95);
        assertThat(Scoring.score(A.rates().orElseThrow(), 0.95, 0, 0, false)).isCloseTo(85.3161941970732, within(1e-9));
        assertThat(Scoring.band(c.score())).isEqualTo("reasonably effective, deployable with some difficulty");
    }

    @Test
    @DisplayName("deducts a configuration's own penalty, clipped to [0, 1], which can change the choice")
    void configPenalty() {
        Scoring.Choice c = Scoring.choose(List.of(A, penalised(B, 0.25), C, D), false);
        // B: 88.544127 · 0.75 = 66.408095 < A's 85.316194
        assertThat(c.best()).hasValue(0);
        assertThat(c.score()).isCloseTo(85.3161941970732, within(1e-9));
        assertThat(Scoring.score(B.rates().orElseThrow(), 0.95, 0, 0.25, false))
                .isCloseTo(66.40809539972551, within(1e-9));

        Scoring.Choice clipped = Scoring.choose(List.of(penalised(A, -3), penalised(B, 1.7)), false);
        assertThat(clipped.best()).hasValue(0);
        assertThat(clipped.score()).as("a negative penalty counts as 0").isCloseTo(85.3161941970732, within(1e-9));
        assertThat(Scoring.score(B.rates().orElseThrow(), 0.95, 0, 1.7, false)).as("above 1 counts as 1").isZero();
    }

    @Test
    @DisplayName("the default score ignores time: of two equal configurations the first wins; only score_with_time "
            + "prefers the faster")
    void timeOnlyInTheMachineDependentScore() {
        assertThat(Scoring.choose(List.of(candidate(1, 0, 0, 1)), false).score()).isEqualTo(100);
        assertThat(Scoring.band(100)).isEqualTo("very effective, easily deployed");
        Scoring.Candidate slow = candidate(0.5, 0.002, 0.5, 3.0);
        Scoring.Candidate fast = candidate(0.5, 0.002, 0.5, 1.5);

        // Only 0.25·log1p(50) for blocked hosts → 78.701392, for both.
        Scoring.Choice timeFree = Scoring.choose(List.of(slow, fast), false);
        assertThat(timeFree.best()).hasValue(0);
        assertThat(timeFree.score()).isCloseTo(78.7013924209752, within(1e-9));

        // With time the slow one's scaled time is 1.0 against 0.5: another 0.25·log1p(50) → 57.402785.
        Scoring.Choice withTime = Scoring.choose(List.of(slow, fast), true);
        assertThat(withTime.best()).hasValue(1);
        assertThat(withTime.score()).isCloseTo(78.7013924209752, within(1e-9));
        assertThat(Scoring.score(slow.rates().orElseThrow(), 0.5, 0.5, 0, true))
                .isCloseTo(57.402784841950385, within(1e-9));
        assertThat(Scoring.choose(MIXED, true).score()).as("A with time: the original's 64.017587")
                .isCloseTo(88.54412719963402, within(1e-9));
        assertThat(Scoring.score(A.rates().orElseThrow(), 0.95, 0.5, 0, true)).isCloseTo(64.01758661804841, within(1e-9));
    }

    @Test
    @DisplayName("no acceptable configuration: score 0, no choice, no best TPR, not very effective")
    void nothingAcceptable() {
        Scoring.Choice c = Scoring.choose(List.of(C, D), false);
        assertThat(c.best()).isEmpty();
        assertThat(c.score()).isZero();
        assertThat(c.bestTpr()).isNaN();
        assertThat(Scoring.band(c.score())).isEqualTo("not very effective");
    }

    @Test
    @DisplayName("a configuration that was not measured is never chosen, even when nothing else is acceptable")
    void unmeasuredNeverChosen() {
        Scoring.Candidate unmeasured = new Scoring.Candidate(Optional.empty(), 0, 0.001);
        assertThat(Scoring.choose(List.of(unmeasured), false).best()).isEmpty();
        assertThat(Scoring.choose(List.of(unmeasured, C, A), false).best()).hasValue(2);
    }

    static Measurement measurement(Count flowPositives, Count flowNegatives, Count hostNegatives) {
        Map<String, UnitRates> units = new LinkedHashMap<>();
        units.put(Measurement.FLOW, new UnitRates(flowPositives, flowNegatives));
        units.put(Measurement.HOST, new UnitRates(Count.NONE, hostNegatives));
        return new Measurement(units);
    }

    static Count count(long flagged, long examined) {
        return new Count(flagged, examined, examined, Map.of());
    }

    @Test
    @DisplayName("reads TPR and FPR over connections and the block rate over hosts; none over no unit")
    void ratesOfAMeasurement() {
        Scoring.Rates r = Scoring.Rates.of(measurement(count(9, 10), count(1, 200), count(1, 40))).orElseThrow();
        assertThat(r.tpr()).isEqualTo(0.9);
        assertThat(r.fpr()).isEqualTo(0.005);
        assertThat(r.blockRate()).isEqualTo(0.025);
        assertThat(Scoring.Rates.of(measurement(count(9, 10), Count.NONE, Count.NONE))).isEmpty();
        assertThat(Scoring.Rates.of(measurement(Count.NONE, count(0, 10), count(0, 3)))).isEmpty();
    }

    @Test
    @DisplayName("bounds the score by the rates' 95 % intervals: 10 of 10 against 0 of 100 spans two bands")
    void scoreInterval() {
        // tpr [0.691503, 1], connection fpr [0, 0.036217], host fpr [0, 0.168433]
        Scoring.Bounds wide = Scoring.scoreInterval(measurement(count(10, 10), count(0, 100), count(0, 20)), 1, 0)
                .orElseThrow();
        assertThat(wide.lower()).isCloseTo(64.10562902005285, within(1e-6));
        assertThat(wide.upper()).isEqualTo(100);
        assertThat(wide.oneBand()).isFalse();

        // tpr [0.981725, 1], fpr [0, 0.001843], host fpr [0, 0.009180]
        Scoring.Bounds narrow = Scoring.scoreInterval(measurement(count(200, 200), count(0, 2000), count(0, 400)), 1, 0)
                .orElseThrow();
        assertThat(narrow.lower()).isCloseTo(94.21989756026167, within(1e-6));
        assertThat(narrow.oneBand()).isTrue();

        assertThat(Scoring.scoreInterval(measurement(count(10, 10), Count.NONE, Count.NONE), 1, 0)).isEmpty();
    }

    @Test
    @DisplayName("precision at a base rate: TPR / (TPR + λ·FPR); none when a rate is over no unit")
    void precision() {
        UnitRates r = new UnitRates(count(9, 10), count(1, 200));
        assertThat(r.precisionAt(1).getAsDouble()).isCloseTo(0.9 / 0.905, within(1e-12));
        assertThat(r.precisionAt(1000).getAsDouble()).isCloseTo(0.9 / 5.9, within(1e-12));
        assertThat(new UnitRates(count(9, 10), Count.NONE).precisionAt(10)).isEmpty();
    }
}
