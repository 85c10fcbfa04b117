package org.covertmark.api.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.api.packet.TestPackets.ascii;
import static org.covertmark.api.packet.TestPackets.bytes;
import static org.covertmark.api.packet.TestPackets.ipv4;
import static org.covertmark.api.packet.TestPackets.ipv6;
import static org.covertmark.api.packet.TestPackets.parse;
import static org.covertmark.api.packet.TestPackets.tcp;
import static org.covertmark.api.packet.TestPackets.udp;

import java.util.Arrays;
import org.covertmark.api.net.IpAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Packet decoding")
class PacketDecodingTest {

    @Nested
    @DisplayName("IPv4")
    class Ipv4 {

        @Test
        @DisplayName("reads addresses, total length, TTL and protocol; keeps frame, time and wire length")
        void fields() {
            byte[] b = ipv4("10.0.0.1", "192.168.1.2").ttl(57).carrying(tcp().payload("hello")).bytes();
            Packet p = Packet.parse(42, new Timestamp(1_700_000_000, 123_456_789), 59, ByteView.of(b));
            assertThat(p.ipVersion()).isEqualTo(4);
            assertThat(p.source()).isEqualTo(IpAddress.parse("10.0.0.1"));
            assertThat(p.destination()).isEqualTo(IpAddress.parse("192.168.1.2"));
            assertThat(p.ipLength()).isEqualTo(20 + 20 + 5);
            assertThat(p.ttl()).isEqualTo(57);
            assertThat(p.protocol()).isEqualTo(Packet.TCP);
            assertThat(p.frame()).isEqualTo(42);
            assertThat(p.wireLength()).isEqualTo(59);
            assertThat(p.timestamp()).isEqualTo(new Timestamp(1_700_000_000, 123_456_789));
            assertThat(p.timeMicros()).isEqualTo(1_700_000_000_123_456L);
            assertThat(p.isFragment()).isFalse();
            assertThat(p.hasTransportHeader()).isTrue();
            assertThat(p.isTcp()).isTrue();
            assertThat(p.isUdp()).isFalse();
            assertThat(p.payload()).isEqualTo(ByteView.of(ascii("hello")));
            assertThat(p.bytes()).isEqualTo(ByteView.of(b));
        }

        @Test
        @DisplayName("a TTL of 255 and a high address byte read as unsigned")
        void unsignedFields() {
            Packet p = ipv4("255.254.253.252", "128.0.0.1").ttl(255).carrying(udp()).parse();
            assertThat(p.ttl()).isEqualTo(255);
            assertThat(p.source()).hasToString("255.254.253.252");
            assertThat(p.destination()).hasToString("128.0.0.1");
        }

        @Test
        @DisplayName("finds the transport header after IPv4 options (IHL > 5)")
        void options() {
            byte[] routerAlert = bytes(0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00);
            Packet p = ipv4("10.0.0.1", "10.0.0.2").options(routerAlert)
                    .carrying(tcp().ports(4321, 8443).payload("xy")).parse();
            assertThat(p.ipLength()).isEqualTo(28 + 20 + 2);
            assertThat(p.tcp()).hasValueSatisfying(t -> {
                assertThat(t.sourcePort()).isEqualTo(4321);
                assertThat(t.destinationPort()).isEqualTo(8443);
                assertThat(t.payloadLength()).isEqualTo(2);
            });
            assertThat(p.payload()).isEqualTo(ByteView.of(ascii("xy")));
        }

        @Test
        @DisplayName("trims link-layer padding after the announced total length")
        void trailingPadding() {
            TestPackets.Ipv4 b = ipv4("10.0.0.1", "10.0.0.2").carrying(udp().payload(ascii("abcd"))).padding(14);
            byte[] raw = b.bytes();
            Arrays.fill(raw, raw.length - 14, raw.length, (byte) 0xee);
            Packet p = parse(raw);
            assertThat(raw).hasSize(46);
            assertThat(p.bytes().length()).isEqualTo(32);
            assertThat(p.payload()).isEqualTo(ByteView.of(ascii("abcd")));
            assertThat(p.udp()).hasValueSatisfying(u -> assertThat(u.payload().length()).isEqualTo(4));
            assertThat(p.wireLength()).isEqualTo(46);
        }

