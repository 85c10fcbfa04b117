package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * A trained two-class model: a real-valued decision function whose sign is the predicted class.
 *
 * <p>Implementations are immutable once trained, so one instance may be shared between threads.
 */
@API(status = MAINTAINED, since = "0.1")
public interface BinaryClassifier {

    /** The number of features a row must have. */
    int featureCount();

    /** The signed score of one row: positive for the positive class, larger for more confidence. */
    double decisionFunction(double[] features);

    /** Whether the row is predicted positive: its decision function is strictly above 0, as in scikit-learn. */
    default boolean predict(double[] features) {
        return decisionFunction(features) > 0;
    }
}
