package org.covertmark.strategies.common;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;

/**
 * The scores of the payloads a payload-examining strategy tests: for each examined payload its
 * position in the trace, its length, one score per setting and the value of the feature the strategy
 * publishes. Scores are computed once per payload for every setting and
 * reused by every test size and threshold; payloads are scored in batches spread over the processors.
 */
final class PayloadScores {

    /** Scores one payload, cut to {@link Payloads#MTU_CUT} bytes; called from several threads at once. */
    interface Scorer {
        /** Writes one score per setting to {@code out}. */
        void score(ByteView payload, double[] out);

        /** The published feature's value for a payload and its scores. */
        double feature(ByteView payload, double[] scores);
    }

    /** Payloads per batch: enough to make handing out a batch cheap, few enough to share the work out evenly. */
    private static final int BATCH = 256;

    private final int[] rows;
    private final int[] lengths;
    private final double[][] scores;
    private final double[] features;

    private PayloadScores(int[] rows, int[] lengths, double[][] scores, double[] features) {
        this.rows = rows;
        this.lengths = lengths;
        this.scores = scores;
        this.features = features;
    }

    /**
     * Scores the payloads of the packets at {@code kept} (ascending indices into {@code packets}) that
     * are at least {@code minLength} bytes long, uncut, for {@code settings} settings.
     */
    static PayloadScores of(List<Packet> packets, int[] positions, int minLength, int settings, Scorer scorer) {
        int[] kept = positions.clone();
        int n = kept.length;
        int[] length = new int[n];
        double[][] score = new double[settings][n];
        double[] feature = new double[n];
        int batches = (n + BATCH - 1) / BATCH;
        IntStream.range(0, batches).parallel().forEach(b -> {
            double[] out = new double[settings];
            for (int j = b * BATCH, end = Math.min(n, j + BATCH); j < end; j++) {
                ByteView payload = packets.get(kept[j]).payload();
                length[j] = payload.length();
                if (payload.length() < minLength) {
                    continue;
                }
                ByteView cut = payload.limit(Payloads.MTU_CUT);
                scorer.score(cut, out);
                for (int s = 0; s < settings; s++) {
                    score[s][j] = out[s];
                }
                feature[j] = scorer.feature(cut, out);
            }
        });
        int m = 0;
        for (int j = 0; j < n; j++) {
            if (length[j] >= minLength) {
                kept[m] = kept[j];
                length[m] = length[j];
                for (int s = 0; s < settings; s++) {
                    score[s][m] = score[s][j];
                }
                feature[m] = feature[j];
                m++;
            }
        }
        double[][] examined = new double[settings][];
        for (int s = 0; s < settings; s++) {
            examined[s] = Arrays.copyOf(score[s], m);
        }
        return new PayloadScores(Arrays.copyOf(kept, m), Arrays.copyOf(length, m), examined,
                Arrays.copyOf(feature, m));
    }

    /** The number of payloads scored. */
    int size() {
        return rows.length;
    }

    /** Whether scored payload {@code i} is examined at {@code minLength}. */
    boolean examined(int i, int minLength) {
        return lengths[i] >= minLength;
    }

    /** The score of payload {@code i} for setting {@code setting} (an index into the settings). */
    double score(int setting, int i) {
        return scores[setting][i];
    }

    /** The scores for a setting of the payloads examined at {@code minLength}, in packet order. */
    double[] values(int setting, int minLength) {
        return select(scores[setting], minLength);
    }

    /** The published feature's values of the payloads examined at {@code minLength}, in packet order. */
    double[] features(int minLength) {
        return select(features, minLength);
    }

    private double[] select(double[] values, int minLength) {
        double[] out = new double[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (lengths[i] >= minLength) {
                out[n++] = values[i];
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The index into the packets of scored payload {@code i}. */
    int row(int i) {
        return rows[i];
    }
}