        @Test
        @DisplayName("a total length beyond the captured bytes: announced payload length, captured payload bytes")
        void cutByTheSnapLength() {
            byte[] raw = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().payload("0123456789")).totalLength(1500)
                    .bytes();
            Packet p = parse(raw);
            assertThat(p.ipLength()).isEqualTo(1500);
            assertThat(p.bytes().length()).isEqualTo(50);
            assertThat(p.tcp()).hasValueSatisfying(t -> {
                assertThat(t.payloadLength()).isEqualTo(1460);
                assertThat(t.payload()).isEqualTo(ByteView.of(ascii("0123456789")));
            });
            assertThat(p.payload().length()).isEqualTo(10);
        }

        @Test
        @DisplayName("a first fragment carries the transport header; a later fragment does not")
        void fragments() {
            Packet first = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().ports(1, 2).payload("abc"))
                    .fragment(0, true).parse();
            assertThat(first.isFragment()).isTrue();
            assertThat(first.hasTransportHeader()).isTrue();
            assertThat(first.isTcp()).isTrue();
            assertThat(first.tcp().orElseThrow().destinationPort()).isEqualTo(2);

            // the body of a later fragment looks like a TCP header, but must not be read as one
            Packet later = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().ports(1, 2).payload("abc"))
                    .fragment(185, false).parse();
            assertThat(later.isFragment()).isTrue();
            assertThat(later.hasTransportHeader()).isFalse();
            assertThat(later.protocol()).isEqualTo(Packet.TCP);
            assertThat(later.isTcp()).isFalse();
            assertThat(later.tcp()).isEmpty();
            assertThat(later.payload().isEmpty()).isTrue();

            Packet middle = ipv4("10.0.0.1", "10.0.0.2").body(Packet.UDP, udp().bytes()).fragment(1, true).parse();
            assertThat(middle.isFragment()).isTrue();
            assertThat(middle.isUdp()).isFalse();

            Packet whole = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp()).parse();
            assertThat(whole.isFragment()).as("DF set, MF clear, offset 0").isFalse();
        }

        @Test
        @DisplayName("a total length below the header length leaves the transport undecoded")
        void bogusTotalLength() {
            Packet p = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().payload("abc")).totalLength(12).parse();
            assertThat(p.ipLength()).isEqualTo(12);
            assertThat(p.hasTransportHeader()).isFalse();
            assertThat(p.isTcp()).isFalse();
            assertThat(p.source()).hasToString("10.0.0.1");
        }

        @Test
        @DisplayName("other protocols are kept by number, with no transport decoded")
        void otherProtocol() {
            Packet icmp = ipv4("10.0.0.1", "10.0.0.2").body(1, bytes(8, 0, 0xf7, 0xff, 0, 0, 0, 0)).parse();
            assertThat(icmp.protocol()).isEqualTo(1);
            assertThat(icmp.hasTransportHeader()).isTrue();
            assertThat(icmp.isTcp()).isFalse();
            assertThat(icmp.isUdp()).isFalse();
            assertThat(icmp.payload().isEmpty()).isTrue();
            assertThat(icmp.tlsRecords()).isEmpty();
            assertThat(icmp.httpRequest()).isEmpty();
        }
    }

    @Nested
    @DisplayName("IPv6")
    class Ipv6 {

        @Test
        @DisplayName("reads addresses, payload length and hop limit")
        void fields() {
            Packet p = ipv6("2001:db8::1", "fe80::1:2").hopLimit(200).carrying(udp().payload(ascii("dns"))).parse();
            assertThat(p.ipVersion()).isEqualTo(6);
            assertThat(p.source()).isEqualTo(IpAddress.parse("2001:db8::1"));
            assertThat(p.destination()).isEqualTo(IpAddress.parse("fe80::1:2"));
            assertThat(p.ipLength()).isEqualTo(11);
            assertThat(p.ttl()).isEqualTo(200);
            assertThat(p.protocol()).isEqualTo(Packet.UDP);
            assertThat(p.isFragment()).isFalse();
            assertThat(p.payload()).isEqualTo(ByteView.of(ascii("dns")));
        }

        @Test
        @DisplayName("walks hop-by-hop, routing, destination options and fragment headers to the transport")
        void extensionHeaders() {
            Packet p = ipv6("2001:db8::1", "2001:db8::2").optionsHeader(0, 1).optionsHeader(43, 2)
                    .optionsHeader(60, 3).fragmentHeader(0, true).carrying(tcp().ports(443, 50000).payload("hi"))
                    .parse();
            assertThat(p.protocol()).isEqualTo(Packet.TCP);
            assertThat(p.ipLength()).isEqualTo(8 + 16 + 24 + 8 + 20 + 2);
            assertThat(p.isFragment()).isTrue();
            assertThat(p.hasTransportHeader()).isTrue();
            assertThat(p.tcp()).hasValueSatisfying(t -> {
                assertThat(t.sourcePort()).isEqualTo(443);
                assertThat(t.destinationPort()).isEqualTo(50000);
                assertThat(t.payloadLength()).isEqualTo(2);
            });
            assertThat(p.payload()).isEqualTo(ByteView.of(ascii("hi")));
        }

        @Test
        @DisplayName("a later fragment names the protocol but decodes no transport")
        void laterFragment() {
            Packet p = ipv6("2001:db8::1", "2001:db8::2").optionsHeader(0, 1).fragmentHeader(100, false)
                    .carrying(tcp().payload("not a header")).parse();
            assertThat(p.isFragment()).isTrue();
            assertThat(p.protocol()).isEqualTo(Packet.TCP);
            assertThat(p.hasTransportHeader()).isFalse();
            assertThat(p.tcp()).isEmpty();
            assertThat(p.payload().isEmpty()).isTrue();
        }

        @Test
        @DisplayName("an extension header longer than the packet leaves no transport")
        void extensionHeaderCutShort() {
            byte[] raw = ipv6("::1", "::2").optionsHeader(0, 1).carrying(udp()).bytes();
            raw[41] = 10; // hop-by-hop now claims 88 bytes
            Packet p = parse(raw);
            assertThat(p.hasTransportHeader()).isFalse();
            assertThat(p.isUdp()).isFalse();
        }

        @Test
        @DisplayName("No Next Header (59) ends the walk with no transport protocol")
        void noNextHeader() {
            Packet p = ipv6("::1", "::2").optionsHeader(60, 1).body(59, new byte[0]).parse();
            assertThat(p.protocol()).isEqualTo(59);
            assertThat(p.isTcp()).isFalse();
            assertThat(p.isUdp()).isFalse();
        }

        @Test
        @DisplayName("trims bytes after the announced payload length")
        void trailingBytes() {
            byte[] raw = TestPackets.concat(ipv6("::1", "::2").carrying(udp().payload(bytes(1, 2))).bytes(),
                    bytes(9, 9, 9, 9));
            Packet p = parse(raw);
            assertThat(p.bytes().length()).isEqualTo(50);
            assertThat(p.payload()).isEqualTo(ByteView.of(bytes(1, 2)));
        }
    }

    @Nested
    @DisplayName("TCP")
    class Tcp {

        @Test
        @DisplayName("reads sequence and acknowledgement numbers above 2^31 as unsigned")
        void unsignedNumbers() {
            TcpSegment t = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().ports(65535, 32768).seq(0xfedcba98L)
                    .ack(0x80000000L).window(0xffff).urgent(0x8001)).parse().tcp().orElseThrow();
            assertThat(t.sourcePort()).isEqualTo(65535);
            assertThat(t.destinationPort()).isEqualTo(32768);
            assertThat(t.sequenceNumber()).isEqualTo(4_275_878_552L);
            assertThat(t.acknowledgementNumber()).isEqualTo(2_147_483_648L);
            assertThat(t.window()).isEqualTo(65535);
            assertThat(t.urgentPointer()).isEqualTo(0x8001);
            assertThat(t).hasToString("TCP 65535 > 32768 seq=4275878552 ack=2147483648 flags=0x10 len=0");
        }

        @Test
        @DisplayName("flags hold all 9 flag bits, AE (0x100) included")
        void flags() {
            TcpSegment all = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().flags(0x1ff)).parse().tcp().orElseThrow();
            assertThat(all.flags()).isEqualTo(0x1ff);
            assertThat(all.hasFlags(TcpSegment.AE | TcpSegment.CWR | TcpSegment.ECE | TcpSegment.URG
                    | TcpSegment.ACK | TcpSegment.PSH | TcpSegment.RST | TcpSegment.SYN | TcpSegment.FIN)).isTrue();

            TcpSegment synAck = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().flags(TcpSegment.SYN | TcpSegment.ACK))
                    .parse().tcp().orElseThrow();
            assertThat(synAck.flags()).isEqualTo(0x012);
            assertThat(synAck.hasFlags(TcpSegment.SYN)).isTrue();
            assertThat(synAck.hasFlags(TcpSegment.SYN | TcpSegment.ACK)).isTrue();
            assertThat(synAck.hasFlags(TcpSegment.SYN | TcpSegment.FIN)).isFalse();
            assertThat(synAck.hasFlags(TcpSegment.AE)).isFalse();

            TcpSegment aeOnly = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().flags(TcpSegment.AE)).parse().tcp()
                    .orElseThrow();
            assertThat(aeOnly.flags()).isEqualTo(0x100);
            assertThat(aeOnly.headerLength()).as("the AE bit does not disturb the data offset").isEqualTo(20);
        }

        @Test
        @DisplayName("decodes MSS, NOP, window scale, SACK permitted and timestamps options in order")
        void options() {
            byte[] opts = bytes(0x02, 0x04, 0x05, 0xb4, // MSS 1460
                    0x01, // NOP
                    0x03, 0x03, 0x07, // WS 7
                    0x04, 0x02, // SACK permitted
                    0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff); // TS 1, 2^32-1
            TcpSegment t = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().flags(TcpSegment.SYN).options(opts)
                    .payload("data")).parse().tcp().orElseThrow();
            assertThat(t.headerLength()).isEqualTo(40);
            assertThat(t.payloadLength()).isEqualTo(4);
            assertThat(t.options()).extracting(TcpOption::kind).containsExactly(2, 1, 3, 4, 8);
            assertThat(t.options()).extracting(TcpOption::length).containsExactly(4, 1, 3, 2, 10);
            assertThat(t.options().get(0).value().getUnsignedShort(0)).isEqualTo(1460);
            assertThat(t.options().get(1).value().isEmpty()).isTrue();
            assertThat(t.options().get(2).value().getUnsignedByte(0)).isEqualTo(7);
            assertThat(t.options().get(3).value().isEmpty()).isTrue();
            assertThat(t.options().get(4).value().getUnsignedInt(0)).isEqualTo(1);
            assertThat(t.options().get(4).value().getUnsignedInt(4)).isEqualTo(0xffffffffL);
            assertThatThrownBy(() -> t.options().add(t.options().get(0)))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("End of Option List ends the list; bytes after it are not options")
        void endOfList() {
            byte[] opts = bytes(0x02, 0x04, 0x05, 0xb4, 0x00, 0x01, 0x03, 0x03);
            TcpSegment t = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().options(opts)).parse().tcp().orElseThrow();
            assertThat(t.options()).extracting(TcpOption::kind).containsExactly(2, 0);
        }

        @ParameterizedTest(name = "option bytes {0}")
        @ValueSource(strings = {"0101030907000000", "0101050001010101", "0101050101010101",
            "01010102", "0101fe0a00000000"})
        @DisplayName("a malformed option ends the list after the NOPs before it")
        void malformedOptionEndsTheList(String hex) {
            byte[] opts = java.util.HexFormat.of().parseHex(hex);
            TcpSegment t = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().options(opts)).parse().tcp().orElseThrow();
            int nops = 0;
            while (opts[nops] == 1) {
                nops++;
            }
            assertThat(t.options()).hasSize(nops).allSatisfy(o -> assertThat(o.kind()).isEqualTo(1));
        }

        @Test
        @DisplayName("no options when the data offset is 5")
        void noOptions() {
            TcpSegment t = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().payload("x")).parse().tcp().orElseThrow();
            assertThat(t.options()).isEmpty();
            assertThat(t.header().length()).isEqualTo(20);
        }

        @Test
        @DisplayName("a data offset below 5 is not TCP")
        void dataOffsetBelowFive() {
            Packet p = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().dataOffset(4).payload("abcd")).parse();
            assertThat(p.protocol()).isEqualTo(Packet.TCP);
            assertThat(p.hasTransportHeader()).isTrue();
            assertThat(p.isTcp()).isFalse();
            assertThat(p.tcp()).isEmpty();
            assertThat(p.payload().isEmpty()).isTrue();
        }

        @Test
        @DisplayName("fewer than 20 captured TCP bytes is not TCP")
        void tcpHeaderCutShort() {
            byte[] raw = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp()).totalLength(40).bytes();
            Packet p = parse(Arrays.copyOf(raw, 39));
            assertThat(p.hasTransportHeader()).isTrue();
            assertThat(p.isTcp()).isFalse();
            assertThat(p.tcp()).isEmpty();
        }

        @Test
        @DisplayName("options cut by the capture: header length from the data offset, options only as captured")
        void optionsCutByTheCapture() {
            byte[] opts = bytes(0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07, 0x01, 0x01, 0x01, 0x01);
            byte[] raw = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().options(opts).payload("abcdef")).bytes();
            Packet p = parse(Arrays.copyOf(raw, 20 + 20 + 6));
            TcpSegment t = p.tcp().orElseThrow();
            assertThat(t.headerLength()).as("data offset x 4").isEqualTo(32);
            assertThat(t.header().length()).as("captured header bytes").isEqualTo(26);
            assertThat(t.payloadLength()).isEqualTo(6);
            assertThat(t.payload().isEmpty()).isTrue();
            assertThat(t.options()).extracting(TcpOption::kind).containsExactly(2, 1);
            assertThat(p.payload().isEmpty()).isTrue();
        }
    }

    @Nested
    @DisplayName("UDP")
    class Udp {

        @Test
        @DisplayName("reads ports, the length field and the payload")
        void fields() {
            Packet p = ipv4("10.0.0.1", "8.8.8.8").carrying(udp().ports(65000, 53).payload(bytes(1, 2, 3))).parse();
            assertThat(p.isUdp()).isTrue();
            assertThat(p.isTcp()).isFalse();
            assertThat(p.tcp()).isEmpty();
            UdpDatagram u = p.udp().orElseThrow();
            assertThat(u.sourcePort()).isEqualTo(65000);
            assertThat(u.destinationPort()).isEqualTo(53);
            assertThat(u.length()).isEqualTo(11);
            assertThat(u.payload()).isEqualTo(ByteView.of(bytes(1, 2, 3)));
            assertThat(p.payload()).isEqualTo(u.payload());
            assertThat(u).hasToString("UDP 65000 > 53 len=11");
        }

        @Test
        @DisplayName("the UDP length field is reported as written, the payload as captured")
        void lengthFieldAsWritten() {
            UdpDatagram u = ipv6("::1", "::2").carrying(udp().payload(bytes(7, 7)).length(300)).parse().udp()
                    .orElseThrow();
            assertThat(u.length()).isEqualTo(300);
            assertThat(u.payload().length()).isEqualTo(2);
        }

        @Test
        @DisplayName("fewer than 8 UDP bytes is not UDP")
        void cutShort() {
            Packet p = ipv4("10.0.0.1", "10.0.0.2").body(Packet.UDP, bytes(0, 53, 0, 53, 0)).parse();
            assertThat(p.isUdp()).isFalse();
            assertThat(p.udp()).isEmpty();
            assertThat(p.payload().isEmpty()).isTrue();
        }
    }

    @Nested
    @DisplayName("malformed input")
    class Malformed {

        @Test
        @DisplayName("no bytes at all")
        void empty() {
            assertThatThrownBy(() -> parse(new byte[0])).isInstanceOf(MalformedPacketException.class)
                    .hasMessage("no IP header");
        }

        @ParameterizedTest(name = "version {0}")
        @ValueSource(ints = {0, 1, 5, 7, 15})
        @DisplayName("an IP version other than 4 or 6")
        void version(int version) {
            byte[] raw = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp()).version(version).bytes();
            assertThatThrownBy(() -> parse(raw)).isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("version " + version);
        }

        @ParameterizedTest(name = "IHL {0}")
        @ValueSource(ints = {0, 1, 4})
        @DisplayName("an IPv4 header length below 20")
        void ihlBelowFive(int words) {
            byte[] raw = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp()).ihl(words).bytes();
            assertThatThrownBy(() -> parse(raw)).isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("below 20");
        }

        @Test
        @DisplayName("an IPv4 header cut short, before or inside its options")
        void ipv4CutShort() {
            byte[] raw = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp()).bytes();
            assertThatThrownBy(() -> parse(Arrays.copyOf(raw, 19))).isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("cut short");
            assertThatThrownBy(() -> parse(Arrays.copyOf(raw, 1))).isInstanceOf(MalformedPacketException.class);
            byte[] withOptions = ipv4("10.0.0.1", "10.0.0.2").options(new byte[8]).body(1, new byte[0]).bytes();
            assertThatThrownBy(() -> parse(Arrays.copyOf(withOptions, 24)))
                    .isInstanceOf(MalformedPacketException.class).hasMessageContaining("28 bytes cut short");
        }

        @Test
        @DisplayName("an IPv6 header cut short")
        void ipv6CutShort() {
            byte[] raw = ipv6("::1", "::2").carrying(tcp()).bytes();
            assertThatThrownBy(() -> parse(Arrays.copyOf(raw, 39))).isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("IPv6 header cut short at 39");
        }

        @Test
        @DisplayName("the exception keeps no stack trace")
        void noStackTrace() {
            MalformedPacketException e = new MalformedPacketException("x");
            assertThat(e.getStackTrace()).isEmpty();
            assertThat(e.getMessage()).isEqualTo("x");
        }
    }

    @Test
    @DisplayName("toString names frame, time, version, addresses, protocol and the transport")
    void toStringReadable() {
        Packet p = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().ports(1234, 443).seq(5).flags(TcpSegment.SYN))
                .parse();
        assertThat(p).hasToString("#1 0.000000000 IPv4 10.0.0.1 > 10.0.0.2 proto=6 TCP 1234 > 443 seq=5 ack=0 "
                + "flags=0x2 len=0");
        Packet u = Packet.parse(3, Timestamp.UNKNOWN, 0, ByteView.of(ipv6("::1", "::2").carrying(udp()).bytes()));
        assertThat(u.timestamp()).isEqualTo(Timestamp.UNKNOWN);
        assertThat(u).hasToString("#3 unknown IPv6 ::1 > ::2 proto=17 UDP 5353 > 53 len=8");
    }
}
