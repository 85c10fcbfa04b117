package org.covertmark.analytics.entropy;

import java.util.Arrays;
import java.util.Objects;
import org.covertmark.api.packet.ByteView;

/**
 * Shannon entropy of byte strings, in bits per byte (0 for a constant string, 8 at most).
 *
 * <p>The entropy of n bytes with value counts c<sub>v</sub> is log2(n) − (Σ c<sub>v</sub>·log2 c<sub>v</sub>)/n. The
 * log2 n and c·log2 c terms come from tables for counts below 16384, so a call is a histogram and a few
 * table look-ups: no logarithm per byte value and no allocation beyond reused per-thread scratch arrays. Strings
 * shorter than 256 bytes only visit the byte values they contain.
 *
 * <p>The result is a function of the multiset of counts alone: the c·log2 c terms are added in ascending order of
 * c, so strings that differ only by a renaming or reordering of byte values get bit-identical entropies (for fewer
 * than 16384 bytes). Statistical tests on block entropies rely on this, since their ties must be exact.
 */
public final class ByteEntropy {

    /** Counts below this are looked up; larger ones (strings of 16 KiB or more) are computed. */
    private static final int TABLE = 1 << 14;
    private static final double LN2 = Math.log(2);
    private static final double[] LOG2 = new double[TABLE];
    private static final double[] C_LOG2_C = new double[TABLE];
    /** Views are copied to the per-thread buffer in chunks of this many bytes. */
    private static final int CHUNK = 4096;

    static {
        for (int c = 2; c < TABLE; c++) {
            LOG2[c] = Math.log(c) / LN2;
            C_LOG2_C[c] = c * LOG2[c];
        }
    }

    /** Per-thread scratch: a byte buffer, a histogram kept all-zero between calls, and a list of counts. */
    private static final class Scratch {
        final byte[] bytes = new byte[CHUNK];
        final int[] histogram = new int[256];
        final int[] counts = new int[256];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private ByteEntropy() {
    }

    /** The entropy of all bytes in view, in bits per byte; 0 for an empty view. */
    public static double of(ByteView bytes) {
        return of(bytes, 0, bytes.length());
    }

    /** The entropy of {@code length} bytes of the view from {@code from}, in bits per byte. */
    public static double of(ByteView bytes, int from, int length) {
        Objects.checkFromIndexSize(from, length, bytes.length());
        if (length <= 1) {
            return 0;
        }
        Scratch s = SCRATCH.get();
        if (length <= CHUNK) {
            bytes.copyTo(from, s.bytes, 0, length);
            return entropy(s.bytes, 0, length, s);
        }
        int[] h = s.histogram;
        for (int done = 0; done < length; ) {
            int n = Math.min(CHUNK, length - done);
            bytes.copyTo(from + done, s.bytes, 0, n);
            for (int i = 0; i < n; i++) {
                h[s.bytes[i] & 0xff]++;
            }
            done += n;
        }
        return drain(null, 0, length, s);
    }

    /** The entropy of {@code length} bytes of the array from {@code from}, in bits per byte. */
    public static double of(byte[] bytes, int from, int length) {
        Objects.checkFromIndexSize(from, length, bytes.length);
        if (length <= 1) {
            return 0;
        }
        return entropy(bytes, from, length, SCRATCH.get());
    }

    /** The entropy of a whole array, in bits per byte. */
    public static double of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** The entropy of a range already checked to lie inside the array, for callers in this package. */
    static double ofUnchecked(byte[] bytes, int from, int length) {
        if (length <= 1) {
            return 0;
        }
        return entropy(bytes, from, length, SCRATCH.get());
    }

    private static double entropy(byte[] bytes, int from, int length, Scratch s) {
        int[] h = s.histogram;
        for (int i = from, end = from + length; i < end; i++) {
            h[bytes[i] & 0xff]++;
        }
        return drain(bytes, from, length, s);
    }

    /**
     * Turns the histogram of n bytes into the entropy and clears it. Short strings (given in {@code bytes}) clear
     * only the bins of the values they hold; others sweep all 256 bins.
     */
    private static double drain(byte[] bytes, int from, int n, Scratch s) {
        int[] h = s.histogram;
        int[] counts = s.counts;
        int k = 0;
        if (bytes != null && n < 256) {
            for (int i = from, end = from + n; i < end; i++) {
                int v = bytes[i] & 0xff;
                int c = h[v];
                if (c != 0) {
                    if (c > 1) {
                        counts[k++] = c;
                    }
                    h[v] = 0;
                }
            }
        } else {
            for (int v = 0; v < 256; v++) {
                int c = h[v];
                if (c != 0) {
                    if (c > 1) {
                        counts[k++] = c;
                    }
                    h[v] = 0;
                }
            }
        }
        if (k == 1 && counts[0] == n) {
            return 0; // a constant string, exactly
        }
        if (k > 1) {
            Arrays.sort(counts, 0, k);
        }
        double sum = 0;
        for (int i = 0; i < k; ) {
            int c = counts[i];
            int j = i + 1;
            while (j < k && counts[j] == c) {
                j++;
            }
            sum += (j - i) * (c < TABLE ? C_LOG2_C[c] : c * (Math.log(c) / LN2));
            i = j;
        }
        double log2n = n < TABLE ? LOG2[n] : Math.log(n) / LN2;
        double e = log2n - sum / n;
        return e < 0 ? 0 : e;
    }
}
