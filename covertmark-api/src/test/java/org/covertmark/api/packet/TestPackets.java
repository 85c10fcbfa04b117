package org.covertmark.api.packet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.covertmark.api.net.IpAddress;

/**
 * Assembles IPv4 and IPv6 packets with TCP or UDP headers byte by byte, for tests. Every length
 * field is computed from what was added unless a test overrides it on purpose.
 */
public final class TestPackets {

    private TestPackets() {
    }

    /** A TCP header builder with ports 1234 &gt; 80, data offset from the options. */
    public static Tcp tcp() {
        return new Tcp();
    }

    /** A UDP header builder with ports 5353 &gt; 53. */
    public static Udp udp() {
        return new Udp();
    }

    /** An IPv4 header builder. */
    public static Ipv4 ipv4(String source, String destination) {
        return new Ipv4(source, destination);
    }

    /** An IPv6 header builder. */
    public static Ipv6 ipv6(String source, String destination) {
        return new Ipv6(source, destination);
    }

    /** Decodes bytes as frame 1 captured at time 0. */
    public static Packet parse(byte[] bytes) {
        return Packet.parse(1, Timestamp.ofMicros(0), bytes.length, ByteView.of(bytes));
    }

    /** ASCII bytes of a string. */
    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes from ints (each taken modulo 256). */
    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** The concatenation of byte arrays. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A TLS record: type, version 3.minor, big-endian length, then {@code bodyLength} bytes. */
    public static byte[] tlsRecord(int type, int minor, int bodyLength) {
        byte[] r = new byte[5 + bodyLength];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = (byte) minor;
        r[3] = (byte) (bodyLength >>> 8);
        r[4] = (byte) bodyLength;
        Arrays.fill(r, 5, r.length, (byte) 0xab);
        return r;
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Anything that yields the bytes of a transport header and payload. */
    public interface Transport {
        /** IP protocol number. */
        int protocol();

        /** Header and payload bytes. */
        byte[] bytes();
    }

    /** A TCP header and payload. */
    public static final class Tcp implements Transport {
        private int sourcePort = 1234;
        private int destinationPort = 80;
        private long seq;
        private long ack;
        private int flags = TcpSegment.ACK;
        private int window = 65535;
        private int urgent;
        private byte[] options = new byte[0];
        private byte[] payload = new byte[0];
        private int dataOffsetOverride = -1;

        public Tcp ports(int source, int destination) {
            this.sourcePort = source;
            this.destinationPort = destination;
            return this;
        }

        public Tcp seq(long value) {
            this.seq = value;
            return this;
        }

        public Tcp ack(long value) {
            this.ack = value;
            return this;
        }

        /** The 12 flag bits, AE (0x100) included. */
        public Tcp flags(int value) {
            this.flags = value;
            return this;
        }

        public Tcp window(int value) {
            this.window = value;
            return this;
        }

        public Tcp urgent(int value) {
            this.urgent = value;
            return this;
        }

        /** Raw option bytes; must be a multiple of 4 long so that the data offset is exact. */
        public Tcp options(byte[] value) {
            if (value.length % 4 != 0 || value.length > 40) {
                throw new IllegalArgumentException("options of " + value.length + " bytes");
            }
            this.options = value.clone();
            return this;
        }

        public Tcp payload(byte[] value) {
            this.payload = value.clone();
            return this;
        }

        public Tcp payload(String ascii) {
            return payload(ascii(ascii));
        }

        /** Writes this data offset (in 32-bit words) instead of the computed one. */
        public Tcp dataOffset(int words) {
            this.dataOffsetOverride = words;
            return this;
        }

        @Override
        public int protocol() {
            return Packet.TCP;
        }

        @Override
        public byte[] bytes() {
            int headerLength = 20 + options.length;
            byte[] b = new byte[headerLength + payload.length];
            put16(b, 0, sourcePort);
            put16(b, 2, destinationPort);
            put32(b, 4, seq);
            put32(b, 8, ack);
            int offset = dataOffsetOverride >= 0 ? dataOffsetOverride : headerLength / 4;
            b[12] = (byte) ((offset << 4) | ((flags >>> 8) & 0x0f));
            b[13] = (byte) flags;
            put16(b, 14, window);
            put16(b, 16, 0);
            put16(b, 18, urgent);
            System.arraycopy(options, 0, b, 20, options.length);
            System.arraycopy(payload, 0, b, headerLength, payload.length);
            return b;
        }
    }

    /** A UDP header and payload. */
    public static final class Udp implements Transport {
        private int sourcePort = 5353;
        private int destinationPort = 53;
        private byte[] payload = new byte[0];
        private int lengthOverride = -1;

        public Udp ports(int source, int destination) {
            this.sourcePort = source;
            this.destinationPort = destination;
            return this;
        }

        public Udp payload(byte[] value) {
            this.payload = value.clone();
            return this;
        }

        /** Writes this UDP length field instead of 8 + payload length. */
        public Udp length(int value) {
            this.lengthOverride = value;
            return this;
        }

        @Override
        public int protocol() {
            return Packet.UDP;
        }

        @Override
        public byte[] bytes() {
            byte[] b = new byte[8 + payload.length];
            put16(b, 0, sourcePort);
            put16(b, 2, destinationPort);
            put16(b, 4, lengthOverride >= 0 ? lengthOverride : b.length);
            System.arraycopy(payload, 0, b, 8, payload.length);
            return b;
        }
    }

    /** An IPv4 header in front of a transport. */
    public static final class Ipv4 {
        private final IpAddress source;
        private final IpAddress destination;
        private int ttl = 64;
        private int protocol = Packet.TCP;
        private int identification = 0x1234;
        private boolean dontFragment = true;
        private boolean moreFragments;
        private int fragmentOffset;
        private byte[] options = new byte[0];
        private byte[] body = new byte[0];
        private int totalLengthOverride = -1;
        private int ihlOverride = -1;
        private int version = 4;
        private int padding;

        Ipv4(String source, String destination) {
            this.source = IpAddress.parse(source);
            this.destination = IpAddress.parse(destination);
            if (!this.source.isIpv4() || !this.destination.isIpv4()) {
                throw new IllegalArgumentException("IPv4 addresses wanted");
            }
        }

        public Ipv4 ttl(int value) {
            this.ttl = value;
            return this;
        }

        /** Sets the protocol number and body to the transport's. */
        public Ipv4 carrying(Transport t) {
            this.protocol = t.protocol();
            this.body = t.bytes();
            return this;
        }

        /** A raw body with an explicit protocol number. */
        public Ipv4 body(int protocolNumber, byte[] bytes) {
            this.protocol = protocolNumber;
            this.body = bytes.clone();
            return this;
        }

        /** Options, a multiple of 4 bytes. */
        public Ipv4 options(byte[] value) {
            if (value.length % 4 != 0 || value.length > 40) {
                throw new IllegalArgumentException("options of " + value.length + " bytes");
            }
            this.options = value.clone();
            return this;
        }

        /** Fragment offset in 8-byte units and the more-fragments flag. */
        public Ipv4 fragment(int offsetUnits, boolean more) {
            this.fragmentOffset = offsetUnits;
            this.moreFragments = more;
            this.dontFragment = false;
            return this;
        }

        public Ipv4 totalLength(int value) {
            this.totalLengthOverride = value;
            return this;
        }

        /** Writes this IHL (in 32-bit words) instead of the computed one. */
        public Ipv4 ihl(int words) {
            this.ihlOverride = words;
            return this;
        }

        public Ipv4 version(int value) {
            this.version = value;
            return this;
        }

        /** Appends link-layer padding after the announced end of the packet. */
        public Ipv4 padding(int count) {
            this.padding = count;
            return this;
        }

        /** The total length the header will announce. */
        public int totalLength() {
            return totalLengthOverride >= 0 ? totalLengthOverride : 20 + options.length + body.length;
        }

        public byte[] bytes() {
            int ihl = 20 + options.length;
            byte[] b = new byte[ihl + body.length + padding];
            int ihlWords = ihlOverride >= 0 ? ihlOverride : ihl / 4;
            b[0] = (byte) ((version << 4) | (ihlWords & 0x0f));
            b[1] = 0;
            put16(b, 2, totalLength());
            put16(b, 4, identification);
            int frag = (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | (fragmentOffset & 0x1fff);
            put16(b, 6, frag);
            b[8] = (byte) ttl;
            b[9] = (byte) protocol;
            put16(b, 10, 0);
            System.arraycopy(source.toBytes(), 0, b, 12, 4);
            System.arraycopy(destination.toBytes(), 0, b, 16, 4);
            System.arraycopy(options, 0, b, 20, options.length);
            System.arraycopy(body, 0, b, ihl, body.length);
            return b;
        }

        public Packet parse() {
            return TestPackets.parse(bytes());
        }
    }

    /** An IPv6 header, extension headers and a transport. */
    public static final class Ipv6 {
        private final IpAddress source;
        private final IpAddress destination;
        private int hopLimit = 64;
        private final List<byte[]> extensions = new ArrayList<>();
        private final List<Integer> extensionTypes = new ArrayList<>();
        private int protocol = Packet.TCP;
        private byte[] body = new byte[0];
        private int payloadLengthOverride = -1;

        Ipv6(String source, String destination) {
            this.source = IpAddress.parse(source);
            this.destination = IpAddress.parse(destination);
            if (this.source.isIpv4() || this.destination.isIpv4()) {
                throw new IllegalArgumentException("IPv6 addresses wanted");
            }
        }

        public Ipv6 hopLimit(int value) {
            this.hopLimit = value;
            return this;
        }

        /** Adds a hop-by-hop (0) or destination options (60) header of {@code 8 * units} bytes. */
        public Ipv6 optionsHeader(int type, int units) {
            byte[] h = new byte[8 * units];
            h[1] = (byte) (units - 1);
            h[2] = 1; // PadN option filling the rest
            h[3] = (byte) (h.length - 4);
            extensions.add(h);
            extensionTypes.add(type);
            return this;
        }

        /** Adds a fragment header (44) with this offset in 8-byte units. */
        public Ipv6 fragmentHeader(int offsetUnits, boolean more) {
            byte[] h = new byte[8];
            put16(h, 2, (offsetUnits << 3) | (more ? 1 : 0));
            put32(h, 4, 0xcafe);
            extensions.add(h);
            extensionTypes.add(44);
            return this;
        }

        public Ipv6 carrying(Transport t) {
            this.protocol = t.protocol();
            this.body = t.bytes();
            return this;
        }

        public Ipv6 body(int protocolNumber, byte[] bytes) {
            this.protocol = protocolNumber;
            this.body = bytes.clone();
            return this;
        }

        public Ipv6 payloadLength(int value) {
            this.payloadLengthOverride = value;
            return this;
        }

        public byte[] bytes() {
            int extLength = extensions.stream().mapToInt(e -> e.length).sum();
            byte[] b = new byte[40 + extLength + body.length];
            b[0] = 0x60;
            put16(b, 4, payloadLengthOverride >= 0 ? payloadLengthOverride : extLength + body.length);
            b[6] = (byte) (extensionTypes.isEmpty() ? protocol : extensionTypes.get(0));
            b[7] = (byte) hopLimit;
            System.arraycopy(source.toBytes(), 0, b, 8, 16);
            System.arraycopy(destination.toBytes(), 0, b, 24, 16);
            int at = 40;
            for (int i = 0; i < extensions.size(); i++) {
                byte[] e = extensions.get(i).clone();
                e[0] = (byte) (i + 1 < extensions.size() ? extensionTypes.get(i + 1) : protocol);
                System.arraycopy(e, 0, b, at, e.length);
                at += e.length;
            }
            System.arraycopy(body, 0, b, at, body.length);
            return b;
        }

        public Packet parse() {
            return TestPackets.parse(bytes());
        }
    }
}
