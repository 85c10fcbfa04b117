package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import org.apiguardian.api.API;

/** A linear model: decision function w·x + b. Immutable. */
@API(status = MAINTAINED, since = "0.1")
public final class LinearClassifier implements BinaryClassifier {

    private final double[] weights;
    private final double intercept;

    private LinearClassifier(double[] weights, double intercept) {
        this.weights = weights;
        this.intercept = intercept;
    }

    /** A model with a copy of the given weights. */
    public static LinearClassifier of(double[] weights, double intercept) {
        return new LinearClassifier(weights.clone(), intercept);
    }

    /** A copy of the weights, one per feature. */
    public double[] weights() {
        return weights.clone();
    }

    public double weight(int feature) {
        return weights[feature];
    }

    public double intercept() {
        return intercept;
    }

    @Override
    public int featureCount() {
        return weights.length;
    }

    @Override
    public double decisionFunction(double[] features) {
        if (features.length != weights.length) {
            throw new IllegalArgumentException(
                    "row has " + features.length + " features, the model " + weights.length);
        }
        double dot = 0;
        for (int j = 0; j < weights.length; j++) {
            dot += weights[j] * features[j];
        }
        return dot + intercept;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearClassifier other
                && Arrays.equals(weights, other.weights)
                && Double.compare(intercept, other.intercept) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Double.hashCode(intercept);
    }

    @Override
    public String toString() {
        return "LinearClassifier[weights=" + Arrays.toString(weights) + ", intercept=" + intercept + "]";
    }
}
