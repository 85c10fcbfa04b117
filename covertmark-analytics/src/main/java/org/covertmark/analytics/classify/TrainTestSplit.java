package org.covertmark.analytics.classify;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * A seeded random partition of row indices 0..n−1 into a training and a test side. Immutable; both index arrays
 * are ascending, disjoint, and together hold every row once.
 */
@API(status = MAINTAINED, since = "0.1")
public final class TrainTestSplit {

    private final int[] train;
    private final int[] test;

    private TrainTestSplit(int[] train, int[] test) {
        this.train = train;
        this.test = test;
    }

    /**
     * Shuffles the n rows and puts the first ⌊trainFraction·n⌋ on the training side, as scikit-learn's
     * {@code train_test_split(train_size=trainFraction)} sizes it.
     *
     * @throws IllegalArgumentException if the fraction is not strictly between 0 and 1 or a side would be empty
     */
    public static TrainTestSplit random(int n, double trainFraction, long seed) {
        int trainSize = trainSize(n, trainFraction);
        int[] order = permutation(n, new SplittableRandom(seed));
        return new TrainTestSplit(sorted(order, 0, trainSize), sorted(order, trainSize, n));
    }

    /**
     * Keeps each group (for example a remote host) whole: shuffles the distinct groups and puts the rows of the
     * first ⌊trainFraction·g⌋ of the g groups on the training side, as scikit-learn's {@code GroupShuffleSplit}
     * does. The fraction is of groups, not rows.
     *
     * @param groups the group key of each row, compared with {@code equals}
     * @throws IllegalArgumentException if the fraction is not strictly between 0 and 1 or a side would be empty
     */
    public static TrainTestSplit byGroup(List<?> groups, double trainFraction, long seed) {
        Map<Object, Integer> ids = new LinkedHashMap<>();
        int[] groupOf = new int[groups.size()];
        for (int i = 0; i < groupOf.length; i++) {
            groupOf[i] = ids.computeIfAbsent(groups.get(i), key -> ids.size());
        }
        int trainGroups = trainSize(ids.size(), trainFraction);
        int[] order = permutation(ids.size(), new SplittableRandom(seed));
        boolean[] inTrain = new boolean[ids.size()];
        for (int k = 0; k < trainGroups; k++) {
            inTrain[order[k]] = true;
        }
        List<Integer> trainRows = new ArrayList<>();
        List<Integer> testRows = new ArrayList<>();
        for (int i = 0; i < groupOf.length; i++) {
            (inTrain[groupOf[i]] ? trainRows : testRows).add(i);
        }
        return new TrainTestSplit(toArray(trainRows), toArray(testRows));
    }

    /** The training rows, ascending (a copy). */
    public int[] train() {
        return train.clone();
    }

    /** The test rows, ascending (a copy). */
    public int[] test() {
        return test.clone();
    }

    private static int trainSize(int n, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("train fraction must be strictly between 0 and 1: " + trainFraction);
        }
        int trainSize = (int) Math.floor(trainFraction * n);
        if (trainSize == 0 || trainSize == n) {
            throw new IllegalArgumentException("a train fraction of " + trainFraction + " of " + n
                    + " leaves one side empty");
        }
        return trainSize;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static int[] sorted(int[] values, int from, int to) {
        int[] out = Arrays.copyOfRange(values, from, to);
        Arrays.sort(out);
        return out;
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "TrainTestSplit[train=" + train.length + " rows, test=" + test.length + " rows]";
    }
}
