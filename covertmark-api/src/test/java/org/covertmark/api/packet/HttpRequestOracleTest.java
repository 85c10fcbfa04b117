package org.covertmark.api.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.covertmark.api.packet.TestPackets.ipv4;
import static org.covertmark.api.packet.TestPackets.tcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The byte-level HTTP request reader against a plain reading of the same rules on a Latin-1 string
 * of the payload (the decoder's earlier implementation), on many request-like payloads: the same
 * request or the same absence of one, field for field, and {@link Packet#isHttpRequest()} agrees.
 */
@DisplayName("HTTP request reading agrees with a plain string reading of the same rules")
class HttpRequestOracleTest {

    private static final long SEED = 0x4854_5450L;
    private static final int PAYLOADS = 30_000;

    private static final String[] LINES = {"GET /index.html HTTP/1.1", "POST /api/v1 HTTP/1.0", "HEAD / HTTP/1.1",
        "M-SEARCH * HTTP/1.1", "CONNECT example.com:443 HTTP/1.1", "UNSUBSCRIBE /x HTTP/1.1", "GET /a b HTTP/1.1",
        "GET  HTTP/1.1", "GET / HTTP/2", "PROPPATCH /d HTTP/9.9", "FETCH / HTTP/1.1", "get / HTTP/1.1",
        "GET /\u00e9t\u00e9 HTTP/1.1", "GET / HTTP/1.", "GET /x", "OPTIONS", "DELETE /q?x=1 HTTP/1.1 extra"};
    private static final String[] HEADERS = {"Host: example.com", "User-Agent:   curl/8.5.0  ", "X-Empty:",
        ":no-name", "no colon here", "Accept: */*", "A:\u001f\u000bb\u001c", "K:\u00a0v\u0085", "Tab:\tx\t"};

    @Test
    @DisplayName("the same request, or none, for every payload")
    void agrees() {
        Random random = new Random(SEED);
        int requests = 0;
        for (int i = 0; i < PAYLOADS; i++) {
            byte[] payload = payload(random);
            Packet p = ipv4("10.0.0.1", "10.0.0.2").carrying(tcp().ports(50000, 80).payload(payload)).parse();
            Optional<HttpRequest> expected = Oracle.httpRequest(payload);
            Optional<HttpRequest> actual = p.httpRequest();
            String shown = new String(payload, StandardCharsets.ISO_8859_1);
            assertThat(actual).as("payload %s", shown).isEqualTo(expected);
            assertThat(p.isHttpRequest()).as("isHttpRequest of %s", shown).isEqualTo(expected.isPresent());
            if (expected.isPresent()) {
                requests++;
                assertThat(actual.orElseThrow().headers()).as("headers of %s", shown)
                        .containsExactlyElementsOf(expected.orElseThrow().headers());
            }
        }
        assertThat(requests).as("payloads that are requests").isBetween(PAYLOADS / 10, PAYLOADS * 9 / 10);
    }

    /** A request line and header lines, with line ends of every kind, then cut and mutated at random. */
    private static byte[] payload(Random random) {
        StringBuilder s = new StringBuilder(LINES[random.nextInt(LINES.length)]);
        int headers = random.nextInt(5);
        String[] ends = {"\r\n", "\n", "\r", ""};
        s.append(ends[random.nextInt(random.nextInt(4) == 0 ? 4 : 2)]);
        for (int h = 0; h < headers; h++) {
            s.append(HEADERS[random.nextInt(HEADERS.length)]).append(random.nextBoolean() ? "\r\n" : "\n");
        }
        if (random.nextBoolean()) {
            s.append("\r\nbody: not a header\r\n");
        }
        byte[] b = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (random.nextInt(3) == 0) {
            b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
        }
        int flips = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        byte[] alphabet = " \r\n:/.HTP1-\u00e9\tAZ".getBytes(StandardCharsets.ISO_8859_1);
        for (int k = 0; k < flips && b.length > 0; k++) {
            b[random.nextInt(b.length)] = alphabet[random.nextInt(alphabet.length)];
        }
        return b;
    }

    /** The same rules read the plain way, on the whole payload as one Latin-1 string. */
    private static final class Oracle {

        private static final Set<String> METHODS = Set.of("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS",
                "CONNECT", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
                "SEARCH", "REPORT", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "M-SEARCH");

        static Optional<HttpRequest> httpRequest(byte[] payload) {
            String s = new String(payload, StandardCharsets.ISO_8859_1);
            int sp1 = -1;
            for (int i = 0; i < Math.min(s.length(), 12); i++) {
                char c = s.charAt(i);
                if (c == ' ') {
                    sp1 = i;
                    break;
                }
                if (!(c >= 'A' && c <= 'Z' || c == '-')) {
                    return Optional.empty();
                }
            }
            if (sp1 <= 0 || !METHODS.contains(s.substring(0, sp1))) {
                return Optional.empty();
            }
            String method = s.substring(0, sp1);
            int n = s.length();
            int eol = s.indexOf('\n', sp1);
            if (eol < 0) {
                int end = s.charAt(n - 1) == '\r' ? n - 1 : n;
                String rest = s.substring(sp1 + 1, end);
                int sp2 = rest.indexOf(' ');
                String uri = sp2 < 0 ? rest : rest.substring(0, sp2);
                String version = sp2 < 0 ? "" : rest.substring(sp2 + 1);
                if (uri.isEmpty() || !"HTTP/1.1".startsWith(version) && !"HTTP/1.0".startsWith(version)) {
                    return Optional.empty();
                }
                return Optional.of(new HttpRequest(method, uri, version, List.of()));
            }
            int lineEnd = s.charAt(eol - 1) == '\r' ? eol - 1 : eol;
            String rest = s.substring(sp1 + 1, lineEnd);
            int sp2 = rest.lastIndexOf(' ');
            if (sp2 <= 0) {
                return Optional.empty();
            }
            String uri = rest.substring(0, sp2);
            String version = rest.substring(sp2 + 1);
            if (uri.indexOf(' ') >= 0 || !version.matches("HTTP/\\d\\.\\d")) {
                return Optional.empty();
            }
            List<HttpRequest.Header> headers = new ArrayList<>();
            for (int at = eol + 1; at < n; ) {
                int next = s.indexOf('\n', at);
                if (next < 0) {
                    break;
                }
                String line = s.substring(at, next > at && s.charAt(next - 1) == '\r' ? next - 1 : next);
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new HttpRequest.Header(line.substring(0, colon), line.substring(colon + 1).strip()));
                }
                at = next + 1;
            }
            return Optional.of(new HttpRequest(method, uri, version, headers));
        }
    }
}
