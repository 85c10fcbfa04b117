package org.covertmark.api.flow;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.UdpDatagram;

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
 * <p>Indexing reads IPv4 addresses and ports straight from the header bytes into an open-addressing
 * table and allocates per connection, not per packet; IPv6 packets take a slower path through
 * address objects. The packets are read once, in order, so any list will do.
 */
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
     * Indexes the connections of {@code packets}.
     *
     * @param packets both directions, in capture order
     * @param clients the address blocks of the clients, which decide the client side first; may be
     *     empty
     */
    public static Connections of(List<Packet> packets, List<Subnet> clients) {
        Objects.requireNonNull(packets, "packets");
        List<Subnet> clientBlocks = List.copyOf(clients);
        int[] connectionOf = new int[packets.size()];
        BitSet fromLower = new BitSet(packets.size());
        EndpointPairTable ipv4 = new EndpointPairTable();
        Map<EndpointPair, Integer> others = new HashMap<>();
        List<Tally> tallies = new ArrayList<>();
        int i = 0;
        for (Packet p : packets) {
            Transport transport = p.isTcp() ? Transport.TCP : p.isUdp() ? Transport.UDP : null;
            if (transport == null) {
                connectionOf[i++] = -1;
                continue;
            }
            boolean lower;
            Tally tally;
            int flags;
            boolean payload;
            if (p.ipVersion() == 4) {
                ByteView ip = p.bytes();
                int at = (ip.getUnsignedByte(0) & 0x0f) << 2;
                long src = ip.getUnsignedInt(12);
                long dst = ip.getUnsignedInt(16);
                int sport = ip.getUnsignedShort(at);
                int dport = ip.getUnsignedShort(at + 2);
                lower = src < dst || src == dst && sport <= dport;
                long addresses = lower ? src << 32 | dst : dst << 32 | src;
                long ports = (lower ? (long) sport << 16 | dport : (long) dport << 16 | sport) << 1
                        | transport.ordinal();
                int id = ipv4.idOf(addresses, ports, tallies.size());
                if (id == tallies.size()) {
                    tallies.add(new Tally(transport, IpAddress.ofIpv4((int) (addresses >>> 32)), (int) (ports >>> 17),
                            IpAddress.ofIpv4((int) addresses), (int) (ports >>> 1) & 0xffff, lower));
                }
                tally = tallies.get(id);
                connectionOf[i] = id;
                if (transport == Transport.TCP) {
                    flags = ip.getUnsignedByte(at + 13);
                    payload = ip.length() > at + ((ip.getUnsignedByte(at + 12) >>> 4) << 2);
                } else {
                    flags = 0;
                    payload = ip.length() > at + 8;
                }
            } else {
                IpAddress src = p.source();
                IpAddress dst = p.destination();
                int sport;
                int dport;
                if (transport == Transport.TCP) {
                    TcpSegment s = p.tcp().orElseThrow();
                    sport = s.sourcePort();
                    dport = s.destinationPort();
                    flags = s.flags();
                } else {
                    UdpDatagram u = p.udp().orElseThrow();
                    sport = u.sourcePort();
                    dport = u.destinationPort();
                    flags = 0;
                }
                int order = src.compareTo(dst);
                lower = order < 0 || order == 0 && sport <= dport;
                EndpointPair key = lower ? new EndpointPair(transport, src, sport, dst, dport)
                        : new EndpointPair(transport, dst, dport, src, sport);
                Integer known = others.get(key);
                if (known == null) {
                    known = tallies.size();
                    others.put(key, known);
                    tallies.add(new Tally(transport, key.lower, key.lowerPort, key.upper, key.upperPort, lower));
                }
                tally = tallies.get(known);
                connectionOf[i] = known;
                payload = !p.payload().isEmpty();
            }
            if (lower) {
                fromLower.set(i);
            }
            tally.count(p, lower, flags, payload);
            i++;
        }
        List<Connection> connections = new ArrayList<>(tallies.size());
        BitSet clientIsLower = new BitSet(tallies.size());
        for (int id = 0; id < tallies.size(); id++) {
            Tally t = tallies.get(id);
            boolean client = t.clientIsLower(clientBlocks);
            clientIsLower.set(id, client);
            connections.add(t.toConnection(id, client));
        }
        return new Connections(List.copyOf(connections), connectionOf, fromLower, clientIsLower);
    }

    /** The number of connections. */
    public int size() {
        return connections.size();
    }

    /** The connection numbered {@code id} (0-based, in first-seen order). */
    public Connection get(int id) {
        return connections.get(id);
    }

    /** Every connection, in id order. */
    public List<Connection> all() {
        return connections;
    }

    /** The id of the connection of the packet at {@code packetIndex} of the indexed list, or -1 for none. */
    public int connectionOf(int packetIndex) {
        return connectionOf[Objects.checkIndex(packetIndex, connectionOf.length)];
    }

    /**
     * Whether the packet at {@code packetIndex} was sent by its connection's client; false for a
     * packet of no connection.
     */
    public boolean fromClient(int packetIndex) {
        int id = connectionOf(packetIndex);
        return id >= 0 && fromLower.get(packetIndex) == clientIsLower.get(id);
    }

    /** The protocol of the packet's connection; {@link AppProtocol#UNKNOWN} for a packet of no connection. */
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

        void count(Packet p, boolean fromLowerSide, int tcpFlags, boolean payload) {
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
            if (payload) {
                if (fromLowerSide && firstPayloadLower == null) {
                    firstPayloadLower = p.payload();
                } else if (!fromLowerSide && firstPayloadUpper == null) {
                    firstPayloadUpper = p.payload();
                }
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
