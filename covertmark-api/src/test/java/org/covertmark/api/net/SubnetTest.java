package org.covertmark.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Subnet")
class SubnetTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static Subnet net(String s) {
        return Subnet.parse(s);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "192.168.1.7/24, 192.168.1.0/24, 192.168.1.0, 24",
        "10.255.255.255/8, 10.0.0.0/8, 10.0.0.0, 8",
        "255.255.255.255/0, 0.0.0.0/0, 0.0.0.0, 0",
        "1.2.3.4/32, 1.2.3.4, 1.2.3.4, 32",
        "1.2.3.4, 1.2.3.4, 1.2.3.4, 32",
        "1.2.3.4/31, 1.2.3.4/31, 1.2.3.4, 31",
        "1.2.3.5/31, 1.2.3.4/31, 1.2.3.4, 31",
        "128.0.0.1/1, 128.0.0.0/1, 128.0.0.0, 1",
        "2001:db8:abcd:12::1/64, 2001:db8:abcd:12::/64, 2001:db8:abcd:12::, 64",
        "2001:db8::ffff/127, 2001:db8::fffe/127, 2001:db8::fffe, 127",
        "2001:db8::1/65, 2001:db8::/65, 2001:db8::, 65",
        "2001:db8:0:0:7fff:ffff:ffff:ffff/65, 2001:db8::/65, 2001:db8::, 65",
        "2001:db8:0:0:8000::/65, 2001:db8:0:0:8000::/65, 2001:db8:0:0:8000::, 65",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/63, ffff:ffff:ffff:fffe::/63, ffff:ffff:ffff:fffe::, 63",
        "ffff::1/0, ::/0, ::, 0",
        "::1/128, ::1, ::1, 128",
        "::ffff:10.1.2.3/104, ::ffff:10.0.0.0/104, ::ffff:10.0.0.0, 104",
        "' 10.0.0.0 / 8 ', 10.0.0.0/8, 10.0.0.0, 8",
    })
    @DisplayName("parses, clearing the host bits, and prints network/prefix (just the address for one address)")
    void parses(String text, String printed, String network, int prefix) {
        Subnet s = net(text);
        assertThat(s.network()).isEqualTo(ip(network));
        assertThat(s.prefixLength()).isEqualTo(prefix);
        assertThat(s).hasToString(printed);
        assertThat(net(printed)).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s.version()).isEqualTo(ip(network).version());
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/abc", "10.0.0.0/", "/8",
        "10.0.0.0/8/8", "10.0.0.0/+8", "10.0.0.0/8.0", "10.0.0.0/0x8", "::/1000", "10.0.0/8", "",
        "10.0.0.0/\uff18", "::/\u0661\u0662"})
    @DisplayName("rejects bad addresses and prefix lengths")
    void rejects(String text) {
        assertThatThrownBy(() -> net(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("of(address, prefix) checks the prefix against the address version")
    void ofChecksPrefix() {
        assertThatThrownBy(() -> Subnet.of(ip("1.2.3.4"), 33)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..32");
        assertThatThrownBy(() -> Subnet.of(ip("::1"), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Subnet.of(ip("::1"), 128)).isEqualTo(Subnet.of(ip("::1")));
        assertThat(Subnet.of(ip("1.2.3.4"), 0)).isEqualTo(net("0.0.0.0/0"));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.0.0.0/8, 9.255.255.255, false",
        "0.0.0.0/0, 255.255.255.255, true",
        "0.0.0.0/0, 0.0.0.0, true",
        "1.2.3.4, 1.2.3.4, true",
        "1.2.3.4, 1.2.3.5, false",
        "128.0.0.0/1, 200.0.0.1, true",
        "128.0.0.0/1, 127.0.0.1, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::, false",
        "::/0, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
        "2001:db8::/65, 2001:db8::7fff:ffff:ffff:ffff, true",
        "2001:db8::/65, 2001:db8::8000:0:0:0, false",
        "::1, ::1, true",
        "::1, ::, false",
        // an IPv4 block contains the IPv4-mapped forms of its addresses, and only those
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
        "10.0.0.0/8, ::ffff:11.1.2.3, false",
        "0.0.0.0/0, ::ffff:0.0.0.0, true",
        "0.0.0.0/0, ::1, false",
        "0.0.0.0/0, ::102:304, false",
        "0.0.0.0/0, 64:ff9b::1.2.3.4, false",
        // an IPv6 block inside ::ffff:0:0/96 contains the IPv4 addresses it maps
        "::ffff:0:0/96, 1.2.3.4, true",
        "::ffff:0:0/96, 0.0.0.0, true",
        "::ffff:10.0.0.0/104, 10.9.9.9, true",
        "::ffff:10.0.0.0/104, 11.0.0.0, false",
        "::ffff:1.2.3.4, 1.2.3.4, true",
        // ... and a larger IPv6 block does not, though it holds the mapped forms
        "::/0, 1.2.3.4, false",
        "::/0, ::ffff:1.2.3.4, true",
        "::ffff:0:0/95, 1.2.3.4, false",
        "::/96, 1.2.3.4, false",
        "64:ff9b::/96, 1.2.3.4, false",
    })
    @DisplayName("contains addresses of its own version, and across versions only through IPv4 mapping")
    void containsAddress(String subnet, String address, boolean expected) {
        assertThat(net(subnet).contains(ip(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.1.0.0/16, true",
        "10.0.0.0/8, 10.0.0.0/8, true",
        "10.1.0.0/16, 10.0.0.0/8, false",
        "10.0.0.0/8, 11.0.0.0/16, false",
        "0.0.0.0/0, 10.0.0.0/8, true",
        "10.0.0.0/8, 10.2.3.4, true",
        "2001:db8::/32, 2001:db8:1::/48, true",
        "2001:db8:1::/48, 2001:db8::/32, false",
        "::/0, 2001:db8::/32, true",
        "10.0.0.0/8, ::ffff:10.0.0.0/104, true",
        "10.0.0.0/8, ::ffff:10.1.0.0/112, true",
        "10.0.0.0/8, ::ffff:0:0/96, false",
        "10.0.0.0/8, ::/0, false",
        "0.0.0.0/0, ::ffff:0:0/96, true",
        "0.0.0.0/0, ::/0, false",
        "::ffff:0:0/96, 10.0.0.0/8, true",
        "::ffff:0:0/96, 0.0.0.0/0, true",
        "::ffff:10.0.0.0/104, 10.0.0.0/8, true",
        "::ffff:10.0.0.0/104, 0.0.0.0/0, false",
        // no IPv4 address of 10.0.0.0/8 lies in ::/0, so ::/0 does not contain the block
        "::/0, 10.0.0.0/8, false",
        "::/0, 1.2.3.4, false",
        "::ffff:0:0/95, 10.0.0.0/8, false",
    })
    @DisplayName("contains a block when it contains every address of it")
    void containsSubnet(String outer, String inner, boolean expected) {
        assertThat(net(outer).contains(net(inner))).isEqualTo(expected);
    }

    @Test
    @DisplayName("contains(Subnet) agrees with contains(IpAddress) on both ends of the inner block")
    void containsSubnetAgreesWithAddresses() {
        Random random = new Random(7);
        List<String> outers = List.of("10.0.0.0/8", "0.0.0.0/0", "::/0", "::ffff:0:0/96", "::ffff:10.0.0.0/104",
                "::ffff:0:0/95", "2001:db8::/32", "::/96", "10.1.2.0/24");
        for (String o : outers) {
            Subnet outer = net(o);
            for (int i = 0; i < 500; i++) {
                Subnet inner = randomSubnet(random);
                if (outer.contains(inner)) {
                    assertThat(outer.contains(inner.network())).as(outer + " contains " + inner).isTrue();
                    assertThat(outer.contains(last(inner))).as(outer + " contains " + inner).isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.1.0.0/16, true",
        "10.0.0.0/8, 11.0.0.0/8, false",
        "10.0.0.0/8, 0.0.0.0/0, true",
        "10.0.0.0/31, 10.0.0.1, true",
        "10.0.0.0/31, 10.0.0.2, false",
        "2001:db8::/32, 2001:db8:1::/48, true",
        "2001:db8::/32, 2001:db9::/32, false",
        "10.0.0.0/8, ::ffff:10.1.0.0/112, true",
        "10.0.0.0/8, ::ffff:0:0/96, true",
        "10.0.0.0/8, ::ffff:11.0.0.0/104, false",
        "10.0.0.0/8, 2001:db8::/32, false",
        // ::/0 and 10.0.0.0/8 share ::ffff:10.0.0.1, which both contain
        "10.0.0.0/8, ::/0, true",
        "0.0.0.0/0, ::/64, true",
        "0.0.0.0/0, 2001:db8::/32, false",
    })
    @DisplayName("overlaps is symmetric and true when the blocks share an address")
    void overlaps(String a, String b, boolean expected) {
        assertThat(net(a).overlaps(net(b))).isEqualTo(expected);
        assertThat(net(b).overlaps(net(a))).isEqualTo(expected);
    }

    @Test
    @DisplayName("equality is by network and prefix; an IPv4 block and its mapped IPv6 block differ")
    void equality() {
        assertThat(net("10.0.0.0/8")).isEqualTo(net("10.1.2.3/8")).hasSameHashCodeAs(net("10.1.2.3/8"));
        assertThat(net("10.0.0.0/8")).isNotEqualTo(net("10.0.0.0/9"));
        assertThat(net("10.0.0.0/8")).isNotEqualTo(net("::ffff:10.0.0.0/104"));
        assertThat(net("::ffff:10.0.0.0/104")).hasToString("::ffff:10.0.0.0/104");
    }

    private static Subnet randomSubnet(Random random) {
        int kind = random.nextInt(3);
        if (kind == 0) {
            return Subnet.of(IpAddress.ofIpv4(random.nextInt()), random.nextInt(33));
        }
        long high = kind == 1 ? 0 : random.nextLong();
        long low = kind == 1 ? (0xffffL << 32) | (random.nextInt() & 0xffffffffL) : random.nextLong();
        return Subnet.of(IpAddress.ofIpv6(high, low), kind == 1 ? 90 + random.nextInt(39) : random.nextInt(129));
    }

    private static IpAddress last(Subnet s) {
        IpAddress n = s.network();
        if (n.isIpv4()) {
            long host = s.prefixLength() == 32 ? 0 : (1L << (32 - s.prefixLength())) - 1;
            return IpAddress.ofIpv4((int) (n.low() | host));
        }
        int p = s.prefixLength();
        long hostHigh = p >= 64 ? 0 : p == 0 ? -1L : (1L << (64 - p)) - 1;
        long hostLow = p >= 128 ? 0 : p <= 64 ? -1L : (1L << (128 - p)) - 1;
        return IpAddress.ofIpv6(n.high() | hostHigh, n.low() | hostLow);
    }
}
