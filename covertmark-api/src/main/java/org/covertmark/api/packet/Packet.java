package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;

/**
 * One captured IP packet: where it sits in its capture, when it was seen, its IP header fields, and
 * its transport and application layers decoded on demand.
 *
 * <p>A packet is an immutable view over the captured bytes (which may live in a memory-mapped
 * file): it holds the few offsets found while checking the headers and reads every other field
 * from the bytes when asked. Decoding is done by {@link #parse}, which any capture reader — or a
 * test building synthetic packets — uses.
 */
@API(status = STABLE, since = "0.1")
public final class Packet {

    /** IP protocol number of TCP. */
    public static final int TCP = 6;
    /** IP protocol number of UDP. */
    public static final int UDP = 17;

    private static final int FRAGMENT = 1;
    private static final int LATER_FRAGMENT = 2;
    /** {@link #fragmentFlags} bit: the packet's length was read from its frame ({@link #lengthFromFrame()}). */
    private static final int FROM_FRAME = 4;

    /** {@link #transport} of a packet with no decodable TCP or UDP header. */
    private static final byte NO_TRANSPORT = 0;
    private static final byte TCP_HEADER = 1;
    private static final byte UDP_HEADER = 2;

    private final long frame;
    private final long epochSecond;
    private final int nanos;
    private final int wireLength;
    /** Bytes of the frame on the wire that are not the IP packet (link header and trailer); -1 if unknown. */
    private final int linkLength;
    private final ByteView ip;
    /** The IP length as read: the header's field, or for an IPv4 total length of 0 the packet's length in its frame. */
    private final int ipLength;
    private final byte version;
    private final byte fragmentFlags;
    private final short protocol;
    private final int transportOffset;
    private final int transportLength;
    /** Which transport header the captured bytes hold in full: TCP_HEADER, UDP_HEADER or NO_TRANSPORT. */
    private final byte transport;
    /** Where the TCP or UDP payload begins in {@link #ip}, as the headers announce it (may be past the end). */
    private final int payloadOffset;

    private Packet(long frame, long epochSecond, int nanos, int wireLength, int linkLength, ByteView ip,
            int ipLength, int version, int fragmentFlags, int protocol, int transportOffset, int transportLength) {
        this.frame = frame;
        this.epochSecond = epochSecond;
        this.nanos = nanos;
        this.wireLength = wireLength;
        this.linkLength = linkLength;
        this.ip = ip;
        this.ipLength = ipLength;
        this.version = (byte) version;
        this.fragmentFlags = (byte) fragmentFlags;
        this.protocol = (short) protocol;
        this.transportOffset = transportOffset;
        this.transportLength = transportLength;
        // Decided once here, from a byte next to the IP header, so that every layer accessor is cheap.
        int available = ip.length() - transportOffset;
        if (transportOffset < 0) {
            transport = NO_TRANSPORT;
            payloadOffset = -1;
        } else if (protocol == TCP && available >= 20 && (ip.getUnsignedByte(transportOffset + 12) >>> 4) >= 5) {
            transport = TCP_HEADER;
            payloadOffset = transportOffset + (ip.getUnsignedByte(transportOffset + 12) >>> 4) * 4;
        } else if (protocol == UDP && available >= 8) {
            transport = UDP_HEADER;
            payloadOffset = transportOffset + 8;
        } else {
            transport = NO_TRANSPORT;
            payloadOffset = -1;
        }
    }

    /**
     * Decodes the IP packet that starts at the first byte of {@code bytes}.
     *
     * @param frame the 1-based index of the packet record in its capture
     * @param time the capture timestamp
     * @param wireLength the frame's length on the wire, as the capture records it
     * @param bytes the captured bytes from the IP header on (link-layer padding may follow)
     * @return the packet, a view over {@code bytes}: its IP header is checked, its other layers are
     *     read when asked for
     * @throws MalformedPacketException when the bytes do not begin with a decodable IPv4 or IPv6
     *     header
     */
    public static Packet parse(long frame, Timestamp time, int wireLength, ByteView bytes) {
        Objects.requireNonNull(time, "time");
        return parse(frame, time.epochSecond(), time.nanos(), wireLength, bytes);
    }

