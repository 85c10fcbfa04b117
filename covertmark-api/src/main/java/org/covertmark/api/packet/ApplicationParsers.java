package org.covertmark.api.packet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final byte[][] METHOD_BYTES = new byte[HTTP_METHODS.length][];
    private static final String HTTP_1_1 = "HTTP/1.1";
    private static final String HTTP_1_0 = "HTTP/1.0";

    static {
        for (int i = 0; i < HTTP_METHODS.length; i++) {
            METHOD_BYTES[i] = HTTP_METHODS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

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
     * A request line: its method, and the bytes after the method's space up to the line's end.
     *
     * @param rest the target, then (when given) a space and the version
     * @param uriLength the length of the target at the start of {@code rest}
     * @param versionFrom where the version begins in {@code rest} ({@code rest.length} when absent)
     * @param headersFrom where the header lines begin in the packet's bytes; -1 when the request
     *     line continues in the next segment
     */
    private record RequestLine(String method, byte[] rest, int uriLength, int versionFrom, int headersFrom) {
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
        byte[] rest = line.rest;
        String uri = new String(rest, 0, line.uriLength, StandardCharsets.ISO_8859_1);
        String version = version(rest, line.versionFrom);
        List<HttpRequest.Header> headers = line.headersFrom < 0 ? List.of() : new HeaderLines(p, line.headersFrom);
        return Optional.of(new HttpRequest(line.method, uri, version, headers));
    }

    /**
     * Finds the request line at {@code from}: a known method in capitals, a space, a target without
     * spaces and, when the line ends in the segment, a space and {@code HTTP/d.d} (a line cut at the
     * end of the segment needs only a target, and a version only as far as it goes). Null when the
     * bytes do not begin a request. Only the bytes of a line that passes the method are copied out.
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
        // A segment may end between the CR and the LF of the request line.
        int lineEnd = eol < 0 ? n : eol;
        if (p.getUnsignedByte(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        byte[] rest = new byte[lineEnd - sp1 - 1];
        p.copyTo(sp1 + 1, rest, 0, rest.length);
        if (eol < 0) {
            // The request line continues in the next segment: keep what this one holds.
            int sp2 = indexOf(rest, ' ', 0, rest.length);
            int uriLength = sp2 < 0 ? rest.length : sp2;
            int versionFrom = sp2 < 0 ? rest.length : sp2 + 1;
            if (uriLength == 0 || !isVersionPrefix(rest, versionFrom)) {
                return null;
            }
            return new RequestLine(method, rest, uriLength, versionFrom, -1);
        }
        int sp2 = lastIndexOf(rest, ' ');
        if (sp2 <= 0 || indexOf(rest, ' ', 0, sp2) >= 0 || !isHttpVersion(rest, sp2 + 1)) {
            return null;
        }
        return new RequestLine(method, rest, sp2, sp2 + 1, eol + 1);
    }

    /** The method whose name is the {@code length} bytes at {@code at}, or null. */
    private static String method(ByteView p, int at, int length) {
        byte[] name = new byte[length];
        p.copyTo(at, name, 0, length);
        for (int i = 0; i < HTTP_METHODS.length; i++) {
            if (Arrays.equals(name, METHOD_BYTES[i])) {
                return HTTP_METHODS[i];
            }
        }
        return null;
    }

    /** Whether {@code b[from, to)} is the ASCII text {@code s}. */
    private static boolean matches(byte[] b, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b} from {@code from} is a beginning of {@code HTTP/1.1} or {@code HTTP/1.0}, maybe empty. */
    private static boolean isVersionPrefix(byte[] b, int from) {
        int length = b.length - from;
        if (length > HTTP_1_1.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = b[from + i];
            if (c != HTTP_1_1.charAt(i) && c != HTTP_1_0.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code b} from {@code from} is {@code HTTP/}digit{@code .}digit: what the regex
     * {@code HTTP/\d\.\d} matches.
     */
    private static boolean isHttpVersion(byte[] b, int from) {
        return b.length - from == 8 && b[from] == 'H' && b[from + 1] == 'T' && b[from + 2] == 'T'
                && b[from + 3] == 'P' && b[from + 4] == '/' && isAsciiDigit(b[from + 5]) && b[from + 6] == '.'
                && isAsciiDigit(b[from + 7]);
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The version text from {@code from} to the end of {@code b}: a shared constant for HTTP/1.1 and HTTP/1.0. */
    private static String version(byte[] b, int from) {
        if (matches(b, from, b.length, HTTP_1_1)) {
            return HTTP_1_1;
        }
        if (matches(b, from, b.length, HTTP_1_0)) {
            return HTTP_1_0;
        }
        return new String(b, from, b.length - from, StandardCharsets.ISO_8859_1);
    }

    /** The first index of {@code c} in {@code b[from, to)}, or -1. */
    private static int indexOf(byte[] b, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The last index of {@code c} in {@code b}, or -1. */
    private static int lastIndexOf(byte[] b, char c) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
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
