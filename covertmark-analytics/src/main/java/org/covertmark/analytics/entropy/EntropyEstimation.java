package org.covertmark.analytics.entropy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.packet.ByteView;

/**
 * The statistic of the {@code entropy_est} strategy: a window of w bytes slides over the payload one byte at a
 * time, and the result is the mean over the n − w + 1 windows of (number of distinct byte values in the window) /
 * w. Uniformly random bytes give values near 1 for small w (w = 64: about 0.89); text and structured data give much
 * less.
 *
 * <p>The sum over all windows of their distinct values is counted per byte rather than per window: the byte at j is
 * the last of its value in exactly the windows that start in [max(0, j − w + 1), min(j, n − w, j + gap(j) − w)],
 * where gap(j) is the distance to the next byte of the same value — min(w, gap(j)) windows for a byte whose windows
 * all fit in the payload. So one pass finds every byte's gap, and each window size then costs a plain sum of
 * min(w, gap) (no memory look-up per byte, so the compiler vectorises it) and an exact count for the fewer than 2w
 * bytes near the ends: several window sizes share the one pass ({@link #meanDistinctFractions}). The integer sum is
 * exact, so the result is exactly that of sliding the window. Per-thread scratch arrays, no allocation. A payload
 * shorter than the window has no window, and the result is NaN; the strategy does not examine such payloads anyway
 * (it skips payloads shorter than max(protocol minimum length, window, test size)).
 */
@API(status = MAINTAINED, since = "0.1")
public final class EntropyEstimation {

    /** The position of "no next byte of this value": its gap exceeds any window. */
    private static final int NONE = 1 << 30;

    /** Per-thread scratch: the last position of each byte value, a copy of the payload, the gaps. */
    private static final class Scratch {
        final int[] last = new int[256];
        byte[] bytes = new byte[2048];
        int[] gaps = new int[2048];

        void ensure(int n) {
            if (bytes.length < n) {
                bytes = new byte[n];
                gaps = new int[n];
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
        payload.copyTo(0, b, 0, n);
        int[] last = s.last;
        Arrays.fill(last, NONE);
        int[] gap = s.gaps;
        for (int j = n - 1; j >= 0; j--) {
            int v = b[j] & 0xff;
            gap[j] = last[v] - j;
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
            for (int j = 0, end = Math.min(w - 1, n); j < end; j++) {
                int hi = Math.min(Math.min(j, lastStart), j + gap[j] - w);
                total += Math.max(0, hi + 1);
            }
            // bytes whose windows all fit: min(w, gap) of them (a plain sum, which the compiler vectorises)
            total += (long) w * (lastStart - w + 2) < Integer.MAX_VALUE ? interior(gap, w, lastStart)
                    : interiorLong(gap, w, lastStart);
            // bytes after the last window's start: their windows end at n - w
            for (int j = Math.max(w - 1, lastStart + 1); j < n; j++) {
                int hi = Math.min(lastStart, j + gap[j] - w);
                total += Math.max(0, hi - j + w);
            }
            long count = lastStart + 1L;
            out[k] = total / ((double) count * w);
        }
    }

    /** Σ min(w, gap[j]) for j in [w − 1, lastStart], when it fits in an int. */
    private static int interior(int[] gap, int w, int lastStart) {
        int sum = 0;
        for (int j = w - 1; j <= lastStart; j++) {
            sum += Math.min(w, gap[j]);
        }
        return sum;
    }

    private static long interiorLong(int[] gap, int w, int lastStart) {
        long sum = 0;
        for (int j = w - 1; j <= lastStart; j++) {
            sum += Math.min(w, gap[j]);
        }
        return sum;
    }
}
