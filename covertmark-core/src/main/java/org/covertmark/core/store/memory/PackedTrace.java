package org.covertmark.core.store.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.Timestamp;
import org.covertmark.api.packet.UdpDatagram;
import org.covertmark.api.store.PacketColumns;

/**
 * The packets of one stored trace as columns of primitive arrays over the bytes they were captured in,
 * rather than one object graph per packet: per packet its frame number, capture time, wire length, and
 * where its IP bytes lie — an offset and a length in the buffer the capture reader mapped, which the
 * trace keeps one view of.
 *
 * <p>A packet costs 39 bytes of heap: frame (4), time as nanoseconds since the epoch (8), wire length
 * (4), offset (4) and length (4) of its IP bytes, and what strategic filters and the connection index
 * ask of every packet — one byte saying whether it is IPv4, TCP, UDP, and has a payload, the source
 * and destination of an IPv4 packet (8), the two ports of a TCP or UDP packet (4) and a TCP segment's
 * flags (2) — so that those are answered from the columns, without rebuilding the packet or reading
 * the capture ({@link RowFilter}, {@link PacketColumns}). (Read from the mapped capture instead, the
 * addresses cost a cache and TLB miss a packet, which made an address filter over a 1 GiB capture 50
 * times slower.) A frame number beyond 2<sup>31</sup> − 1 widens the
 * frame column to 8 bytes, and a time beyond the years 1678–2262 (or unknown) the time column to 12, for
 * that trace only. Packets whose bytes lie in different buffers (those built one by one in memory, or a
 * capture mapped in several windows) add one view per buffer.
 *
 * <p>Columns are kept in chunks of {@value #CHUNK} packets, so that a growing trace is never copied
 * and importing needs no more heap than the columns themselves and one chunk.
 *
 * <p>{@link #packet(int)} rebuilds a packet from its columns: a view over its bytes and
 * {@link Packet#parse}, which reads only the IP header's fixed fields; the capture record is not read
 * again, and nothing is copied. Instances are immutable once built, and safe to share between threads.
 */
final class PackedTrace {

    /** {@link #kind} bits, as {@link PacketColumns} gives them. */
    static final int IPV4 = PacketColumns.IPV4;
    static final int TCP = PacketColumns.TCP;
    static final int UDP = PacketColumns.UDP;
    static final int PAYLOAD = PacketColumns.PAYLOAD;

    /**
     * Packets per chunk of a column: a power of two, small enough that a chunk of longs (256 KiB) is never
     * a humongous object for G1 (half a region of at least 1 MiB), which would take a whole region.
     */
    static final int CHUNK = 1 << 15;
    private static final int SHIFT = 15;
    private static final int MASK = CHUNK - 1;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Seconds whose nanosecond count fits in a long, with room for the nanoseconds within the second. */
    private static final long MAX_NARROW_SECOND = Long.MAX_VALUE / NANOS_PER_SECOND - 1;

    private final int size;
    /** One view per buffer, from its first byte to the end of the last packet in it. */
    private final ByteView[] sources;
    private final int[] sourceStarts;
    private final byte[][] kinds;
    private final int[][] sources4;
    private final int[][] destinations4;
    private final int[][] ports;
    private final short[][] tcpFlags;
    private final int[][] frames;
    private final long[][] wideFrames;
    private final long[][] times;
    private final long[][] seconds;
    private final int[][] nanos;
    private final int[][] wireLengths;
    private final int[][] offsets;
    private final int[][] lengths;
    /**
     * The rows whose packet's lengths depend on its frame (an IPv4 total length of 0 or beyond the frame,
     * an IPv6 payload length of 0 or beyond it), ascending, and each one's link length: kept for those
     * few packets only, so that they are rebuilt as they were read.
     */
    private final int[] frameRows;
    private final int[] frameLinkLengths;

    private PackedTrace(Builder b) {
        size = b.size;
        sources = new ByteView[b.sources.size()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = b.sources.get(i).sourceView(0, b.sourceEnds[i]);
        }
        sourceStarts = Arrays.copyOf(b.sourceStarts, b.sources.size());
        int chunks = (size + MASK) >>> SHIFT;
        int tail = size - ((chunks - 1) << SHIFT);
        kinds = trim(b.kinds.toArray(new byte[0][]), chunks, tail);
        sources4 = trim(b.sources4.toArray(new int[0][]), chunks, tail);
        destinations4 = trim(b.destinations4.toArray(new int[0][]), chunks, tail);
        ports = trim(b.ports.toArray(new int[0][]), chunks, tail);
        tcpFlags = trim(b.tcpFlags.toArray(new short[0][]), chunks, tail);
        frames = b.wideFrames == null ? trim(b.frames.toArray(new int[0][]), chunks, tail) : null;
        wideFrames = b.wideFrames == null ? null : trim(b.wideFrames.toArray(new long[0][]), chunks, tail);
        times = b.seconds == null ? trim(b.times.toArray(new long[0][]), chunks, tail) : null;
        seconds = b.seconds == null ? null : trim(b.seconds.toArray(new long[0][]), chunks, tail);
        nanos = b.seconds == null ? null : trim(b.nanos.toArray(new int[0][]), chunks, tail);
        wireLengths = trim(b.wireLengths.toArray(new int[0][]), chunks, tail);
        offsets = trim(b.offsets.toArray(new int[0][]), chunks, tail);
        lengths = trim(b.lengths.toArray(new int[0][]), chunks, tail);
        frameRows = Arrays.copyOf(b.frameRows, b.frameCount);
        frameLinkLengths = Arrays.copyOf(b.frameLinkLengths, b.frameCount);
    }

