package org.covertmark.analytics.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rows")
class RowsTest {

    @Test
    @DisplayName("completeRows keeps, in order, the rows that are present and hold no NaN")
    void completeRows() {
        double[][] rows = {{1, 2}, {Double.NaN, 2}, null, {3, Double.POSITIVE_INFINITY}, {4, 5}};

        int[] kept = Rows.completeRows(rows);

        assertThat(kept).containsExactly(0, 3, 4);
        assertThat(Rows.select(rows, kept)).isEqualTo(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}, {4, 5}});
    }

    @Test
    @DisplayName("trainers refuse a NaN feature and point to completeRows")
    void trainersRefuseNaN() {
        double[][] rows = {{0.0}, {Double.NaN}, {1.0}};
        boolean[] labels = {false, true, true};

        assertThatIllegalArgumentException().isThrownBy(() -> SgdClassifier.builder().build().train(rows, labels))
                .withMessageContaining("completeRows");
        assertThatIllegalArgumentException().isThrownBy(() -> LogisticRegression.defaults().train(rows, labels))
                .withMessageContaining("completeRows");
    }
}
