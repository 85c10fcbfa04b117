package org.covertmark.api.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.api.packet.TestPackets.bytes;
import static org.covertmark.api.packet.TestPackets.ipv4;
import static org.covertmark.api.packet.TestPackets.ipv6;
import static org.covertmark.api.packet.TestPackets.tcp;
import static org.covertmark.api.packet.TestPackets.tlsRecord;
import static org.covertmark.api.packet.TestPackets.udp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.PacketBuilder;
import org.covertmark.api.packet.TcpSegment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Connections of a trace")
class ConnectionsTest {

    private static final int SYN = TcpSegment.SYN;
    private static final int ACK = TcpSegment.ACK;
    private static final int PSH_ACK = TcpSegment.PSH | TcpSegment.ACK;
    private static final int FIN_ACK = TcpSegment.FIN | TcpSegment.ACK;

    private static PacketBuilder tcpPacket(String src, int sport, String dst, int dport, int flags) {
        return PacketBuilder.tcp(src, sport, dst, dport).flags(flags);
    }

    private static Packet seg(String src, int sport, String dst, int dport, int flags) {
        return tcpPacket(src, sport, dst, dport, flags).build();
    }

    private static Packet seg(String src, int sport, String dst, int dport, int flags, byte[] payload) {
        return tcpPacket(src, sport, dst, dport, flags).payload(payload).build();
    }

    private static Packet dgram(String src, int sport, String dst, int dport, byte[] payload) {
        return PacketBuilder.udp(src, sport, dst, dport).payload(payload).build();
    }

    private static Connections of(Packet... packets) {
        return Connections.of(List.of(packets), List.of());
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Nested
    @DisplayName("identity")
    class Identity {
        @Test
        @DisplayName("both directions of a TCP stream are one connection, and connections are numbered in first-seen order")
        void bothDirections() {
            Connections c = of(
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, SYN),
                    seg("192.0.2.9", 443, "10.0.0.1", 50000, SYN | ACK),
                    dgram("10.0.0.1", 40000, "192.0.2.53", 53, new byte[20]),
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, ACK),
                    seg("10.0.0.1", 50001, "192.0.2.9", 443, SYN));
            assertThat(c.size()).isEqualTo(3);
            assertThat(IntStream.range(0, 5).map(c::connectionOf).toArray()).containsExactly(0, 0, 1, 0, 2);
            assertThat(c.all()).extracting(Connection::id).containsExactly(0, 1, 2);
            assertThat(c.all()).extracting(Connection::transport)
                    .containsExactly(Transport.TCP, Transport.UDP, Transport.TCP);
            assertThat(c.get(2).clientPort()).isEqualTo(50001);
        }

        @Test
        @DisplayName("TCP and UDP between the same endpoints are two connections")
        void transportIsPartOfTheKey() {
            Connections c = of(seg("10.0.0.1", 5000, "10.0.0.2", 6000, ACK),
                    dgram("10.0.0.1", 5000, "10.0.0.2", 6000, new byte[4]),
                    dgram("10.0.0.2", 6000, "10.0.0.1", 5000, new byte[4]));
            assertThat(c.size()).isEqualTo(2);
            assertThat(IntStream.range(0, 3).map(c::connectionOf).toArray()).containsExactly(0, 1, 1);
        }

        @Test
        @DisplayName("a port reused after a close continues the same connection")
        void portReuse() {
            Connections c = of(
                    seg("10.0.0.1", 50000, "192.0.2.9", 80, SYN),
                    seg("10.0.0.1", 50000, "192.0.2.9", 80, FIN_ACK),
                    seg("192.0.2.9", 80, "10.0.0.1", 50000, FIN_ACK),
                    seg("10.0.0.1", 50000, "192.0.2.9", 80, SYN));
            assertThat(c.size()).isEqualTo(1);
            assertThat(c.get(0).packets()).isEqualTo(4);
            assertThat(c.get(0).clientPackets()).isEqualTo(3);
            assertThat(c.get(0).serverPackets()).isEqualTo(1);
        }

        @Test
        @DisplayName("two connections differing only in one port or one address are apart")
        void nearbyKeys() {
            Connections c = of(seg("10.0.0.1", 50000, "192.0.2.9", 443, ACK),
                    seg("10.0.0.1", 50000, "192.0.2.9", 444, ACK),
                    seg("10.0.0.1", 50000, "192.0.2.8", 443, ACK),
                    seg("10.0.0.2", 50000, "192.0.2.9", 443, ACK),
                    seg("192.0.2.9", 50000, "10.0.0.1", 443, ACK));
            assertThat(c.size()).isEqualTo(5);
        }