    /** The first {@code chunks} chunks, the last cut to {@code tail} values. */
    private static byte[][] trim(byte[][] c, int chunks, int tail) {
        byte[][] out = Arrays.copyOf(c, chunks);
        if (chunks > 0) {
            out[chunks - 1] = Arrays.copyOf(out[chunks - 1], tail);
        }
        return out;
    }

    private static short[][] trim(short[][] c, int chunks, int tail) {
        short[][] out = Arrays.copyOf(c, chunks);
        if (chunks > 0) {
            out[chunks - 1] = Arrays.copyOf(out[chunks - 1], tail);
        }
        return out;
    }

    private static int[][] trim(int[][] c, int chunks, int tail) {
        int[][] out = Arrays.copyOf(c, chunks);
        if (chunks > 0) {
            out[chunks - 1] = Arrays.copyOf(out[chunks - 1], tail);
        }
        return out;
    }

    private static long[][] trim(long[][] c, int chunks, int tail) {
        long[][] out = Arrays.copyOf(c, chunks);
        if (chunks > 0) {
            out[chunks - 1] = Arrays.copyOf(out[chunks - 1], tail);
        }
        return out;
    }

    /** The number of packets. */
    int size() {
        return size;
    }

    /** What the packet at {@code row} is: {@link #IPV4}, {@link #TCP}, {@link #UDP}, {@link #PAYLOAD} bits. */
    int kind(int row) {
        return kinds[row >>> SHIFT][row & MASK];
    }

    /** The source address of the IPv4 packet at {@code row}, its 32 bits. */
    int source4(int row) {
        return sources4[row >>> SHIFT][row & MASK];
    }

    /** The destination address of the IPv4 packet at {@code row}, its 32 bits. */
    int destination4(int row) {
        return destinations4[row >>> SHIFT][row & MASK];
    }

    /** The source port of the TCP or UDP packet at {@code row}; 0 for a packet of neither. */
    int sourcePort(int row) {
        return ports[row >>> SHIFT][row & MASK] >>> 16;
    }

    /** The destination port of the TCP or UDP packet at {@code row}; 0 for a packet of neither. */
    int destinationPort(int row) {
        return ports[row >>> SHIFT][row & MASK] & 0xffff;
    }

    /** The TCP flags of the packet at {@code row}; 0 for a packet that is not TCP. */
    int tcpFlags(int row) {
        return tcpFlags[row >>> SHIFT][row & MASK];
    }

    /** The packet at {@code row}, 0-based in capture order. */
    Packet packet(int row) {
        int c = row >>> SHIFT;
        int i = row & MASK;
        ByteView ip = source(row).slice(offsets[c][i], lengths[c][i]);
        long frame = frames != null ? frames[c][i] : wideFrames[c][i];
        long second;
        int nano;
        if (times != null) {
            long t = times[c][i];
            second = Math.floorDiv(t, NANOS_PER_SECOND);
            nano = (int) Math.floorMod(t, NANOS_PER_SECOND);
        } else {
            // an unknown time is stored as Timestamp.UNKNOWN's fields
            second = seconds[c][i];
            nano = nanos[c][i];
        }
        int link = -1;
        if (frameRows.length > 0) {
            int k = Arrays.binarySearch(frameRows, row);
            link = k >= 0 ? frameLinkLengths[k] : -1;
        }
        return Packet.parse(frame, second, nano, wireLengths[c][i], link, ip);
    }

    private ByteView source(int row) {
        if (sources.length == 1) {
            return sources[0];
        }
        int i = Arrays.binarySearch(sourceStarts, row);
        return sources[i >= 0 ? i : -i - 2];
    }

    /** Bytes of heap the columns take per packet, the views of the sources included (not the chunk arrays' headers). */
    double bytesPerPacket() {
        long perPacket = 4 + 4 + 4 + 1 + 4 + 4 + 4 + 2 + (frames != null ? 4 : 8) + (times != null ? 8 : 12);
        long bytes = perPacket * size + 28L * sources.length + 8L * frameRows.length;
        return size == 0 ? 0 : (double) bytes / size;
    }

