package org.covertmark.analytics.entropy;

import org.covertmark.api.packet.ByteView;

/**
 * Shannon entropy of byte strings, in bits per byte (0 for a constant string, 8 at most).
 *
 * <p>The entropy of n bytes with value counts c<sub>v</sub> is log2(n) − (Σ c<sub>v</sub>·log2 c<sub>v</sub>)/n. The
 * c·log2 c terms come from a table for counts up to {@value #TABLE}, so the inner loop is a histogram and a
 * sum of table entries: no logarithm per byte value and no allocation per call beyond a reused histogram.
 */
public final class ByteEntropy {

    /** Counts below this are looked up; larger ones (payloads over 64 KiB) are computed. */
    private static final int TABLE = 1 << 16;
    private static final double[] C_LOG_C = new double[TABLE];
    private static final double LN2 = Math.log(2);

    static {
        for (int c = 2; c < TABLE; c++) {
            C_LOG_C[c] = c * Math.log(c) / LN2;
        }
    }

    private static final ThreadLocal<int[]> HISTOGRAM = ThreadLocal.withInitial(() -> new int[256]);

    private ByteEntropy() {
    }

    /** The entropy of all bytes in view, in bits per byte; 0 for an empty view. */
    public static double of(ByteView bytes) {
        return of(bytes, 0, bytes.length());
    }

    /** The entropy of {@code length} bytes of the view from {@code from}, in bits per byte. */
    public static double of(ByteView bytes, int from, int length) {
        if (length <= 1) {
            return 0;
        }
        int[] h = HISTOGRAM.get();
        for (int i = from, end = from + length; i < end; i++) {
            h[bytes.getUnsignedByte(i)]++;
        }
        return drain(h, length);
    }

    /** The entropy of {@code length} bytes of the array from {@code from}, in bits per byte. */
    public static double of(byte[] bytes, int from, int length) {
        if (length <= 1) {
            return 0;
        }
        int[] h = HISTOGRAM.get();
        for (int i = from, end = from + length; i < end; i++) {
            h[bytes[i] & 0xff]++;
        }
        return drain(h, length);
    }

    /** The entropy of a whole array, in bits per byte. */
    public static double of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** Sums c·log2 c over the histogram, clearing it for the next call. */
    private static double drain(int[] h, int n) {
        double sum = 0;
        for (int v = 0; v < 256; v++) {
            int c = h[v];
            if (c != 0) {
                sum += c < TABLE ? C_LOG_C[c] : c * Math.log(c) / LN2;
                h[v] = 0;
            }
        }
        double logN = n < TABLE ? C_LOG_C[n] / n : Math.log(n) / LN2;
        double e = logN - sum / n;
        return e < 0 ? 0 : e;
    }
}
