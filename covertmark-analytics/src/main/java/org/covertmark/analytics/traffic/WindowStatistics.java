package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;
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
 *
 * <p>Each packet is read once, as it is added to the window, into running totals per direction
 * (entropies, intervals and their bins, lengths and their bins, flags) and one number holding its
 * sequence number and payload length; closing the window reads back only the payload lengths, for
 * the two most common ones. Nothing is sorted, and nothing is allocated but the result.
 */
@API(status = MAINTAINED, since = "0.1")
public final class WindowStatistics {

    /** Upper bounds of the interval bins, in microseconds. */
    public static final long[] INTERVAL_BOUNDS = {1_000, 10_000, 100_000, 1_000_000};
    /** Upper bounds of the payload length bins, in bytes. */
    public static final int[] LENGTH_BOUNDS = {100, 200, 500, 1000, 1500};

    private static final long[] INTERVAL_BINS = INTERVAL_BOUNDS.clone();
    private static final int[] LENGTH_BINS = LENGTH_BOUNDS.clone();
    private static final int ENTROPY = bit(FeatureSet.ENTROPY);
    private static final int INTERVAL = bit(FeatureSet.INTERVAL);
    private static final int INTERVAL_BIN = bit(FeatureSet.INTERVAL_BINS);
    private static final int TCP_LEN = bit(FeatureSet.TCP_LEN);
    private static final int TCP_LEN_BINS = bit(FeatureSet.TCP_LEN_BINS);
    private static final int PSH = bit(FeatureSet.PSH);

    /** The column names per combination of feature sets, built on first use (benign races: equal lists). */
    @SuppressWarnings("unchecked")
    private static final List<String>[] NAMES = new List[1 << FeatureSet.values().length];

    private WindowStatistics() {
    }

    private static int bit(FeatureSet f) {
        return 1 << f.ordinal();
    }

    /** The feature sets as a bit set of their ordinals. */
    static int bits(Set<FeatureSet> sets) {
        int bits = 0;
        for (FeatureSet f : sets) {
            bits |= bit(f);
        }
        return bits;
    }

    /** The feature names computed for these feature sets, in column order. */
    public static List<String> featureNames(Set<FeatureSet> sets) {
        return names(bits(sets));
    }

    static List<String> names(int sets) {
        List<String> names = NAMES[sets];
        if (names == null) {
            names = buildNames(sets);
            NAMES[sets] = names;
        }
        return names;
    }