    /**
     * Decodes the IP packet that starts at the first byte of {@code bytes}, as {@link
     * #parse(long, Timestamp, int, ByteView)} does, with the capture time given by the fields of its
     * {@link Timestamp} ({@link Timestamp#UNKNOWN}'s for a record without one): a capture reader has
     * the time as numbers and need not build a timestamp per packet.
     *
     * @param frame the 1-based index of the packet record in its capture
     * @param epochSecond the capture time's whole seconds since 1970-01-01T00:00:00Z, or
     *     {@link Long#MIN_VALUE} for a record without a timestamp
     * @param nanos the nanoseconds within that second, 0..999 999 999 (0 for a record without a
     *     timestamp)
     * @param wireLength the frame's length on the wire in bytes, as the capture records it
     * @param bytes the captured bytes from the IP header on (link-layer padding may follow)
     * @return the packet, a view over {@code bytes}
     * @throws IllegalArgumentException when {@code nanos} is outside 0..999 999 999
     * @throws MalformedPacketException when the bytes do not begin with a decodable IPv4 or IPv6
     *     header
     */
    public static Packet parse(long frame, long epochSecond, int nanos, int wireLength, ByteView bytes) {
        return parse(frame, epochSecond, nanos, wireLength, -1, bytes);
    }

    /**
     * Decodes the IP packet that starts at the first byte of {@code bytes}, as {@link
     * #parse(long, long, int, int, ByteView)} does, knowing how much of the frame on the wire is not
     * the IP packet: then the IP packet's own length on the wire is known, and a packet whose IP header
     * announces more than that is read as tshark reads it — its transport payload is what the frame
     * held ({@link #tcpPayloadLength()}), and an IPv4 total length of 0 (written by hosts with
     * segmentation offload) is the packet's length in the frame.
     *
     * @param frame the 1-based index of the packet record in its capture
     * @param epochSecond the capture time's whole seconds since 1970-01-01T00:00:00Z, or
     *     {@link Long#MIN_VALUE} for a record without a timestamp
     * @param nanos the nanoseconds within that second, 0..999 999 999
     * @param wireLength the frame's length on the wire in bytes, as the capture records it
     * @param linkLength the bytes of the frame on the wire before and after the IP packet (link
     *     header, trailer such as an FCS), or -1 if unknown; a value above {@code wireLength} is
     *     taken as unknown
     * @param bytes the captured bytes from the IP header on (link-layer padding may follow)
     * @return the packet, a view over {@code bytes}
     * @throws IllegalArgumentException when {@code nanos} is outside 0..999 999 999
     * @throws MalformedPacketException when the bytes do not begin with a decodable IPv4 or IPv6
     *     header
     */
    public static Packet parse(long frame, long epochSecond, int nanos, int wireLength, int linkLength,
            ByteView bytes) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        if (bytes.isEmpty()) {
            throw new MalformedPacketException("no IP header");
        }
        int v = bytes.getUnsignedByte(0) >>> 4;
        int link = linkLength < 0 || linkLength > wireLength ? -1 : linkLength;
        if (v == 4) {
            return parseIpv4(frame, epochSecond, nanos, wireLength, link, bytes);
        }
        if (v == 6) {
            return parseIpv6(frame, epochSecond, nanos, wireLength, link, bytes);
        }
        throw new MalformedPacketException("IP version " + v + " (not IPv4 or IPv6)");
    }

    /** The IP packet's length on the wire, or the bytes captured when that is unknown. */
    private static int onTheWire(int wireLength, int linkLength, ByteView b) {
        return linkLength < 0 ? Integer.MAX_VALUE : Math.max(b.length(), wireLength - linkLength);
    }

    private static Packet parseIpv4(long frame, long epochSecond, int nanos, int wireLength, int linkLength,
            ByteView b) {
        if (b.length() < 20) {
            throw new MalformedPacketException("IPv4 header cut short at " + b.length() + " bytes");
        }
        int ihl = (b.getUnsignedByte(0) & 0x0f) * 4;
        if (ihl < 20) {
            throw new MalformedPacketException("IPv4 header length " + ihl + " below 20");
        }
        if (ihl > b.length()) {
            throw new MalformedPacketException("IPv4 header of " + ihl + " bytes cut short at " + b.length());
        }
        int total = b.getUnsignedShort(2);
        int wire = onTheWire(wireLength, linkLength, b);
        // A total length of 0 (segmentation offload, BIG TCP): the packet runs to the end of its frame.
        int length = total != 0 ? total : wire == Integer.MAX_VALUE ? b.length() : wire;
        ByteView view = length >= ihl ? b.limit(length) : b;
        int frag = b.getUnsignedShort(6);
        int offset = frag & 0x1fff;
        boolean more = (frag & 0x2000) != 0;
        int flags = (more || offset != 0 ? FRAGMENT : 0) | (offset != 0 ? LATER_FRAGMENT : 0)
                | (linkLength >= 0 && (total == 0 || total > wire) ? FROM_FRAME : 0);
        int proto = b.getUnsignedByte(9);
        boolean bogusLength = length < ihl;
        int transportOffset = bogusLength || offset != 0 ? -1 : ihl;
        return new Packet(frame, epochSecond, nanos, wireLength, linkLength, view, length, 4, flags, proto,
                transportOffset, Math.min(length, wire) - ihl);
    }

    private static Packet parseIpv6(long frame, long epochSecond, int nanos, int wireLength, int linkLength,
            ByteView b) {
        if (b.length() < 40) {
            throw new MalformedPacketException("IPv6 header cut short at " + b.length() + " bytes");
        }
        int payloadLength = b.getUnsignedShort(4);
        ByteView view = payloadLength > 0 ? b.limit(40 + payloadLength) : b;
        int next = b.getUnsignedByte(6);
        int at = 40;
        int flags = 0;
        boolean walking = true;
        while (walking && (flags & LATER_FRAGMENT) == 0) {
            switch (next) {
                case 0, 43, 60, 51, 44 -> {
                    if (at + 8 > view.length()) {
                        // Cut short by the capture: the header it names is still known if its first
                        // byte is there (as tshark reads it), though the transport header is not.
                        if (at < view.length()) {
                            next = view.getUnsignedByte(at);
                            at = view.length() + 1;
                        }
                        walking = false;
                        continue;
                    }
                    int len;
                    if (next == 44) {
                        len = 8;
                        flags |= FRAGMENT;
                        if ((view.getUnsignedShort(at + 2) >>> 3) != 0) {
                            flags |= LATER_FRAGMENT;
                        }
                    } else if (next == 51) {
                        len = (view.getUnsignedByte(at + 1) + 2) * 4;
                    } else {
                        len = (view.getUnsignedByte(at + 1) + 1) * 8;
                    }
                    next = view.getUnsignedByte(at);
                    at += len;
                }
                default -> walking = false;
            }
        }
        int wire = onTheWire(wireLength, linkLength, b);
        int transportLength = payloadLength > 0 ? Math.min(40 + payloadLength, wire) - at
                : (wire == Integer.MAX_VALUE ? view.length() : wire) - at;
        int transportOffset = (flags & LATER_FRAGMENT) != 0 || at > view.length() ? -1 : at;
        if (linkLength >= 0 && (payloadLength == 0 || 40 + payloadLength > wire)) {
            flags |= FROM_FRAME;
        }
        return new Packet(frame, epochSecond, nanos, wireLength, linkLength, view, payloadLength, 6, flags, next,
                transportOffset, transportLength);
    }

    /** {@return the 1-based index of the packet record in its capture} */
    public long frame() {
        return frame;
    }

    /** {@return when the packet was captured; {@link Timestamp#UNKNOWN} for a record without a time} */
    public Timestamp timestamp() {
        return epochSecond == Long.MIN_VALUE ? Timestamp.UNKNOWN : new Timestamp(epochSecond, nanos);
    }

    /**
     * {@return the capture time in microseconds since the epoch} Truncated and saturated as
     * {@link Timestamp#toMicros()} does, without building the timestamp; {@link Long#MIN_VALUE} for a
     * record without a time.
     */
    public long timeMicros() {
        return Timestamp.toMicros(epochSecond, nanos);
    }

    /**
     * {@return the frame's length on the wire in bytes, link-layer header included, as recorded by
     * the capture} It may exceed the bytes captured, which a snap length can cut short.
     */
    public int wireLength() {
        return wireLength;
    }

    /** {@return the IP version, 4 or 6} */
    public int ipVersion() {
        return version;
    }

    /** {@return the source address of the IP header} */
    public IpAddress source() {
        return address(version == 4 ? 12 : 8);
    }

    /** {@return the destination address of the IP header} */
    public IpAddress destination() {
        return address(version == 4 ? 16 : 24);
    }

    private IpAddress address(int at) {
        if (version == 4) {
            return IpAddress.ofIpv4((int) ip.getUnsignedInt(at));
        }
        long h = (ip.getUnsignedInt(at) << 32) | ip.getUnsignedInt(at + 4);
        long l = (ip.getUnsignedInt(at + 8) << 32) | ip.getUnsignedInt(at + 12);
        return IpAddress.ofIpv6(h, l);
    }

    /**
     * {@return the IP length header field in bytes: the IPv4 total length (header included) or the
     * IPv6 payload length (fixed header not included)} For an IPv4 total length of 0 (segmentation
     * offload) it is the packet's length in its frame, as tshark shows it: the frame's length on the
     * wire less {@link #linkLength()} when that is known, else the bytes captured.
     */
    public int ipLength() {
        return ipLength;
    }

    /**
     * {@return the number of bytes of the frame on the wire that are not the IP packet — link-layer
     * header and trailer — as the capture reader found them; -1 when unknown (a packet built without
     * its frame)}
     */
    public int linkLength() {
        return linkLength;
    }

    /** {@return the IPv4 time to live or IPv6 hop limit, 0..255} */
    public int ttl() {
        return ip.getUnsignedByte(version == 4 ? 8 : 7);
    }

    /**
     * {@return the transport protocol number ({@link #TCP}, {@link #UDP}, 1 for ICMP, …), found after
     * any IPv6 extension headers} When those are cut short by the capture, it is the header named by
     * the last extension header whose first byte was captured.
     */
    public int protocol() {
        return protocol;
    }

    /** {@return whether the packet is a fragment of a larger IP datagram, the first one or a later one} */
    public boolean isFragment() {
        return (fragmentFlags & FRAGMENT) != 0;
    }

    /**
     * {@return whether the packet's length was read from its frame on the wire, not from its IP header
     * alone} That is so for an IPv4 total length or an IPv6 payload length of 0 (segmentation
     * offload, jumbograms), or one beyond what the frame held. Known only for a packet read with its
     * {@link #linkLength()}; false otherwise.
     */
    public boolean lengthFromFrame() {
        return (fragmentFlags & FROM_FRAME) != 0;
    }

    /**
     * {@return whether the packet has a transport layer to read: true unless it is a later fragment,
     * its IPv4 total length is shorter than its header, or its IPv6 extension headers run past the
     * captured bytes} The transport header itself may still be cut short by the capture:
     * {@link #isTcp()} and {@link #isUdp()} say whether a whole TCP or UDP header was captured, and
     * {@link #transportBytes()} holds what was.
     */
    public boolean hasTransportHeader() {
        return transportOffset >= 0;
    }

    /**
     * {@return whether the captured bytes hold a TCP header: its 20 fixed bytes, with a data offset of
     * at least 5} Options may still be cut short; {@link TcpSegment#options()} reads what was captured.
     */
    public boolean isTcp() {
        return transport == TCP_HEADER;
    }

    /** {@return whether the captured bytes hold a whole 8-byte UDP header} */
    public boolean isUdp() {
        return transport == UDP_HEADER;
    }

    /** {@return the TCP header and payload, present exactly when {@link #isTcp()}} */
    public Optional<TcpSegment> tcp() {
        if (transport != TCP_HEADER) {
            return Optional.empty();
        }
        return Optional.of(new TcpSegment(ip, transportOffset, payloadOffset, tcpPayloadLength()));
    }

    /**
     * {@return the TCP payload length in bytes that the IP header announces, as {@link
     * TcpSegment#payloadLength()} (tshark's {@code tcp.len})} It is known also for a TCP header the
     * snap length cut after its data offset, and is 0 when the packet holds no TCP header; never
     * negative.
     */
    public int tcpPayloadLength() {
        if (transport == TCP_HEADER) {
            return Math.max(0, transportLength - (payloadOffset - transportOffset));
        }
        if (protocol == TCP && transportOffset >= 0 && ip.length() - transportOffset > 12) {
            return Math.max(0, transportLength - (ip.getUnsignedByte(transportOffset + 12) >>> 4) * 4);
        }
        return 0;
    }

    /** {@return the UDP header and payload, present exactly when {@link #isUdp()}} */
    public Optional<UdpDatagram> udp() {
        if (transport != UDP_HEADER) {
            return Optional.empty();
        }
        return Optional.of(new UdpDatagram(ip.slice(transportOffset, 8), ip.slice(payloadOffset)));
    }

    /**
     * {@return the captured bytes from the transport header on — header and payload — whatever the
     * protocol; empty for a later fragment or when none of the header was captured} When a snap
     * length cut the header short, {@link #isTcp()} and {@link #isUdp()} are false, but the fields it
     * holds (the ports of its first four bytes, say) can still be read here.
     */
    public ByteView transportBytes() {
        return transportOffset < 0 || transportOffset >= ip.length() ? ByteView.empty() : ip.slice(transportOffset);
    }

    /**
     * {@return the captured TCP or UDP payload; empty for other packets and when none was captured}
     * It holds fewer bytes than the headers announce when the capture cut the packet short.
     */
    public ByteView payload() {
        return transport != NO_TRANSPORT && payloadOffset < ip.length() ? ip.slice(payloadOffset) : ByteView.empty();
    }

    /**
     * The whole TLS records found by reading from the start of this segment's TCP payload — the
     * records whose header and body both lie in this segment, as tshark shows them without TCP
     * reassembly and as the original system judged a segment. Empty when the payload does not begin
     * with a whole record: continuation segments of a long record, and the first segment of a record
     * longer than the segment, are not TLS by this rule.
     *
     * @return the record headers in payload order; empty as said, and for a packet that is not TCP
     */
    public List<TlsRecord> tlsRecords() {
        return transport == TCP_HEADER ? ApplicationParsers.tlsRecords(ip, payloadOffset) : List.of();
    }

    /**
     * Whether this segment's TCP payload begins with a whole TLS record (see {@link #tlsRecords()});
     * reads the one record header and builds nothing.
     *
     * @return whether {@link #tlsRecords()} would be non-empty
     */
    public boolean isTlsSegment() {
        return transport == TCP_HEADER && ApplicationParsers.isWholeTlsRecord(ip, payloadOffset);
    }

    /**
     * {@return the HTTP request that this segment's TCP payload begins; empty when it begins none or
     * the packet is not TCP}
     */
    public Optional<HttpRequest> httpRequest() {
        return transport == TCP_HEADER ? ApplicationParsers.httpRequest(ip, payloadOffset) : Optional.empty();
    }

    /**
     * Whether this segment's TCP payload begins an HTTP request: exactly when {@link #httpRequest()}
     * is present, but checked on the request line's bytes without building any text.
     *
     * @return whether the TCP payload begins an HTTP request
     */
    public boolean isHttpRequest() {
        return transport == TCP_HEADER && ApplicationParsers.isHttpRequest(ip, payloadOffset);
    }

    /**
     * {@return the captured bytes of the IP packet, from its header to its announced end} Link-layer
     * padding after that end is not included; fewer bytes are there when the capture cut the packet
     * short.
     */
    public ByteView bytes() {
        return ip;
    }

    /**
     * This packet as if captured at {@code time}: the same bytes and frame number, another timestamp.
     * Used to align one trace with another's start.
     *
     * @param time the capture time the copy reports
     * @return a packet equal to this one in everything but its timestamp
     */
    public Packet withTimestamp(Timestamp time) {
        Objects.requireNonNull(time, "time");
        return new Packet(frame, time.epochSecond(), time.nanos(), wireLength, linkLength, ip, ipLength, version,
                fragmentFlags, protocol, transportOffset, transportLength);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("#").append(frame).append(' ').append(timestamp()).append(" IPv")
                .append(version).append(' ').append(source()).append(" > ").append(destination())
                .append(" proto=").append(protocol);
        tcp().ifPresent(t -> sb.append(' ').append(t));
        udp().ifPresent(u -> sb.append(' ').append(u));
        return sb.toString();
    }
}
