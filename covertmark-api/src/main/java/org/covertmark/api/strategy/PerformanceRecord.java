package org.covertmark.api.strategy;

import java.util.Objects;

/**
 * How one configuration of a strategy performed. A record starts at the worst case — TPR 0, FPR 1,
 * blocked-IP rate 1, no time — and runs overwrite what they measure.
 *
 * @param config the configuration
 * @param tpr true positive rate in [0, 1]
 * @param fpr false positive rate in [0, 1]
 * @param timeSeconds wall time of the positive run in seconds; NaN until measured
 * @param blockRate share of the negative trace's distinct destination addresses wrongly blocked
 * @param positives the counts behind the TPR ({@code 0/0} when the run gave a rate only)
 * @param negatives the counts behind the FPR ({@code 0/0} when the run gave a rate only)
 */
public record PerformanceRecord(Config config, double tpr, double fpr, double timeSeconds, double blockRate,
        Detection positives, Detection negatives) {

    /** The base rates λ (negatives per positive) at which {@link #precisionAt} is reported. */
    public static final double[] BASE_RATES = {1, 10, 100, 1_000, 10_000, 1_000_000};

    private static final Detection NOT_COUNTED = Detection.of(0, 0);

    /** Checks ranges and nulls. */
    public PerformanceRecord {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(positives, "positives");
        Objects.requireNonNull(negatives, "negatives");
        checkRate("TPR", tpr);
        checkRate("FPR", fpr);
        checkRate("blocked IP rate", blockRate);
    }

    private static void checkRate(String what, double r) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(what + " " + r + " is outside [0, 1]");
        }
    }

    /** The worst-case record a configuration starts with. */
    public static PerformanceRecord worstCase(Config config) {
        return new PerformanceRecord(config, 0, 1, Double.NaN, 1, NOT_COUNTED, NOT_COUNTED);
    }

    /** This record with the TPR and its counts from a positive run. */
    public PerformanceRecord withPositive(Detection d) {
        return new PerformanceRecord(config, d.rate(), fpr, timeSeconds, blockRate, d, negatives);
    }

    /** This record with the FPR and its counts from a negative run. */
    public PerformanceRecord withNegative(Detection d) {
        return new PerformanceRecord(config, tpr, d.rate(), timeSeconds, blockRate, positives, d);
    }

    /** This record with another TPR (counts unchanged). */
    public PerformanceRecord withTpr(double rate) {
        return new PerformanceRecord(config, rate, fpr, timeSeconds, blockRate, positives, negatives);
    }

    /** This record with another FPR (counts unchanged). */
    public PerformanceRecord withFpr(double rate) {
        return new PerformanceRecord(config, tpr, rate, timeSeconds, blockRate, positives, negatives);
    }

    /** This record with another positive-run time. */
    public PerformanceRecord withTime(double seconds) {
        return new PerformanceRecord(config, tpr, fpr, seconds, blockRate, positives, negatives);
    }

    /** This record with another blocked-IP rate. */
    public PerformanceRecord withBlockRate(double rate) {
        return new PerformanceRecord(config, tpr, fpr, timeSeconds, rate, positives, negatives);
    }

    /**
     * Precision when a censor sees {@code lambda} negatives for every positive:
     * TPR / (TPR + FPR·λ); NaN when nothing is flagged at all.
     */
    public double precisionAt(double lambda) {
        double flagged = tpr + fpr * lambda;
        return flagged == 0 ? Double.NaN : tpr / flagged;
    }
}
