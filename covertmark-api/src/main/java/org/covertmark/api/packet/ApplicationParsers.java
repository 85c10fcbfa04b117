package org.covertmark.api.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Recognises TLS records and HTTP requests at the start of a TCP payload. */
final class ApplicationParsers {

    /** The most a TLS record may announce: 2^14 plus the largest expansion TLS 1.2 allows. */
    private static final int MAX_TLS_RECORD = (1 << 14) + 2048;

    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "HEAD", "PUT", "DELETE",
            "OPTIONS", "CONNECT", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE",
            "LOCK", "UNLOCK", "SEARCH", "REPORT", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "M-SEARCH");
    private static final int MAX_METHOD = 11;

    private ApplicationParsers() {
    }

    /** Whether a TLS record header starts at {@code at}. */
    static boolean isTlsRecordHeader(ByteView p, int at) {
        if (at + 5 > p.length()) {
            return false;
        }
        int type = p.getUnsignedByte(at);
        return type >= 20 && type <= 24
                && p.getUnsignedByte(at + 1) == 3 && p.getUnsignedByte(at + 2) <= 4
                && p.getUnsignedShort(at + 3) <= MAX_TLS_RECORD;
    }

    /** Whether a whole TLS record, header and body, lies in {@code p} from {@code at}. */
    static boolean isWholeTlsRecord(ByteView p, int at) {
        return isTlsRecordHeader(p, at) && at + 5 + p.getUnsignedShort(at + 3) <= p.length();
    }

    static List<TlsRecord> tlsRecords(ByteView p) {
        if (!isWholeTlsRecord(p, 0)) {
            return List.of();
        }
        List<TlsRecord> records = new ArrayList<>(2);
        int at = 0;
        while (isWholeTlsRecord(p, at)) {
            int length = p.getUnsignedShort(at + 3);
            records.add(new TlsRecord(p.getUnsignedByte(at), p.getUnsignedShort(at + 1), length));
            at += 5 + length;
        }
        return List.copyOf(records);
    }

    /** Whether {@code v} is HTTP/digit.digit: what the regex {@code HTTP/\d\.\d} matches. */
    private static boolean isHttpVersion(String v) {
        return v.length() == 8 && v.startsWith("HTTP/") && isAsciiDigit(v.charAt(5)) && v.charAt(6) == '.'
                && isAsciiDigit(v.charAt(7));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static Optional<HttpRequest> httpRequest(ByteView p) {
        int sp1 = -1;
        int limit = Math.min(p.length(), MAX_METHOD + 1);
        for (int i = 0; i < limit; i++) {
            int c = p.getUnsignedByte(i);
            if (c == ' ') {
                sp1 = i;
                break;
            }
            if (!(c >= 'A' && c <= 'Z' || c == '-')) {
                return Optional.empty();
            }
        }
        if (sp1 <= 0) {
            return Optional.empty();
        }
        String method = p.latin1(0, sp1);
        if (!HTTP_METHODS.contains(method)) {
            return Optional.empty();
        }
        // The rest is scanned as one Latin-1 string (a char per byte), whose indexOf is fast.
        String s = p.latin1(0, p.length());
        int n = s.length();
        int eol = s.indexOf('\n', sp1);
        if (eol < 0) {
            // The request line continues in the next segment: keep what this one holds.
            // A segment may end between the CR and the LF of the request line.
            int end = n > 0 && s.charAt(n - 1) == '\r' ? n - 1 : n;
            String rest = s.substring(sp1 + 1, end);
            int sp2 = rest.indexOf(' ');
            String uri = sp2 < 0 ? rest : rest.substring(0, sp2);
            String version = sp2 < 0 ? "" : rest.substring(sp2 + 1);
            if (uri.isEmpty() || !"HTTP/1.1".startsWith(version) && !"HTTP/1.0".startsWith(version)) {
                return Optional.empty();
            }
            return Optional.of(new HttpRequest(method, uri, version, List.of()));
        }
        int lineEnd = eol > 0 && s.charAt(eol - 1) == '\r' ? eol - 1 : eol;
        String rest = s.substring(sp1 + 1, lineEnd);
        int sp2 = rest.lastIndexOf(' ');
        if (sp2 <= 0) {
            return Optional.empty();
        }
        String uri = rest.substring(0, sp2);
        String version = rest.substring(sp2 + 1);
        if (uri.indexOf(' ') >= 0 || !isHttpVersion(version)) {
            return Optional.empty();
        }
        List<HttpRequest.Header> headers = new ArrayList<>();
        int at = eol + 1;
        int colon = s.indexOf(':', at); // the first colon at or after the current line; -1: none left
        while (at < n) {
            int next = s.indexOf('\n', at);
            if (next < 0) {
                break;
            }
            int end = next > at && s.charAt(next - 1) == '\r' ? next - 1 : next;
            if (end == at) {
                break;
            }
            if (colon >= 0 && colon < at) {
                colon = s.indexOf(':', at);
            }
            // a line with a colon after its first character: the name before it, the value after it
            // with white space stripped as String.strip() does (Character.isWhitespace)
            if (colon > at && colon < end) {
                int from = colon + 1;
                int to = end;
                while (from < to && Character.isWhitespace(s.charAt(from))) {
                    from++;
                }
                while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
                    to--;
                }
                headers.add(new HttpRequest.Header(s.substring(at, colon), s.substring(from, to)));
            }
            at = next + 1;
        }
        return Optional.of(new HttpRequest(method, uri, version, headers));
    }
}
