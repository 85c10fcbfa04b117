package org.covertmark.api.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("IpAddress")
class IpAddressTest {

    /**
     * The bytes the JDK gives a literal (it never looks a literal up). The JDK turns an IPv4-mapped
     * IPv6 literal into an IPv4 address; put the mapping prefix back so both sides mean the same.
     */
    private static byte[] jdkBytes(String literal) throws UnknownHostException {
        InetAddress a = InetAddress.getByName(literal);
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address && literal.indexOf(':') >= 0) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(b, 0, mapped, 12, 4);
            return mapped;
        }
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "10.0.0.1", "192.168.100.200", "255.255.255.255", "8.8.4.4",
        "::", "::1", "1::", "fe80::1:2", "FE80::1:2", "2001:db8::", "2001:DB8:0:0:0:0:0:1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329", "1:2:3:4:5:6:7:8", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:0:0:2::3", "0:0:0:0:0:0:0:0", "::ffff:1.2.3.4",
        "::FFFF:10.0.0.1", "::ffff:0.0.0.0", "64:ff9b::1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
        "2001:db8:0:1:1:1:1:1", "a:b:c:d:e:f:0:0"})
    @DisplayName("parses every textual form to the bytes the JDK gives the same literal")
    void parsesLikeTheJdk(String literal) throws Exception {
        IpAddress a = IpAddress.parse(literal);
        assertThat(a.toBytes()).isEqualTo(jdkBytes(literal));
        assertThat(a.version()).isEqualTo(literal.indexOf(':') >= 0 ? 6 : 4);
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "FE80:0:0:0:0:0:1:2, fe80::1:2",
        "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
        // a single zero group is not compressed
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
        // the longest run wins
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        // the first of two equal runs wins
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "0:0:1:2:3:4:0:0, ::1:2:3:4:0:0",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
        "A:B:C:D:E:F:0:0, a:b:c:d:e:f::",
        "::FFFF:1.2.3.4, ::ffff:1.2.3.4",
        "0:0:0:0:0:ffff:0a00:0001, ::ffff:10.0.0.1",
        "::ffff:0:0, ::ffff:0.0.0.0",
        "64:ff9b::1.2.3.4, 64:ff9b::102:304",
        "::1.2.3.4, ::102:304",
    })
    @DisplayName("prints the RFC 5952 canonical form")
    void printsCanonically(String literal, String canonical) {
        assertThat(IpAddress.parse(literal)).hasToString(canonical);
        assertThat(IpAddress.parse(canonical)).isEqualTo(IpAddress.parse(literal));
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04",
        "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.-4", "1234.1.1.1", "a.b.c.d", ":", ":::", "1::2::3", "::1::",
        "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4::5:6:7:8", ":1::", "1:", "1::2:",
        "fe80::1%eth0", "::g", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::1.2.3.4:5", "::ffff:01.2.3.4",
        " 1.2.3.4", "1.2.3.4 ", "::1 ", " ::1", "1.2.3.4/32", "localhost",
        // non-ASCII digits: full-width and Arabic-Indic
        "\uff11.2.3.4", "::\uff11", "fe80::\uff21", "::\u0661"})
    @DisplayName("rejects malformed text, naming it")
    void rejects(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    @DisplayName("random addresses survive print, JDK parse and our parse, in both byte forms")
    void randomRoundTrips() throws Exception {
        Random random = new Random(20240501);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[i % 3 == 0 ? 4 : 16];
            random.nextBytes(bytes);
            if (bytes.length == 16) {
                // zero runs of random length and position make compression cases likely
                int start = random.nextInt(8);
                int len = random.nextInt(9 - start);
                Arrays.fill(bytes, 2 * start, 2 * (start + len), (byte) 0);
            }
            IpAddress a = IpAddress.ofBytes(bytes);
            String text = a.toString();
            assertThat(text).as("lower case").isEqualTo(text.toLowerCase());
            assertThat(jdkBytes(text)).as(text).isEqualTo(bytes);
            assertThat(IpAddress.parse(text)).isEqualTo(a);
            assertThat(a.toBytes()).isEqualTo(bytes);
            assertThat(IpAddress.ofBytes(a.toBytes())).isEqualTo(a);
            if (a.isIpv4()) {
                assertThat(IpAddress.ofIpv4((int) a.low())).isEqualTo(a);
            } else {
                assertThat(IpAddress.ofIpv6(a.high(), a.low())).isEqualTo(a);
            }
        }
    }

    @Test
    @DisplayName("ofBytes takes only 4 or 16 bytes")
    void ofBytesLength() {
        assertThatThrownBy(() -> IpAddress.ofBytes(new byte[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5");
        assertThatThrownBy(() -> IpAddress.ofBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("high and low hold the 128-bit form; an IPv4 address keeps its 32 bits unsigned in low")
    void highLow() {
        IpAddress v4 = IpAddress.parse("255.0.0.1");
        assertThat(v4.high()).isZero();
        assertThat(v4.low()).isEqualTo(0xff000001L);
        IpAddress v6 = IpAddress.parse("8000::1");
        assertThat(v6.high()).isEqualTo(0x8000_0000_0000_0000L);
        assertThat(v6.low()).isEqualTo(1L);
    }

    @Test
    @DisplayName("orders IPv4 before IPv6, then as unsigned numbers; consistent with equals")
    void ordering() {
        List<IpAddress> sorted = new ArrayList<>(List.of("ffff::", "::", "255.255.255.255", "0.0.0.0",
                "128.0.0.0", "127.255.255.255", "::ffff:0.0.0.0", "8000::", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "::8000:0:0:0", "::7fff:ffff:ffff:ffff").stream().map(IpAddress::parse).toList());
        sorted.sort(null);
        assertThat(sorted).extracting(IpAddress::toString).containsExactly("0.0.0.0", "127.255.255.255",
                "128.0.0.0", "255.255.255.255", "::", "::ffff:0.0.0.0", "::7fff:ffff:ffff:ffff",
                "::8000:0:0:0", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "8000::", "ffff::");
        for (IpAddress a : sorted) {
            for (IpAddress b : sorted) {
                assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
                assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
            }
        }
    }

    @Test
    @DisplayName("an IPv4 address and its IPv4-mapped form are different values")
    void mappedIsNotEqual() {
        IpAddress v4 = IpAddress.parse("1.2.3.4");
        IpAddress mapped = IpAddress.parse("::ffff:1.2.3.4");
        assertThat(v4).isNotEqualTo(mapped);
        assertThat(v4.compareTo(mapped)).isNegative();
        assertThat(IpAddress.parse("1.2.3.4")).isEqualTo(v4).hasSameHashCodeAs(v4);
        assertThat(IpAddress.parse("0:0:0:0:0:FFFF:102:304")).isEqualTo(mapped).hasSameHashCodeAs(mapped);
    }

    @Test
    @DisplayName("mapped() and unmapped() convert between IPv4 and ::ffff:a.b.c.d, and leave others alone")
    void mapping() {
        IpAddress v4 = IpAddress.parse("192.0.2.33");
        IpAddress mapped = v4.mapped();
        assertThat(mapped.version()).isEqualTo(6);
        assertThat(mapped.isIpv4Mapped()).isTrue();
        assertThat(mapped).hasToString("::ffff:192.0.2.33").isEqualTo(IpAddress.parse("::ffff:c000:221"));
        assertThat(mapped.unmapped()).isEqualTo(v4);
        assertThat(v4.unmapped()).isSameAs(v4);
        assertThat(mapped.mapped()).isSameAs(mapped);

        IpAddress plain6 = IpAddress.parse("2001:db8::1");
        assertThat(plain6.isIpv4Mapped()).isFalse();
        assertThat(plain6.unmapped()).isSameAs(plain6);
        assertThat(plain6.mapped()).isSameAs(plain6);
        // neighbours of the mapped block are not mapped
        assertThat(IpAddress.parse("::fffe:1.2.3.4").isIpv4Mapped()).isFalse();
        assertThat(IpAddress.parse("1::ffff:1.2.3.4").isIpv4Mapped()).isFalse();
        assertThat(IpAddress.parse("::1.2.3.4").isIpv4Mapped()).isFalse();
        assertThat(v4.isIpv4Mapped()).isFalse();
    }
}
