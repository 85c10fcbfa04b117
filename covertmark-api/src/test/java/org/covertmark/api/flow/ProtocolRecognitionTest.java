package org.covertmark.api.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.api.packet.TestPackets.ascii;
import static org.covertmark.api.packet.TestPackets.bytes;
import static org.covertmark.api.packet.TestPackets.concat;
import static org.covertmark.api.packet.TestPackets.tlsRecord;

import org.covertmark.api.packet.ByteView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Protocol recognition from the first payload of each direction")
class ProtocolRecognitionTest {

    private static final byte[] NOISE = bytes(0x8f, 0x3a, 0x00, 0xd1, 0x77, 0x12, 0xee, 0x40, 0x9b, 0x05);

    private static ByteView v(byte[] b) {
        return ByteView.of(b);
    }

    private static AppProtocol tcp(int clientPort, int serverPort, byte[] client, byte[] server) {
        return ProtocolRecognition.recognise(Transport.TCP, clientPort, serverPort, client == null ? null : v(client),
                server == null ? null : v(server));
    }

    private static AppProtocol udp(int clientPort, int serverPort, byte[] client, byte[] server) {
        return ProtocolRecognition.recognise(Transport.UDP, clientPort, serverPort, client == null ? null : v(client),
                server == null ? null : v(server));
    }

    /** A DNS header: id, flags, then the four counts, followed by {@code rest}. */
    private static byte[] dns(int id, int flags, int questions, int answers, int authority, int additional,
            byte[] rest) {
        return concat(bytes(id >>> 8, id, flags >>> 8, flags, questions >>> 8, questions, answers >>> 8, answers,
                authority >>> 8, authority, additional >>> 8, additional), rest);
    }

    private static final byte[] QUESTION = concat(bytes(7), ascii("example"), bytes(3), ascii("com"),
            bytes(0, 0, 1, 0, 1));

    /** A QUIC long-header Initial of this version with a 4-byte destination connection id. */
    private static byte[] quic(int firstByte, long version) {
        return concat(bytes(firstByte, (int) (version >>> 24), (int) (version >>> 16), (int) (version >>> 8),
                (int) version, 4, 1, 2, 3, 4, 0, 0x41, 0x00), new byte[40]);
    }

    @Nested
    @DisplayName("TLS")
    class Tls {
        @Test
        @DisplayName("a handshake record from the client makes the connection TLS")
        void clientHello() {
            assertThat(tcp(50000, 443, tlsRecord(22, 1, 200), null)).isEqualTo(AppProtocol.TLS);
        }

        @Test
        @DisplayName("a record header from the server makes the connection TLS when the client's bytes were not seen")
        void serverOnly() {
            assertThat(tcp(50000, 443, null, tlsRecord(22, 3, 90))).isEqualTo(AppProtocol.TLS);
            assertThat(tcp(50000, 443, new byte[0], tlsRecord(23, 3, 90))).isEqualTo(AppProtocol.TLS);
        }

        @Test
        @DisplayName("a server's record header decides when the client's first bytes show nothing known")
        void serverAfterUnknownClient() {
            assertThat(tcp(50000, 8443, NOISE, tlsRecord(21, 3, 2))).isEqualTo(AppProtocol.TLS);
        }

