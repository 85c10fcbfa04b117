package org.covertmark.strategies.common;

import java.util.ArrayList;
import java.util.List;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;

/**
 * The payloads a payload-examining strategy tests, with per-payload results computed once per
 * setting and reused across the configurations that share it, and the time each took — so that a
 * configuration's positive-run time is what a censor running that configuration alone would spend.
 *
 * @param <R> the per-payload result
 */
public final class Examined<R> {

    /** Computes the result of one payload. */
    @FunctionalInterface
    public interface Test<R> {
        /** The result for a payload already cut to {@link Payloads#MTU_CUT} bytes. */
        R apply(ByteView payload);
    }

    private final List<Packet> packets;
    private final int[] lengths;
    private final List<R> results;
    private final long[] nanos;

    /** Tests every payload of at least {@code minLength} bytes (uncut length); others get no result. */
    public Examined(List<Packet> packets, int minLength, Test<R> test) {
        this.packets = packets;
        this.lengths = new int[packets.size()];
        this.results = new ArrayList<>(packets.size());
        this.nanos = new long[packets.size()];
        for (int i = 0; i < packets.size(); i++) {
            ByteView payload = packets.get(i).payload();
            lengths[i] = payload.length();
            if (payload.length() >= minLength) {
                long start = System.nanoTime();
                results.add(test.apply(payload.limit(Payloads.MTU_CUT)));
                nanos[i] = System.nanoTime() - start;
            } else {
                results.add(null);
            }
        }
    }

    /** The number of packets. */
    public int size() {
        return packets.size();
    }

    /** The packet at {@code i}. */
    public Packet packet(int i) {
        return packets.get(i);
    }

    /** Whether packet {@code i}'s payload is examined at this minimum length. */
    public boolean examined(int i, int minLength) {
        return lengths[i] >= minLength && results.get(i) != null;
    }

    /** The result of packet {@code i}; null when it was not tested. */
    public R result(int i) {
        return results.get(i);
    }

    /**
     * The results of the payloads examined at {@code minLength}, as numbers, in packet order: the
     * values a strategy publishes as its feature's distribution.
     */
    public double[] values(int minLength, java.util.function.ToDoubleFunction<R> value) {
        double[] out = new double[lengths.length];
        int n = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (examined(i, minLength)) {
                out[n++] = value.applyAsDouble(results.get(i));
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The seconds the tests of the payloads examined at {@code minLength} took together. */
    public double seconds(int minLength) {
        long sum = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (examined(i, minLength)) {
                sum += nanos[i];
            }
        }
        return sum / 1e9;
    }
}
