package org.covertmark.api.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.api.packet.TestPackets.bytes;
import static org.covertmark.api.packet.TestPackets.ipv4;
import static org.covertmark.api.packet.TestPackets.ipv6;
import static org.covertmark.api.packet.TestPackets.tcp;
import static org.covertmark.api.packet.TestPackets.tlsRecord;
import static org.covertmark.api.packet.TestPackets.udp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.TestPackets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PacketFilter")
class PacketFilterTest {

    /** A small zoo of packets, by name. */
    private static final Map<String, Packet> PACKETS = new LinkedHashMap<>();

    static {
        PACKETS.put("tls", ipv4("10.0.0.1", "192.168.1.1")
                .carrying(tcp().ports(50000, 443).payload(tlsRecord(23, 3, 30))).parse());
        PACKETS.put("syn", ipv4("10.0.0.1", "192.168.1.1")
                .carrying(tcp().ports(50001, 443).flags(TcpSegment.SYN)).parse());
        PACKETS.put("http", ipv4("192.168.1.1", "10.0.0.1")
                .carrying(tcp().ports(80, 50002).payload("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).parse());
        PACKETS.put("dns", ipv4("10.0.0.1", "8.8.8.8").carrying(udp().ports(5353, 53).payload(bytes(1, 2, 3)))
                .parse());
        PACKETS.put("emptyUdp", ipv4("8.8.8.8", "10.0.0.1").carrying(udp().ports(53, 443)).parse());
        PACKETS.put("icmp", ipv4("10.0.0.1", "192.168.1.1").body(1, bytes(8, 0, 0, 0, 0, 0, 0, 0)).parse());
        PACKETS.put("fragment", ipv4("10.0.0.1", "192.168.1.1").body(Packet.TCP, tlsRecord(23, 3, 30))
                .fragment(10, false).parse());
        PACKETS.put("v6tls", ipv6("2001:db8::1", "2001:db8::2")
                .carrying(tcp().ports(443, 40000).payload(tlsRecord(22, 3, 4))).parse());
        PACKETS.put("snapped", TestPackets.parse(Arrays.copyOf(ipv4("10.0.0.1", "192.168.1.1")
                .carrying(tcp().ports(50003, 443).payload(new byte[100])).bytes(), 40)));
    }

    private static Set<String> selected(PacketFilter f) {
        return PACKETS.entrySet().stream().filter(e -> f.test(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static Set<String> where(Predicate<String> names) {
        return PACKETS.keySet().stream().filter(names).collect(Collectors.toSet());
    }

    @Test
    @DisplayName("each factory selects the packets it names")
    void factories() {
        assertThat(selected(PacketFilter.all())).isEqualTo(PACKETS.keySet());
        assertThat(selected(PacketFilter.tcp())).containsExactlyInAnyOrder("tls", "syn", "http", "v6tls", "snapped");
        assertThat(selected(PacketFilter.udp())).containsExactlyInAnyOrder("dns", "emptyUdp");
        assertThat(selected(PacketFilter.hasPayload()))
                .as("announced payload counts, captured or not")
                .containsExactlyInAnyOrder("tls", "http", "dns", "v6tls", "snapped");
        assertThat(selected(PacketFilter.tlsSegment())).containsExactlyInAnyOrder("tls", "v6tls");
        assertThat(selected(PacketFilter.httpRequest())).containsExactlyInAnyOrder("http");
        assertThat(selected(PacketFilter.sourceIn(Subnet.parse("10.0.0.0/8"))))
                .containsExactlyInAnyOrder("tls", "syn", "dns", "icmp", "fragment", "snapped");
        assertThat(selected(PacketFilter.destinationIn(Subnet.parse("10.0.0.0/8"))))
                .containsExactlyInAnyOrder("http", "emptyUdp");
        assertThat(selected(PacketFilter.destinationIn(Subnet.parse("2001:db8::/32")))).containsExactly("v6tls");
        assertThat(selected(new PacketFilter.Address(Direction.EITHER, Subnet.parse("8.8.8.8"))))
                .containsExactlyInAnyOrder("dns", "emptyUdp");
    }

    @Test
    @DisplayName("port filters look at TCP and UDP ports, and never select other packets")
    void ports() {
        assertThat(selected(PacketFilter.port(443))).containsExactlyInAnyOrder("tls", "syn", "emptyUdp", "v6tls",
                "snapped");
        assertThat(selected(PacketFilter.destinationPort(443))).containsExactlyInAnyOrder("tls", "syn", "emptyUdp",
                "snapped");
        assertThat(selected(PacketFilter.sourcePort(443))).containsExactly("v6tls");
        assertThat(selected(PacketFilter.port(53))).containsExactlyInAnyOrder("dns", "emptyUdp");
        assertThat(selected(PacketFilter.sourcePort(53))).containsExactly("emptyUdp");
        assertThat(selected(PacketFilter.port(80))).containsExactly("http");
        assertThat(selected(PacketFilter.port(0))).as("ICMP and fragments have no ports").isEmpty();
    }

    @Test
    @DisplayName("and, or and not combine selections as sets do")
    void combinators() {
        PacketFilter tcp = PacketFilter.tcp();
        PacketFilter payload = PacketFilter.hasPayload();
        PacketFilter tls = PacketFilter.tlsSegment();
        assertThat(selected(tcp.and(payload).and(tls.not()))).containsExactlyInAnyOrder("http", "snapped");
        assertThat(selected(PacketFilter.udp().or(PacketFilter.httpRequest())))
                .containsExactlyInAnyOrder("dns", "emptyUdp", "http");
        assertThat(selected(tcp.not())).isEqualTo(where(n -> !selected(tcp).contains(n)));
        assertThat(selected(PacketFilter.all().not())).isEmpty();
        List<PacketFilter> parts = List.of(tcp, payload, tls, PacketFilter.udp(), PacketFilter.port(443),
                PacketFilter.sourceIn(Subnet.parse("10.0.0.0/8")));
        for (PacketFilter a : parts) {
            for (PacketFilter b : parts) {
                assertThat(selected(a.and(b))).isEqualTo(where(n -> selected(a).contains(n) && selected(b).contains(n)));
                assertThat(selected(a.or(b))).isEqualTo(where(n -> selected(a).contains(n) || selected(b).contains(n)));
                assertThat(selected(a.and(b).not())).as("De Morgan").isEqualTo(selected(a.not().or(b.not())));
            }
        }
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {0, 1, 5, 7, 16, 18, 58, 255})
    @DisplayName("Protocol takes only TCP and UDP")
    void protocolRejectsOthers(int number) {
        assertThatThrownBy(() -> new PacketFilter.Protocol(number)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(number));
    }

    @Test
    @DisplayName("ports outside 0..65535 and null parts are refused")
    void validation() {
        assertThatThrownBy(() -> PacketFilter.port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketFilter.sourcePort(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PacketFilter.destinationPort(65535)).isEqualTo(new PacketFilter.Port(Direction.DST, 65535));
        assertThatThrownBy(() -> PacketFilter.sourceIn(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> PacketFilter.all().and(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PacketFilter.Not(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("filters are data: equal when built alike")
    void equality() {
        assertThat(PacketFilter.tcp().and(PacketFilter.port(443)))
                .isEqualTo(PacketFilter.tcp().and(PacketFilter.port(443)))
                .isNotEqualTo(PacketFilter.port(443).and(PacketFilter.tcp()));
        assertThat(PacketFilter.sourceIn(Subnet.parse("10.1.2.3/8")))
                .isEqualTo(PacketFilter.sourceIn(Subnet.parse("10.0.0.0/8")));
    }

    @Test
    @DisplayName("toString reads like the expression")
    void readable() {
        assertThat(PacketFilter.tcp().and(PacketFilter.hasPayload()).and(PacketFilter.tlsSegment().not()))
                .hasToString("((tcp and payload) and not tls-segment)");
        assertThat(PacketFilter.udp().or(PacketFilter.httpRequest())).hasToString("(udp or http-request)");
        assertThat(PacketFilter.all()).hasToString("all");
        assertThat(PacketFilter.sourceIn(Subnet.parse("10.0.0.0/8"))).hasToString("src in 10.0.0.0/8");
        assertThat(PacketFilter.destinationIn(Subnet.parse("2001:db8::/32"))).hasToString("dst in 2001:db8::/32");
        assertThat(new PacketFilter.Address(Direction.EITHER, Subnet.parse("1.2.3.4")))
                .hasToString("either in 1.2.3.4");
        assertThat(PacketFilter.port(443)).hasToString("port 443");
        assertThat(PacketFilter.sourcePort(53)).hasToString("src port 53");
        assertThat(PacketFilter.destinationPort(80).not()).hasToString("not dst port 80");
    }
}
