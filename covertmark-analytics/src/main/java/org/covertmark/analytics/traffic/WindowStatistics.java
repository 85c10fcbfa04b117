package org.covertmark.analytics.traffic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.covertmark.analytics.entropy.ByteEntropy;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;

/**
 * The statistics of a window of TCP packets between clients and remote hosts: the Java counterpart
 * of the original {@code get_window_stats}, computed in one pass over the window.
 *
 * <p>Upstream packets are those from a client address, downstream those to one; other packets and
 * packets without TCP are ignored. Per direction:
 * <ul>
 *   <li>{@code max/min/mean_entropy}: Shannon entropy (bits per byte) of the TCP payloads that are
 *       not empty;
 *   <li>{@code mean_interval}: mean gap in microseconds between consecutive frames, counting only
 *       the first frame that bears each sequence number (so retransmissions and a pure ACK followed
 *       by data with the same sequence number add no gap);
 *   <li>{@code bin_<upper>_interval}: the number of those gaps in [0, 1000), [1000, 10 000),
 *       [10 000, 100 000) and [100 000, 1 000 000] µs — the boundaries the original documents,
 *       with its histogram's convention that the last bin includes its upper bound and longer gaps
 *       fall in no bin;
 *   <li>{@code top1_tcp_len}, {@code top2_tcp_len}: the most and second-most common TCP payload
 *       lengths (ties to the shorter length; 0 when there is no second length), as the original
 *       documents — its code took the least common by mistake;
 *   <li>{@code mean_tcp_len}: mean TCP payload length, pure ACKs (length 0) included;
 *   <li>{@code bin_<upper>_len}: the number of payload lengths in [0, 100), [100, 200), [200, 500),
 *       [500, 1000) and [1000, 1500] bytes (longer segments, merged by offloading, fall in no bin);
 *   <li>{@code push_ratio}: the share of segments with ACK set that also have PSH set;
 * </ul>
 * and {@code up_down_ratio}, upstream packets over downstream packets. A value the window does not
 * define (a mean or ratio over nothing) is NaN.
 */
public final class WindowStatistics {

    /** Upper bounds of the interval bins, in microseconds. */
    public static final long[] INTERVAL_BOUNDS = {1_000, 10_000, 100_000, 1_000_000};
    /** Upper bounds of the payload length bins, in bytes. */
    public static final int[] LENGTH_BOUNDS = {100, 200, 500, 1000, 1500};

    private WindowStatistics() {
    }

    /** The feature names computed for these feature sets, in column order. */
    public static List<String> featureNames(Set<FeatureSet> sets) {
        List<String> names = new ArrayList<>();
        for (String dir : List.of("up", "down")) {
            if (sets.contains(FeatureSet.ENTROPY)) {
                names.addAll(List.of("max_entropy_" + dir, "min_entropy_" + dir, "mean_entropy_" + dir));
            }
            if (sets.contains(FeatureSet.INTERVAL)) {
                names.add("mean_interval_" + dir);
            }
            if (sets.contains(FeatureSet.INTERVAL_BINS)) {
                for (long b : INTERVAL_BOUNDS) {
                    names.add("bin_" + b + "_interval_" + dir);
                }
            }
            if (sets.contains(FeatureSet.TCP_LEN)) {
                names.addAll(List.of("top1_tcp_len_" + dir, "top2_tcp_len_" + dir, "mean_tcp_len_" + dir));
            }
            if (sets.contains(FeatureSet.TCP_LEN_BINS)) {
                for (int b : LENGTH_BOUNDS) {
                    names.add("bin_" + b + "_len_" + dir);
                }
            }
            if (sets.contains(FeatureSet.PSH)) {
                names.add("push_ratio_" + dir);
            }
        }
        names.add("up_down_ratio");
        return Collections.unmodifiableList(names);
    }

    /** Every feature of the window. */
    public static WindowFeatures compute(List<Packet> window, List<Subnet> clients) {
        return compute(window, clients, FeatureSet.all());
    }

    /**
     * The features of the chosen sets for a window of packets, assumed to be in time order.
     *
     * @param clients the subnets of the suspected proxy clients
     */
    public static WindowFeatures compute(List<Packet> window, List<Subnet> clients, Set<FeatureSet> sets) {
        boolean entropy = sets.contains(FeatureSet.ENTROPY);
        Side up = new Side(window.size());
        Side down = new Side(window.size());
        Set<IpAddress> remotes = new LinkedHashSet<>();
        Set<IpAddress> clientsSeen = new LinkedHashSet<>();
        for (Packet p : window) {
            if (!p.isTcp()) {
                continue;
            }
            IpAddress src = p.source();
            IpAddress dst = p.destination();
            Side side;
            if (Windows.inAny(src, clients)) {
                side = up;
                clientsSeen.add(src);
                remotes.add(dst);
            } else if (Windows.inAny(dst, clients)) {
                side = down;
                clientsSeen.add(dst);
                remotes.add(src);
            } else {
                continue;
            }
            side.add(p, p.tcp().orElseThrow(), entropy);
        }
        List<String> names = featureNames(sets);
        double[] values = new double[names.size()];
        int at = up.write(sets, values, 0);
        at = down.write(sets, values, at);
        values[at] = down.count == 0 ? Double.NaN : (double) up.count / down.count;
        return new WindowFeatures(names, values, remotes, clientsSeen);
    }

