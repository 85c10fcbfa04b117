package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.strategy.Role;

/**
 * The distribution of a feature a strategy judged traffic by, on positive and on negative traffic,
 * as counts in equal-width bins over one range: what a report draws as two overlaid histograms.
 * Built from the values a strategy published with
 * {@link org.covertmark.api.strategy.StrategyContext#publishDistribution}; a run's results keep
 * this, never the values, so they stay small.
 *
 * <p>Bins are {@code [lower + i·width, lower + (i+1)·width)}, the last one closed. Integer-valued
 * features (lengths, counts) get integer bin widths so that no bin holds more distinct values than
 * its neighbours.
 *
 * @param feature the feature's name, e.g. {@code payload entropy (bits per byte)}
 * @param lower the lower edge of the first bin
 * @param width the width of every bin, positive
 * @param positive the counts of positive values per bin
 * @param negative the counts of negative values per bin (all zero without a negative trace)
 * @param positiveMean the mean of the positive values; NaN when there are none
 * @param negativeMean the mean of the negative values; NaN when there are none
 */
@API(status = MAINTAINED, since = "0.1")
public record FeatureHistogram(String feature, double lower, double width, List<Long> positive, List<Long> negative,
        double positiveMean, double negativeMean) {

    /** The number of bins a histogram built by {@link #of} has at most. */
    public static final int MAX_BINS = 40;

    /** Checks the bins. */
    public FeatureHistogram {
        Objects.requireNonNull(feature, "feature");
        positive = List.copyOf(positive);
        negative = List.copyOf(negative);
        if (positive.size() != negative.size() || positive.isEmpty()) {
            throw new IllegalArgumentException("positive and negative need the same, non-zero number of bins");
        }
        if (!(width > 0) || !Double.isFinite(lower)) {
            throw new IllegalArgumentException("bins need a finite lower edge and a positive width");
        }
    }

    /**
     * The histogram of the finite values of both samples over their common range, in at most
     * {@link #MAX_BINS} bins.
     */
    public static FeatureHistogram of(String feature, double[] positiveValues, double[] negativeValues) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean integers = true;
        for (double[] values : List.of(positiveValues, negativeValues)) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    integers &= v == Math.rint(v);
                }
            }
        }
        if (min > max) {
            min = 0;
            max = 1;
        }
        double lower;
        double width;
        int bins;
        if (integers) {
            long span = (long) (max - min) + 1;
            long w = Math.max(1, (span + MAX_BINS - 1) / MAX_BINS);
            lower = min;
            width = w;
            bins = (int) ((span + w - 1) / w);
        } else if (max == min) {
            lower = min - 0.5;
            width = 1;
            bins = 1;
        } else {
            lower = min;
            width = (max - min) / MAX_BINS;
            bins = MAX_BINS;
        }
        return new FeatureHistogram(feature, lower, width, count(positiveValues, lower, width, bins),
                count(negativeValues, lower, width, bins), mean(positiveValues), mean(negativeValues));
    }

    private static List<Long> count(double[] values, double lower, double width, int bins) {
        long[] counts = new long[bins];
        for (double v : values) {
            if (Double.isFinite(v)) {
                int i = (int) Math.floor((v - lower) / width);
                counts[Math.max(0, Math.min(bins - 1, i))]++;
            }
        }
        List<Long> out = new ArrayList<>(bins);
        for (long c : counts) {
            out.add(c);
        }
        return Collections.unmodifiableList(out);
    }

    private static double mean(double[] values) {
        double sum = 0;
        long n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The number of bins. */
    public int bins() {
        return positive.size();
    }

    /** The upper edge of the last bin. */
    public double upper() {
        return lower + width * bins();
    }

    /** The counts of one sample. */
    public List<Long> counts(Role sample) {
        return sample == Role.POSITIVE ? positive : negative;
    }

    /** The number of values of one sample. */
    public long total(Role sample) {
        return counts(sample).stream().mapToLong(Long::longValue).sum();
    }

    /** The share of a sample's values in bin {@code i}; 0 for a sample without values. */
    public double share(Role sample, int i) {
        long total = total(sample);
        return total == 0 ? 0 : (double) counts(sample).get(i) / total;
    }

    /** The mean of a sample's values; NaN when there are none. */
    public double mean(Role sample) {
        return sample == Role.POSITIVE ? positiveMean : negativeMean;
    }
}
