package org.covertmark.analytics.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Client subnets as masks")
class ClientSubnetsTest {

    /** Addresses near the subnets' networks, so that most prefixes are tested on both sides of their edge. */
    private static IpAddress near(IpAddress network, Random random) {
        long flip = 1L << random.nextInt(64);
        return switch (random.nextInt(5)) {
            case 0 -> IpAddress.ofIpv4((int) (network.low() ^ flip));
            case 1 -> network.isIpv4() ? network.mapped() : IpAddress.ofIpv6(network.high(), network.low() ^ flip);
            case 2 -> network.isIpv4() ? IpAddress.ofIpv6(0, network.mapped().low() ^ flip)
                    : IpAddress.ofIpv6(network.high() ^ flip, network.low());
            case 3 -> network.isIpv4() ? network : network.unmapped();
            default -> random.nextBoolean() ? IpAddress.ofIpv4(random.nextInt())
                    : IpAddress.ofIpv6(random.nextBoolean() ? 0 : random.nextLong(), random.nextLong());
        };
    }

    private static Subnet randomSubnet(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Subnet.of(IpAddress.ofIpv4(random.nextInt()), random.nextInt(33));
            case 1 -> Subnet.of(IpAddress.ofIpv6(random.nextLong(), random.nextLong()), random.nextInt(129));
            // IPv6 blocks inside and around ::ffff:0:0/96, which hold IPv4 addresses too
            case 2 -> Subnet.of(IpAddress.ofIpv4(random.nextInt()).mapped(), 80 + random.nextInt(49));
            default -> Subnet.of(IpAddress.ofIpv6(0, random.nextLong()), random.nextInt(129));
        };
    }

    @Test
    @DisplayName("answer as Subnet.contains on any of the subnets, across IPv4, IPv6 and IPv4-mapped addresses")
    void agreeWithSubnetContains() {
        Random random = new Random(17);
        int inside = 0;
        for (int trial = 0; trial < 2000; trial++) {
            List<Subnet> subnets = new ArrayList<>();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                subnets.add(randomSubnet(random));
            }
            ClientSubnets matcher = new ClientSubnets(subnets);
            for (int a = 0; a < 50; a++) {
                IpAddress address = near(subnets.get(random.nextInt(subnets.size())).network(), random);
                boolean expected = subnets.stream().anyMatch(s -> s.contains(address));
                assertThat(matcher.contains(address)).as("%s in %s", address, subnets).isEqualTo(expected);
                inside += expected ? 1 : 0;
            }
        }
        assertThat(inside).as("both answers are tested").isBetween(10_000, 90_000);
    }

    @Test
    @DisplayName("0.0.0.0/0 holds IPv4-mapped addresses but ::/0 holds no IPv4 address")
    void defaultRoutes() {
        assertThat(new ClientSubnets(List.of(Subnet.parse("0.0.0.0/0"))).contains(IpAddress.parse("::ffff:1.2.3.4")))
                .isTrue();
        assertThat(new ClientSubnets(List.of(Subnet.parse("::/0"))).contains(IpAddress.parse("1.2.3.4"))).isFalse();
        assertThat(new ClientSubnets(List.of(Subnet.parse("::ffff:10.0.0.0/104"))).contains(IpAddress.parse("10.9.8.7")))
                .isTrue();
    }
}
