package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/** How much each class's rows count in training. */
@API(status = MAINTAINED, since = "0.1")
public enum ClassWeight {

    /** Every row counts 1. */
    NONE,

    /**
     * Each class counts n / (2 · its row count), so both classes weigh the same in total; scikit-learn's
     * {@code class_weight='balanced'}.
     */
    BALANCED;

    /** The weights of the negative and the positive class, in that order, for these training labels. */
    double[] of(boolean[] labels) {
        if (this == NONE) {
            return new double[] {1.0, 1.0};
        }
        int positives = 0;
        for (boolean label : labels) {
            if (label) {
                positives++;
            }
        }
        int negatives = labels.length - positives;
        return new double[] {labels.length / (2.0 * negatives), labels.length / (2.0 * positives)};
    }

    /** Checks a training set and returns its feature count. */
    static int check(double[][] features, boolean[] labels) {
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " rows but " + labels.length + " labels");
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int width = features[0].length;
        boolean positive = false;
        boolean negative = false;
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length
                        + " features, row 0 has " + width);
            }
            for (double v : features[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("row " + i + " holds " + v
                            + " (drop such rows first, see Rows.completeRows)");
                }
            }
            positive |= labels[i];
            negative |= !labels[i];
        }
        if (!positive || !negative) {
            throw new IllegalArgumentException("training labels hold only one class");
        }
        return width;
    }
}
