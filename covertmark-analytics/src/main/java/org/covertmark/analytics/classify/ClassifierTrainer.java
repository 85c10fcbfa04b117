package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * Something that learns a {@link BinaryClassifier} from labelled rows; a strategy may take any trainer.
 *
 * <p>Implementations are immutable configurations: training never changes them, and training twice on the same
 * data gives equal models.
 */
@FunctionalInterface
@API(status = MAINTAINED, since = "0.1")
public interface ClassifierTrainer {

    /**
     * Trains on {@code features[i]} labelled {@code labels[i]} (true = positive class).
     *
     * @throws IllegalArgumentException if the rows are empty, ragged, not finite, differ in number from the labels,
     *                                  or hold only one class
     */
    BinaryClassifier train(double[][] features, boolean[] labels);
}