    private static List<String> buildNames(int sets) {
        List<String> names = new ArrayList<>();
        for (String dir : List.of("up", "down")) {
            if ((sets & ENTROPY) != 0) {
                names.addAll(List.of("max_entropy_" + dir, "min_entropy_" + dir, "mean_entropy_" + dir));
            }
            if ((sets & INTERVAL) != 0) {
                names.add("mean_interval_" + dir);
            }
            if ((sets & INTERVAL_BIN) != 0) {
                for (long b : INTERVAL_BINS) {
                    names.add("bin_" + b + "_interval_" + dir);
                }
            }
            if ((sets & TCP_LEN) != 0) {
                names.addAll(List.of("top1_tcp_len_" + dir, "top2_tcp_len_" + dir, "mean_tcp_len_" + dir));
            }
            if ((sets & TCP_LEN_BINS) != 0) {
                for (int b : LENGTH_BINS) {
                    names.add("bin_" + b + "_len_" + dir);
                }
            }
            if ((sets & PSH) != 0) {
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
        ClientSubnets matcher = new ClientSubnets(clients);
        Accumulator accumulator = new Accumulator(bits(sets), window.size());
        Set<IpAddress> remotes = new LinkedHashSet<>();
        Set<IpAddress> clientsSeen = new LinkedHashSet<>();
        for (Packet p : window) {
            if (!p.isTcp()) {
                continue;
            }
            IpAddress src = p.source();
            IpAddress dst = p.destination();
            boolean upstream;
            if (matcher.contains(src)) {
                upstream = true;
                clientsSeen.add(src);
                remotes.add(dst);
            } else if (matcher.contains(dst)) {
                upstream = false;
                clientsSeen.add(dst);
                remotes.add(src);
            } else {
                continue;
            }
            TcpSegment tcp = p.tcp().orElseThrow();
            double entropy = accumulator.entropy() ? entropy(tcp.payload()) : Double.NaN;
            accumulator.add(upstream, p.timeMicros(), tcp.sequenceNumber(), tcp.payloadLength(), tcp.flags(), entropy);
        }
        return accumulator.features(remotes, clientsSeen, new Scratch());
    }

    /** The entropy of a captured payload, or NaN when nothing was captured (the window's entropy ignores it). */
    static double entropy(ByteView payload) {
        return payload.isEmpty() ? Double.NaN : ByteEntropy.of(payload);
    }

    /**
     * A window being filled: what each packet contributes, kept as numbers per direction. The features come out
     * of {@link #features}; {@link #clear} makes it ready for the next window. Not thread-safe.
     */
    static final class Accumulator {
        private final int sets;
        private final Side up;
        private final Side down;

        Accumulator(int sets, int capacity) {
            this.sets = sets;
            this.up = new Side(capacity);
            this.down = new Side(capacity);
        }

        /** Whether the entropy features are wanted (otherwise {@link #add} may be given NaN for every packet). */
        boolean entropy() {
            return (sets & ENTROPY) != 0;
        }

        /**
         * Adds a TCP packet of the window.
         *
         * @param entropy the entropy of its captured payload, NaN when it has none (or entropy is not wanted)
         */
        void add(boolean upstream, long timeMicros, long seq, int payloadLength, int flags, double entropy) {
            (upstream ? up : down).add(timeMicros, seq, payloadLength, flags, entropy);
        }

        /** The packets added since the last {@link #clear}. */
        int count() {
            return up.count + down.count;
        }

        void clear() {
            up.clear();
            down.clear();
        }

        /** The features of the packets added so far. */
        WindowFeatures features(Set<IpAddress> remotes, Set<IpAddress> clients, Scratch scratch) {
            List<String> names = names(sets);
            double[] values = new double[names.size()];
            int at = up.write(sets, values, 0, scratch);
            at = down.write(sets, values, at, scratch);
            values[at] = down.count == 0 ? Double.NaN : (double) up.count / down.count;
            return new WindowFeatures(names, values, remotes, clients);
        }
    }

    /** Work space for the most common payload lengths of a window: a hash table reused from window to window. */
    static final class Scratch {
        private int[] lengths = new int[128];
        private int[] counts = new int[128];
        private int[] distinct = new int[64];

        /** An empty table for up to {@code n} keys, at most half full; returns the mask of its slots. */
        private int prepare(int n) {
            int size = Integer.highestOneBit(Math.max(n, 32) * 2 - 1) << 1;
            if (lengths.length < size) {
                lengths = new int[size];
                counts = new int[size];
                distinct = new int[size / 2];
            } else {
                Arrays.fill(counts, 0, size, 0);
            }
            return size - 1;
        }

        /** Counts a payload length; the slot of a length seen for the first time is added to {@code distinct}. */
        private int count(int length, int mask, int distinctSoFar) {
            int h = length * 0x9e3779b9;
            int i = (h ^ h >>> 16) & mask;
            while (counts[i] != 0) {
                if (lengths[i] == length) {
                    counts[i]++;
                    return distinctSoFar;
                }
                i = (i + 1) & mask;
            }
            lengths[i] = length;
            counts[i] = 1;
            distinct[distinctSoFar] = i;
            return distinctSoFar + 1;
        }
    }

    /**
     * What one direction of the window contributes, updated packet by packet: every feature but the two most
     * common lengths is a running total, so closing a window reads back only the payload lengths.
     */
    private static final class Side {
        /** Per packet: sequence number (high 32 bits) and payload length (low 32 bits). */
        final long[] packets;
        /** Counts of intervals per interval bin, then of payload lengths per length bin. */
        final int[] bins = new int[INTERVAL_BINS.length + LENGTH_BINS.length];
        int count;
        /** The largest sequence number so far: a larger one is certainly the first frame bearing it. */
        long maxSeq;
        long previousFirst;
        int firsts;
        double intervalSum;
        long lengthSum;
        double entropyMin;
        double entropyMax;
        double entropySum;
        int entropyCount;
        int acks;
        int pushAcks;

        Side(int capacity) {
            packets = new long[capacity];
            clear();
        }

        void clear() {
            count = 0;
            Arrays.fill(bins, 0);
            maxSeq = -1;
            previousFirst = 0;
            firsts = 0;
            intervalSum = 0;
            lengthSum = 0;
            entropyMin = Double.POSITIVE_INFINITY;
            entropyMax = Double.NEGATIVE_INFINITY;
            entropySum = 0;
            entropyCount = 0;
            acks = 0;
            pushAcks = 0;
        }

        void add(long time, long seq, int length, int flags, double entropy) {
            // Only the first frame bearing each sequence number starts an interval.
            boolean first = seq > maxSeq || !seen(seq);
            packets[count++] = seq << 32 | (length & 0xffffffffL);
            if (first) {
                maxSeq = Math.max(maxSeq, seq);
                if (firsts++ > 0) {
                    long gap = time - previousFirst;
                    intervalSum += gap;
                    if (gap >= 0) {
                        int last = INTERVAL_BINS.length - 1;
                        for (int b = 0; b <= last; b++) {
                            if (gap < INTERVAL_BINS[b] || b == last && gap == INTERVAL_BINS[b]) {
                                bins[b]++;
                                break;
                            }
                        }
                    }
                }
                previousFirst = time;
            }
            lengthSum += length;
            int last = LENGTH_BINS.length - 1;
            for (int b = 0; b <= last; b++) {
                if (length < LENGTH_BINS[b] || b == last && length == LENGTH_BINS[b]) {
                    bins[INTERVAL_BINS.length + b]++;
                    break;
                }
            }
            if ((flags & TcpSegment.ACK) != 0) {
                acks++;
                if ((flags & TcpSegment.PSH) != 0) {
                    pushAcks++;
                }
            }
            if (entropy == entropy) {
                entropyMin = Math.min(entropyMin, entropy);
                entropyMax = Math.max(entropyMax, entropy);
                entropySum += entropy;
                entropyCount++;
            }
        }

        /** Whether an earlier packet of the window bore this sequence number (the latest ones are likeliest). */
        private boolean seen(long seq) {
            for (int i = count - 1; i >= 0; i--) {
                if (packets[i] >>> 32 == seq) {
                    return true;
                }
            }
            return false;
        }

        int write(int sets, double[] out, int at, Scratch scratch) {
            if ((sets & ENTROPY) != 0) {
                boolean none = entropyCount == 0;
                out[at++] = none ? Double.NaN : entropyMax;
                out[at++] = none ? Double.NaN : entropyMin;
                out[at++] = none ? Double.NaN : entropySum / entropyCount;
            }
            if ((sets & INTERVAL) != 0) {
                out[at++] = firsts < 2 ? Double.NaN : intervalSum / (firsts - 1);
            }
            if ((sets & INTERVAL_BIN) != 0) {
                for (int b = 0; b < INTERVAL_BINS.length; b++) {
                    out[at++] = bins[b];
                }
            }
            if ((sets & TCP_LEN) != 0) {
                at = writeTopLengths(out, at, scratch);
            }
            if ((sets & TCP_LEN_BINS) != 0) {
                for (int b = 0; b < LENGTH_BINS.length; b++) {
                    out[at++] = bins[INTERVAL_BINS.length + b];
                }
            }
            if ((sets & PSH) != 0) {
                out[at++] = acks == 0 ? Double.NaN : (double) pushAcks / acks;
            }
            return at;
        }

        /** Most and second-most common lengths (more packets first, then the shorter length), and the mean. */
        private int writeTopLengths(double[] out, int at, Scratch scratch) {
            if (count == 0) {
                out[at++] = Double.NaN;
                out[at++] = Double.NaN;
                out[at++] = Double.NaN;
                return at;
            }
            int mask = scratch.prepare(count);
            int distinct = 0;
            for (int i = 0; i < count; i++) {
                distinct = scratch.count((int) packets[i], mask, distinct);
            }
            int top1 = -1;
            int top1Count = 0;
            int top2 = -1;
            int top2Count = 0;
            for (int d = 0; d < distinct; d++) {
                int slot = scratch.distinct[d];
                int length = scratch.lengths[slot];
                int n = scratch.counts[slot];
                if (n > top1Count || n == top1Count && length < top1) {
                    top2 = top1;
                    top2Count = top1Count;
                    top1 = length;
                    top1Count = n;
                } else if (n > top2Count || n == top2Count && length < top2) {
                    top2 = length;
                    top2Count = n;
                }
            }
            out[at++] = top1;
            out[at++] = top2 < 0 ? 0 : top2;
            out[at++] = (double) lengthSum / count;
            return at;
        }
    }
}
