package org.covertmark.api.net;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A CIDR block of IPv4 or IPv6 addresses, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}.
 *
 * <p>Host bits below the prefix are cleared when parsing, so {@code 192.168.1.7/24} is the block
 * {@code 192.168.1.0/24}. An IPv4 block also contains the IPv4-mapped IPv6 forms of its addresses,
 * and an IPv6 block inside {@code ::ffff:0:0/96} contains the IPv4 addresses it maps.
 */
@API(status = STABLE, since = "0.1")
public final class Subnet {

    private final IpAddress network;
    private final int prefixLength;
    /** The prefix's bits of the 128-bit form (of the 32-bit form for IPv4, in {@code lowMask}). */
    private final long highMask;
    private final long lowMask;

    private Subnet(IpAddress network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        if (network.isIpv4()) {
            highMask = 0;
            lowMask = prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
        } else {
            highMask = prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
            lowMask = prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
        }
    }

    /**
     * The block of the given prefix length that holds {@code address}.
     *
     * @param address any address of the block; its bits below the prefix are cleared
     * @param prefixLength the number of leading bits fixed by the block, 0..32 for IPv4 and 0..128
     *     for IPv6
     * @return the block, of {@code address}'s IP version
     * @throws IllegalArgumentException when {@code prefixLength} is outside that range
     */
    public static Subnet of(IpAddress address, int prefixLength) {
        int max = address.isIpv4() ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " is outside 0.." + max + " for " + address);
        }
        return new Subnet(mask(address, prefixLength), prefixLength);
    }

    /**
     * The block holding exactly one address.
     *
     * @param address the address
     * @return the block {@code address/32} or {@code address/128}
     */
    public static Subnet of(IpAddress address) {
        return new Subnet(address, address.isIpv4() ? 32 : 128);
    }

    /**
     * Parses {@code ADDRESS} or {@code ADDRESS/PREFIX}.
     *
     * @param text an address as {@link IpAddress#parse} reads it, optionally followed by {@code /}
     *     and a decimal prefix length; white space around the address and the prefix is ignored
     * @return the block; a bare address gives the single-address block
     * @throws IllegalArgumentException naming the text when it is not a subnet
     */
    public static Subnet parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 0) {
            return of(IpAddress.parse(text.trim()));
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash).trim());
        String prefix = text.substring(slash + 1).trim();
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a prefix length in '" + text + "'");
        }
        return of(address, Integer.parseInt(prefix));
    }

    private static IpAddress mask(IpAddress a, int prefix) {
        if (a.isIpv4()) {
            long m = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return IpAddress.ofIpv4((int) (a.low() & m));
        }
        long hm = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long lm = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return IpAddress.ofIpv6(a.high() & hm, a.low() & lm);
    }

    /** Whether an address of this block's version lies in the block: its prefix bits are the network's. */
    private boolean inBlock(IpAddress a) {
        return (a.high() & highMask) == network.high() && (a.low() & lowMask) == network.low();
    }

    /** {@return the first address of the block: its prefix bits followed by zeros} */
    public IpAddress network() {
        return network;
    }

    /** {@return the number of leading bits fixed by the block: 0..32 for IPv4, 0..128 for IPv6} */
    public int prefixLength() {
        return prefixLength;
    }

    /** {@return the IP version of the block's addresses, 4 or 6} */
    public int version() {
        return network.version();
    }

    /**
     * Whether {@code address} lies in this block (IPv4-mapped IPv6 addresses count as IPv4).
     *
     * @param address the address, of either IP version
     * @return whether its prefix bits are the block's; an IPv4 block contains the IPv4-mapped forms
     *     of its addresses, and an IPv6 block inside {@code ::ffff:0:0/96} the IPv4 addresses it maps
     */
    public boolean contains(IpAddress address) {
        if (address.version() == network.version()) {
            return inBlock(address);
        }
        if (network.isIpv4()) {
            IpAddress a = address.unmapped();
            return a.isIpv4() && inBlock(a);
        }
        Subnet asIpv4 = inVersion(4);
        return asIpv4 != null && asIpv4.contains(address);
    }

    /**
     * Whether every address of {@code other} lies in this block. Blocks of the same version compare
     * by prefix alone. Across versions the IPv4 addresses decide, as in {@link #contains(IpAddress)}:
     * an IPv6 block contains an IPv4 block only when it lies inside {@code ::ffff:0:0/96} and maps all
     * of its addresses, so {@code ::/0} does not contain {@code 10.0.0.0/8}.
     *
     * @param other the block to compare, of either IP version
     * @return whether {@code other} is this block or lies inside it
     */
    public boolean contains(Subnet other) {
        if (other.version() == version()) {
            return other.prefixLength >= prefixLength && contains(other.network);
        }
        Subnet mine = inVersion(4);
        Subnet theirs = other.inVersion(4);
        return mine != null && theirs != null && mine.contains(theirs);
    }

    /**
     * Whether the two blocks share at least one address; symmetric. Across versions an IPv4 block
     * is compared through its IPv4-mapped IPv6 addresses, so {@code 10.0.0.0/8} overlaps
     * {@code ::/0} (both contain {@code ::ffff:10.0.0.1}).
     *
     * @param other the block to compare, of either IP version
     * @return whether one of the two blocks contains the other, which for CIDR blocks is the same as
     *     sharing an address
     */
    public boolean overlaps(Subnet other) {
        Subnet a = inVersion(6);
        Subnet b = other.inVersion(6);
        return a.contains(b) || b.contains(a);
    }

    private Subnet inVersion(int v) {
        if (version() == v) {
            return this;
        }
        if (v == 6) {
            return new Subnet(network.mapped(), prefixLength + 96);
        }
        if (network.isIpv4Mapped() && prefixLength >= 96) {
            return new Subnet(network.unmapped(), prefixLength - 96);
        }
        return null;
    }

    /** {@code network/prefix}, or just the address for a single-address block. */
    @Override
    public String toString() {
        int max = network.isIpv4() ? 32 : 128;
        return prefixLength == max ? network.toString() : network + "/" + prefixLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subnet s && s.prefixLength == prefixLength && s.network.equals(network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 131 + prefixLength;
    }
}
