package org.covertmark.core.measure;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * A closed interval [lower, upper] of a rate in [0, 1].
 *
 * @param lower the smallest value in the interval, at least 0
 * @param upper the largest value in the interval, at least {@code lower} and at most 1
 */
@API(status = MAINTAINED, since = "0.1")
public record Interval(double lower, double upper) {

    /** @throws IllegalArgumentException unless 0 &le; lower &le; upper &le; 1 (so also when either is NaN) */
    public Interval {
        if (!(0.0 <= lower && lower <= upper && upper <= 1.0)) {
            throw new IllegalArgumentException("not an interval of a rate: [" + lower + ", " + upper + "]");
        }
    }

    /** Whether {@code lower <= x <= upper}; false for NaN. */
    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }

    /** {@code upper - lower}. */
    public double width() {
        return upper - lower;
    }
}
