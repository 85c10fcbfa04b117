package org.covertmark.core.store.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.Timestamp;

/**
 * The packets of one stored trace as columns of primitive arrays over the bytes they were captured in,
 * rather than one object graph per packet: per packet its frame number, capture time, wire length, and
 * where its IP bytes lie — an offset and a length in the buffer the capture reader mapped, which the
 * trace keeps one view of.
 *
 * <p>A packet costs 33 bytes of heap: frame (4), time as nanoseconds since the epoch (8), wire length
 * (4), offset (4) and length (4) of its IP bytes, and what the strategic filters ask most — one byte
 * saying whether it is IPv4, TCP, UDP, and has a payload, and the source and destination of an IPv4
 * packet (8) — so that those filters are evaluated on the columns, without rebuilding the packet or
 * reading the capture ({@link RowFilter}). (Read from the mapped capture instead, the addresses cost
 * a cache and TLB miss a packet, which made an address filter over a 1 GiB capture 50 times slower.) A frame number beyond 2<sup>31</sup> − 1 widens the
 * frame column to 8 bytes, and a time beyond the years 1678–2262 (or unknown) the time column to 12, for
 * that trace only. Packets whose bytes lie in different buffers (those built one by one in memory, or a
 * capture mapped in several windows) add one view per buffer.
 *
 * <p>{@link #packet(int)} rebuilds a packet from its columns: a view over its bytes and
 * {@link Packet#parse}, which reads only the IP header's fixed fields; the capture record is not read
 * again, and nothing is copied. Instances are immutable once built, and safe to share between threads.
 */
final class PackedTrace {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Seconds whose nanosecond count fits in a long, with room for the nanoseconds within the second. */
    private static final long MAX_NARROW_SECOND = Long.MAX_VALUE / NANOS_PER_SECOND - 1;

    /** {@link #kind} bits. */
    static final int IPV4 = 1;
    static final int TCP = 2;
    static final int UDP = 4;
    static final int PAYLOAD = 8;

    private final int size;
    /** One view per buffer, from its first byte to the end of the last packet in it. */
    private final ByteView[] sources;
    private final byte[] kinds;
    private final int[] sources4;
    private final int[] destinations4;
    private final int[] sourceStarts;
    private final int[] frames;
    private final long[] wideFrames;
    private final long[] times;
    private final long[] seconds;
    private final int[] nanos;
    private final int[] wireLengths;
    private final int[] offsets;
    private final int[] lengths;

    private PackedTrace(Builder b) {
        size = b.size;
        sources = new ByteView[b.sources.size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = b.sources.get(i).sourceView(0, b.sourceEnds[i]);
        }
        sourceStarts = Arrays.copyOf(b.sourceStarts, b.sources.size());
        kinds = Arrays.copyOf(b.kinds, size);
        sources4 = Arrays.copyOf(b.sources4, size);
        destinations4 = Arrays.copyOf(b.destinations4, size);
        frames = b.frames == null ? null : Arrays.copyOf(b.frames, size);
        wideFrames = b.wideFrames == null ? null : Arrays.copyOf(b.wideFrames, size);
        times = b.times == null ? null : Arrays.copyOf(b.times, size);
        seconds = b.seconds == null ? null : Arrays.copyOf(b.seconds, size);
        nanos = b.nanos == null ? null : Arrays.copyOf(b.nanos, size);
        wireLengths = Arrays.copyOf(b.wireLengths, size);
        offsets = Arrays.copyOf(b.offsets, size);
        lengths = Arrays.copyOf(b.lengths, size);
    }

    /** The number of packets. */
    int size() {
        return size;
    }

    /** What the packet at {@code row} is: {@link #IPV4}, {@link #TCP}, {@link #UDP}, {@link #PAYLOAD} bits. */
    int kind(int row) {
        return kinds[row];
    }

    /** The source address of the IPv4 packet at {@code row}, its 32 bits. */
    int source4(int row) {
        return sources4[row];
    }

    /** The destination address of the IPv4 packet at {@code row}, its 32 bits. */
    int destination4(int row) {
        return destinations4[row];
    }

    /** The packet at {@code row}, 0-based in capture order. */
    Packet packet(int row) {
        ByteView ip = source(row).slice(offsets[row], lengths[row]);
        long frame = frames != null ? frames[row] : wideFrames[row];
        Timestamp time;
        if (times != null) {
            long t = times[row];
            time = new Timestamp(Math.floorDiv(t, NANOS_PER_SECOND), (int) Math.floorMod(t, NANOS_PER_SECOND));
        } else {
            time = seconds[row] == Long.MIN_VALUE && nanos[row] == 0 ? Timestamp.UNKNOWN
                    : new Timestamp(seconds[row], nanos[row]);
        }
        return Packet.parse(frame, time, wireLengths[row], ip);
    }

