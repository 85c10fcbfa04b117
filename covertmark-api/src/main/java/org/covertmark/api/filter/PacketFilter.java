package org.covertmark.api.filter;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;

/**
 * A strategic packet filter: the packets of a stored trace a strategy wants to examine, as a small
 * composable expression. Because the expression is data, a trace store can evaluate it itself — a
 * database store translates it into a server-side query — and {@link #test(Packet)} gives the
 * reference meaning every store must agree with.
 *
 * <pre>{@code
 * PacketFilter f = PacketFilter.tcp().and(PacketFilter.hasPayload()).and(PacketFilter.tlsSegment().not());
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public sealed interface PacketFilter {

    /**
     * Whether the packet is selected: the reference meaning of this filter, which a store that
     * evaluates filters itself must match.
     *
     * @param packet the packet to judge
     * @return whether it is selected
     */
    boolean test(Packet packet);

    /**
     * Selects packets this filter and {@code other} both select.
     *
     * @param other the filter to combine with this one
     * @return an {@link And} of the two, in this order
     */
    default PacketFilter and(PacketFilter other) {
        return new And(List.of(this, other));
    }

    /**
     * Selects packets this filter or {@code other} selects.
     *
     * @param other the filter to combine with this one
     * @return an {@link Or} of the two, in this order
     */
    default PacketFilter or(PacketFilter other) {
        return new Or(List.of(this, other));
    }

    /** {@return a {@link Not} of this filter: it selects the packets this filter does not} */
    default PacketFilter not() {
        return new Not(this);
    }

    /** {@return the filter that selects every packet} */
    static PacketFilter all() {
        return All.INSTANCE;
    }

    /** {@return the filter of packets with a TCP header ({@link Packet#isTcp()})} */
    static PacketFilter tcp() {
        return new Protocol(Packet.TCP);
    }

    /** {@return the filter of packets with a UDP header ({@link Packet#isUdp()})} */
    static PacketFilter udp() {
        return new Protocol(Packet.UDP);
    }

    /**
     * {@return the filter of packets whose TCP or UDP payload is not empty, as announced by the
     * headers} A TCP packet is selected when {@link Packet#tcpPayloadLength()} is above 0, a UDP one
     * when its length field is above 8, whether or not the capture kept the payload's bytes.
     */
    static PacketFilter hasPayload() {
        return HasPayload.INSTANCE;
    }

    /**
     * {@return the filter of TCP packets whose payload begins with a whole TLS record
     * ({@link Packet#isTlsSegment()})}
     */
    static PacketFilter tlsSegment() {
        return TlsSegment.INSTANCE;
    }

    /** {@return the filter of TCP packets whose payload begins an HTTP request ({@link Packet#isHttpRequest()})} */
    static PacketFilter httpRequest() {
        return HttpRequest.INSTANCE;
    }

    /**
     * Packets whose source address is in {@code subnet}.
     *
     * @param subnet the addresses, compared as {@link Subnet#contains(org.covertmark.api.net.IpAddress)}
     *     does (IPv4-mapped IPv6 addresses count as IPv4)
     * @return an {@link Address} filter on the source address
     */
    static PacketFilter sourceIn(Subnet subnet) {
        return new Address(Direction.SRC, subnet);
    }

    /**
     * Packets whose destination address is in {@code subnet}.
     *
     * @param subnet the addresses, compared as {@link Subnet#contains(org.covertmark.api.net.IpAddress)}
     *     does (IPv4-mapped IPv6 addresses count as IPv4)
     * @return an {@link Address} filter on the destination address
     */
    static PacketFilter destinationIn(Subnet subnet) {
        return new Address(Direction.DST, subnet);
    }

    /**
     * TCP or UDP packets with {@code port} as source or destination port.
     *
     * @param port the port, 0..65535
     * @return a {@link Port} filter on either port
     * @throws IllegalArgumentException when {@code port} is outside 0..65535
     */
    static PacketFilter port(int port) {
        return new Port(Direction.EITHER, port);
    }

    /**
     * TCP or UDP packets from {@code port}.
     *
     * @param port the source port, 0..65535
     * @return a {@link Port} filter on the source port
     * @throws IllegalArgumentException when {@code port} is outside 0..65535
     */
    static PacketFilter sourcePort(int port) {
        return new Port(Direction.SRC, port);
    }

    /**
     * TCP or UDP packets to {@code port}.
     *
     * @param port the destination port, 0..65535
     * @return a {@link Port} filter on the destination port
     * @throws IllegalArgumentException when {@code port} is outside 0..65535
     */
    static PacketFilter destinationPort(int port) {
        return new Port(Direction.DST, port);
    }

    /** Selects every packet. */
    @API(status = STABLE, since = "0.1")
    enum All implements PacketFilter {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean test(Packet packet) {
            return true;
        }

        @Override
        public String toString() {
            return "all";
        }
    }

    /**
     * Selects packets with a decodable header of a transport protocol.
     *
     * @param number {@link Packet#TCP} or {@link Packet#UDP}
     */
    @API(status = STABLE, since = "0.1")
    record Protocol(int number) implements PacketFilter {
        /**
         * Checks the protocol is one that is decoded.
         *
         * @param number {@link Packet#TCP} or {@link Packet#UDP}
         * @throws IllegalArgumentException for any other protocol number
         */
        public Protocol {
            if (number != Packet.TCP && number != Packet.UDP) {
                throw new IllegalArgumentException("only TCP (6) and UDP (17) are decoded, not " + number);
            }
        }

        @Override
        public boolean test(Packet p) {
            return number == Packet.TCP ? p.isTcp() : p.isUdp();
        }

        @Override
        public String toString() {
            return number == Packet.TCP ? "tcp" : "udp";
        }
    }

    /** Selects TCP and UDP packets with a payload. */
    @API(status = STABLE, since = "0.1")
    enum HasPayload implements PacketFilter {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean test(Packet p) {
            return p.tcp().map(t -> t.payloadLength() > 0).orElseGet(() -> p.isUdp() && p.udp().get().length() > 8);
        }

        @Override
        public String toString() {
            return "payload";
        }
    }

    /** Selects TCP packets whose payload begins with a whole TLS record. */
    @API(status = STABLE, since = "0.1")
    enum TlsSegment implements PacketFilter {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean test(Packet p) {
            return p.isTlsSegment();
        }

        @Override
        public String toString() {
            return "tls-segment";
        }
    }

    /** Selects TCP packets whose payload begins an HTTP request. */
    @API(status = STABLE, since = "0.1")
    enum HttpRequest implements PacketFilter {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean test(Packet p) {
            return p.isHttpRequest();
        }

        @Override
        public String toString() {
            return "http-request";
        }
    }

    /**
     * Selects packets with an address in a subnet.
     *
     * @param direction SRC, DST or EITHER address
     * @param subnet the addresses
     */
    @API(status = STABLE, since = "0.1")
    record Address(Direction direction, Subnet subnet) implements PacketFilter {
        /**
         * Checks for nulls.
         *
         * @param direction SRC, DST or EITHER address; not null
         * @param subnet the addresses; not null
         */
        public Address {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(subnet, "subnet");
        }

        @Override
        public boolean test(Packet p) {
            return switch (direction) {
                case SRC -> subnet.contains(p.source());
                case DST -> subnet.contains(p.destination());
                case EITHER -> subnet.contains(p.source()) || subnet.contains(p.destination());
            };
        }

        @Override
        public String toString() {
            return direction.name().toLowerCase() + " in " + subnet;
        }
    }

    /**
     * Selects TCP and UDP packets by port.
     *
     * @param direction source, destination or either port
     * @param port 0..65535
     */
    @API(status = STABLE, since = "0.1")
    record Port(Direction direction, int port) implements PacketFilter {
        /**
         * Checks the port range.
         *
         * @param direction source, destination or either port; not null
         * @param port 0..65535
         * @throws IllegalArgumentException when {@code port} is outside 0..65535
         */
        public Port {
            Objects.requireNonNull(direction, "direction");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 0..65535");
            }
        }

        @Override
        public boolean test(Packet p) {
            int s;
            int d;
            if (p.isTcp()) {
                var t = p.tcp().get();
                s = t.sourcePort();
                d = t.destinationPort();
            } else if (p.isUdp()) {
                var u = p.udp().get();
                s = u.sourcePort();
                d = u.destinationPort();
            } else {
                return false;
            }
            return switch (direction) {
                case SRC -> s == port;
                case DST -> d == port;
                case EITHER -> s == port || d == port;
            };
        }

        @Override
        public String toString() {
            return (direction == Direction.EITHER ? "" : direction.name().toLowerCase() + " ") + "port " + port;
        }
    }

    /**
     * Selects packets every part selects.
     *
     * @param parts the filters combined
     */
    @API(status = STABLE, since = "0.1")
    record And(List<PacketFilter> parts) implements PacketFilter {
        /**
         * Copies the parts.
         *
         * @param parts the filters combined, in the order they are tried; none selects every packet
         */
        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(Packet p) {
            for (PacketFilter f : parts) {
                if (!f.test(p)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return parts.stream().map(Object::toString).collect(Collectors.joining(" and ", "(", ")"));
        }
    }

    /**
     * Selects packets any part selects.
     *
     * @param parts the filters combined
     */
    @API(status = STABLE, since = "0.1")
    record Or(List<PacketFilter> parts) implements PacketFilter {
        /**
         * Copies the parts.
         *
         * @param parts the filters combined, in the order they are tried; none selects no packet
         */
        public Or {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean test(Packet p) {
            for (PacketFilter f : parts) {
                if (f.test(p)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return parts.stream().map(Object::toString).collect(Collectors.joining(" or ", "(", ")"));
        }
    }

    /**
     * Selects packets the operand does not.
     *
     * @param operand the filter negated
     */
    @API(status = STABLE, since = "0.1")
    record Not(PacketFilter operand) implements PacketFilter {
        /**
         * Checks for null.
         *
         * @param operand the filter negated; not null
         */
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public boolean test(Packet p) {
            return !operand.test(p);
        }

        @Override
        public String toString() {
            return "not " + operand;
        }
    }
}
