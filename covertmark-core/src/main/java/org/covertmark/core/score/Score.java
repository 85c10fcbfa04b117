package org.covertmark.core.score;

import java.util.Optional;
import org.covertmark.api.strategy.PerformanceRecord;

/**
 * A strategy's CovertMark score, 0–100, with the record that earned it and its band. A strategy with
 * no acceptable record scores 0 and has no best record.
 *
 * @param value the score
 * @param best the best record, if any was acceptable
 */
public record Score(double value, Optional<PerformanceRecord> best) {

    /** The band of the score, in the original system's words. */
    public String band() {
        return Scoring.band(value);
    }
}