    private ByteView source(int row) {
        if (sources.length == 1) {
            return sources[0];
        }
        int i = Arrays.binarySearch(sourceStarts, row);
        return sources[i >= 0 ? i : -i - 2];
    }

    /** Bytes of heap the columns take per packet, the views of the sources included. */
    double bytesPerPacket() {
        long bytes = 4L * (offsets.length + lengths.length + wireLengths.length + sources4.length
                + destinations4.length) + kinds.length
                + (frames != null ? 4L * frames.length : 8L * wideFrames.length)
                + (times != null ? 8L * times.length : 12L * seconds.length)
                + 28L * sources.length;
        return size == 0 ? 0 : (double) bytes / size;
    }

    /** Adds packets one at a time, in capture order. */
    static final class Builder {
        private int size;
        private final List<ByteView> sources = new ArrayList<>();
        private int[] sourceStarts = new int[1];
        private int[] sourceEnds = new int[1];
        private byte[] kinds = new byte[1024];
        private int[] sources4 = new int[1024];
        private int[] destinations4 = new int[1024];
        private int[] frames = new int[1024];
        private long[] wideFrames;
        private long[] times = new long[1024];
        private long[] seconds;
        private int[] nanos;
        private int[] wireLengths = new int[1024];
        private int[] offsets = new int[1024];
        private int[] lengths = new int[1024];
        private ByteView lastSource;

        void add(Packet p) {
            if (size == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a trace holds at most " + size + " packets");
            }
            if (size == wireLengths.length) {
                grow();
            }
            ByteView ip = p.bytes();
            if (lastSource == null || !lastSource.sameSource(ip)) {
                if (sources.size() == sourceStarts.length) {
                    sourceStarts = Arrays.copyOf(sourceStarts, sourceStarts.length * 2);
                    sourceEnds = Arrays.copyOf(sourceEnds, sourceStarts.length);
                }
                sourceStarts[sources.size()] = size;
                sources.add(ip);
                lastSource = ip;
            }
            offsets[size] = ip.sourceOffset();
            lengths[size] = ip.length();
            int last = sources.size() - 1;
            sourceEnds[last] = Math.max(sourceEnds[last], ip.sourceOffset() + ip.length());
            if (p.ipVersion() == 4) {
                sources4[size] = (int) ip.getUnsignedInt(12);
                destinations4[size] = (int) ip.getUnsignedInt(16);
            }
            kinds[size] = (byte) ((p.ipVersion() == 4 ? IPV4 : 0) | (p.isTcp() ? TCP : 0) | (p.isUdp() ? UDP : 0)
                    | (PacketFilter.hasPayload().test(p) ? PAYLOAD : 0));
            wireLengths[size] = p.wireLength();
            setFrame(p.frame());
            setTime(p.timestamp());
            size++;
        }

        private void setFrame(long frame) {
            if (frames != null && frame == (int) frame) {
                frames[size] = (int) frame;
                return;
            }
            if (wideFrames == null) {
                wideFrames = new long[wireLengths.length];
                for (int i = 0; i < size; i++) {
                    wideFrames[i] = frames[i];
                }
                frames = null;
            }
            wideFrames[size] = frame;
        }

        private void setTime(Timestamp t) {
            boolean narrow = t.isKnown() && Math.abs(t.epochSecond()) <= MAX_NARROW_SECOND;
            if (times != null && narrow) {
                times[size] = t.epochSecond() * NANOS_PER_SECOND + t.nanos();
                return;
            }
            if (seconds == null) {
                seconds = new long[wireLengths.length];
                nanos = new int[wireLengths.length];
                for (int i = 0; i < size; i++) {
                    seconds[i] = Math.floorDiv(times[i], NANOS_PER_SECOND);
                    nanos[i] = (int) Math.floorMod(times[i], NANOS_PER_SECOND);
                }
                times = null;
            }
            seconds[size] = t.isKnown() ? t.epochSecond() : Long.MIN_VALUE;
            nanos[size] = t.isKnown() ? t.nanos() : 0;
        }

        private void grow() {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, wireLengths.length * 2L);
            wireLengths = Arrays.copyOf(wireLengths, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            sources4 = Arrays.copyOf(sources4, capacity);
            destinations4 = Arrays.copyOf(destinations4, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            if (frames != null) {
                frames = Arrays.copyOf(frames, capacity);
            } else {
                wideFrames = Arrays.copyOf(wideFrames, capacity);
            }
            if (times != null) {
                times = Arrays.copyOf(times, capacity);
            } else {
                seconds = Arrays.copyOf(seconds, capacity);
                nanos = Arrays.copyOf(nanos, capacity);
            }
        }

        PackedTrace build() {
            return new PackedTrace(this);
        }
    }
}