        @Test
        @DisplayName("packets without a TCP or UDP header belong to no connection and are from no client")
        void noTransport() {
            Packet icmp = ipv4("10.0.0.1", "192.0.2.9").body(1, bytes(8, 0, 0, 0, 0, 1, 0, 1)).parse();
            Packet laterFragment = ipv4("10.0.0.1", "192.0.2.9")
                    .carrying(udp().ports(40000, 53).payload(new byte[40])).fragment(185, false).parse();
            Packet laterIpv6Fragment = ipv6("2001:db8::1", "2001:db8::2").fragmentHeader(100, false)
                    .carrying(udp().ports(5353, 5353).payload(new byte[16])).parse();
            Packet cutTcp = ipv4("10.0.0.1", "192.0.2.9").body(Packet.TCP, bytes(0xc3, 0x50, 0, 80, 0, 0)).parse();
            Packet firstFragment = ipv4("10.0.0.1", "192.0.2.9")
                    .carrying(udp().ports(40000, 53).payload(new byte[40])).fragment(0, true).parse();
            Connections c = of(icmp, laterFragment, laterIpv6Fragment, cutTcp, firstFragment);
            assertThat(IntStream.range(0, 5).map(c::connectionOf).toArray()).containsExactly(-1, -1, -1, -1, 0);
            assertThat(c.fromClient(0)).isFalse();
            assertThat(c.protocolOf(0)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(c.size()).isEqualTo(1);
            assertThatThrownBy(() -> c.connectionOf(5)).isInstanceOf(IndexOutOfBoundsException.class);
        }

        @Test
        @DisplayName("no packets give no connections")
        void empty() {
            Connections c = Connections.of(List.of(), List.of(Subnet.parse("10.0.0.0/8")));
            assertThat(c.size()).isZero();
            assertThat(c.all()).isEmpty();
        }
    }

    @Nested
    @DisplayName("the client side")
    class ClientSide {
        @Test
        @DisplayName("the endpoint inside the client blocks is the client, whatever its port and whoever opened")
        void bySubnet() {
            List<Packet> packets = List.of(
                    seg("203.0.113.9", 50000, "10.0.0.5", 80, SYN),
                    seg("10.0.0.5", 80, "203.0.113.9", 50000, SYN | ACK));
            Connection k = Connections.of(packets, List.of(Subnet.parse("10.0.0.0/8"))).get(0);
            assertThat(k.client()).isEqualTo(ip("10.0.0.5"));
            assertThat(k.clientPort()).isEqualTo(80);
            assertThat(k.server()).isEqualTo(ip("203.0.113.9"));
            assertThat(k.host()).isEqualTo(k.server());
            assertThat(k.handshakeSeen()).as("the client sent no SYN without ACK").isFalse();
        }

        @Test
        @DisplayName("when both endpoints lie in the client blocks, the sender of the SYN is the client")
        void bothInBlocksFallsToSyn() {
            List<Packet> packets = List.of(
                    seg("10.0.0.9", 22, "10.0.0.5", 61000, ACK),
                    seg("10.0.0.5", 61000, "10.0.0.9", 22, ACK),
                    seg("10.0.0.9", 1022, "10.0.0.5", 61001, SYN));
            Connections c = Connections.of(packets, List.of(Subnet.parse("10.0.0.0/8")));
            assertThat(c.get(0).client()).as("higher port, no SYN").isEqualTo(ip("10.0.0.5"));
            assertThat(c.get(1).client()).as("the SYN's sender").isEqualTo(ip("10.0.0.9"));
            assertThat(c.get(1).clientPort()).isEqualTo(1022);
        }

        @Test
        @DisplayName("the sender of a SYN without ACK is the client, even from the lower port")
        void bySyn() {
            Connections c = of(
                    seg("192.0.2.1", 1000, "192.0.2.2", 40000, SYN),
                    seg("192.0.2.2", 40000, "192.0.2.1", 1000, SYN | ACK),
                    seg("192.0.2.1", 1000, "192.0.2.2", 40000, ACK));
            Connection k = c.get(0);
            assertThat(k.client()).isEqualTo(ip("192.0.2.1"));
            assertThat(k.clientPort()).isEqualTo(1000);
            assertThat(k.serverPort()).isEqualTo(40000);
            assertThat(k.handshakeSeen()).isTrue();
            assertThat(k.clientPackets()).isEqualTo(2);
            assertThat(k.serverPackets()).isEqualTo(1);
        }

