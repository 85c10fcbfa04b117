package org.covertmark.analytics.stats;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import org.apiguardian.api.API;

/** Percentiles as numpy computes them by default: linear interpolation between the closest ranks. */
@API(status = MAINTAINED, since = "0.1")
public final class Percentile {

    private Percentile() {
    }

    /**
     * The {@code p}-th percentile (0–100) of the values; NaN for no values.
     *
     * @throws IllegalArgumentException if p is outside [0, 100]
     */
    public static double of(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, p);
    }

    /** The {@code p}-th percentile of values already in ascending order. */
    public static double ofSorted(double[] sorted, double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile " + p + " is outside [0, 100]");
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
