package org.covertmark.api.flow;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.UdpDatagram;
import org.covertmark.api.store.PacketColumns;

/**
 * The TCP and UDP connections of a list of packets (both directions, in capture order), and for
 * each packet its connection and direction: what a censor keeps to judge a connection as a whole
 * rather than segment by segment.
 *
 * <p>A connection is the transport and the unordered pair of its (address, port) endpoints; a port
 * reused after a close therefore continues the same connection. Connections are numbered in the
 * order their first packet appears. Its client is, in this order of precedence:
 * <ol>
 *   <li>the endpoint whose address lies in {@code clients}, when exactly one of the two does;</li>
 *   <li>the sender of the first TCP SYN without ACK;</li>
 *   <li>the endpoint with the higher (ephemeral) port;</li>
 *   <li>the source of the connection's first packet.</li>
 * </ol>
 * The other endpoint is the server, the connection's host. The protocol is {@link
 * ProtocolRecognition#recognise recognised} from the first non-empty payload of each direction.
 * Packets without a TCP or UDP header (ICMP, later IP fragments, headers cut short) belong to no
 * connection.
 *
 * <p>Indexing reads IPv4 addresses and ports straight from the header bytes, or from the list's
 * {@link PacketColumns} when it has them, into an open-addressing table and allocates per
 * connection, not per packet; IPv6 packets take a slower path through address objects. The packets
 * are read once, in order, so any list will do.
 */
@API(status = STABLE, since = "0.1")
public final class Connections {

    private final List<Connection> connections;
    /** Per packet: its connection's id, or -1. */
    private final int[] connectionOf;
    /** Per packet: whether it was sent by the lower endpoint of its connection's key. */
    private final BitSet fromLower;
    /** Per connection: whether its client is the lower endpoint of its key. */
    private final BitSet clientIsLower;

    private Connections(List<Connection> connections, int[] connectionOf, BitSet fromLower, BitSet clientIsLower) {
        this.connections = connections;
        this.connectionOf = connectionOf;
        this.fromLower = fromLower;
        this.clientIsLower = clientIsLower;
    }

    /**
     * Indexes the connections of {@code packets}. When the list also implements {@link PacketColumns}
     * (as the embedded store's lists do), addresses, ports and flags are read from its columns and a
     * packet is built only for the first payload of each side of each connection and for packets that
     * are not IPv4; the result is the same.
     *
     * @param packets both directions, in capture order
     * @param clients the address blocks of the clients, which decide the client side first; may be
     *     empty
     * @return the connections and each packet's place in them
     */
    public static Connections of(List<Packet> packets, List<Subnet> clients) {
        Objects.requireNonNull(packets, "packets");
        Indexer x = new Indexer(packets, List.copyOf(clients));
        if (packets instanceof PacketColumns columns && packets instanceof RandomAccess) {
            for (int i = 0; i < x.connectionOf.length; i++) {
                int kind = columns.kind(i);
                Transport transport = (kind & PacketColumns.TCP) != 0 ? Transport.TCP
                        : (kind & PacketColumns.UDP) != 0 ? Transport.UDP : null;
                if (transport == null) {
                    x.connectionOf[i] = -1;
                } else if ((kind & PacketColumns.IPV4) != 0) {
                    x.ipv4(i, null, transport, columns.source4(i) & 0xffff_ffffL, columns.destination4(i) & 0xffff_ffffL,
                            columns.sourcePort(i), columns.destinationPort(i), columns.tcpFlags(i),
                            (kind & PacketColumns.PAYLOAD) != 0);
                } else {
                    x.other(i, packets.get(i), transport);
                }
            }
        } else {
            int i = 0;
            for (Packet p : packets) {
                Transport transport = p.isTcp() ? Transport.TCP : p.isUdp() ? Transport.UDP : null;
                if (transport == null) {
                    x.connectionOf[i] = -1;
                } else if (p.ipVersion() == 4) {
                    // Straight from the header bytes: no address or segment object a packet.
                    ByteView ip = p.bytes();
                    int at = (ip.getUnsignedByte(0) & 0x0f) << 2;
                    boolean tcp = transport == Transport.TCP;
                    x.ipv4(i, p, transport, ip.getUnsignedInt(12), ip.getUnsignedInt(16), ip.getUnsignedShort(at),
                            ip.getUnsignedShort(at + 2), tcp ? ip.getUnsignedShort(at + 12) & 0x0fff : 0,
                            tcp ? p.tcpPayloadLength() > 0 : ip.getUnsignedShort(at + 4) > 8);
                } else {
                    x.other(i, p, transport);
                }
                i++;
            }
        }
        return x.finish();
    }

