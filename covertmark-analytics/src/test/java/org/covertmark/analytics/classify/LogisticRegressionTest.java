package org.covertmark.analytics.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LogisticRegression, on the breast cancer split")
class LogisticRegressionTest {

    private final LinearClassifier model = LogisticRegression.defaults().train(Reference.TRAIN_X, Reference.TRAIN_Y);

    @Test
    @DisplayName("scores what scikit-learn's LogisticRegression() scores on the test half, within 0.01")
    void accuracy() {
        assertThat(Reference.accuracy(model, Reference.TEST_X, Reference.TEST_Y))
                .isCloseTo(Reference.JSON.at("/logistic_regression/default/accuracy").asDouble(), within(0.01));
    }

    @Test
    @DisplayName("finds scikit-learn's minimum run to convergence (to 1e-9) and its default lbfgs stop (to 1e-3)")
    void coefficients() {
        double[] exact = Reference.doubles(Reference.JSON.at("/logistic_regression/exact/coef"));
        double[] lbfgs = Reference.doubles(Reference.JSON.at("/logistic_regression/default/coef"));
        for (int j = 0; j < exact.length; j++) {
            assertThat(model.weight(j)).as("weight " + j).isCloseTo(exact[j], within(1e-9));
            assertThat(model.weight(j)).as("weight " + j).isCloseTo(lbfgs[j], within(1e-3));
        }
        assertThat(model.intercept())
                .isCloseTo(Reference.JSON.at("/logistic_regression/exact/intercept").asDouble(), within(1e-9));
    }

    @Test
    @DisplayName("a smaller C shrinks the weights")
    void regularisation() {
        LinearClassifier strong = LogisticRegression.defaults().withC(0.01).train(Reference.TRAIN_X, Reference.TRAIN_Y);

        assertThat(norm(strong.weights())).isLessThan(norm(model.weights()) / 2);
    }

    private static double norm(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
