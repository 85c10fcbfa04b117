package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;

/**
 * Builds synthetic TCP or UDP packets over IPv4 or IPv6 — for tests of strategies and analytics.
 * The builder writes real header bytes and decodes them with {@link Packet#parse}, so a built packet
 * behaves exactly as a captured one.
 *
 * <pre>{@code
 * Packet p = PacketBuilder.tcp("10.0.0.1", 40000, "192.0.2.9", 443)
 *         .timeMicros(1_000_000).seq(1).flags(TcpSegment.ACK | TcpSegment.PSH).payload(bytes).build();
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class PacketBuilder {

    private final IpAddress source;
    private final IpAddress destination;
    private final int sourcePort;
    private final int destinationPort;
    private final int protocol;
    private long frame = 1;
    private Timestamp time = new Timestamp(0, 0);
    private int ttl = 64;
    private long seq;
    private long ack;
    private int flags = TcpSegment.ACK;
    private int window = 65535;
    private byte[] payload = new byte[0];

    private PacketBuilder(String source, int sourcePort, String destination, int destinationPort, int protocol) {
        this.source = IpAddress.parse(source);
        this.destination = IpAddress.parse(destination);
        if (this.source.version() != this.destination.version()) {
            throw new IllegalArgumentException("source " + source + " and destination " + destination
                    + " are of different IP versions");
        }
        this.sourcePort = checkPort(sourcePort);
        this.destinationPort = checkPort(destinationPort);
        this.protocol = protocol;
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        return port;
    }

    /**
     * A TCP packet (flags ACK unless set otherwise).
     *
     * @param source the source address as text, IPv4 or IPv6
     * @param sourcePort the source port, 0..65535
     * @param destination the destination address as text, of the same IP version as {@code source}
     * @param destinationPort the destination port, 0..65535
     * @return a builder of packets between these endpoints, frame 1 at the epoch, TTL 64, window
     *     65535, no payload
     * @throws IllegalArgumentException when an address is not one, the two are of different IP
     *     versions, or a port is outside 0..65535
     */
    public static PacketBuilder tcp(String source, int sourcePort, String destination, int destinationPort) {
        return new PacketBuilder(source, sourcePort, destination, destinationPort, Packet.TCP);
    }

    /**
     * A UDP packet.
     *
     * @param source the source address as text, IPv4 or IPv6
     * @param sourcePort the source port, 0..65535
     * @param destination the destination address as text, of the same IP version as {@code source}
     * @param destinationPort the destination port, 0..65535
     * @return a builder of packets between these endpoints, frame 1 at the epoch, TTL 64, no
     *     payload
     * @throws IllegalArgumentException when an address is not one, the two are of different IP
     *     versions, or a port is outside 0..65535
     */
    public static PacketBuilder udp(String source, int sourcePort, String destination, int destinationPort) {
        return new PacketBuilder(source, sourcePort, destination, destinationPort, Packet.UDP);
    }

    /**
     * The frame number (default 1).
     *
     * @param frame the 1-based index of the packet record in its capture, as {@link Packet#frame()}
     *     will report it
     * @return this builder
     */
    public PacketBuilder frame(long frame) {
        this.frame = frame;
        return this;
    }

    /**
     * The capture time (default the epoch, {@code 0.000000000}).
     *
     * @param time the time, {@link Timestamp#UNKNOWN} for a record without one
     * @return this builder
     */
    public PacketBuilder time(Timestamp time) {
        this.time = Objects.requireNonNull(time, "time");
        return this;
    }

    /**
     * The capture time in microseconds since the epoch.
     *
     * @param micros microseconds since 1970-01-01T00:00:00Z, negative before it
     * @return this builder
     */
    public PacketBuilder timeMicros(long micros) {
        return time(Timestamp.ofMicros(micros));
    }

    /**
     * The TTL or hop limit (default 64).
     *
     * @param ttl the IPv4 time to live or IPv6 hop limit, 0..255 (only the low 8 bits are written)
     * @return this builder
     */
    public PacketBuilder ttl(int ttl) {
        this.ttl = ttl;
        return this;
    }

    /**
     * The TCP sequence number (default 0; not used for UDP).
     *
     * @param seq the raw sequence number, 0..2<sup>32</sup>-1 (only the low 32 bits are written)
     * @return this builder
     */
    public PacketBuilder seq(long seq) {
        this.seq = seq;
        return this;
    }

    /**
     * The TCP acknowledgement number (default 0; not used for UDP).
     *
     * @param ack the raw acknowledgement number, 0..2<sup>32</sup>-1 (only the low 32 bits are written)
     * @return this builder
     */
    public PacketBuilder ack(long ack) {
        this.ack = ack;
        return this;
    }

    /**
     * The TCP flags, e.g. {@code TcpSegment.SYN}; default {@code ACK}; not used for UDP.
     *
     * @param flags the flag bits of {@link TcpSegment} OR-ed together (only the low 12 bits are
     *     written)
     * @return this builder
     */
    public PacketBuilder flags(int flags) {
        this.flags = flags;
        return this;
    }

    /**
     * The TCP window (default 65535; not used for UDP).
     *
     * @param window the advertised receive window, 0..65535 (only the low 16 bits are written)
     * @return this builder
     */
    public PacketBuilder window(int window) {
        this.window = window;
        return this;
    }

    /**
     * The transport payload (default none).
     *
     * @param payload the bytes after the TCP or UDP header, copied; with the headers they must fit
     *     the 16-bit IP length field
     * @return this builder
     */
    public PacketBuilder payload(byte[] payload) {
        this.payload = payload.clone();
        return this;
    }

    /**
     * The transport payload as ISO-8859-1 text.
     *
     * @param text the payload, one byte a char; a char above U+00FF becomes {@code ?}
     * @return this builder
     */
    public PacketBuilder payload(String text) {
        return payload(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /**
     * Writes the headers and decodes the packet. The IP header has no options (IPv4 with DF set, id
     * and checksum 0) or no extension headers (IPv6); the TCP header has no options; the frame's
     * length on the wire is the packet's length and its link length is unknown. The builder can go on
     * to build more packets.
     *
     * @return the packet as {@link Packet#parse} decodes the bytes written
     */
    public Packet build() {
        int transportHeader = protocol == Packet.TCP ? 20 : 8;
        int transportLength = transportHeader + payload.length;
        boolean v4 = source.isIpv4();
        int ipHeader = v4 ? 20 : 40;
        ByteBuffer b = ByteBuffer.allocate(ipHeader + transportLength);
        if (v4) {
            b.put((byte) 0x45).put((byte) 0).putShort((short) (ipHeader + transportLength)).putShort((short) 0)
                    .putShort((short) 0x4000).put((byte) ttl).put((byte) protocol).putShort((short) 0)
                    .put(source.toBytes()).put(destination.toBytes());
        } else {
            b.putInt(0x60000000).putShort((short) transportLength).put((byte) protocol).put((byte) ttl)
                    .put(source.toBytes()).put(destination.toBytes());
        }
        b.putShort((short) sourcePort).putShort((short) destinationPort);
        if (protocol == Packet.TCP) {
            b.putInt((int) seq).putInt((int) ack).putShort((short) ((5 << 12) | (flags & 0x0fff)))
                    .putShort((short) window).putShort((short) 0).putShort((short) 0);
        } else {
            b.putShort((short) transportLength).putShort((short) 0);
        }
        b.put(payload);
        return Packet.parse(frame, time, b.capacity(), ByteView.of(b.array()));
    }
}
