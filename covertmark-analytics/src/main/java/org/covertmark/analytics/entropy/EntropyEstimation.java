package org.covertmark.analytics.entropy;

import java.util.Arrays;
import java.util.Objects;
import org.covertmark.api.packet.ByteView;

/**
 * The statistic of the {@code entropy_est} strategy: a window of w bytes slides over the payload one byte at a
 * time, and the result is the mean over the n − w + 1 windows of (number of distinct byte values in the window) /
 * w. Uniformly random bytes give values near 1 for small w (w = 64: about 0.89); text and structured data give much
 * less.
 *
 * <p>The sum over all windows of their distinct values is counted per byte rather than per window: the byte at j is
 * the last of its value in exactly the windows that start in [max(0, j − w + 1), min(j, n − w, next(j) − w)], where
 * next(j) is the position of the next byte of the same value. So one pass finds next(j) for every byte, and each
 * window size then costs a pass of plain integer arithmetic with no memory look-up per byte — several window sizes
 * share the first pass ({@link #meanDistinctFractions}). The integer sum is exact, so the result is exactly that of
 * sliding the window. Per-thread scratch arrays, no allocation. A payload shorter than the window has no window, and
 * the result is NaN; the strategy does not examine such payloads anyway (it skips payloads shorter than
 * max(protocol minimum length, window, test size)).
 */
public final class EntropyEstimation {

    /** "No next byte of this value": far enough beyond any payload that next(j) − w exceeds n − w. */
    private static final int NONE = 1 << 30;

    /** Per-thread scratch: the last position of each byte value, a copy of the payload, next positions. */
    private static final class Scratch {
        final int[] last = new int[256];
        byte[] bytes = new byte[2048];
        int[] next = new int[2048];

        void ensure(int n) {
            if (bytes.length < n) {
                bytes = new byte[n];
                next = new int[n];
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private EntropyEstimation() {
    }

    /**
     * The mean share of distinct byte values over all windows of {@code window} bytes, in (0, 1]; NaN if the
     * payload is shorter than the window.
     *
     * @throws IllegalArgumentException if the window is not positive
     */
    public static double meanDistinctFraction(ByteView payload, int window) {
        double[] out = new double[1];
        meanDistinctFractions(payload, new int[] {window}, out);
        return out[0];
    }

    /**
     * The mean share of distinct byte values over all windows of each size in {@code windows}, written to the same
     * index of {@code out}: what {@link #meanDistinctFraction} gives for each, in one pass over the payload.
     *
     * @throws IllegalArgumentException if a window is not positive or {@code out} is shorter than {@code windows}
     */
    public static void meanDistinctFractions(ByteView payload, int[] windows, double[] out) {
        Objects.requireNonNull(payload, "payload");
        if (out.length < windows.length) {
            throw new IllegalArgumentException(windows.length + " windows need room for as many results, not "
                    + out.length);
        }
        for (int w : windows) {
            if (w <= 0) {
                throw new IllegalArgumentException("window size must be positive, got " + w);
            }
        }
        int n = payload.length();
        Scratch s = SCRATCH.get();
        s.ensure(n);
        byte[] b = s.bytes;
        int[] next = s.next;
        payload.copyTo(0, b, 0, n);
        int[] last = s.last;
        Arrays.fill(last, NONE);
        for (int j = n - 1; j >= 0; j--) {
            int v = b[j] & 0xff;
            next[j] = last[v];
            last[v] = j;
        }
        for (int k = 0; k < windows.length; k++) {
            int w = windows[k];
            if (n < w) {
                out[k] = Double.NaN;
                continue;
            }
            int lastStart = n - w;
            long total = 0;
            // bytes before the first full window: their windows start at 0
            for (int j = 0; j < w - 1; j++) {
                int hi = Math.min(Math.min(j, lastStart), next[j] - w);
                total += Math.max(0, hi + 1);
            }
            for (int j = w - 1; j < n; j++) {
                int hi = Math.min(Math.min(j, lastStart), next[j] - w);
                total += Math.max(0, hi - j + w);
            }
            long count = lastStart + 1L;
            out[k] = total / ((double) count * w);
        }
    }
}