    /** The index under construction: each packet's connection and side, each connection's tally. */
    private static final class Indexer {
        final List<Packet> packets;
        final List<Subnet> clients;
        final int[] connectionOf;
        /** Per packet: whether it was sent by the lower endpoint of its connection's key. */
        final BitSet fromLower;
        final EndpointPairTable ipv4 = new EndpointPairTable();
        final Map<EndpointPair, Integer> others = new HashMap<>();
        final List<Tally> tallies = new ArrayList<>();

        Indexer(List<Packet> packets, List<Subnet> clients) {
            this.packets = packets;
            this.clients = clients;
            this.connectionOf = new int[packets.size()];
            this.fromLower = new BitSet(packets.size());
        }

        /**
         * An IPv4 packet at index {@code i}: addresses as unsigned 32-bit values, flags 0 for UDP,
         * {@code payload} as {@link org.covertmark.api.filter.PacketFilter#hasPayload()}; {@code p} the
         * packet when at hand, or null to build it only if its payload is needed.
         */
        void ipv4(int i, Packet p, Transport transport, long src, long dst, int sport, int dport, int flags,
                boolean payload) {
            boolean lower = src < dst || src == dst && sport <= dport;
            long addresses = lower ? src << 32 | dst : dst << 32 | src;
            long ports = (lower ? (long) sport << 16 | dport : (long) dport << 16 | sport) << 1 | transport.ordinal();
            int id = ipv4.idOf(addresses, ports, tallies.size());
            if (id == tallies.size()) {
                tallies.add(new Tally(transport, IpAddress.ofIpv4((int) (addresses >>> 32)), (int) (ports >>> 17),
                        IpAddress.ofIpv4((int) addresses), (int) (ports >>> 1) & 0xffff, lower));
            }
            count(i, p, id, lower, flags, payload);
        }

        /** A TCP or UDP packet that is not IPv4, through address objects. */
        void other(int i, Packet p, Transport transport) {
            IpAddress src = p.source();
            IpAddress dst = p.destination();
            int sport;
            int dport;
            int flags;
            boolean payload;
            if (transport == Transport.TCP) {
                TcpSegment s = p.tcp().orElseThrow();
                sport = s.sourcePort();
                dport = s.destinationPort();
                flags = s.flags();
                payload = s.payloadLength() > 0;
            } else {
                UdpDatagram u = p.udp().orElseThrow();
                sport = u.sourcePort();
                dport = u.destinationPort();
                flags = 0;
                payload = u.length() > 8;
            }
            int order = src.compareTo(dst);
            boolean lower = order < 0 || order == 0 && sport <= dport;
            EndpointPair key = lower ? new EndpointPair(transport, src, sport, dst, dport)
                    : new EndpointPair(transport, dst, dport, src, sport);
            Integer known = others.get(key);
            if (known == null) {
                known = tallies.size();
                others.put(key, known);
                tallies.add(new Tally(transport, key.lower, key.lowerPort, key.upper, key.upperPort, lower));
            }
            count(i, p, known, lower, flags, payload);
        }

        private void count(int i, Packet p, int id, boolean lower, int flags, boolean payload) {
            connectionOf[i] = id;
            if (lower) {
                fromLower.set(i);
            }
            Tally t = tallies.get(id);
            t.count(lower, flags);
            if (payload && t.firstPayload(lower) == null) {
                ByteView bytes = (p != null ? p : packets.get(i)).payload();
                if (!bytes.isEmpty()) {
                    t.setFirstPayload(lower, bytes);
                }
            }
        }

        Connections finish() {
            List<Connection> connections = new ArrayList<>(tallies.size());
            BitSet clientIsLower = new BitSet(tallies.size());
            for (int id = 0; id < tallies.size(); id++) {
                Tally t = tallies.get(id);
                boolean client = t.clientIsLower(clients);
                clientIsLower.set(id, client);
                connections.add(t.toConnection(id, client));
            }
            return new Connections(List.copyOf(connections), connectionOf, fromLower, clientIsLower);
        }
    }

    /** {@return the number of connections, 0 or more} */
    public int size() {
        return connections.size();
    }

    /**
     * The connection numbered {@code id}.
     *
     * @param id the connection's id: 0-based, in the order of its first packet, below {@link #size()}
     * @return the connection, whose {@link Connection#id()} is {@code id}
     * @throws IndexOutOfBoundsException when there is no connection {@code id}
     */
    public Connection get(int id) {
        return connections.get(id);
    }

    /** {@return every connection, in id order (the index in the list is the id); unmodifiable} */
    public List<Connection> all() {
        return connections;
    }

    /**
     * The id of the connection of a packet.
     *
     * @param packetIndex the packet's index in the list that was indexed
     * @return the id of its connection, or -1 for a packet without a TCP or UDP header
     * @throws IndexOutOfBoundsException when {@code packetIndex} lies outside the list
     */
    public int connectionOf(int packetIndex) {
        return connectionOf[Objects.checkIndex(packetIndex, connectionOf.length)];
    }

