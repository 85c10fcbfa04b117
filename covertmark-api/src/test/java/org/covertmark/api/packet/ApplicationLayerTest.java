package org.covertmark.api.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.api.packet.TestPackets.ascii;
import static org.covertmark.api.packet.TestPackets.concat;
import static org.covertmark.api.packet.TestPackets.ipv4;
import static org.covertmark.api.packet.TestPackets.ipv6;
import static org.covertmark.api.packet.TestPackets.tcp;
import static org.covertmark.api.packet.TestPackets.tlsRecord;
import static org.covertmark.api.packet.TestPackets.udp;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.covertmark.api.packet.HttpRequest.Header;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Application layer")
class ApplicationLayerTest {

    private static Packet tcpWith(byte[] payload) {
        return ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().ports(50000, 443).payload(payload)).parse();
    }

    @Nested
    @DisplayName("TLS records")
    class Tls {

        static Stream<Arguments> segments() {
            byte[] hello = tlsRecord(22, 1, 200);
            byte[] data = tlsRecord(23, 3, 40);
            return Stream.of(
                    Arguments.of("one whole record", hello, List.of(new TlsRecord(22, 0x0301, 200))),
                    Arguments.of("two whole records", concat(hello, data),
                            List.of(new TlsRecord(22, 0x0301, 200), new TlsRecord(23, 0x0303, 40))),
                    Arguments.of("three records, one of them empty", concat(tlsRecord(20, 3, 1), tlsRecord(23, 3, 0),
                            tlsRecord(21, 3, 2)), List.of(new TlsRecord(20, 0x0303, 1), new TlsRecord(23, 0x0303, 0),
                            new TlsRecord(21, 0x0303, 2))),
                    Arguments.of("a whole record then part of one", concat(hello, Arrays.copyOf(data, 20)),
                            List.of(new TlsRecord(22, 0x0301, 200))),
                    Arguments.of("a whole record then part of a header", concat(data, Arrays.copyOf(hello, 3)),
                            List.of(new TlsRecord(23, 0x0303, 40))),
                    Arguments.of("a whole record then junk", concat(data, ascii("GET / HTTP/1.1")),
                            List.of(new TlsRecord(23, 0x0303, 40))),
                    Arguments.of("a record longer than the segment", Arrays.copyOf(tlsRecord(23, 3, 3000), 1400),
                            List.of()),
                    Arguments.of("a record one byte longer than the segment", Arrays.copyOf(data, data.length - 1),
                            List.of()),
                    Arguments.of("a bare record header", Arrays.copyOf(data, 5), List.of()),
                    Arguments.of("four bytes", Arrays.copyOf(data, 4), List.of()),
                    Arguments.of("content type 19", tlsRecord(19, 3, 4), List.of()),
                    Arguments.of("content type 25", tlsRecord(25, 3, 4), List.of()),
                    Arguments.of("heartbeat, content type 24", tlsRecord(24, 3, 4), List.of(new TlsRecord(24, 0x0303,
                            4))),
                    Arguments.of("SSL 3.0", tlsRecord(22, 0, 4), List.of(new TlsRecord(22, 0x0300, 4))),
                    Arguments.of("major version 2", withByte(tlsRecord(22, 1, 4), 1, 2), List.of()),
                    Arguments.of("major version 4", withByte(tlsRecord(22, 1, 4), 1, 4), List.of()),
                    Arguments.of("minor version 5", tlsRecord(22, 5, 4), List.of()),
                    Arguments.of("length above 2^14 + 2048", tlsRecord(23, 3, (1 << 14) + 2049), List.of()),
                    Arguments.of("length of 2^14 + 2048", tlsRecord(23, 3, (1 << 14) + 2048),
                            List.of(new TlsRecord(23, 0x0303, (1 << 14) + 2048))),
                    Arguments.of("a record after junk", concat(ascii("x"), data), List.of()),
                    Arguments.of("no payload", new byte[0], List.of()));
        }

        private static byte[] withByte(byte[] b, int at, int value) {
            b[at] = (byte) value;
            return b;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("segments")
        @DisplayName("lists the whole records from the start of the payload; isTlsSegment agrees")
        void records(String description, byte[] payload, List<TlsRecord> expected) {
            Packet p = tcpWith(payload);
            assertThat(p.tlsRecords()).isEqualTo(expected);
            assertThat(p.isTlsSegment()).isEqualTo(!expected.isEmpty());
        }

        @Test
        @DisplayName("TLS over IPv6 is found the same way")
        void ipv6Segment() {
            Packet p = ipv6("::1", "::2").optionsHeader(0, 1).carrying(tcp().payload(tlsRecord(23, 3, 10))).parse();
            assertThat(p.tlsRecords()).containsExactly(new TlsRecord(TlsRecord.APPLICATION_DATA, 0x0303, 10));
        }

        @Test
        @DisplayName("a record cut by the capture's snap length is not whole")
        void cutByCapture() {
            byte[] raw = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().payload(tlsRecord(22, 3, 100))).bytes();
            Packet p = TestPackets.parse(Arrays.copyOf(raw, 40 + 60));
            assertThat(p.tcp().orElseThrow().payloadLength()).isEqualTo(105);
            assertThat(p.tlsRecords()).isEmpty();
            assertThat(p.isTlsSegment()).isFalse();
        }

        @Test
        @DisplayName("UDP payloads and later fragments are never TLS segments")
        void notTcp() {
            Packet u = ipv4("10.0.0.1", "10.0.0.2").carrying(udp().payload(tlsRecord(22, 3, 4))).parse();
            assertThat(u.tlsRecords()).isEmpty();
            assertThat(u.isTlsSegment()).isFalse();
            Packet frag = ipv4("10.0.0.1", "10.0.0.2").body(Packet.TCP, tlsRecord(22, 3, 4)).fragment(3, false)
                    .parse();
            assertThat(frag.tlsRecords()).isEmpty();
            assertThat(frag.isTlsSegment()).isFalse();
        }

        @Test
        @DisplayName("the list cannot be changed")
        void immutable() {
            List<TlsRecord> records = tcpWith(tlsRecord(22, 3, 4)).tlsRecords();
            assertThatThrownBy(() -> records.add(new TlsRecord(1, 2, 3)))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    @DisplayName("HTTP requests")
    class Http {

        private HttpRequest request(String payload) {
            Packet p = tcpWith(ascii(payload));
            assertThat(p.isHttpRequest()).as("isHttpRequest of %s", payload).isTrue();
            return p.httpRequest().orElseThrow(() -> new AssertionError("not a request: " + payload));
        }

        @Test
        @DisplayName("reads method, target, version and the header fields in order")
        void fullRequest() {
            HttpRequest r = request("GET /index.html?q=a%20b HTTP/1.1\r\nHost: example.com\r\n"
                    + "User-Agent:   curl/8.5.0  \r\nAccept: */*\r\nX-Empty:\r\nhost: second\r\n\r\nbody: not a header\r\n");
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.uri()).isEqualTo("/index.html?q=a%20b");
            assertThat(r.version()).isEqualTo("HTTP/1.1");
            assertThat(r.headers()).containsExactly(new Header("Host", "example.com"),
                    new Header("User-Agent", "curl/8.5.0"), new Header("Accept", "*/*"), new Header("X-Empty", ""),
                    new Header("host", "second"));
            assertThat(r.header("HOST")).contains("example.com");
            assertThat(r.header("user-agent")).contains("curl/8.5.0");
            assertThat(r.header("Body")).isEmpty();
            assertThat(r.header("Cookie")).isEmpty();
            assertThatThrownBy(() -> r.headers().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("accepts bare LF line ends and keeps only header lines that end in the segment")
        void lfAndCutHeaders() {
            HttpRequest r = request("POST /upload HTTP/1.0\nContent-Length: 5\nnot a header line\nX-Cut: par");
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.version()).isEqualTo("HTTP/1.0");
            assertThat(r.headers()).containsExactly(new Header("Content-Length", "5"));
        }

        @Test
        @DisplayName("CONNECT with an authority target and M-SEARCH with *")
        void otherTargets() {
            assertThat(request("CONNECT example.com:443 HTTP/1.1\r\n\r\n").uri()).isEqualTo("example.com:443");
            assertThat(request("M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\n").method()).isEqualTo("M-SEARCH");
        }

        static Stream<Arguments> cutRequestLines() {
            return Stream.of(
                    Arguments.of("GET /very/long/path/that/goes/on", "GET", "/very/long/path/that/goes/on", ""),
                    Arguments.of("GET /a ", "GET", "/a", ""),
                    Arguments.of("POST /upload HTTP/1.", "POST", "/upload", "HTTP/1."),
                    Arguments.of("HEAD / HTTP/1.0", "HEAD", "/", "HTTP/1.0"),
                    Arguments.of("GET /x HTTP/1.1\r", "GET", "/x", "HTTP/1.1"));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @MethodSource("cutRequestLines")
        @DisplayName("a request line cut at the end of the segment keeps method and target, version as far as it goes")
        void cutRequestLine(String payload, String method, String uri, String version) {
            HttpRequest r = request(payload);
            assertThat(r.method()).isEqualTo(method);
            assertThat(r.uri()).isEqualTo(uri);
            assertThat(r.version()).isEqualTo(version);
            assertThat(r.headers()).isEmpty();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"get / HTTP/1.1\r\n\r\n", "Get / HTTP/1.1\r\n", "FETCH / HTTP/1.1\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "GET", "GET ", "GET\r\n", " GET / HTTP/1.1\r\n",
            "GET  HTTP/1.1\r\n", "GET HTTP/1.1\r\n", "GET /a b HTTP/1.1\r\n", "GET / HTTP/2\r\n", "GET / http/1.1\r\n",
            "GET / HTTP/1.1 x\r\n", "GET / HTTP/1.2x", "GET / FTP/1.0", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            "\u0016\u0003\u0001\u0000\u0004abcd", ""})
        @DisplayName("other payloads are not requests")
        void notRequests(String payload) {
            assertThat(tcpWith(ascii(payload)).httpRequest()).isEmpty();
            assertThat(tcpWith(ascii(payload)).isHttpRequest()).isFalse();
        }

        @Test
        @DisplayName("only TCP payloads are read")
        void onlyTcp() {
            Packet u = ipv4("10.0.0.1", "10.0.0.2").carrying(udp().payload(ascii("GET / HTTP/1.1\r\n\r\n"))).parse();
            assertThat(u.httpRequest()).isEmpty();
            assertThat(u.isHttpRequest()).isFalse();
        }
    }
}