        @Test
        @DisplayName("a SYN-ACK alone does not make its sender the client: the higher port does")
        void synAckIsNotASyn() {
            Connections c = of(
                    seg("192.0.2.9", 443, "10.0.0.1", 50000, SYN | ACK),
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, ACK));
            assertThat(c.get(0).client()).isEqualTo(ip("10.0.0.1"));
            assertThat(c.get(0).handshakeSeen()).isFalse();
        }

        @Test
        @DisplayName("without a SYN the endpoint with the higher port is the client, though the server spoke first")
        void byHigherPort() {
            Connections c = of(
                    seg("192.0.2.9", 443, "10.0.0.1", 51000, PSH_ACK, tlsRecord(23, 3, 40)),
                    seg("10.0.0.1", 51000, "192.0.2.9", 443, ACK));
            Connection k = c.get(0);
            assertThat(k.client()).isEqualTo(ip("10.0.0.1"));
            assertThat(k.clientPort()).isEqualTo(51000);
            assertThat(k.server()).isEqualTo(ip("192.0.2.9"));
            assertThat(k.handshakeSeen()).isFalse();
            assertThat(c.fromClient(0)).isFalse();
            assertThat(c.fromClient(1)).isTrue();
        }

        @Test
        @DisplayName("on equal ports the source of the connection's first packet is the client")
        void byFirstPacket() {
            Connections c = of(
                    dgram("192.168.1.20", 5353, "192.168.1.7", 5353, new byte[30]),
                    dgram("192.168.1.7", 5353, "192.168.1.20", 5353, new byte[30]),
                    dgram("192.168.1.7", 7000, "192.168.1.20", 7000, new byte[30]));
            assertThat(c.get(0).client()).isEqualTo(ip("192.168.1.20"));
            assertThat(c.get(1).client()).isEqualTo(ip("192.168.1.7"));
            assertThat(c.fromClient(0)).isTrue();
            assertThat(c.fromClient(1)).isFalse();
            assertThat(c.fromClient(2)).isTrue();
        }

        @Test
        @DisplayName("a UDP connection never has a handshake")
        void udpHasNoHandshake() {
            Connection k = of(dgram("10.0.0.1", 40000, "192.0.2.53", 53, new byte[20])).get(0);
            assertThat(k.transport()).isEqualTo(Transport.UDP);
            assertThat(k.client()).isEqualTo(ip("10.0.0.1"));
            assertThat(k.handshakeSeen()).isFalse();
        }