    /** Adds packets one at a time, in capture order. */
    static final class Builder {
        private int size;
        private final List<ByteView> sources = new ArrayList<>();
        private int[] sourceStarts = new int[1];
        private int[] sourceEnds = new int[1];
        private final List<byte[]> kinds = new ArrayList<>();
        private final List<int[]> sources4 = new ArrayList<>();
        private final List<int[]> destinations4 = new ArrayList<>();
        private final List<int[]> ports = new ArrayList<>();
        private final List<short[]> tcpFlags = new ArrayList<>();
        private List<int[]> frames = new ArrayList<>();
        private List<long[]> wideFrames;
        private List<long[]> times = new ArrayList<>();
        private List<long[]> seconds;
        private List<int[]> nanos;
        private final List<int[]> wireLengths = new ArrayList<>();
        private final List<int[]> offsets = new ArrayList<>();
        private final List<int[]> lengths = new ArrayList<>();
        private ByteView lastSource;
        private int[] frameRows = new int[0];
        private int[] frameLinkLengths = new int[0];
        private int frameCount;

        void add(Packet p) {
            if (size == Integer.MAX_VALUE - CHUNK) {
                throw new IllegalStateException("a trace holds at most " + size + " packets");
            }
            int i = size & MASK;
            if (i == 0) {
                addChunk();
            }
            int c = size >>> SHIFT;
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
            offsets.get(c)[i] = ip.sourceOffset();
            lengths.get(c)[i] = ip.length();
            int last = sources.size() - 1;
            sourceEnds[last] = Math.max(sourceEnds[last], ip.sourceOffset() + ip.length());
            if (p.ipVersion() == 4) {
                sources4.get(c)[i] = (int) ip.getUnsignedInt(12);
                destinations4.get(c)[i] = (int) ip.getUnsignedInt(16);
            }
            if (p.isTcp()) {
                TcpSegment s = p.tcp().orElseThrow();
                ports.get(c)[i] = s.sourcePort() << 16 | s.destinationPort();
                tcpFlags.get(c)[i] = (short) s.flags();
            } else if (p.isUdp()) {
                UdpDatagram u = p.udp().orElseThrow();
                ports.get(c)[i] = u.sourcePort() << 16 | u.destinationPort();
            }
            kinds.get(c)[i] = (byte) ((p.ipVersion() == 4 ? IPV4 : 0) | (p.isTcp() ? TCP : 0) | (p.isUdp() ? UDP : 0)
                    | (PacketFilter.hasPayload().test(p) ? PAYLOAD : 0));
            wireLengths.get(c)[i] = p.wireLength();
            if (p.lengthFromFrame()) {
                if (frameCount == frameRows.length) {
                    frameRows = Arrays.copyOf(frameRows, Math.max(8, frameCount * 2));
                    frameLinkLengths = Arrays.copyOf(frameLinkLengths, frameRows.length);
                }
                frameRows[frameCount] = size;
                frameLinkLengths[frameCount++] = p.linkLength();
            }
            setFrame(c, i, p.frame());
            setTime(c, i, p.timestamp());
            size++;
        }

        private void addChunk() {
            kinds.add(new byte[CHUNK]);
            sources4.add(new int[CHUNK]);
            destinations4.add(new int[CHUNK]);
            ports.add(new int[CHUNK]);
            tcpFlags.add(new short[CHUNK]);
            wireLengths.add(new int[CHUNK]);
            offsets.add(new int[CHUNK]);
            lengths.add(new int[CHUNK]);
            if (wideFrames == null) {
                frames.add(new int[CHUNK]);
            } else {
                wideFrames.add(new long[CHUNK]);
            }
            if (seconds == null) {
                times.add(new long[CHUNK]);
            } else {
                seconds.add(new long[CHUNK]);
                nanos.add(new int[CHUNK]);
            }
        }

        private void setFrame(int c, int i, long frame) {
            if (wideFrames == null && frame == (int) frame) {
                frames.get(c)[i] = (int) frame;
                return;
            }
            if (wideFrames == null) {
                wideFrames = new ArrayList<>();
                for (int[] chunk : frames) {
                    long[] wide = new long[CHUNK];
                    for (int k = 0; k < CHUNK; k++) {
                        wide[k] = chunk[k];
                    }
                    wideFrames.add(wide);
                }
                frames = null;
            }
            wideFrames.get(c)[i] = frame;
        }

        private void setTime(int c, int i, Timestamp t) {
            boolean narrow = t.isKnown() && Math.abs(t.epochSecond()) <= MAX_NARROW_SECOND;
            if (seconds == null && narrow) {
                times.get(c)[i] = t.epochSecond() * NANOS_PER_SECOND + t.nanos();
                return;
            }
            if (seconds == null) {
                seconds = new ArrayList<>();
                nanos = new ArrayList<>();
                for (long[] chunk : times) {
                    long[] s = new long[CHUNK];
                    int[] n = new int[CHUNK];
                    for (int k = 0; k < CHUNK; k++) {
                        s[k] = Math.floorDiv(chunk[k], NANOS_PER_SECOND);
                        n[k] = (int) Math.floorMod(chunk[k], NANOS_PER_SECOND);
                    }
                    seconds.add(s);
                    nanos.add(n);
                }
                times = null;
            }
            seconds.get(c)[i] = t.isKnown() ? t.epochSecond() : Long.MIN_VALUE;
            nanos.get(c)[i] = t.isKnown() ? t.nanos() : 0;
        }

        PackedTrace build() {
            return new PackedTrace(this);
        }
    }
}
