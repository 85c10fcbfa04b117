package org.covertmark.analytics.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.PacketBuilder;
import org.covertmark.api.packet.Timestamp;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Windows")
class WindowsTest {

    private static final List<Packet> TLS2 = read("tls2.pcap");

    private static List<Packet> read(String name) {
        try (CaptureReader r = CaptureReader.open(Path.of("..", "data", "public", name))) {
            return r.toList();
        }
    }

    private static List<Packet> numbered(int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(i -> PacketBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).frame(i).timeMicros(i).build())
                .toList();
    }

    @Test
    @DisplayName("fixed-size windows keep whole windows in order and discard the remainder")
    void fixedSize() {
        List<List<Packet>> w = Windows.fixedSize(numbered(7), 3);
        assertThat(w).hasSize(2);
        assertThat(w.get(0)).extracting(Packet::frame).containsExactly(1L, 2L, 3L);
        assertThat(w.get(1)).extracting(Packet::frame).containsExactly(4L, 5L, 6L);
        assertThatThrownBy(() -> Windows.fixedSize(numbered(3), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window size must be at least 1 packet, not 0");
    }

    @Test
    @DisplayName("time windows partition a real capture: window i holds the packets of [t0 + i·w, t0 + (i+1)·w)")
    void timeSeriesPartitions() {
        long width = 1_000_000;
        List<List<Packet>> windows = Windows.timeSeries(TLS2, width, true);
        long t0 = TLS2.stream().mapToLong(Packet::timeMicros).min().orElseThrow();
        long t1 = TLS2.stream().mapToLong(Packet::timeMicros).max().orElseThrow();

        assertThat(windows).hasSize((int) ((t1 - t0) / width) + 1);
        List<Packet> joined = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            long lo = t0 + i * width;
            assertThat(windows.get(i)).allMatch(p -> p.timeMicros() >= lo && p.timeMicros() < lo + width);
            joined.addAll(windows.get(i));
        }
        assertThat(joined).hasSameSizeAs(TLS2).isSortedAccordingTo((a, b) -> a.timestamp().compareTo(b.timestamp()));
        assertThat(windows).anyMatch(List::isEmpty);
    }

    @Test
    @DisplayName("grouping by client and remote loses no client packet and cuts segments of the window size")
    void groupingLosesNothing() {
        List<Subnet> clients = List.of(Subnet.parse("192.168.0.17"), Subnet.parse("2601:647:4b02:1d20::/64"));
        Map<Conversation, List<List<Packet>>> groups = Windows.byClientAndRemote(TLS2, clients, 50);

        long clientPackets = TLS2.stream().filter(p -> clients.stream()
                .anyMatch(s -> s.contains(p.source()) || s.contains(p.destination()))).count();
        assertThat(groups.values().stream().flatMap(Collection::stream).mapToLong(List::size).sum())
                .isEqualTo(clientPackets).isGreaterThan(5000);
        groups.forEach((conversation, segments) -> {
            for (int i = 0; i < segments.size(); i++) {
                List<Packet> s = segments.get(i);
                assertThat(s.size()).isBetween(1, 50);
                if (i < segments.size() - 1) {
                    assertThat(s).hasSize(50);
                }
                assertThat(s).allMatch(p -> Windows.conversationOf(p, clients).equals(conversation));
                assertThat(s).extracting(Packet::frame).isSorted();
            }
        });
        assertThat(groups.keySet()).extracting(Conversation::remote).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("synchronising moves the first packet to the target time and keeps every interval")
    void synchronise() {
        List<Packet> original = TLS2.subList(0, 100);
        Timestamp target = new Timestamp(1_700_000_000L, 999_999_999);
        List<Packet> moved = Windows.synchronise(original, target, false);

        assertThat(moved.get(0).timestamp()).isEqualTo(target);
        for (int i = 1; i < moved.size(); i++) {
            assertThat(moved.get(i).timeMicros() - moved.get(0).timeMicros())
                    .isEqualTo(original.get(i).timeMicros() - original.get(0).timeMicros());
            assertThat(moved.get(i).bytes()).isEqualTo(original.get(i).bytes());
        }
    }
}
