package org.covertmark.core.measure;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * The positive and negative counts of one unit level (packets, windows, connections or hosts) and
 * the rates they give: the true positive rate over the positives, the false positive rate over the
 * negatives, each with its 95 % interval, and precision at a base rate.
 *
 * @param positives the protocol's units
 * @param negatives ordinary traffic's units ({@link Count#NONE} without a negative trace)
 */
@API(status = MAINTAINED, since = "0.1")
public record UnitRates(Count positives, Count negatives) {

    /** Checks for nulls. */
    public UnitRates {
        Objects.requireNonNull(positives, "positives");
        Objects.requireNonNull(negatives, "negatives");
    }

    /** The share of positive units flagged; empty over none. */
    public OptionalDouble tpr() {
        return positives.rate();
    }

    /** The share of negative units flagged; empty over none. */
    public OptionalDouble fpr() {
        return negatives.rate();
    }

    /** The 95 % interval of the TPR. */
    public Optional<Interval> tprCi95() {
        return positives.ci95();
    }

    /** The 95 % interval of the FPR. */
    public Optional<Interval> fprCi95() {
        return negatives.ci95();
    }

    /**
     * Precision when a censor sees {@code lambda} negative units for every positive one; empty when
     * either rate is unknown or nothing would be flagged.
     */
    public OptionalDouble precisionAt(double lambda) {
        if (tpr().isEmpty() || fpr().isEmpty()) {
            return OptionalDouble.empty();
        }
        return BaseRatePrecision.at(tpr().getAsDouble(), fpr().getAsDouble(), lambda);
    }

    /** The 95 % interval of {@link #precisionAt}, from the rates' intervals; empty when either is unknown. */
    public Optional<Interval> precisionCi95(double lambda) {
        if (tprCi95().isEmpty() || fprCi95().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(BaseRatePrecision.interval(tprCi95().get(), fprCi95().get(), lambda));
    }
}
