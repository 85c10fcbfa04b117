package org.covertmark.analytics.traffic;

import java.util.ArrayList;
import java.util.List;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;

/**
 * The client subnets as masks, so that asking whether an address is a client's costs a few integer operations and
 * no allocation. Answers exactly as {@link Subnet#contains(IpAddress)} on any of the subnets: an IPv4 block also
 * holds the IPv4-mapped IPv6 forms of its addresses, and an IPv6 block inside {@code ::ffff:0:0/96} also holds the
 * IPv4 addresses it maps.
 */
final class ClientSubnets {

    /** Per block that holds IPv4 addresses: mask, then network, of the 32 bits. */
    private final long[] ipv4;
    /** Per block that holds IPv6 addresses: high mask, low mask, high network, low network. */
    private final long[] ipv6;

    ClientSubnets(List<Subnet> subnets) {
        List<long[]> four = new ArrayList<>();
        List<long[]> six = new ArrayList<>();
        for (Subnet s : subnets) {
            IpAddress net = s.network();
            int prefix = s.prefixLength();
            if (net.isIpv4()) {
                long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
                four.add(new long[] {mask, net.low() & mask});
                // the IPv4-mapped forms: ::ffff:0:0/96 followed by the block's bits
                long lowMask = 0xffffffffL << 32 | mask;
                six.add(new long[] {-1L, lowMask, 0, (0xffffL << 32 | net.low()) & lowMask});
            } else {
                long highMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
                long lowMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
                six.add(new long[] {highMask, lowMask, net.high() & highMask, net.low() & lowMask});
                if (net.isIpv4Mapped() && prefix >= 96) {
                    int p4 = prefix - 96;
                    long mask = p4 == 0 ? 0 : (0xffffffffL << (32 - p4)) & 0xffffffffL;
                    four.add(new long[] {mask, net.low() & mask});
                }
            }
        }
        ipv4 = flatten(four);
        ipv6 = flatten(six);
    }

    private static long[] flatten(List<long[]> blocks) {
        int width = blocks.isEmpty() ? 0 : blocks.get(0).length;
        long[] out = new long[blocks.size() * width];
        for (int i = 0; i < blocks.size(); i++) {
            System.arraycopy(blocks.get(i), 0, out, i * width, width);
        }
        return out;
    }

    /** Whether the address lies in one of the subnets. */
    boolean contains(IpAddress a) {
        if (a.isIpv4()) {
            long bits = a.low();
            long[] m = ipv4;
            for (int i = 0; i < m.length; i += 2) {
                if ((bits & m[i]) == m[i + 1]) {
                    return true;
                }
            }
            return false;
        }
        long high = a.high();
        long low = a.low();
        long[] m = ipv6;
        for (int i = 0; i < m.length; i += 4) {
            if ((high & m[i]) == m[i + 2] && (low & m[i + 1]) == m[i + 3]) {
                return true;
            }
        }
        return false;
    }
}
