package org.covertmark.examples.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.packet.HttpRequest;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.TlsRecord;
import org.covertmark.api.packet.UdpDatagram;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.capture.CaptureStats;
import org.covertmark.examples.cli.PacketTsv;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.TcpPacket;

/**
 * The work each benchmark stage measures. Every stage reads the whole capture once and returns a
 * checksum of what it computed, so that the JIT cannot drop the work; it reports what it processed
 * in {@code counters}: [0] records read, [1] bytes processed (file or payload bytes), [2] packets
 * delivered or payloads measured.
 */
final class BenchStages {

    private static final double LN2 = Math.log(2);

    /** {@code C_LOG2_C[c]} = c·log2(c), for every count a payload of an IPv4 packet can reach. */
    private static final double[] C_LOG2_C = new double[1 << 16];

    static {
        for (int c = 1; c < C_LOG2_C.length; c++) {
            C_LOG2_C[c] = c * (Math.log(c) / LN2);
        }
    }

    private BenchStages() {
    }

    // ---- baselines: their own memory mapping, no project code ----

    /** Baseline A: the pcap record headers alone — read each caplen and skip the record. */
    static long headerWalk(Path file, long[] counters) throws IOException {
        try (RecordWalk w = new RecordWalk(file)) {
            long records = 0;
            long captured = 0;
            long pos = 24;
            long size = w.size;
            while (pos + 16 <= size) {
                int i = w.ensure(pos, 16);
                long cap = w.window.getInt(i + 8) & 0xffffffffL;
                records++;
                captured += cap;
                pos += 16 + cap;
            }
            counters[0] = records;
            counters[1] = size;
            counters[2] = records;
            return records * 31 + captured;
        }
    }

    /**
     * Baseline B: walks the records as {@link #headerWalk} does, finds each Ethernet/IPv4/TCP
     * payload with the least arithmetic, copies it out of the mapping in one bulk read and computes
     * its Shannon entropy with a 256-bin int histogram and the c·log2(c) table.
     */
    static long histogramEntropy(Path file, long[] counters) throws IOException {
        try (RecordWalk w = new RecordWalk(file)) {
            int[] histogram = new int[256];
            byte[] scratch = new byte[1 << 16];
            long records = 0;
            long payloads = 0;
            long payloadBytes = 0;
            double sum = 0;
            long pos = 24;
            long size = w.size;
            while (pos + 16 <= size) {
                int i = w.ensure(pos, 16);
                long cap = w.window.getInt(i + 8) & 0xffffffffL;
                records++;
                if (cap >= 54 && pos + 16 + cap <= size) {
                    i = w.ensure(pos, (int) (16 + cap));
                    MappedByteBuffer b = w.window;
                    int f = i + 16;
                    int vihl = b.get(f + 14) & 0xff;
                    int frag = ((b.get(f + 20) & 0x1f) << 8) | (b.get(f + 21) & 0xff);
                    if (b.get(f + 12) == 0x08 && b.get(f + 13) == 0 && (vihl >>> 4) == 4 && b.get(f + 23) == 6
                            && frag == 0) {
                        int ihl = (vihl & 0x0f) * 4;
                        int total = ((b.get(f + 16) & 0xff) << 8) | (b.get(f + 17) & 0xff);
                        int tcp = f + 14 + ihl;
                        int ipEnd = f + 14 + Math.min(total, (int) cap - 14);
                        if (ihl >= 20 && total >= ihl + 20 && tcp + 20 <= ipEnd) {
                            int start = tcp + ((b.get(tcp + 12) & 0xff) >>> 4) * 4;
                            int n = ipEnd - start;
                            if (n > 0) {
                                b.get(start, scratch, 0, n);
                                sum += tableEntropy(scratch, n, histogram);
                                payloads++;
                                payloadBytes += n;
                            }
                        }
                    }
                }
                pos += 16 + cap;
            }
            counters[0] = records;
            counters[1] = payloadBytes;
            counters[2] = payloads;
            return Double.doubleToLongBits(sum) * 31 + payloads;
        }
    }