    /** What one direction of the window contributes. */
    private static final class Side {
        int count;
        final long[] times;
        final long[] seqs;
        final int[] lengths;
        double entropyMin = Double.POSITIVE_INFINITY;
        double entropyMax = Double.NEGATIVE_INFINITY;
        double entropySum;
        int entropyCount;
        int acks;
        int pushAcks;

        Side(int capacity) {
            times = new long[capacity];
            seqs = new long[capacity];
            lengths = new int[capacity];
        }

        void add(Packet p, TcpSegment tcp, boolean entropy) {
            times[count] = p.timeMicros();
            seqs[count] = tcp.sequenceNumber();
            lengths[count] = tcp.payloadLength();
            count++;
            int flags = tcp.flags();
            if ((flags & TcpSegment.ACK) != 0) {
                acks++;
                if ((flags & TcpSegment.PSH) != 0) {
                    pushAcks++;
                }
            }
            if (entropy) {
                ByteView payload = tcp.payload();
                if (!payload.isEmpty()) {
                    double e = ByteEntropy.of(payload);
                    entropyMin = Math.min(entropyMin, e);
                    entropyMax = Math.max(entropyMax, e);
                    entropySum += e;
                    entropyCount++;
                }
            }
        }

        int write(Set<FeatureSet> sets, double[] out, int at) {
            if (sets.contains(FeatureSet.ENTROPY)) {
                boolean none = entropyCount == 0;
                out[at++] = none ? Double.NaN : entropyMax;
                out[at++] = none ? Double.NaN : entropyMin;
                out[at++] = none ? Double.NaN : entropySum / entropyCount;
            }
            if (sets.contains(FeatureSet.INTERVAL) || sets.contains(FeatureSet.INTERVAL_BINS)) {
                at = writeIntervals(sets, out, at);
            }
            if (sets.contains(FeatureSet.TCP_LEN)) {
                at = writeTopLengths(out, at);
            }
            if (sets.contains(FeatureSet.TCP_LEN_BINS)) {
                for (int b = 0; b < LENGTH_BOUNDS.length; b++) {
                    int lower = b == 0 ? 0 : LENGTH_BOUNDS[b - 1];
                    int upper = LENGTH_BOUNDS[b];
                    boolean last = b == LENGTH_BOUNDS.length - 1;
                    int n = 0;
                    for (int i = 0; i < count; i++) {
                        int l = lengths[i];
                        if (l >= lower && (l < upper || last && l == upper)) {
                            n++;
                        }
                    }
                    out[at++] = n;
                }
            }
            if (sets.contains(FeatureSet.PSH)) {
                out[at++] = acks == 0 ? Double.NaN : (double) pushAcks / acks;
            }
            return at;
        }

        private int writeIntervals(Set<FeatureSet> sets, double[] out, int at) {
            // The first frame of each sequence number: sort (seq, position) pairs, keep each run's head.
            long[] keys = new long[count];
            for (int i = 0; i < count; i++) {
                keys[i] = (seqs[i] << 31) | i;
            }
            Arrays.sort(keys);
            boolean[] first = new boolean[count];
            for (int k = 0; k < count; k++) {
                if (k == 0 || (keys[k] >>> 31) != (keys[k - 1] >>> 31)) {
                    first[(int) (keys[k] & 0x7fffffffL)] = true;
                }
            }
            long previous = Long.MIN_VALUE;
            double sum = 0;
            int gaps = 0;
            int[] bins = new int[INTERVAL_BOUNDS.length];
            for (int i = 0; i < count; i++) {
                if (!first[i]) {
                    continue;
                }
                if (previous != Long.MIN_VALUE) {
                    long gap = times[i] - previous;
                    sum += gap;
                    gaps++;
                    for (int b = 0; b < INTERVAL_BOUNDS.length; b++) {
                        long lower = b == 0 ? 0 : INTERVAL_BOUNDS[b - 1];
                        boolean last = b == INTERVAL_BOUNDS.length - 1;
                        if (gap >= lower && (gap < INTERVAL_BOUNDS[b] || last && gap == INTERVAL_BOUNDS[b])) {
                            bins[b]++;
                            break;
                        }
                    }
                }
                previous = times[i];
            }
            if (sets.contains(FeatureSet.INTERVAL)) {
                out[at++] = gaps == 0 ? Double.NaN : sum / gaps;
            }
            if (sets.contains(FeatureSet.INTERVAL_BINS)) {
                for (int b : bins) {
                    out[at++] = b;
                }
            }
            return at;
        }

        private int writeTopLengths(double[] out, int at) {
            if (count == 0) {
                out[at++] = Double.NaN;
                out[at++] = Double.NaN;
                out[at++] = Double.NaN;
                return at;
            }
            int[] sorted = Arrays.copyOf(lengths, count);
            Arrays.sort(sorted);
            int top1 = -1;
            int top1Count = 0;
            int top2 = -1;
            int top2Count = 0;
            long sum = 0;
            for (int i = 0; i < count; ) {
                int j = i;
                while (j < count && sorted[j] == sorted[i]) {
                    j++;
                }
                int run = j - i;
                // Strictly greater keeps the shorter length first among equal counts.
                if (run > top1Count) {
                    top2 = top1;
                    top2Count = top1Count;
                    top1 = sorted[i];
                    top1Count = run;
                } else if (run > top2Count) {
                    top2 = sorted[i];
                    top2Count = run;
                }
                sum += (long) sorted[i] * run;
                i = j;
            }
            out[at++] = top1;
            out[at++] = top2 < 0 ? 0 : top2;
            out[at++] = (double) sum / count;
            return at;
        }
    }
}
