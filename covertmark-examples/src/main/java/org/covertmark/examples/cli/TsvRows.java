package org.covertmark.examples.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.HttpRequest;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.TlsRecord;

/**
 * Rows of the {@code packets} TSV table written as UTF-8 bytes straight into a growing byte array:
 * numbers, addresses and hexadecimal flags are formatted by hand and no text is built for them.
 * The values are those of {@link PacketColumn#values}, in the same order; a text value has its tab,
 * line feed, carriage return and backslash escaped as {@code \t}, {@code \n}, {@code \r} and
 * {@code \\}. Not thread-safe: one per thread.
 */
final class TsvRows {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};
    /** "00" to "99": the two digits of each number below 100. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** The decimal text of 0..255, for the octets of an IPv4 address: up to three bytes, then the count. */
    private static final int[] OCTETS = new int[256];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        for (int i = 0; i < 256; i++) {
            byte[] text = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            int packed = text.length << 24;
            for (int k = 0; k < text.length; k++) {
                packed |= (text[k] & 0xff) << (8 * k);
            }
            OCTETS[i] = packed;
        }
    }

    private byte[] buf;
    private int length;
    /** The numbers of a row, written by one loop. */
    private final long[] values = new long[7];

    TsvRows(int capacity) {
        buf = new byte[Math.max(capacity, 256)];
    }

    /** The header row: the column names. */
    static byte[] header() {
        StringBuilder line = new StringBuilder(256);
        PacketColumn[] columns = PacketColumn.values();
        for (PacketColumn c : columns) {
            line.append(c.header).append(c.ordinal() == columns.length - 1 ? '\n' : '\t');
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes written so far. */
    byte[] bytes() {
        return buf;
    }

    /** How many bytes have been written. */
    int length() {
        return length;
    }

    /** Forgets what was written, keeping the array. */
    void clear() {
        length = 0;
    }

    /**
     * Room for a row's fixed columns at their longest: 20-digit numbers, a 26-character timestamp
     * beyond the 64-bit range, 45-character IPv6 addresses. TLS types and the HTTP target are sized
     * apart.
     */
    private static final int ROW = 320;

    /** Appends the row of one packet, line feed included; nothing when reading the packet throws. */
    void add(Packet p) {
        int start = length;
        try {
            addRow(p);
        } catch (RuntimeException e) {
            length = start;
            throw e;
        }
    }

    private void addRow(Packet p) {
        ensure(ROW);
        byte[] b = buf;
        long[] v = values;
        int at = length;
        long micros = p.timeMicros();
        v[0] = p.frame();
        if (micros != Long.MIN_VALUE && micros != Long.MAX_VALUE) {
            v[1] = micros;
            v[2] = p.ipVersion();
            at = numbers(b, at, v, 3);
        } else {
            at = numbers(b, at, v, 1);
            at = ascii(b, at, p.timestamp().microsText()); // unknown (empty), or beyond 64 bits: exact text
            b[at++] = '\t';
            v[0] = p.ipVersion();
            at = numbers(b, at, v, 1);
        }
        at = address(b, at, p.source());
        b[at++] = '\t';
        at = address(b, at, p.destination());
        b[at++] = '\t';
        v[0] = p.ipLength();
        v[1] = p.ttl();
        v[2] = p.protocol();
        Optional<TcpSegment> tcp = p.tcp();
        if (tcp.isPresent()) {
            TcpSegment t = tcp.get();
            v[3] = t.sourcePort();
            v[4] = t.destinationPort();
            v[5] = t.sequenceNumber();
            v[6] = t.acknowledgementNumber();
            at = numbers(b, at, v, 7);
            at = hex4(b, at, t.flags());
            b[at++] = '\t';
            v[0] = t.payloadLength();
            length = numbers(b, at, v, 1);
            tls(p);
            http(p);
        } else {
            int tabs = 9; // the empty columns from sport (or seq) to http_uri, and the tabs between them
            if (!p.isUdp() && (p.protocol() == Packet.TCP || p.protocol() == Packet.UDP)
                    && p.transportBytes().length() >= 4) {
                // a header cut short by the snap length: rare, so through the general path
                at = numbers(b, at, v, 3);
                String[] row = new String[PacketColumn.values().length];
                PacketColumn.values(p, row);
                for (int i = PacketColumn.SPORT.ordinal(); i <= PacketColumn.HTTP_URI.ordinal(); i++) {
                    at = ascii(b, at, row[i] == null ? "" : row[i]);
                    if (i < PacketColumn.HTTP_URI.ordinal()) {
                        b[at++] = '\t';
                    }
                }
                length = at;
                ensure(1);
                buf[length++] = '\n';
                return;
            }
            if (p.isUdp()) {
                var u = p.udp().orElseThrow();
                v[3] = u.sourcePort();
                v[4] = u.destinationPort();
                at = numbers(b, at, v, 5);
                tabs = 7;
            } else {
                at = numbers(b, at, v, 3);
            }
            for (int i = 0; i < tabs; i++) {
                b[at++] = '\t';
            }
            length = at;
        }
        ensure(1);
        buf[length++] = '\n';
    }

    /**
     * Writes the first {@code count} of {@code v} in decimal at {@code at}, each followed by a tab;
     * returns the end.
     */
    private static int numbers(byte[] b, int at, long[] v, int count) {
        for (int i = 0; i < count; i++) {
            at = number(b, at, v[i]);
            b[at++] = '\t';
        }
        return at;
    }

    /** tls_types and tls_version, each followed by a tab. */
    private void tls(Packet p) {
        if (!p.isTlsSegment()) {
            ensure(2);
            buf[length++] = '\t';
            buf[length++] = '\t';
            return;
        }
        List<TlsRecord> records = p.tlsRecords();
        ensure(4 * records.size() + 16);
        byte[] b = buf;
        int at = length;
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                b[at++] = ',';
            }
            at = number(b, at, records.get(i).contentType());
        }
        b[at++] = '\t';
        at = hex4(b, at, records.get(0).version());
        b[at++] = '\t';
        length = at;
    }

    /** http_method, a tab and http_uri. */
    private void http(Packet p) {
        Optional<HttpRequest> http = p.httpRequest();
        if (http.isPresent()) {
            text(http.get().method());
            ensure(1);
            buf[length++] = '\t';
            text(http.get().uri());
        } else {
            ensure(1);
            buf[length++] = '\t';
        }
    }

    private static int address(byte[] b, int at, IpAddress a) {
        if (!a.isIpv4()) {
            return ascii(b, at, a.toString());
        }
        int bits = (int) a.low();
        at = octet(b, at, bits >>> 24);
        b[at++] = '.';
        at = octet(b, at, (bits >>> 16) & 0xff);
        b[at++] = '.';
        at = octet(b, at, (bits >>> 8) & 0xff);
        b[at++] = '.';
        return octet(b, at, bits & 0xff);
    }

    /**
     * Writes the decimal text of the octet {@code v} at {@code at} and returns where it ends. Always
     * stores three bytes, which what follows overwrites: the row has room to spare.
     */
    private static int octet(byte[] b, int at, int v) {
        int t = OCTETS[v];
        b[at] = (byte) t;
        b[at + 1] = (byte) (t >>> 8);
        b[at + 2] = (byte) (t >>> 16);
        return at + (t >>> 24);
    }

    /** Writes the decimal text of {@code v} at {@code at}, as {@link Long#toString(long)} does; returns its end. */
    static int number(byte[] b, int at, long v) {
        if (v == (int) v) {
            return number(b, at, (int) v);
        }
        if (v < 0) {
            return ascii(b, at, Long.toString(v));
        }
        long high = v / 100_000_000L;
        at = number(b, at, high);
        return eightDigits(b, at, (int) (v - high * 100_000_000L));
    }

    /** Writes the decimal text of {@code v} at {@code at}, two digits at a step; returns its end. */
    private static int number(byte[] b, int at, int v) {
        if (v < 0) {
            if (v == Integer.MIN_VALUE) {
                return ascii(b, at, Integer.toString(v));
            }
            b[at++] = '-';
            v = -v;
        }
        int end = at + digits(v);
        int i = end;
        while (v >= 100) {
            int q = v / 100;
            int r = (v - q * 100) * 2;
            v = q;
            b[--i] = DIGIT_PAIRS[r + 1];
            b[--i] = DIGIT_PAIRS[r];
        }
        if (v >= 10) {
            b[--i] = DIGIT_PAIRS[2 * v + 1];
            b[--i] = DIGIT_PAIRS[2 * v];
        } else {
            b[--i] = (byte) ('0' + v);
        }
        return end;
    }

    /** Writes exactly eight digits of 0 ≤ {@code v} &lt; 10^8, with leading zeros; returns their end. */
    private static int eightDigits(byte[] b, int at, int v) {
        for (int i = at + 8; i > at; ) {
            int q = v / 100;
            int r = (v - q * 100) * 2;
            v = q;
            b[--i] = DIGIT_PAIRS[r + 1];
            b[--i] = DIGIT_PAIRS[r];
        }
        return at + 8;
    }

    /** The number of decimal digits of {@code v} ≥ 0, without a branch to mispredict. */
    static int digits(int v) {
        // log10 from the bit length (1233 / 4096 ≈ log10 2), corrected by one comparison; 0 has one digit
        int d = ((32 - Integer.numberOfLeadingZeros(v | 1)) * 1233) >>> 12;
        return d + ((v | 1) >= POWERS_OF_TEN[d] ? 1 : 0);
    }

    /** Writes {@code 0x} and four lower-case hexadecimal digits (more when {@code v} needs them); returns the end. */
    private static int hex4(byte[] b, int at, int v) {
        if (v < 0 || v > 0xffff) {
            return ascii(b, at, String.format("0x%04x", v));
        }
        b[at] = '0';
        b[at + 1] = 'x';
        b[at + 2] = HEX[v >>> 12];
        b[at + 3] = HEX[(v >>> 8) & 0xf];
        b[at + 4] = HEX[(v >>> 4) & 0xf];
        b[at + 5] = HEX[v & 0xf];
        return at + 6;
    }

    /** Writes ASCII text that the caller has made room for; returns its end. */
    private static int ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            b[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    /** Any text, escaped and encoded as UTF-8. */
    private void text(String s) {
        int n = s.length();
        ensure(2 * n + 2); // every character escaped, and the tab or line feed after
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // rare: HTTP targets are read one byte a character, so this is at most two bytes each,
                // but any other text is encoded as the JDK does it
                textSlowly(s, i);
                return;
            }
            switch (c) {
                case '\t' -> escape('t');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case '\\' -> escape('\\');
                default -> buf[length++] = (byte) c;
            }
        }
    }

    private void escape(char c) {
        buf[length++] = '\\';
        buf[length++] = (byte) c;
    }

    private void textSlowly(String s, int from) {
        StringBuilder rest = new StringBuilder(s.length() - from + 8);
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t' -> rest.append("\\t");
                case '\n' -> rest.append("\\n");
                case '\r' -> rest.append("\\r");
                case '\\' -> rest.append("\\\\");
                default -> rest.append(c);
            }
        }
        byte[] utf8 = rest.toString().getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, length, utf8.length);
        length += utf8.length;
    }

    /** Makes room for {@code more} bytes. */
    private void ensure(int more) {
        if (buf.length - length < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