    /** Shannon entropy in bits per byte of {@code b[0..n)}: (n·log2 n − Σ c·log2 c) / n. */
    private static double tableEntropy(byte[] b, int n, int[] histogram) {
        for (int k = 0; k < n; k++) {
            histogram[b[k] & 0xff]++;
        }
        double s = 0;
        for (int v = 0; v < 256; v++) {
            int c = histogram[v];
            if (c != 0) {
                s += C_LOG2_C[c];
                histogram[v] = 0;
            }
        }
        return (C_LOG2_C[n] - s) / n;
    }

    // ---- the project's reader ----

    /** Iterates the packets without asking them for anything beyond their frame number. */
    static long readOnly(Path file, long[] counters) {
        try (CaptureReader reader = CaptureReader.open(file)) {
            long acc = 0;
            while (reader.hasNext()) {
                acc += reader.next().frame();
            }
            return done(reader, acc, counters);
        }
    }

    /**
     * Reads every packet passing {@code filter} and decodes every field {@code covertmark packets}
     * prints: addresses, IP length, TTL, protocol, ports, sequence and acknowledgement numbers,
     * flags, payload length, TLS records and HTTP request. The TLS records are listed when the
     * segment begins with one ({@link Packet#isTlsSegment()}), as {@code packets} does.
     */
    static long decodeAllLayers(Path file, InputFilter filter, long[] counters) {
        try (CaptureReader reader = CaptureReader.open(file, filter)) {
            long acc = 0;
            while (reader.hasNext()) {
                acc = acc * 31 + touch(reader.next());
            }
            return done(reader, acc, counters);
        }
    }

    private static long touch(Packet p) {
        long h = p.frame() * 31 + p.timeMicros();
        h = h * 31 + p.source().hashCode();
        h = h * 31 + p.destination().hashCode();
        h = h * 31 + p.ipLength();
        h = h * 31 + p.ttl();
        h = h * 31 + p.protocol();
        Optional<TcpSegment> tcp = p.tcp();
        if (tcp.isPresent()) {
            TcpSegment t = tcp.get();
            h = h * 31 + t.sourcePort();
            h = h * 31 + t.destinationPort();
            h = h * 31 + t.sequenceNumber();
            h = h * 31 + t.acknowledgementNumber();
            h = h * 31 + t.flags();
            h = h * 31 + t.payloadLength();
            if (p.isTlsSegment()) {
                for (TlsRecord r : p.tlsRecords()) {
                    h = h * 31 + r.contentType() * 65536L + r.version();
                }
            }
            Optional<HttpRequest> http = p.httpRequest();
            if (http.isPresent()) {
                h = h * 31 + http.get().method().hashCode();
                h = h * 31 + http.get().uri().hashCode();
            }
        } else {
            Optional<UdpDatagram> udp = p.udp();
            if (udp.isPresent()) {
                h = h * 31 + udp.get().sourcePort();
                h = h * 31 + udp.get().destinationPort();
            }
        }
        return h;
    }

    /**
     * Writes what {@code covertmark packets} writes, through the same code, to a discarding stream,
     * formatting rows on {@code threads} threads (1: on the measuring thread alone).
     */
    static long packetsTsv(Path file, int threads, long[] counters) throws IOException {
        CountingSink sink = new CountingSink();
        try (CaptureReader reader = CaptureReader.open(file)) {
            PacketTsv.write(reader, sink, threads);
            return done(reader, sink.count * 31 + sink.hash, counters);
        }
    }

    private static long done(CaptureReader reader, long acc, long[] counters) {
        CaptureStats stats = reader.stats();
        counters[0] = stats.records();
        counters[1] = reader.sizeBytes();
        counters[2] = stats.packets();
        return acc;
    }

    // ---- pcap4j ----

