package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * Centres each feature on its mean and divides it by its population standard deviation, as scikit-learn's
 * {@code StandardScaler} and {@code preprocessing.scale} do. Immutable.
 *
 * <p>The variance is computed in two passes with the rounding-error correction scikit-learn uses, and a feature
 * whose variance is indistinguishable from 0 within that computation's error bound (n·ε·var + (n·mean·ε)²) is
 * constant: its scale is 1, so it is only centred.
 */
@API(status = MAINTAINED, since = "0.1")
public final class StandardScaler {

    private static final double EPS = Math.ulp(1.0);

    private final double[] mean;
    private final double[] scale;

    private StandardScaler(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * Learns the mean and scale of each column.
     *
     * @throws IllegalArgumentException if there are no rows, the rows are ragged, or a value is not finite
     */
    public static StandardScaler fit(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to fit");
        }
        int d = rows[0].length;
        int n = rows.length;
        double[] sum = new double[d];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " features, row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("row " + i + " holds " + v);
                }
                sum[j] += v;
            }
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        double[] correction = new double[d];
        double[] squares = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sum[j] / n;
        }
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double centred = row[j] - mean[j];
                correction[j] += centred;
                squares[j] += centred * centred;
            }
        }
        for (int j = 0; j < d; j++) {
            double variance = (squares[j] - correction[j] * correction[j] / n) / n;
            double bound = n * EPS * variance + Math.pow(n * mean[j] * EPS, 2);
            scale[j] = variance <= bound ? 1.0 : Math.sqrt(variance);
        }
        return new StandardScaler(mean, scale);
    }

    public int featureCount() {
        return mean.length;
    }

    /** A copy of the column means. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the column scales: standard deviations, or 1 for constant columns. */
    public double[] scale() {
        return scale.clone();
    }

    /** The row, standardised, in a new array. */
    public double[] transform(double[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("row has " + row.length + " features, the scaler " + mean.length);
        }
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / scale[j];
        }
        return out;
    }

    /** Every row, standardised, in new arrays. */
    public double[][] transform(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = transform(rows[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "StandardScaler[mean=" + Arrays.toString(mean) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