    /**
     * Whether the packet at {@code packetIndex} was sent by its connection's client; false for a
     * packet of no connection.
     *
     * @param packetIndex the packet's index in the list that was indexed
     * @return whether its sender is its connection's {@linkplain Connection#client() client}
     * @throws IndexOutOfBoundsException when {@code packetIndex} lies outside the list
     */
    public boolean fromClient(int packetIndex) {
        int id = connectionOf(packetIndex);
        return id >= 0 && fromLower.get(packetIndex) == clientIsLower.get(id);
    }

    /**
     * The protocol of a packet's connection, as recognised from both directions.
     *
     * @param packetIndex the packet's index in the list that was indexed
     * @return its connection's {@linkplain Connection#protocol() protocol}; {@link AppProtocol#UNKNOWN}
     *     for a packet of no connection
     * @throws IndexOutOfBoundsException when {@code packetIndex} lies outside the list
     */
    public AppProtocol protocolOf(int packetIndex) {
        int id = connectionOf(packetIndex);
        return id < 0 ? AppProtocol.UNKNOWN : connections.get(id).protocol();
    }

    /** A connection key off the IPv4 fast path: the endpoints in ascending order. */
    private record EndpointPair(Transport transport, IpAddress lower, int lowerPort, IpAddress upper, int upperPort) {
    }

    /** What is learnt about one connection while the packets go by, its endpoints in key order. */
    private static final class Tally {
        private static final byte NONE = 0;
        private static final byte LOWER = 1;
        private static final byte UPPER = 2;

        final Transport transport;
        final IpAddress lower;
        final int lowerPort;
        final IpAddress upper;
        final int upperPort;
        final boolean firstFromLower;
        long fromLower;
        long fromUpper;
        boolean synFromLower;
        boolean synFromUpper;
        byte firstSyn = NONE;
        ByteView firstPayloadLower;
        ByteView firstPayloadUpper;

        Tally(Transport transport, IpAddress lower, int lowerPort, IpAddress upper, int upperPort,
                boolean firstFromLower) {
            this.transport = transport;
            this.lower = lower;
            this.lowerPort = lowerPort;
            this.upper = upper;
            this.upperPort = upperPort;
            this.firstFromLower = firstFromLower;
        }

        void count(boolean fromLowerSide, int tcpFlags) {
            if (fromLowerSide) {
                fromLower++;
            } else {
                fromUpper++;
            }
            if ((tcpFlags & (TcpSegment.SYN | TcpSegment.ACK)) == TcpSegment.SYN) {
                if (fromLowerSide) {
                    synFromLower = true;
                } else {
                    synFromUpper = true;
                }
                if (firstSyn == NONE) {
                    firstSyn = fromLowerSide ? LOWER : UPPER;
                }
            }
        }

        /** The first non-empty payload a side sent, or null before it sent one. */
        ByteView firstPayload(boolean fromLowerSide) {
            return fromLowerSide ? firstPayloadLower : firstPayloadUpper;
        }

        void setFirstPayload(boolean fromLowerSide, ByteView payload) {
            if (fromLowerSide) {
                firstPayloadLower = payload;
            } else {
                firstPayloadUpper = payload;
            }
        }

        boolean clientIsLower(List<Subnet> clients) {
            boolean lowerInClients = within(clients, lower);
            if (lowerInClients != within(clients, upper)) {
                return lowerInClients;
            }
            if (firstSyn != NONE) {
                return firstSyn == LOWER;
            }
            if (lowerPort != upperPort) {
                return lowerPort > upperPort;
            }
            return firstFromLower;
        }

        private static boolean within(List<Subnet> blocks, IpAddress a) {
            for (Subnet s : blocks) {
                if (s.contains(a)) {
                    return true;
                }
            }
            return false;
        }

        Connection toConnection(int id, boolean clientLower) {
            IpAddress client = clientLower ? lower : upper;
            int clientPort = clientLower ? lowerPort : upperPort;
            IpAddress server = clientLower ? upper : lower;
            int serverPort = clientLower ? upperPort : lowerPort;
            AppProtocol protocol = ProtocolRecognition.recognise(transport, clientPort, serverPort,
                    clientLower ? firstPayloadLower : firstPayloadUpper,
                    clientLower ? firstPayloadUpper : firstPayloadLower);
            long clientPackets = clientLower ? fromLower : fromUpper;
            long serverPackets = clientLower ? fromUpper : fromLower;
            boolean handshake = clientLower ? synFromLower : synFromUpper;
            return new Connection(id, transport, client, clientPort, server, serverPort, protocol,
                    clientPackets + serverPackets, clientPackets, serverPackets, handshake);
        }
    }
}
