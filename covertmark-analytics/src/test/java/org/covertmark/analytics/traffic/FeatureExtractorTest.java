package org.covertmark.analytics.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The streaming feature extractor")
class FeatureExtractorTest {

    private static final List<Subnet> CLIENTS = List.of(Subnet.parse("192.168.0.17"),
            Subnet.parse("2601:647:4b02:1d20::/64"));

    @Test
    @DisplayName("gives the rows of time windows, then conversations, then packet windows, computed one by one")
    void matchesTheComposedFunctions() {
        List<Packet> packets;
        try (CaptureReader r = CaptureReader.open(Path.of("..", "data", "public", "tls2.pcap"))) {
            packets = r.toList();
        }
        long width = 10_000_000;
        List<FeatureRow> streamed = new ArrayList<>();
        FeatureExtractor extractor = new FeatureExtractor(CLIENTS, 50, width, FeatureSet.all(), streamed::add);
        packets.forEach(extractor::accept);
        extractor.finish();

        List<Packet> tcp = packets.stream().filter(Packet::isTcp)
                .filter(p -> Windows.conversationOf(p, CLIENTS) != null).toList();
        List<List<Packet>> segments = Windows.timeSeries(tcp, width, false);
        List<FeatureRow> composed = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            for (Map.Entry<Conversation, List<List<Packet>>> e
                    : Windows.byClientAndRemote(segments.get(s), CLIENTS, 50).entrySet()) {
                for (int w = 0; w < e.getValue().size(); w++) {
                    composed.add(new FeatureRow(e.getKey(), s, w, WindowStatistics.compute(e.getValue().get(w), CLIENTS)));
                }
            }
        }

        assertThat(streamed).hasSizeGreaterThan(100).isEqualTo(composed);
        assertThat(streamed).extracting(FeatureRow::segment).isSorted();
    }

    @Test
    @DisplayName("with an executor sharing the entropies, gives the very same rows, on the calling thread")
    void executorGivesTheSameRows() {
        List<Packet> packets;
        try (CaptureReader r = CaptureReader.open(Path.of("..", "data", "public", "tls2.pcap"))) {
            packets = r.toList();
        }
        List<FeatureRow> alone = new ArrayList<>();
        FeatureExtractor one = new FeatureExtractor(CLIENTS, 20, 5_000_000, FeatureSet.all(), alone::add);
        packets.forEach(one::accept);
        one.finish();

        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<FeatureRow> shared = new ArrayList<>();
            Thread caller = Thread.currentThread();
            AtomicInteger elsewhere = new AtomicInteger();
            FeatureExtractor two = new FeatureExtractor(CLIENTS, 20, 5_000_000, FeatureSet.all(), row -> {
                shared.add(row);
                if (Thread.currentThread() != caller) {
                    elsewhere.incrementAndGet();
                }
            }).withExecutor(executor);
            packets.forEach(two::accept);
            two.finish();

            assertThat(packets).as("several batches").hasSizeGreaterThan(3 * 2048);
            assertThat(shared).hasSizeGreaterThan(100).isEqualTo(alone);
            assertThat(elsewhere).hasValue(0);
            assertThatThrownBy(() -> two.withExecutor(executor)).isInstanceOf(IllegalStateException.class);
        } finally {
            executor.shutdown();
        }
    }

    @Test
    @DisplayName("refuses a window below one packet, a time window below one microsecond, and no clients")
    void refusesBadSettings() {
        assertThatThrownBy(() -> new FeatureExtractor(CLIENTS, 0, 1, FeatureSet.all(), r -> { }))
                .hasMessageContaining("window size must be at least 1");
        assertThatThrownBy(() -> new FeatureExtractor(CLIENTS, 50, 0, FeatureSet.all(), r -> { }))
                .hasMessageContaining("time window must be at least 1 microsecond");
        assertThatThrownBy(() -> new FeatureExtractor(List.of(), 50, 1, FeatureSet.all(), r -> { }))
                .hasMessageContaining("at least one client");
    }
}