        @Test
        @DisplayName("every packet of a connection is from its client or its server, as its source says")
        void fromClientFollowsTheSource() {
            List<Packet> packets = new ArrayList<>();
            Random random = new Random(7);
            for (int i = 0; i < 200; i++) {
                boolean up = random.nextBoolean();
                packets.add(up ? seg("10.0.0.1", 50000, "192.0.2.9", 443, ACK)
                        : seg("192.0.2.9", 443, "10.0.0.1", 50000, ACK));
            }
            Connections c = Connections.of(packets, List.of());
            for (int i = 0; i < packets.size(); i++) {
                assertThat(c.fromClient(i)).as("packet %d", i)
                        .isEqualTo(packets.get(i).source().equals(ip("10.0.0.1")));
            }
            long up = packets.stream().filter(p -> p.source().equals(ip("10.0.0.1"))).count();
            assertThat(c.get(0).clientPackets()).isEqualTo(up);
            assertThat(c.get(0).serverPackets()).isEqualTo(200 - up);
        }
    }

    @Nested
    @DisplayName("IPv6")
    class Ipv6 {
        @Test
        @DisplayName("an IPv6 stream is one connection with its addresses, client and protocol, numbered among IPv4 ones")
        void stream() {
            Connections c = of(
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, SYN),
                    seg("2001:db8::1", 49152, "2001:db8:1::80", 80, SYN),
                    seg("2001:db8:1::80", 80, "2001:db8::1", 49152, SYN | ACK),
                    seg("2001:db8::1", 49152, "2001:db8:1::80", 80, PSH_ACK,
                            "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, PSH_ACK, tlsRecord(22, 1, 100)));
            assertThat(IntStream.range(0, 5).map(c::connectionOf).toArray()).containsExactly(0, 1, 1, 1, 0);
            Connection k = c.get(1);
            assertThat(k.client()).isEqualTo(ip("2001:db8::1"));
            assertThat(k.server()).isEqualTo(ip("2001:db8:1::80"));
            assertThat(k.serverPort()).isEqualTo(80);
            assertThat(k.protocol()).isEqualTo(AppProtocol.HTTP);
            assertThat(k.handshakeSeen()).isTrue();
            assertThat(c.fromClient(2)).isFalse();
            assertThat(c.fromClient(3)).isTrue();
            assertThat(c.get(0).protocol()).isEqualTo(AppProtocol.TLS);
        }

        @Test
        @DisplayName("an IPv6 client block picks the client of an IPv6 connection")
        void subnet() {
            List<Packet> packets = List.of(dgram("2001:db8::53", 53, "2001:db8:ffff::1", 40000, new byte[12]));
            Connection k = Connections.of(packets, List.of(Subnet.parse("2001:db8::/64"))).get(0);
            assertThat(k.client()).isEqualTo(ip("2001:db8::53"));
        }
    }

    @Nested
    @DisplayName("the protocol")
    class Protocol {
        @Test
        @DisplayName("a connection is judged by the first payload of each direction, not by empty segments before it")
        void firstPayloads() {
            Connections c = of(
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, SYN),
                    seg("192.0.2.9", 443, "10.0.0.1", 50000, SYN | ACK),
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, ACK),
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, PSH_ACK, tlsRecord(22, 1, 300)));
            assertThat(c.get(0).protocol()).isEqualTo(AppProtocol.TLS);
            assertThat(IntStream.range(0, 4).mapToObj(c::protocolOf)).containsOnly(AppProtocol.TLS);
        }

        @Test
        @DisplayName("a continuation segment of a long TLS record belongs to a TLS connection")
        void continuation() {
            byte[] record = tlsRecord(23, 3, 3000);
            Connections c = of(
                    seg("192.0.2.9", 443, "10.0.0.1", 50000, PSH_ACK, java.util.Arrays.copyOf(record, 1400)),
                    seg("192.0.2.9", 443, "10.0.0.1", 50000, PSH_ACK,
                            java.util.Arrays.copyOfRange(record, 1400, 2800)));
            assertThat(c.get(0).protocol()).isEqualTo(AppProtocol.TLS);
            assertThat(c.protocolOf(1)).isEqualTo(AppProtocol.TLS);
        }

        @Test
        @DisplayName("a later payload that looks like TLS does not change an unknown first payload")
        void onlyTheFirst() {
            Connections c = of(
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, PSH_ACK, bytes(0x8f, 0x3a, 0, 1, 2, 3, 4, 5)),
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, PSH_ACK, tlsRecord(22, 1, 30)));
            assertThat(c.get(0).protocol()).isEqualTo(AppProtocol.UNKNOWN);
        }

        @Test
        @DisplayName("a plain HTTP response from the server makes the connection HTTP although the client's bytes were not seen")
        void responseOnly() {
            Connections c = of(
                    seg("192.0.2.9", 80, "10.0.0.1", 50000, PSH_ACK,
                            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".getBytes(
                                    java.nio.charset.StandardCharsets.US_ASCII)));
            assertThat(c.get(0).protocol()).isEqualTo(AppProtocol.HTTP);
            assertThat(c.get(0).client()).isEqualTo(ip("10.0.0.1"));
        }

        @Test
        @DisplayName("the client's and the server's first payloads are read from the right sides")
        void sides() {
            // The server's banner comes first in the capture, the client's unknown bytes second.
            Connections c = of(
                    seg("10.0.0.1", 50000, "192.0.2.9", 22, SYN),
                    seg("192.0.2.9", 22, "10.0.0.1", 50000, PSH_ACK,
                            "SSH-2.0-OpenSSH_9.6\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    seg("10.0.0.1", 50000, "192.0.2.9", 22, PSH_ACK, tlsRecord(22, 1, 30)));
            assertThat(c.get(0).protocol()).as("the client's first payload decides first").isEqualTo(AppProtocol.TLS);
        }

        @Test
        @DisplayName("a UDP query to port 53 and a QUIC Initial are recognised through their connections")
        void udpProtocols() {
            byte[] query = bytes(0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 0, 0, 1, 0, 1);
            byte[] initial = new byte[1200];
            initial[0] = (byte) 0xc3;
            initial[4] = 1;
            Connections c = of(dgram("10.0.0.1", 40000, "192.0.2.53", 53, query),
                    dgram("10.0.0.1", 40001, "192.0.2.9", 443, initial));
            assertThat(c.all()).extracting(Connection::protocol).containsExactly(AppProtocol.DNS, AppProtocol.QUIC);
        }

        @Test
        @DisplayName("a payload the capture cut off entirely counts as none")
        void snapped() {
            Packet announcedOnly = ipv4("10.0.0.1", "192.0.2.9")
                    .carrying(tcp().ports(50000, 443).flags(PSH_ACK)).totalLength(40 + 517).parse();
            Connections c = of(announcedOnly,
                    seg("10.0.0.1", 50000, "192.0.2.9", 443, PSH_ACK, tlsRecord(22, 1, 30)));
            assertThat(c.get(0).protocol()).isEqualTo(AppProtocol.TLS);
        }
    }

    @Nested
    @DisplayName("the record")
    class Record {
        @Test
        @DisplayName("refuses packet counts that do not add up and a handshake on UDP")
        void checks() {
            IpAddress a = ip("10.0.0.1");
            IpAddress b = ip("10.0.0.2");
            assertThatThrownBy(() -> new Connection(0, Transport.TCP, a, 1, b, 2, AppProtocol.TLS, 3, 1, 1, false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Connection(0, Transport.UDP, a, 1, b, 2, AppProtocol.DNS, 2, 1, 1, true))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(new Connection(0, Transport.TCP, a, 1, b, 2, AppProtocol.TLS, 2, 1, 1, true).host())
                    .isEqualTo(b);
        }

        @Test
        @DisplayName("the list of connections cannot be changed")
        void unmodifiable() {
            Connections c = of(seg("10.0.0.1", 50000, "192.0.2.9", 443, ACK));
            assertThatThrownBy(() -> c.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    /**
     * Many random packets over IPv4 and IPv6, TCP and UDP — enough connections to grow the table
     * several times — against a plain map keyed by the unordered endpoint pair.
     */
    @Test
    @DisplayName("many random packets fall into the same connections as a plain map of endpoint pairs gives")
    void againstAPlainMap() {
        Random random = new Random(0x466c6f77L);
        String[] v4 = new String[300];
        String[] v6 = new String[40];
        for (int i = 0; i < v4.length; i++) {
            v4[i] = "10." + random.nextInt(4) + "." + random.nextInt(256) + "." + random.nextInt(256);
        }
        for (int i = 0; i < v6.length; i++) {
            v6[i] = "2001:db8::" + Integer.toHexString(1 + random.nextInt(0xfffe));
        }
        List<Packet> packets = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        Map<String, String> firstSource = new HashMap<>();
        Map<String, String> higherPort = new HashMap<>();
        List<Integer> expected = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            int kind = random.nextInt(10);
            String[] pool = kind == 0 ? v6 : v4;
            String a = pool[random.nextInt(pool.length)];
            String b = pool[random.nextInt(pool.length)];
            int pa = 1 + random.nextInt(40);
            int pb = 1 + random.nextInt(40);
            boolean udp = random.nextInt(4) == 0;
            boolean reverse = random.nextBoolean();
            String src = reverse ? b : a;
            String dst = reverse ? a : b;
            int sport = reverse ? pb : pa;
            int dport = reverse ? pa : pb;
            packets.add(udp ? PacketBuilder.udp(src, sport, dst, dport).build()
                    : PacketBuilder.tcp(src, sport, dst, dport).build());
            String one = IpAddress.parse(src) + "#" + sport;
            String other = IpAddress.parse(dst) + "#" + dport;
            String key = (udp ? "udp " : "tcp ") + (one.compareTo(other) <= 0 ? one + " " + other : other + " " + one);
            Integer id = ids.get(key);
            if (id == null) {
                id = ids.size();
                ids.put(key, id);
                firstSource.put(key, one);
                higherPort.put(key, sport > dport ? one : sport < dport ? other : null);
                counts.add(0L);
            }
            counts.set(id, counts.get(id) + 1);
            expected.add(id);
        }
        Connections c = Connections.of(packets, List.of());
        assertThat(ids.size()).as("connections in the sample").isGreaterThan(5_000);
        assertThat(c.size()).isEqualTo(ids.size());
        for (int i = 0; i < packets.size(); i++) {
            assertThat(c.connectionOf(i)).as("packet %d: %s", i, packets.get(i)).isEqualTo(expected.get(i));
        }
        Map<Integer, String> keys = new HashMap<>();
        ids.forEach((key, id) -> keys.put(id, key));
        for (int id = 0; id < c.size(); id++) {
            Connection k = c.get(id);
            String key = keys.get(id);
            String client = higherPort.get(key) != null ? higherPort.get(key) : firstSource.get(key);
            assertThat(k.packets()).as("connection %d", id).isEqualTo(counts.get(id));
            assertThat(k.client() + "#" + k.clientPort()).as("client of %s", key).isEqualTo(client);
            assertThat(k.transport().label()).isEqualTo(key.substring(0, 3));
        }
    }
}
