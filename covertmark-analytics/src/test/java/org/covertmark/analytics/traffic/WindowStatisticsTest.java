package org.covertmark.analytics.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.PacketBuilder;
import org.covertmark.api.packet.TcpSegment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Window statistics")
class WindowStatisticsTest {

    private static final List<Subnet> CLIENTS = List.of(Subnet.parse("10.0.0.0/24"));
    private static final int ACK = TcpSegment.ACK;
    private static final int PSH_ACK = TcpSegment.ACK | TcpSegment.PSH;

    private static Packet up(long micros, long seq, int flags, byte[] payload) {
        return PacketBuilder.tcp("10.0.0.1", 40000, "192.0.2.1", 443).timeMicros(micros).seq(seq).flags(flags)
                .payload(payload).build();
    }

    private static Packet down(long micros, long seq, int flags, byte[] payload) {
        return PacketBuilder.tcp("192.0.2.1", 443, "10.0.0.1", 40000).timeMicros(micros).seq(seq).flags(flags)
                .payload(payload).build();
    }

    private static byte[] allByteValues() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** A window worked out by hand; the expected values are in the test below. */
    private static List<Packet> handWorkedWindow() {
        List<Packet> w = new ArrayList<>();
        w.add(up(0, 100, PSH_ACK, "aabb".getBytes()));                    // entropy 1, len 4
        w.add(down(500, 900, ACK, new byte[0]));                          // pure ACK
        w.add(up(2_000, 104, PSH_ACK, allByteValues()));                  // entropy 8, len 256
        w.add(up(2_500, 104, PSH_ACK, allByteValues()));                  // retransmission: no interval
        w.add(up(20_000, 360, ACK, new byte[0]));                         // pure ACK
        w.add(up(1_520_000, 360, ACK, new byte[0]));                      // same seq: no interval
        w.add(down(1_600_000, 900, PSH_ACK, "x".repeat(1400).getBytes())); // entropy 0, len 1400
        w.add(PacketBuilder.udp("10.0.0.1", 5353, "192.0.2.1", 53).timeMicros(1_700_000).build()); // not TCP
        w.add(PacketBuilder.tcp("192.0.2.7", 1, "192.0.2.8", 2).timeMicros(1_800_000).build());   // no client
        return w;
    }

    @Test
    @DisplayName("a hand-worked window gives every documented feature")
    void handWorkedValues() {
        WindowFeatures f = WindowStatistics.compute(handWorkedWindow(), CLIENTS);

        assertThat(f.get("max_entropy_up")).isEqualTo(8.0);
        assertThat(f.get("min_entropy_up")).isEqualTo(1.0);
        assertThat(f.get("mean_entropy_up")).isCloseTo(17.0 / 3, within(1e-12));
        assertThat(f.get("mean_interval_up")).isEqualTo(10_000.0); // gaps 2000 and 18000 µs
        assertThat(f.get("bin_1000_interval_up")).isZero();
        assertThat(f.get("bin_10000_interval_up")).isEqualTo(1);
        assertThat(f.get("bin_100000_interval_up")).isEqualTo(1);
        assertThat(f.get("bin_1000000_interval_up")).isZero();
        assertThat(f.get("top1_tcp_len_up")).isZero();              // 0 and 256 twice each: the shorter first
        assertThat(f.get("top2_tcp_len_up")).isEqualTo(256);
        assertThat(f.get("mean_tcp_len_up")).isCloseTo(516.0 / 5, within(1e-12));
        assertThat(f.get("bin_100_len_up")).isEqualTo(3);
        assertThat(f.get("bin_200_len_up")).isZero();
        assertThat(f.get("bin_500_len_up")).isEqualTo(2);
        assertThat(f.get("bin_1500_len_up")).isZero();
        assertThat(f.get("push_ratio_up")).isEqualTo(0.6);

        assertThat(f.get("max_entropy_down")).isZero();
        assertThat(f.get("mean_interval_down")).as("one sequence number: no interval").isNaN();
        assertThat(f.get("bin_1000000_interval_down")).isZero();
        assertThat(f.get("top1_tcp_len_down")).isZero();
        assertThat(f.get("top2_tcp_len_down")).isEqualTo(1400);
        assertThat(f.get("mean_tcp_len_down")).isEqualTo(700);
        assertThat(f.get("bin_100_len_down")).isEqualTo(1);
        assertThat(f.get("bin_1500_len_down")).isEqualTo(1);
        assertThat(f.get("push_ratio_down")).isEqualTo(0.5);

        assertThat(f.get("up_down_ratio")).isEqualTo(2.5);
        assertThat(f.remotes()).containsExactly(IpAddress.parse("192.0.2.1"));
        assertThat(f.clients()).containsExactly(IpAddress.parse("10.0.0.1"));
        assertThat(f.hasMissing()).isTrue();
    }

