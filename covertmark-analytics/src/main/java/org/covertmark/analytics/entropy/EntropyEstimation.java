package org.covertmark.analytics.entropy;

import java.util.Objects;
import org.covertmark.api.packet.ByteView;

/**
 * The statistic of the {@code entropy_est} strategy: a window of w bytes slides over the payload one byte at a
 * time, and the result is the mean over the n − w + 1 windows of (number of distinct byte values in the window) /
 * w. Uniformly random bytes give values near 1 for small w (w = 64: about 0.89); text and structured data give much
 * less.
 *
 * <p>One pass with a running count per byte value and a running number of distinct values: O(n), independent of
 * w, with per-thread scratch arrays and no allocation. A payload shorter than the window has no window, and the
 * result is NaN; the strategy does not examine such payloads anyway (it skips payloads shorter than
 * max(protocol minimum length, window, test size)).
 */
public final class EntropyEstimation {

    /** Per-thread scratch: running counts per byte value (all zero between calls) and a copy of the payload. */
    private static final class Scratch {
        final int[] counts = new int[256];
        byte[] bytes = new byte[2048];
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
        Objects.requireNonNull(payload, "payload");
        if (window <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + window);
        }
        int n = payload.length();
        if (n < window) {
            return Double.NaN;
        }
        Scratch s = SCRATCH.get();
        if (s.bytes.length < n) {
            s.bytes = new byte[n];
        }
        byte[] b = s.bytes;
        payload.copyTo(0, b, 0, n);
        int[] counts = s.counts;
        int distinct = 0;
        for (int i = 0; i < window; i++) {
            if (counts[b[i] & 0xff]++ == 0) {
                distinct++;
            }
        }
        long total = distinct;
        for (int i = window; i < n; i++) {
            if (--counts[b[i - window] & 0xff] == 0) {
                distinct--;
            }
            if (counts[b[i] & 0xff]++ == 0) {
                distinct++;
            }
            total += distinct;
        }
        for (int i = n - window; i < n; i++) {
            counts[b[i] & 0xff] = 0;
        }
        long windows = n - window + 1L;
        return total / ((double) windows * window);
    }
}
