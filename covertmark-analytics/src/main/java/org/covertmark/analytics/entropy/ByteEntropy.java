package org.covertmark.analytics.entropy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.packet.ByteView;

/**
 * Shannon entropy of byte strings, in bits per byte (0 for a constant string, 8 at most).
 *
 * <p>The entropy of n bytes with value counts c<sub>v</sub> is (n·log2 n − Σ c<sub>v</sub>·log2 c<sub>v</sub>)/n.
 * For strings shorter than 64 KiB (every IP payload) a call is a 256-bin histogram over a bulk copy of the bytes
 * and one table look-up per bin: the c·log2 c terms are stored as fixed-point integers (51 fractional bits for
 * strings shorter than 256 bytes, 42 for longer ones, as many as a long holds at the largest sum) and summed
 * exactly, so there is no logarithm per bin, no sorting and no allocation beyond reused per-thread scratch arrays.
 * The rounding of the terms costs at most 2<sup>−43</sup> bits per byte. Strings shorter than 256 bytes visit only
 * the byte values they contain. Strings of 64 KiB or more, whose sum would not fit, are computed in floating
 * point.
 *
 * <p>The result is a function of the multiset of counts alone: integer sums do not depend on their order, so
 * strings that differ only by a renaming or reordering of byte values get bit-identical entropies. Statistical tests
 * on block entropies rely on this, since their ties must be exact. Safe to call from several threads at once.
 */
@API(status = MAINTAINED, since = "0.1")
public final class ByteEntropy {

    /** Strings shorter than this are summed in fixed point: Σ c·log2 c &lt; 2^20, times 2^42, fits in a long. */
    private static final int FIXED_LIMIT = 1 << 16;
    /** The value of the last bit of {@link #C_LOG2_C}. */
    private static final double UNIT = 0x1p-42;
    /** Strings shorter than this use {@link #SHORT_C_LOG2_C}: Σ c·log2 c &lt; 2^11, times 2^51, fits in a long. */
    private static final int SHORT_LIMIT = 256;
    /** The value of the last bit of {@link #SHORT_C_LOG2_C}. */
    private static final double SHORT_UNIT = 0x1p-51;
    private static final double LN2 = Math.log(2);
    /** {@code C_LOG2_C[c]} = round(c·log2 c · 2^42); 0 for c = 0 and 1. */
    private static final long[] C_LOG2_C = new long[FIXED_LIMIT];
    /** {@code SHORT_C_LOG2_C[c]} = round(c·log2 c · 2^51), for the counts of strings shorter than 256 bytes. */
    private static final long[] SHORT_C_LOG2_C = new long[SHORT_LIMIT];
    /** {@code SHORT_STEP[c]} = SHORT_C_LOG2_C[c + 1] − SHORT_C_LOG2_C[c]: what one more byte of a value adds. */
    private static final long[] SHORT_STEP = new long[SHORT_LIMIT - 1];
    /** Views are copied to the per-thread buffer in chunks of this many bytes. */
    private static final int CHUNK = 4096;

    static {
        for (int c = 2; c < FIXED_LIMIT; c++) {
            double cLog2c = c * (Math.log(c) / LN2);
            C_LOG2_C[c] = Math.round(cLog2c / UNIT);
            if (c < SHORT_LIMIT) {
                SHORT_C_LOG2_C[c] = Math.round(cLog2c / SHORT_UNIT);
            }
        }
        for (int c = 0; c < SHORT_STEP.length; c++) {
            SHORT_STEP[c] = SHORT_C_LOG2_C[c + 1] - SHORT_C_LOG2_C[c];
        }
    }

    /** Per-thread scratch: a byte buffer and a histogram kept all-zero between calls. */
    private static final class Scratch {
        final byte[] bytes = new byte[CHUNK];
        final int[] histogram = new int[256];
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
            return entropy(s.bytes, 0, length, s.histogram);
        }
        int[] h = s.histogram;
        for (int done = 0; done < length; ) {
            int n = Math.min(CHUNK, length - done);
            bytes.copyTo(from + done, s.bytes, 0, n);
            count(s.bytes, 0, n, h);
            done += n;
        }
        return drainAll(h, length);
    }

    /** The entropy of {@code length} bytes of the array from {@code from}, in bits per byte. */
    public static double of(byte[] bytes, int from, int length) {
        Objects.checkFromIndexSize(from, length, bytes.length);
        return ofUnchecked(bytes, from, length);
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
        return entropy(bytes, from, length, SCRATCH.get().histogram);
    }

    /**
     * Writes the entropies of {@code blocks} consecutive blocks of {@code blockSize} bytes, the first at {@code from},
     * into {@code out[outFrom .. outFrom + blocks)}; the ranges are already checked. The same values as one call per
     * block.
     */
    static void ofBlocks(byte[] bytes, int from, int blocks, int blockSize, double[] out, int outFrom) {
        if (blockSize <= 1) {
            Arrays.fill(out, outFrom, outFrom + blocks, 0.0);
            return;
        }
        int[] h = SCRATCH.get().histogram;
        for (int b = 0, at = from; b < blocks; b++, at += blockSize) {
            out[outFrom + b] = entropy(bytes, at, blockSize, h);
        }
    }

    private static double entropy(byte[] bytes, int from, int n, int[] h) {
        if (n >= SHORT_LIMIT) {
            count(bytes, from, n, h);
            return drainAll(h, n);
        }
        // Σ c·log2 c built up byte by byte, as the sum of what each byte adds to its value's term (the same integer),
        // then only the values present are cleared.
        long sum = 0;
        int end = from + n;
        for (int i = from; i < end; i++) {
            int v = bytes[i] & 0xff;
            int c = h[v];
            h[v] = c + 1;
            sum += SHORT_STEP[c];
        }
        for (int i = from; i < end; i++) {
            h[bytes[i] & 0xff] = 0;
        }
        long numerator = SHORT_C_LOG2_C[n] - sum;
        return numerator <= 0 ? 0 : numerator * SHORT_UNIT / n;
    }

    private static void count(byte[] bytes, int from, int n, int[] h) {
        for (int i = from, end = from + n; i < end; i++) {
            h[bytes[i] & 0xff]++;
        }
    }

    /** Turns the histogram of n ≥ 256 bytes into the entropy and clears it. */
    private static double drainAll(int[] h, int n) {
        if (n >= FIXED_LIMIT) {
            return drainLong(h, n);
        }
        long sum = 0;
        for (int v = 0; v < 256; v++) {
            sum += C_LOG2_C[h[v]];
            h[v] = 0;
        }
        // n·log2 n is the term of a constant string, so that one gives exactly 0.
        long numerator = C_LOG2_C[n] - sum;
        return numerator <= 0 ? 0 : numerator * UNIT / n;
    }

    /**
     * For strings of 64 KiB or more: the c·log2 c terms in floating point, added in ascending order of c so that
     * the result still depends on the multiset of counts alone.
     */
    private static double drainLong(int[] h, int n) {
        int[] counts = new int[256];
        int k = 0;
        for (int v = 0; v < 256; v++) {
            int c = h[v];
            if (c > 1) {
                counts[k++] = c;
            }
            h[v] = 0;
        }
        if (k == 1 && counts[0] == n) {
            return 0;
        }
        Arrays.sort(counts, 0, k);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            int c = counts[i];
            sum += c * (Math.log(c) / LN2);
        }
        double e = Math.log(n) / LN2 - sum / n;
        return e < 0 ? 0 : e;
    }
}