    @Test
    @DisplayName("the columns are the seed's names, upstream before downstream, the ratio last")
    void columnNames() {
        assertThat(WindowStatistics.featureNames(FeatureSet.all())).hasSize(2 * 17 + 1)
                .startsWith("max_entropy_up", "min_entropy_up", "mean_entropy_up", "mean_interval_up",
                        "bin_1000_interval_up", "bin_10000_interval_up", "bin_100000_interval_up",
                        "bin_1000000_interval_up", "top1_tcp_len_up", "top2_tcp_len_up", "mean_tcp_len_up",
                        "bin_100_len_up", "bin_200_len_up", "bin_500_len_up", "bin_1000_len_up", "bin_1500_len_up",
                        "push_ratio_up", "max_entropy_down")
                .endsWith("push_ratio_down", "up_down_ratio");
    }

    @Test
    @DisplayName("a feature selection computes only its features, with the same values")
    void selection() {
        WindowFeatures all = WindowStatistics.compute(handWorkedWindow(), CLIENTS);
        WindowFeatures some = WindowStatistics.compute(handWorkedWindow(), CLIENTS,
                EnumSet.of(FeatureSet.PSH, FeatureSet.INTERVAL));
        assertThat(some.names()).containsExactly("mean_interval_up", "push_ratio_up", "mean_interval_down",
                "push_ratio_down", "up_down_ratio");
        for (String name : some.names()) {
            assertThat(Double.valueOf(some.get(name))).as(name).isEqualTo(Double.valueOf(all.get(name)));
        }
    }

    @Test
    @DisplayName("a reordered segment below the highest sequence number still starts an interval; a repeat does not")
    void reorderedSequenceNumbers() {
        List<Packet> w = List.of(
                up(0, 100, ACK, new byte[10]),
                up(1_000, 300, ACK, new byte[10]),
                up(3_000, 200, ACK, new byte[10]),     // below 300, but new: gap 2000
                up(4_000, 300, ACK, new byte[10]),     // repeat of 300: no gap
                up(5_000, 100, ACK, new byte[10]),     // repeat of 100: no gap
                up(50_000, 4_294_967_295L, ACK, new byte[10]), // the largest sequence number: gap 47000
                up(50_500, 0, ACK, new byte[10]));     // wrapped around: new, gap 500
        WindowFeatures f = WindowStatistics.compute(w, CLIENTS);
        assertThat(f.get("mean_interval_up")).isEqualTo((1_000 + 2_000 + 47_000 + 500) / 4.0);
        assertThat(f.get("bin_1000_interval_up")).isEqualTo(1);
        assertThat(f.get("bin_10000_interval_up")).isEqualTo(2);
        assertThat(f.get("bin_100000_interval_up")).isEqualTo(1);
    }

    @Test
    @DisplayName("a window without downstream packets has no up/down ratio")
    void noDownstream() {
        WindowFeatures f = WindowStatistics.compute(List.of(up(0, 1, ACK, new byte[0])), CLIENTS);
        assertThat(f.get("up_down_ratio")).isNaN();
        assertThat(f.get("max_entropy_up")).as("no payload, no entropy").isNaN();
        assertThat(f.get("top1_tcp_len_down")).isNaN();
    }
}
