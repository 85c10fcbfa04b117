package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/** Selecting rows of a data set by index, and finding the rows fit to train on. */
@API(status = MAINTAINED, since = "0.1")
public final class Rows {

    private Rows() {
    }

    /**
     * The indices, ascending, of the rows that are present and hold no NaN: the feature windows the strategies keep
     * (a window with a missing or NaN statistic is dropped, not imputed).
     */
    public static int[] completeRows(double[][] rows) {
        int[] keep = new int[rows.length];
        int count = 0;
        outer:
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                continue;
            }
            for (double v : rows[i]) {
                if (Double.isNaN(v)) {
                    continue outer;
                }
            }
            keep[count++] = i;
        }
        return Arrays.copyOf(keep, count);
    }

    /** The rows at the given indices, in that order (the row arrays are shared, not copied). */
    public static double[][] select(double[][] rows, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            out[k] = rows[indices[k]];
        }
        return out;
    }

    /** The labels at the given indices, in that order. */
    public static boolean[] select(boolean[] labels, int[] indices) {
        boolean[] out = new boolean[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = labels[indices[k]];
        }
        return out;
    }

    /** The elements at the given indices, in that order (for example each row's remote host). */
    public static <T> List<T> select(List<T> values, int[] indices) {
        List<T> out = new ArrayList<>(indices.length);
        for (int index : indices) {
            out.add(values.get(index));
        }
        return out;
    }
}
