package org.covertmark.api.net;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An IPv4 or IPv6 address: an immutable value that parses and prints the usual textual forms
 * (dotted quad; RFC 5952 compressed IPv6, with IPv4-mapped addresses printed as
 * {@code ::ffff:a.b.c.d}).
 *
 * <p>Addresses never touch the network: parsing a string does no name lookup.
 */
@API(status = STABLE, since = "0.1")
public final class IpAddress implements Comparable<IpAddress> {

    private static final long MAPPED_PREFIX = 0xffffL << 32;

    private final int version;
    private final long hi;
    private final long lo;

    private IpAddress(int version, long hi, long lo) {
        this.version = version;
        this.hi = hi;
        this.lo = lo;
    }

    /**
     * An IPv4 address from its 32 bits in network order.
     *
     * @param bits the address, its first octet in the most significant byte ({@code 0x0a000001} is
     *     {@code 10.0.0.1}); any int, negative ones included, is an address
     * @return the address
     */
    public static IpAddress ofIpv4(int bits) {
        return new IpAddress(4, 0, bits & 0xffffffffL);
    }

    /**
     * An IPv6 address from its upper and lower 64 bits. An IPv4-mapped address made this way stays
     * an IPv6 address ({@link #unmapped()} gives the IPv4 one).
     *
     * @param high the first 64 bits of the address, its first byte in the most significant byte
     * @param low the last 64 bits
     * @return the address
     */
    public static IpAddress ofIpv6(long high, long low) {
        return new IpAddress(6, high, low);
    }

    /**
     * An address from 4 or 16 bytes in network order, as an IP header holds it.
     *
     * @param bytes 4 bytes for an IPv4 address, 16 for an IPv6 one (the array is not kept)
     * @return the address
     * @throws IllegalArgumentException when {@code bytes} has another length
     */
    public static IpAddress ofBytes(byte[] bytes) {
        if (bytes.length == 4) {
            return ofIpv4(((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16)
                    | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff));
        }
        if (bytes.length == 16) {
            long h = 0;
            long l = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (bytes[i] & 0xff);
                l = (l << 8) | (bytes[i + 8] & 0xff);
            }
            return ofIpv6(h, l);
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
    }

    /**
     * Parses a textual IPv4 or IPv6 address: a dotted quad without leading zeros ({@code 10.0.0.1}),
     * or IPv6 groups with at most one {@code ::} and optionally a dotted quad as the last 32 bits
     * ({@code ::ffff:10.0.0.1}). No white space, zone ({@code %eth0}) or prefix is accepted.
     *
     * @param text the address
     * @return the address; text with a dotted quad after {@code ::ffff:} gives an IPv6 address
     * @throws IllegalArgumentException naming the text when it is not an address
     */
    public static IpAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        IpAddress parsed = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text, 0, text.length());
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        return parsed;
    }

    private static IpAddress parseIpv4(String s, int from, int to) {
        int bits = 0;
        int octets = 0;
        int i = from;
        while (i <= to) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                if (value > 255 || i - start >= 3) {
                    return null;
                }
                i++;
            }
            if (i == start || (i - start > 1 && s.charAt(start) == '0')) {
                return null;
            }
            bits = (bits << 8) | value;
            octets++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != '.' || octets == 4) {
                return null;
            }
            i++;
        }
        return octets == 4 ? ofIpv4(bits) : null;
    }

    private static IpAddress parseIpv6(String s) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) {
                return ofIpv6(0, 0);
            }
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && hexDigit(s.charAt(i)) >= 0 && i - start < 4) {
                value = (value << 4) | hexDigit(s.charAt(i));
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                IpAddress v4 = parseIpv4(s, start, n);
                if (v4 == null || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4.lo >>> 16);
                groups[count++] = (int) (v4.lo & 0xffff);
                i = n;
                break;
            }
            if (i == start) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            } else if (i == n) {
                return null;
            }
        }
        if (gap < 0 && count != 8 || gap >= 0 && count == 8) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - (count - gap), count - gap);
        }
        long h = 0;
        long l = 0;
        for (int g = 0; g < 4; g++) {
            h = (h << 16) | full[g];
            l = (l << 16) | full[g + 4];
        }
        return ofIpv6(h, l);
    }

    /** The value of an ASCII hexadecimal digit, or -1 (unlike {@link Character#digit}, no other scripts). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** {@return the IP version, 4 or 6} */
    public int version() {
        return version;
    }

    /** {@return whether this is an IPv4 address (an IPv4-mapped IPv6 address is not)} */
    public boolean isIpv4() {
        return version == 4;
    }

    /** {@return whether this is an IPv6 address of the form {@code ::ffff:a.b.c.d}} */
    public boolean isIpv4Mapped() {
        return version == 6 && hi == 0 && (lo >>> 32) == 0xffffL;
    }

    /** {@return the IPv4 address an IPv4-mapped IPv6 address stands for; otherwise this address} */
    public IpAddress unmapped() {
        return isIpv4Mapped() ? ofIpv4((int) lo) : this;
    }

    /** {@return the IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}) of an IPv4 address; otherwise this address} */
    public IpAddress mapped() {
        return isIpv4() ? ofIpv6(0, MAPPED_PREFIX | lo) : this;
    }

    /** {@return the upper 64 bits of the 128-bit form, as {@link #ofIpv6} takes them; 0 for IPv4} */
    public long high() {
        return hi;
    }

    /**
     * {@return the lower 64 bits of the 128-bit form; for IPv4, the 32 address bits as an unsigned
     * value, 0..2<sup>32</sup>-1}
     */
    public long low() {
        return lo;
    }

    /** {@return the address bits in network order in a new array: 4 bytes for IPv4, 16 for IPv6} */
    public byte[] toBytes() {
        if (isIpv4()) {
            return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    /** Bit {@code index} of the address, counted from the most significant (0). */
    boolean bit(int index) {
        if (isIpv4()) {
            return ((lo >>> (31 - index)) & 1) != 0;
        }
        return index < 64 ? ((hi >>> (63 - index)) & 1) != 0 : ((lo >>> (127 - index)) & 1) != 0;
    }

    @Override
    public String toString() {
        if (isIpv4()) {
            return (lo >>> 24) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        if (isIpv4Mapped()) {
            return "::ffff:" + ofIpv4((int) lo);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && other.version == version && other.hi == hi && other.lo == lo;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * version + Long.hashCode(hi)) + Long.hashCode(lo);
    }

    /** IPv4 before IPv6, then numerically. */
    @Override
    public int compareTo(IpAddress o) {
        int c = Integer.compare(version, o.version);
        if (c == 0) {
            c = Long.compareUnsigned(hi, o.hi);
        }
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }
}