        @Test
        @DisplayName("every content type 20..24 and every minor version 0..4 counts; their neighbours do not")
        void headerBounds() {
            for (int type = 20; type <= 24; type++) {
                for (int minor = 0; minor <= 4; minor++) {
                    assertThat(tcp(50000, 443, tlsRecord(type, minor, 10), null)).as("type %d minor %d", type, minor)
                            .isEqualTo(AppProtocol.TLS);
                }
            }
            assertThat(tcp(50000, 443, tlsRecord(19, 3, 10), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(tcp(50000, 443, tlsRecord(25, 3, 10), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(tcp(50000, 443, tlsRecord(22, 5, 10), null)).isEqualTo(AppProtocol.UNKNOWN);
            byte[] major2 = tlsRecord(22, 1, 10);
            major2[1] = 2;
            assertThat(tcp(50000, 443, major2, null)).isEqualTo(AppProtocol.UNKNOWN);
        }

        @Test
        @DisplayName("a header cut before its length, or announcing more than 2^14 + 2048 bytes, is not TLS")
        void length() {
            assertThat(tcp(50000, 443, bytes(22, 3, 1, 0), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(tcp(50000, 443, bytes(22, 3, 1, 0x48, 0x00), null)).isEqualTo(AppProtocol.TLS);
            assertThat(tcp(50000, 443, bytes(22, 3, 1, 0x48, 0x01), null)).isEqualTo(AppProtocol.UNKNOWN);
        }

        @Test
        @DisplayName("the first record header of a 16 KB record spanning many segments is enough")
        void longRecord() {
            byte[] firstSegment = java.util.Arrays.copyOf(tlsRecord(23, 3, 16384), 1448);
            assertThat(tcp(50000, 443, firstSegment, null)).isEqualTo(AppProtocol.TLS);
        }

        @Test
        @DisplayName("a TLS record header over UDP is not TLS")
        void notOverUdp() {
            assertThat(udp(50000, 443, tlsRecord(22, 1, 200), null)).isEqualTo(AppProtocol.UNKNOWN);
        }
    }

    @Nested
    @DisplayName("HTTP")
    class Http {
        @Test
        @DisplayName("a request from the client makes the connection HTTP")
        void request() {
            assertThat(tcp(50000, 80, ascii("GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n"), null))
                    .isEqualTo(AppProtocol.HTTP);
            assertThat(tcp(50000, 8080, ascii("POST /api HTTP/1.0\r\n"), NOISE)).isEqualTo(AppProtocol.HTTP);
        }

        @Test
        @DisplayName("a request line cut at the end of the segment still begins a request")
        void cutRequest() {
            assertThat(tcp(50000, 80, ascii("GET /a/very/long/path"), null)).isEqualTo(AppProtocol.HTTP);
        }

        @Test
        @DisplayName("a plain HTTP response from the server makes the connection HTTP although the client's bytes were not seen")
        void response() {
            assertThat(tcp(50000, 80, null, ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")))
                    .isEqualTo(AppProtocol.HTTP);
            assertThat(tcp(50000, 80, null, ascii("HTTP/1.0 404 Not Found\r\n"))).isEqualTo(AppProtocol.HTTP);
        }

        @Test
        @DisplayName("a response from the client or a request from the server is not HTTP")
        void wrongDirections() {
            assertThat(tcp(50000, 80, ascii("HTTP/1.1 200 OK\r\n"), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(tcp(50000, 80, null, ascii("GET / HTTP/1.1\r\n"))).isEqualTo(AppProtocol.UNKNOWN);
        }

        @Test
        @DisplayName("lower-case methods, unknown methods, HTTP/2 status lines and SSDP over UDP are not HTTP")
        void lookalikes() {
            assertThat(tcp(50000, 80, ascii("get / HTTP/1.1\r\n"), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(tcp(50000, 80, ascii("FETCH / HTTP/1.1\r\n"), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(tcp(50000, 80, null, ascii("HTTP/2 200\r\n"))).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(tcp(50000, 80, null, ascii("HTTP/1.1200 OK\r\n"))).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(50000, 1900, ascii("M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\n\r\n"), null))
                    .isEqualTo(AppProtocol.UNKNOWN);
        }
    }

    @Nested
    @DisplayName("SSH")
    class Ssh {
        @Test
        @DisplayName("an SSH-2.0 banner from the client makes the connection SSH")
        void client() {
            assertThat(tcp(50000, 22, ascii("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3\r\n"), null)).isEqualTo(AppProtocol.SSH);
        }

        @Test
        @DisplayName("an SSH-1.99 banner from the server makes the connection SSH when the client's first bytes show nothing")
        void server() {
            assertThat(tcp(50000, 2222, NOISE, ascii("SSH-1.99-Cisco-1.25\r\n"))).isEqualTo(AppProtocol.SSH);
            assertThat(tcp(50000, 22, null, ascii("SSH-2.0-dropbear\r\n"))).isEqualTo(AppProtocol.SSH);
        }

        @Test
        @DisplayName("text that only resembles a banner is not SSH")
        void lookalike() {
            assertThat(tcp(50000, 22, ascii("SSH2.0-x\r\n"), ascii("ssh-2.0-x\r\n"))).isEqualTo(AppProtocol.UNKNOWN);
        }
    }

    @Nested
    @DisplayName("DNS")
    class Dns {
        @Test
        @DisplayName("a UDP query with one question to port 53 is DNS")
        void query() {
            assertThat(udp(40000, 53, dns(0x1234, 0x0100, 1, 0, 0, 0, QUESTION), null)).isEqualTo(AppProtocol.DNS);
        }

        @Test
        @DisplayName("a response from port 53 is DNS when the query was not seen")
        void response() {
            assertThat(udp(40000, 53, null, dns(0x1234, 0x8180, 1, 1, 0, 0, QUESTION))).isEqualTo(AppProtocol.DNS);
        }

        @Test
        @DisplayName("an mDNS announcement on port 5353 with answers and no question is DNS")
        void mdns() {
            assertThat(udp(5353, 5353, dns(0, 0x8400, 0, 2, 0, 1, new byte[30]), null)).isEqualTo(AppProtocol.DNS);
        }

        @Test
        @DisplayName("a query without a question, an empty response, opcode 3, a short header, or another port is not DNS")
        void implausible() {
            assertThat(udp(40000, 53, dns(1, 0x0100, 0, 0, 0, 0, QUESTION), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(40000, 53, dns(1, 0x8180, 0, 0, 0, 0, new byte[0]), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(40000, 53, dns(1, 0x1900, 1, 0, 0, 0, QUESTION), null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(40000, 53, bytes(0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0), null))
                    .isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(40000, 54, dns(1, 0x0100, 1, 0, 0, 0, QUESTION), null)).isEqualTo(AppProtocol.UNKNOWN);
        }

        @Test
        @DisplayName("over TCP the header follows a two-byte length prefix")
        void overTcp() {
            byte[] query = dns(0x4242, 0x0100, 1, 0, 0, 0, QUESTION);
            byte[] framed = concat(bytes(query.length >>> 8, query.length), query);
            assertThat(tcp(40000, 53, framed, null)).isEqualTo(AppProtocol.DNS);
            assertThat(tcp(40000, 53, dns(0x0005, 0x0100, 1, 0, 0, 0, QUESTION), null))
                    .as("a message without its length prefix").isEqualTo(AppProtocol.UNKNOWN);
        }

        @Test
        @DisplayName("a DNS-over-TCP message whose first bytes read like a TLS header stays DNS on port 53")
        void beforeTls() {
            byte[] framed = concat(bytes(0x16, 0x03), dns(0x0100, 0x0100, 1, 0, 0, 0, QUESTION));
            assertThat(tcp(40000, 53, framed, null)).isEqualTo(AppProtocol.DNS);
            assertThat(tcp(40000, 853, framed, null)).as("the same bytes off the DNS ports")
                    .isEqualTo(AppProtocol.TLS);
        }
    }

    @Nested
    @DisplayName("QUIC")
    class Quic {
        @Test
        @DisplayName("a long-header Initial of version 1 from the client is QUIC, on any port")
        void version1() {
            assertThat(udp(50000, 443, quic(0xc3, 1), null)).isEqualTo(AppProtocol.QUIC);
            assertThat(udp(50000, 4433, quic(0xc0, 1), null)).isEqualTo(AppProtocol.QUIC);
        }

        @Test
        @DisplayName("version 2 and draft versions are QUIC")
        void otherVersions() {
            assertThat(udp(50000, 443, quic(0xd0, 0x6b3343cfL), null)).isEqualTo(AppProtocol.QUIC);
            assertThat(udp(50000, 443, quic(0xc1, 0xff00001dL), null)).isEqualTo(AppProtocol.QUIC);
        }

        @Test
        @DisplayName("Google QUIC, version negotiation, short headers and a first byte without the fixed bit are not QUIC")
        void notQuic() {
            assertThat(udp(50000, 443, quic(0xc3, 0x51303530L), null)).as("Q050").isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(50000, 443, quic(0xc3, 0), null)).as("version negotiation").isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(50000, 443, quic(0x43, 1), null)).as("short header").isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(50000, 443, quic(0x83, 1), null)).as("no fixed bit").isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(50000, 443, bytes(0xc3, 0, 0, 0), null)).as("cut short").isEqualTo(AppProtocol.UNKNOWN);
        }

        @Test
        @DisplayName("the server's long header decides when the client's Initial was not captured")
        void server() {
            assertThat(udp(50000, 443, null, quic(0xe1, 1))).isEqualTo(AppProtocol.QUIC);
        }

        @Test
        @DisplayName("QUIC bytes over TCP are not QUIC")
        void notOverTcp() {
            assertThat(tcp(50000, 443, quic(0xc3, 1), null)).isEqualTo(AppProtocol.UNKNOWN);
        }
    }

    @Nested
    @DisplayName("both directions")
    class Directions {
        @Test
        @DisplayName("the client's first payload decides before the server's")
        void clientFirst() {
            assertThat(tcp(50000, 22, tlsRecord(22, 1, 20), ascii("SSH-2.0-x\r\n"))).isEqualTo(AppProtocol.TLS);
            assertThat(tcp(50000, 80, ascii("SSH-2.0-x\r\n"), ascii("HTTP/1.1 200 OK\r\n"))).isEqualTo(AppProtocol.SSH);
        }

        @Test
        @DisplayName("no payload in either direction, or only unknown bytes, is UNKNOWN")
        void nothing() {
            assertThat(tcp(50000, 443, null, null)).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(udp(50000, 443, new byte[0], new byte[0])).isEqualTo(AppProtocol.UNKNOWN);
            assertThat(tcp(50000, 443, NOISE, NOISE)).isEqualTo(AppProtocol.UNKNOWN);
        }
    }

    @Nested
    @DisplayName("labels")
    class Labels {
        @Test
        @DisplayName("each protocol's label is its lower-case name and parses back, whatever the case")
        void roundTrip() {
            for (AppProtocol p : AppProtocol.values()) {
                assertThat(p.label()).isEqualTo(p.name().toLowerCase(java.util.Locale.ROOT));
                assertThat(AppProtocol.ofLabel(p.label())).isEqualTo(p);
                assertThat(AppProtocol.ofLabel(p.name())).isEqualTo(p);
            }
            assertThat(AppProtocol.ofLabel("Quic")).isEqualTo(AppProtocol.QUIC);
            assertThat(Transport.TCP.label()).isEqualTo("tcp");
            assertThat(Transport.UDP.label()).isEqualTo("udp");
        }

        @Test
        @DisplayName("an unknown label is refused with the valid ones named")
        void unknownLabel() {
            assertThatThrownBy(() -> AppProtocol.ofLabel("gopher")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'gopher'").hasMessageContaining("tls, http, ssh, dns, quic, unknown");
            assertThatThrownBy(() -> AppProtocol.ofLabel(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
