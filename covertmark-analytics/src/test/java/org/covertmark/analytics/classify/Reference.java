package org.covertmark.analytics.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The breast cancer data set and scikit-learn's figures for it, written by
 * {@code tools/reference/classifier_reference.py}: the same 50/50 split, standardised on its training half.
 */
final class Reference {

    static final JsonNode JSON = readJson("/classify/classifier_reference.json");
    static final double[][] FEATURES;
    static final boolean[] LABELS;
    static final List<String> FEATURE_NAMES;
    static final int[] TRAIN = ints(JSON.at("/split/train"));
    static final int[] TEST = ints(JSON.at("/split/test"));
    static final StandardScaler SCALER;
    static final double[][] TRAIN_X;
    static final boolean[] TRAIN_Y;
    static final double[][] TEST_X;
    static final boolean[] TEST_Y;

    static {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<String> names;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                open("/datasets/breast_cancer.csv"), StandardCharsets.UTF_8))) {
            String[] header = in.readLine().split(",");
            names = List.of(header).subList(0, header.length - 1);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",");
                double[] row = new double[cells.length - 1];
                for (int j = 0; j < row.length; j++) {
                    row[j] = Double.parseDouble(cells[j]);
                }
                rows.add(row);
                labels.add(cells[cells.length - 1].equals("1"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FEATURES = rows.toArray(double[][]::new);
        LABELS = new boolean[labels.size()];
        for (int i = 0; i < LABELS.length; i++) {
            LABELS[i] = labels.get(i);
        }
        FEATURE_NAMES = names;
        SCALER = StandardScaler.fit(Rows.select(FEATURES, TRAIN));
        TRAIN_X = SCALER.transform(Rows.select(FEATURES, TRAIN));
        TRAIN_Y = Rows.select(LABELS, TRAIN);
        TEST_X = SCALER.transform(Rows.select(FEATURES, TEST));
        TEST_Y = Rows.select(LABELS, TEST);
    }

    private Reference() {
    }

    static double accuracy(BinaryClassifier model, double[][] x, boolean[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            if (model.predict(x[i]) == y[i]) {
                right++;
            }
        }
        return (double) right / x.length;
    }

    /** The share of rows of the given class that the model assigns to it. */
    static double recall(BinaryClassifier model, double[][] x, boolean[] y, boolean label) {
        int rows = 0;
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == label) {
                rows++;
                if (model.predict(x[i]) == label) {
                    right++;
                }
            }
        }
        return (double) right / rows;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /**
     * scikit-learn's per-epoch reshuffle of a dense data set: Fisher–Yates on the current order, drawing from its
     * 32-bit xorshift generator restarted from the same seed every epoch.
     */
    static Consumer<int[]> sklearnShuffle(long seed) {
        return order -> {
            int state = (int) seed;
            for (int i = 0; i < order.length - 1; i++) {
                if (state == 0) {
                    state = 1;
                }
                state ^= state << 13;
                state ^= state >>> 17;
                state ^= state << 5;
                long draw = Integer.toUnsignedLong(state) % 0x80000000L;
                int j = i + (int) (draw % (order.length - i));
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        };
    }

    private static InputStream open(String resource) {
        InputStream in = Reference.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource
                    + "; run tools/reference/classifier_reference.py");
        }
        return in;
    }

    private static JsonNode readJson(String resource) {
        try (InputStream in = open(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
