package org.covertmark.api.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises TLS records and HTTP requests at the start of a TCP payload. Each reads the packet's
 * bytes in place, from the payload's offset to the end of the packet, and builds text only for
 * what it returns: the request method and version are shared constants, the header fields are
 * parsed when first asked for.
 */
final class ApplicationParsers {

    /** The most a TLS record may announce: 2^14 plus the largest expansion TLS 1.2 allows. */
    private static final int MAX_TLS_RECORD = (1 << 14) + 2048;

    private static final String[] HTTP_METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT",
        "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "REPORT",
        "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "M-SEARCH"};
    private static final int MAX_METHOD = 11;
    private static final String HTTP_1_1 = "HTTP/1.1";
    private static final String HTTP_1_0 = "HTTP/1.0";

    private ApplicationParsers() {
    }

    // ---- TLS ----

    /** Whether a TLS record header starts at {@code at} of {@code p}. */
    private static boolean isTlsRecordHeader(ByteView p, int at) {
        if (at > p.length() - 5) {
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

    /** The whole TLS records one after another from {@code from} of {@code p}. */
    static List<TlsRecord> tlsRecords(ByteView p, int from) {
        if (!isWholeTlsRecord(p, from)) {
            return List.of();
        }
        TlsRecord first = record(p, from);
        int at = from + 5 + first.length();
        if (!isWholeTlsRecord(p, at)) {
            return List.of(first);
        }
        List<TlsRecord> records = new ArrayList<>(4);
        records.add(first);
        while (isWholeTlsRecord(p, at)) {
            TlsRecord r = record(p, at);
            records.add(r);
            at += 5 + r.length();
        }
        return List.copyOf(records);
    }

    private static TlsRecord record(ByteView p, int at) {
        return new TlsRecord(p.getUnsignedByte(at), p.getUnsignedShort(at + 1), p.getUnsignedShort(at + 3));
    }

    // ---- HTTP ----

    /**
     * Where the parts of a request line lie in the packet's bytes.
     *
     * @param headersFrom where the header lines begin; -1 when the request line continues in the
     *     next segment
     */
    private record RequestLine(String method, int uriFrom, int uriTo, int versionFrom, int versionTo,
            int headersFrom) {
    }

    /** Whether the bytes of {@code p} from {@code from} begin an HTTP request. */
    static boolean isHttpRequest(ByteView p, int from) {
        return requestLine(p, from) != null;
    }

    /** The HTTP request that the bytes of {@code p} from {@code from} begin, if they begin one. */
    static Optional<HttpRequest> httpRequest(ByteView p, int from) {
        RequestLine line = requestLine(p, from);
        if (line == null) {
            return Optional.empty();
        }
        String uri = p.latin1(line.uriFrom, line.uriTo - line.uriFrom);
        String version = version(p, line.versionFrom, line.versionTo - line.versionFrom);
        List<HttpRequest.Header> headers = line.headersFrom < 0 ? List.of() : new HeaderLines(p, line.headersFrom);
        return Optional.of(new HttpRequest(line.method, uri, version, headers));
    }

    /**
     * Finds the request line at {@code from}: a known method in capitals, a space, a target without
     * spaces and, when the line ends in the segment, a space and {@code HTTP/d.d} (a line cut at the
     * end of the segment needs only a target, and a version only as far as it goes). Null when the
     * bytes do not begin a request.
     */
    private static RequestLine requestLine(ByteView p, int from) {
        int n = p.length();
        int sp1 = -1;
        int limit = Math.min(n, from + MAX_METHOD + 1);
        for (int i = from; i < limit; i++) {
            int c = p.getUnsignedByte(i);
            if (c == ' ') {
                sp1 = i;
                break;
            }
            if (!(c >= 'A' && c <= 'Z' || c == '-')) {
                return null;
            }
        }
        if (sp1 <= from) {
            return null;
        }
        String method = method(p, from, sp1 - from);
        if (method == null) {
            return null;
        }
        int eol = p.indexOf((byte) '\n', sp1);
        if (eol < 0) {
            // The request line continues in the next segment: keep what this one holds.
            // A segment may end between the CR and the LF of the request line.
            int end = p.getUnsignedByte(n - 1) == '\r' ? n - 1 : n;
            int sp2 = indexOf(p, ' ', sp1 + 1, end);
            int uriTo = sp2 < 0 ? end : sp2;
            int versionFrom = sp2 < 0 ? end : sp2 + 1;
            if (uriTo == sp1 + 1 || !isVersionPrefix(p, versionFrom, end)) {
                return null;
            }
            return new RequestLine(method, sp1 + 1, uriTo, versionFrom, end, -1);
        }
        int lineEnd = p.getUnsignedByte(eol - 1) == '\r' ? eol - 1 : eol;
        int sp2 = lastIndexOf(p, ' ', sp1 + 1, lineEnd);
        if (sp2 <= sp1 + 1 || indexOf(p, ' ', sp1 + 1, sp2) >= 0 || !isHttpVersion(p, sp2 + 1, lineEnd)) {
            return null;
        }
        return new RequestLine(method, sp1 + 1, sp2, sp2 + 1, lineEnd, eol + 1);
    }

    /** The method whose name is the {@code length} bytes at {@code at}, or null. */
    private static String method(ByteView p, int at, int length) {
        for (String m : HTTP_METHODS) {
            if (m.length() == length && matches(p, at, m)) {
                return m;
            }
        }
        return null;
    }

    /** Whether the bytes at {@code at} are the ASCII text {@code s}; the caller checks they exist. */
    private static boolean matches(ByteView p, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (p.getUnsignedByte(at + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code p[from, to)} is a beginning of {@code HTTP/1.1} or {@code HTTP/1.0}, maybe empty. */
    private static boolean isVersionPrefix(ByteView p, int from, int to) {
        int length = to - from;
        if (length > HTTP_1_1.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = p.getUnsignedByte(from + i);
            if (c != HTTP_1_1.charAt(i) && c != HTTP_1_0.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code p[from, to)} is {@code HTTP/}digit{@code .}digit: what the regex {@code HTTP/\d\.\d} matches. */
    private static boolean isHttpVersion(ByteView p, int from, int to) {
        return to - from == 8 && matches(p, from, "HTTP/") && isAsciiDigit(p.getUnsignedByte(from + 5))
                && p.getUnsignedByte(from + 6) == '.' && isAsciiDigit(p.getUnsignedByte(from + 7));
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The version text: a shared constant for HTTP/1.1 and HTTP/1.0. */
    private static String version(ByteView p, int at, int length) {
        if (length == HTTP_1_1.length() && matches(p, at, HTTP_1_1)) {
            return HTTP_1_1;
        }
        if (length == HTTP_1_0.length() && matches(p, at, HTTP_1_0)) {
            return HTTP_1_0;
        }
        return length == 0 ? "" : p.latin1(at, length);
    }

    /** The first index of {@code c} in {@code p[from, to)}, or -1. */
    private static int indexOf(ByteView p, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (p.getUnsignedByte(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The last index of {@code c} in {@code p[from, to)}, or -1. */
    private static int lastIndexOf(ByteView p, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (p.getUnsignedByte(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The header fields of a request whose header lines begin at {@code from} of {@code p}: each
     * line that ends within the segment, up to the first empty line, with a colon after its first
     * character gives the name before the colon and the value after it, with white space stripped as
     * {@link String#strip()} does ({@link Character#isWhitespace}).
     */
    static List<HttpRequest.Header> headers(ByteView p, int from) {
        List<HttpRequest.Header> headers = new ArrayList<>();
        int n = p.length();
        int at = from;
        while (at < n) {
            int next = p.indexOf((byte) '\n', at);
            if (next < 0) {
                break;
            }
            int end = next > at && p.getUnsignedByte(next - 1) == '\r' ? next - 1 : next;
            if (end == at) {
                break;
            }
            int colon = indexOf(p, ':', at, end);
            if (colon > at) {
                int valueFrom = colon + 1;
                int valueTo = end;
                while (valueFrom < valueTo && Character.isWhitespace(p.getUnsignedByte(valueFrom))) {
                    valueFrom++;
                }
                while (valueTo > valueFrom && Character.isWhitespace(p.getUnsignedByte(valueTo - 1))) {
                    valueTo--;
                }
                headers.add(new HttpRequest.Header(p.latin1(at, colon - at), p.latin1(valueFrom, valueTo - valueFrom)));
            }
            at = next + 1;
        }
        return headers;
    }
}