    /**
     * Walks the records like baseline A, copies each frame into a new byte array (pcap4j decodes
     * arrays only) and decodes it with pcap4j's packet factories, reading the same IPv4 and TCP
     * fields as {@link #decodeAllLayers}. pcap4j 1.8 has no TLS or HTTP decoder, so those are not
     * looked for.
     */
    static long pcap4jDecode(Path file, long[] counters) throws IOException {
        try (RecordWalk w = new RecordWalk(file)) {
            long records = 0;
            long decoded = 0;
            long acc = 0;
            long pos = 24;
            long size = w.size;
            while (pos + 16 <= size) {
                int i = w.ensure(pos, 16);
                long cap = w.window.getInt(i + 8) & 0xffffffffL;
                records++;
                if (pos + 16 + cap <= size) {
                    i = w.ensure(pos, (int) (16 + cap));
                    byte[] frame = new byte[(int) cap];
                    w.window.get(i + 16, frame);
                    try {
                        EthernetPacket eth = EthernetPacket.newPacket(frame, 0, frame.length);
                        if (eth.getPayload() instanceof IpV4Packet ip) {
                            decoded++;
                            acc = acc * 31 + touch(ip);
                        }
                    } catch (IllegalRawDataException e) {
                        acc++;
                    }
                }
                pos += 16 + cap;
            }
            counters[0] = records;
            counters[1] = size;
            counters[2] = decoded;
            return acc;
        }
    }

    private static long touch(IpV4Packet ip) {
        IpV4Packet.IpV4Header h4 = ip.getHeader();
        long h = h4.getSrcAddr().hashCode();
        h = h * 31 + h4.getDstAddr().hashCode();
        h = h * 31 + h4.getTotalLengthAsInt();
        h = h * 31 + h4.getTtlAsInt();
        h = h * 31 + h4.getProtocol().value();
        if (ip.getPayload() instanceof TcpPacket tcp) {
            TcpPacket.TcpHeader t = tcp.getHeader();
            h = h * 31 + t.getSrcPort().valueAsInt();
            h = h * 31 + t.getDstPort().valueAsInt();
            h = h * 31 + t.getSequenceNumberAsLong();
            h = h * 31 + t.getAcknowledgmentNumberAsLong();
            int flags = (t.getReserved() << 6) | (t.getUrg() ? 0x20 : 0) | (t.getAck() ? 0x10 : 0)
                    | (t.getPsh() ? 0x08 : 0) | (t.getRst() ? 0x04 : 0) | (t.getSyn() ? 0x02 : 0)
                    | (t.getFin() ? 0x01 : 0);
            h = h * 31 + flags;
            h = h * 31 + (tcp.getPayload() == null ? 0 : tcp.getPayload().length());
        }
        return h;
    }

    // ---- the baselines' own reading code ----

    /**
     * What the baselines need of a file's header.
     *
     * @param pcap whether the file begins with a classic pcap magic number
     * @param linkType the LINKTYPE_ number, when it does
     */
    record PcapHeader(boolean pcap, int linkType) {

        static PcapHeader read(Path file) throws IOException {
            try (RecordWalk w = new RecordWalk(file)) {
                return new PcapHeader(w.pcap, w.linkType);
            }
        }
    }

    /** A classic pcap file mapped in windows of up to 1 GiB, with the window's byte order set. */
    private static final class RecordWalk implements AutoCloseable {
        private static final long WINDOW = 1L << 30;

        final FileChannel channel;
        final long size;
        MappedByteBuffer window;
        long windowStart;
        boolean pcap;
        int linkType = -1;

        RecordWalk(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
            map(0);
            if (size >= 24) {
                int magic = window.getInt(0);
                if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
                    window.order(ByteOrder.LITTLE_ENDIAN);
                    pcap = true;
                } else {
                    pcap = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
                }
                linkType = window.getInt(20) & 0xffff;
            }
        }

        private void map(long position) throws IOException {
            ByteOrder order = window == null ? ByteOrder.BIG_ENDIAN : window.order();
            window = channel.map(FileChannel.MapMode.READ_ONLY, position, Math.min(WINDOW, size - position));
            window.order(order);
            windowStart = position;
        }

        /** The window index of {@code position}, remapping so that {@code length} bytes fit. */
        int ensure(long position, int length) throws IOException {
            if (position + length > windowStart + window.capacity()) {
                map(position);
            }
            return (int) (position - windowStart);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Discards what it is given, counting the bytes and hashing them lightly. */
    private static final class CountingSink extends OutputStream {
        long count;
        long hash;

        @Override
        public void write(int b) {
            count++;
            hash = hash * 31 + b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            hash = hash * 31 + (len > 0 ? b[off] + b[off + len - 1] : 0);
        }
    }
}
