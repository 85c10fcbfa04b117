package org.covertmark.api.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.covertmark.api.packet.TestPackets.ascii;
import static org.covertmark.api.packet.TestPackets.bytes;
import static org.covertmark.api.packet.TestPackets.concat;
import static org.covertmark.api.packet.TestPackets.ipv4;
import static org.covertmark.api.packet.TestPackets.ipv6;
import static org.covertmark.api.packet.TestPackets.tcp;
import static org.covertmark.api.packet.TestPackets.tlsRecord;
import static org.covertmark.api.packet.TestPackets.udp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.PacketField;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Packet.parse on mutated bytes")
class PacketFuzzTest {

    private static final long SEED = 0x5eed_c0ffeeL;
    private static final int ITERATIONS = 20_000;

    private static final byte[] TCP_OPTIONS = bytes(0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07, 0x04, 0x02, 0x08,
            0x0a, 0, 0, 0, 1, 0, 0, 0, 2);

    /** Valid packets of every shape the decoder knows, to be mutated. */
    private static final List<byte[]> SEEDS = List.of(
            ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().options(TCP_OPTIONS).flags(0x1ff)
                    .payload(concat(tlsRecord(22, 1, 40), tlsRecord(23, 3, 10)))).bytes(),
            ipv4("10.0.0.1", "10.0.0.2").options(bytes(0x94, 4, 0, 0, 1, 1, 1, 0))
                    .carrying(tcp().payload("GET /x HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n")).bytes(),
            ipv4("10.0.0.1", "10.0.0.2").carrying(udp().payload(ascii("datagram"))).padding(6).bytes(),
            ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().payload("POST /u HTTP/1.0")).fragment(0, true).bytes(),
            ipv4("10.0.0.1", "10.0.0.2").body(Packet.TCP, tlsRecord(23, 3, 12)).fragment(7, false).bytes(),
            ipv6("2001:db8::1", "::ffff:1.2.3.4").optionsHeader(0, 1).optionsHeader(43, 2).optionsHeader(60, 1)
                    .fragmentHeader(0, true).carrying(tcp().options(TCP_OPTIONS).payload(tlsRecord(22, 3, 20)))
                    .bytes(),
            ipv6("fe80::1", "ff02::fb").carrying(udp().ports(5353, 5353).payload(new byte[12])).bytes(),
            ipv6("::1", "::2").fragmentHeader(20, false).carrying(tcp().payload("x")).bytes(),
            ipv6("::1", "::2").carrying(tcp().payload("CONNECT h:443 HTTP/1.1\r\n")).payloadLength(0).bytes());

    private static final List<PacketFilter> FILTERS = List.of(PacketFilter.tcp(), PacketFilter.udp(),
            PacketFilter.hasPayload(), PacketFilter.tlsSegment(), PacketFilter.httpRequest(), PacketFilter.port(443),
            PacketFilter.sourcePort(80), PacketFilter.destinationPort(53),
            PacketFilter.sourceIn(Subnet.parse("10.0.0.0/8")), PacketFilter.destinationIn(Subnet.parse("::/0")));

    @Test
    @DisplayName("returns a packet or throws MalformedPacketException, and every accessor of a packet returns")
    void neverCrashes() {
        Random random = new Random(SEED);
        int parsed = 0;
        int malformed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
            Packet p;
            try {
                p = TestPackets.parse(input);
            } catch (MalformedPacketException e) {
                malformed++;
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + ": parse threw on " + HexFormat.of().formatHex(input), e);
            }
            parsed++;
            try {
                touchEverything(p);
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + ": an accessor threw on "
                        + HexFormat.of().formatHex(input), e);
            }
        }
        assertThat(parsed).as("most mutations still parse").isGreaterThan(ITERATIONS / 2);
        assertThat(malformed).as("some mutations are refused").isPositive();
    }

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] b = seed.clone();
        int kind = random.nextInt(10);
        if (kind == 0) {
            // wholly random bytes behind a plausible version nibble
            b = new byte[random.nextInt(120)];
            random.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) ((random.nextBoolean() ? 0x40 : 0x60) | (b[0] & 0x0f));
            }
            return b;
        }
        int flips = 1 + random.nextInt(6);
        for (int k = 0; k < flips; k++) {
            // mostly in the headers, where the decoder makes its decisions
            int at = random.nextInt(4) == 0 ? random.nextInt(b.length) : random.nextInt(Math.min(b.length, 80));
            b[at] = switch (random.nextInt(4)) {
                case 0 -> (byte) random.nextInt(256);
                case 1 -> (byte) (b[at] ^ (1 << random.nextInt(8)));
                case 2 -> (byte) 0xff;
                default -> 0;
            };
        }
        if (random.nextInt(3) == 0) {
            b = Arrays.copyOf(b, random.nextInt(b.length + 1));
        }
        if (random.nextInt(8) == 0) {
            byte[] tail = new byte[random.nextInt(30)];
            random.nextBytes(tail);
            b = concat(b, tail);
        }
        return b;
    }

    private static void touchEverything(Packet p) {
        p.frame();
        p.timestamp();
        p.timeMicros();
        p.wireLength();
        p.ipVersion();
        p.source().toString();
        p.destination().toString();
        p.ipLength();
        p.ttl();
        p.protocol();
        p.isFragment();
        p.hasTransportHeader();
        p.isTcp();
        p.isUdp();
        p.tcp().ifPresent(t -> {
            t.sourcePort();
            t.destinationPort();
            t.sequenceNumber();
            t.acknowledgementNumber();
            t.headerLength();
            t.flags();
            t.hasFlags(TcpSegment.SYN | TcpSegment.ACK);
            t.window();
            t.urgentPointer();
            t.options().forEach(o -> o.value().toHex());
            t.payloadLength();
            t.payload().toHex();
            t.header().toHex();
            t.toString();
        });
        p.udp().ifPresent(u -> {
            u.sourcePort();
            u.destinationPort();
            u.length();
            u.payload().toHex();
            u.toString();
        });
        p.payload().toHex();
        p.bytes().toHex();
        // the cheap checks agree with the full decoding
        assertThat(p.isTlsSegment()).isEqualTo(!p.tlsRecords().isEmpty());
        assertThat(p.isHttpRequest()).isEqualTo(p.httpRequest().isPresent());
        if (p.isTcp() || p.protocol() != Packet.TCP) {
            assertThat(p.tcpPayloadLength()).isEqualTo(p.tcp().map(TcpSegment::payloadLength).orElse(0));
        } else {
            // a TCP header cut short: the announced length, once its data offset was captured
            assertThat(p.tcpPayloadLength()).isNotNegative();
        }
        p.httpRequest().ifPresent(r -> r.header("host"));
        p.toString();
        for (PacketFilter f : FILTERS) {
            f.test(p);
            f.not().test(p);
        }
        for (PacketField<?> field : PacketField.values()) {
            field.valueOf(p);
        }
    }

    @Test
    @DisplayName("the seeds themselves are valid packets")
    void seedsParse() {
        for (byte[] seed : SEEDS) {
            Packet p = TestPackets.parse(seed);
            if (!p.isTcp() && !p.isUdp() && p.hasTransportHeader()) {
                fail("seed decodes no transport: " + p);
            }
        }
    }
}
