package org.covertmark.api.strategy;

/**
 * Sets measured values of one configuration's performance record, for strategies that compute
 * their rates themselves rather than returning them from a positive or negative run (the
 * original's {@code register_performance_stats}). Each call overwrites that value.
 */
public interface RecordUpdate {

    /** Sets the true positive rate. */
    RecordUpdate tpr(double rate);

    /** Sets the true positive counts and the rate they give. */
    RecordUpdate positives(Detection detection);

    /** Sets the false positive rate. */
    RecordUpdate fpr(double rate);

    /** Sets the false positive counts and the rate they give. */
    RecordUpdate negatives(Detection detection);

    /** Sets the positive-run time in seconds. */
    RecordUpdate timeSeconds(double seconds);

    /** Sets the share of the negative trace's distinct destinations wrongly blocked. */
    RecordUpdate blockRate(double rate);
}
