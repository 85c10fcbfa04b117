package org.covertmark.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.PerformanceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The CovertMark score")
class ScoringTest {

    private static final Detection NONE = Detection.of(0, 0);

    private static PerformanceRecord record(String name, double tpr, double fpr, double time, double block) {
        return new PerformanceRecord(Config.of(name), tpr, fpr, time, block, NONE, NONE);
    }

    private static final List<PerformanceRecord> MIXED = List.of(
            record("A", 0.90, 0.01, 2.0, 0.02),
            record("B", 0.95, 0.03, 1.0, 0.00),
            record("C", 0.30, 0.00, 0.5, 0.00),   // TPR below 0.333: not acceptable
            record("D", 0.99, 0.06, 0.1, 0.00));  // FPR above 0.05: not acceptable

    @Test
    @DisplayName("takes the best acceptable record, penalised as the original did (worked by hand)")
    void handWorked() {
        // Among A and B: best TPR 0.95, worst time 2.0 s, so scaled times 1.0 and 0.5.
        // B: 0.4·log1p((0.03 − 0.0025)·100) = 0.4·log1p(2.75) = 0.528702; no other penalty.
        //    (log1p(100) − 0.528702) / log1p(100) · 100 = 88.544127
        // A: 0.1·log1p(5) + 0.4·log1p(0.75) + 0.25·log1p(50) + 0.25·log1p(2) = 1.660632 → 64.017587
        Score s = Scoring.score(MIXED, c -> 0);
        assertThat(s.value()).isCloseTo(88.54412719963402, within(1e-9));
        assertThat(s.best()).get().extracting(PerformanceRecord::config).isEqualTo(Config.of("B"));
        assertThat(s.band()).isEqualTo("reasonably effective, deployable with some difficulty");
    }

    @Test
    @DisplayName("deducts a configuration's own penalty from its score")
    void configPenalty() {
        Map<Config, Double> penalty = Map.of(Config.of("B"), 0.25);
        Score s = Scoring.score(MIXED, c -> penalty.getOrDefault(c, 0.0));
        assertThat(s.value()).isCloseTo(88.54412719963402 * 0.75, within(1e-9));
        assertThat(s.best()).get().extracting(PerformanceRecord::config).isEqualTo(Config.of("B"));

        Score clipped = Scoring.score(MIXED, c -> c.equals(Config.of("B")) ? 1.7 : -3);
        assertThat(clipped.value()).as("penalties are clipped to [0, 1]").isCloseTo(64.01758661804841, within(1e-9));
        assertThat(clipped.best()).get().extracting(PerformanceRecord::config).isEqualTo(Config.of("A"));
    }

    @Test
    @DisplayName("a perfect record scores 100, very effective; the slower of two equal records loses on time")
    void perfectAndSlow() {
        assertThat(Scoring.score(List.of(record("E", 1, 0, 1, 0)), c -> 0).value()).isEqualTo(100);
        assertThat(Scoring.band(100)).isEqualTo("very effective, easily deployed");
        Score s = Scoring.score(List.of(record("F", 0.5, 0.002, 3.0, 0.5), record("G", 0.5, 0.002, 1.5, 0.5)), c -> 0);
        // G: only 0.25·log1p(50) for blocked IPs → 78.701392; F adds 0.25·log1p(50) for time → 57.402785
        assertThat(s.value()).isCloseTo(78.7013924209752, within(1e-9));
        assertThat(s.best()).get().extracting(PerformanceRecord::config).isEqualTo(Config.of("G"));
    }

    @Test
    @DisplayName("no acceptable record: score 0, no best configuration, not very effective")
    void nothingAcceptable() {
        Score s = Scoring.score(List.of(record("C", 0.3, 0, 1, 0), PerformanceRecord.worstCase(Config.of("W"))), c -> 0);
        assertThat(s.value()).isZero();
        assertThat(s.best()).isEmpty();
        assertThat(s.band()).isEqualTo("not very effective");
    }

    @Test
    @DisplayName("precision at a base rate: TPR / (TPR + FPR·λ)")
    void precision() {
        PerformanceRecord r = record("P", 0.9, 0.005, 1, 0);
        assertThat(r.precisionAt(1)).isCloseTo(0.9 / 0.905, within(1e-12));
        assertThat(r.precisionAt(1000)).isCloseTo(0.9 / 5.9, within(1e-12));
        assertThat(PerformanceRecord.worstCase(Config.EMPTY).precisionAt(10)).isZero();
        assertThat(record("Z", 0, 0, 1, 0).precisionAt(10)).isNaN();
    }
}
