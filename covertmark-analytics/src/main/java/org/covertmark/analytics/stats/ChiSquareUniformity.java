package org.covertmark.analytics.stats;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.special.Gamma;
import org.apiguardian.api.API;
import org.covertmark.api.packet.ByteView;

/**
 * Pearson's chi-square goodness-of-fit test of byte values against the uniform distribution over 0..255: statistic
 * Σ<sub>v</sub> (c<sub>v</sub> − n/256)² / (n/256) and its p-value with 255 degrees of freedom, the upper regularised
 * gamma function Q(255/2, X²/2) (as scipy's {@code chisquare(counts)}). The statistic is computed from integer sums,
 * (256·Σc<sub>v</sub>² − n²)/n, so it is exact up to one rounding; byte input needs no allocation (views are
 * copied in bulk to a per-thread buffer).
 */
@API(status = MAINTAINED, since = "0.1")
public final class ChiSquareUniformity {

    /** Degrees of freedom: 256 categories, no fitted parameter. */
    public static final int DEGREES_OF_FREEDOM = 255;

    /** Per-thread scratch: byte counts (all zero between calls) and a buffer views are copied to in bulk. */
    private static final class Scratch {
        final int[] counts = new int[256];
        final byte[] chunk = new byte[4096];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The statistic X² and its p-value P(χ²<sub>255</sub> ≥ X²). */
    @API(status = MAINTAINED, since = "0.1")
    public record Result(double statistic, double pValue) {
    }

    private ChiSquareUniformity() {
    }

    /**
     * Tests the bytes of a view.
     *
     * @throws IllegalArgumentException if the view is empty
     */
    public static Result test(ByteView bytes) {
        int n = bytes.length();
        requireNonEmpty(n);
        Scratch s = SCRATCH.get();
        int[] counts = s.counts;
        byte[] chunk = s.chunk;
        for (int done = 0; done < n; done += chunk.length) {
            int m = Math.min(chunk.length, n - done);
            bytes.copyTo(done, chunk, 0, m);
            for (int i = 0; i < m; i++) {
                counts[chunk[i] & 0xff]++;
            }
        }
        return drain(counts, n);
    }

    /**
     * Tests {@code length} bytes of an array from {@code from}.
     *
     * @throws IllegalArgumentException if the range is empty
     */
    public static Result test(byte[] bytes, int from, int length) {
        Objects.checkFromIndexSize(from, length, bytes.length);
        requireNonEmpty(length);
        int[] counts = SCRATCH.get().counts;
        for (int i = from, end = from + length; i < end; i++) {
            counts[bytes[i] & 0xff]++;
        }
        return drain(counts, length);
    }

    /**
     * Tests a byte histogram: {@code counts[v]} occurrences of the value v.
     *
     * @throws IllegalArgumentException unless there are 256 non-negative counts with a positive sum
     */
    public static Result testCounts(int[] counts) {
        if (counts.length != 256) {
            throw new IllegalArgumentException("expected 256 byte counts, got " + counts.length);
        }
        long n = 0;
        long squares = 0;
        for (int v = 0; v < 256; v++) {
            int c = counts[v];
            if (c < 0) {
                throw new IllegalArgumentException("negative count for byte value " + v);
            }
            n += c;
            squares += (long) c * c;
        }
        requireNonEmpty(n);
        return result(squares, n);
    }

    private static Result drain(int[] counts, int n) {
        long squares = 0;
        for (int v = 0; v < 256; v++) {
            long c = counts[v];
            squares += c * c;
        }
        Arrays.fill(counts, 0);
        return result(squares, n);
    }

    private static Result result(long squares, long n) {
        // Σ (c - n/256)^2 / (n/256) = (256 Σ c^2 - n^2) / n; both terms are exact in a long for n < 2^27.
        double statistic = n < (1L << 27) ? (256 * squares - n * n) / (double) n : 256.0 * squares / n - n;
        double p = Gamma.regularizedGammaQ(DEGREES_OF_FREEDOM / 2.0, statistic / 2);
        return new Result(statistic, p);
    }

    private static void requireNonEmpty(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("the chi-square uniformity test needs at least one byte");
        }
    }
}
