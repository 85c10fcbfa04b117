package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Progress reports")
class ProgressTest {

    static final Path TLS2 = Path.of("..", "data", "public", "tls2.pcap");

    /** Notes every call. */
    static final class Heard implements ProgressListener {
        final List<String> events = new ArrayList<>();
        final List<Long> advances = new ArrayList<>();

        @Override
        public void started(String task, String unit, long total) {
            events.add("started " + task + " " + unit + " " + total);
        }

        @Override
        public void advanced(long done) {
            advances.add(done);
        }

        @Override
        public void finished() {
            events.add("finished");
        }
    }

    @Test
    @DisplayName("a capture reader reports bytes read about once per megabyte, then the whole file, then finishes once")
    void reader() throws Exception {
        long size = Files.size(TLS2);
        Heard heard = new Heard();
        try (CaptureReader r = CaptureReader.open(TLS2, InputFilter.all()).reportProgress(heard, "reading tls2.pcap")) {
            r.forEachRemaining(p -> {
            });
        }
        assertThat(heard.events).containsExactly("started reading tls2.pcap bytes " + size, "finished");
        assertThat(heard.advances).hasSize((int) (size >> 20) + 1).isSorted().endsWith(size);
        assertThat(heard.advances.get(0)).isBetween(1L << 20, (1L << 20) + 70_000);
    }

    /** Offers three configurations and passes every packet. */
    public static final class ThreeConfigs implements DetectionStrategy {
        @Override
        public String name() {
            return "three";
        }

        @Override
        public String description() {
            return "Three configurations.";
        }

        @Override
        public List<Config> configurations(StrategyContext context) {
            return List.of(Config.of(0), Config.of(1), Config.of(2));
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            return Decisions.packets(trace).build();
        }
    }

    @Test
    @DisplayName("a run reports importing each capture, then each configuration of each trial as it is run")
    void evaluation() {
        Heard heard = new Heard();
        try (TraceStore store = TraceStores.open("memory:")) {
            Evaluation.run(new ThreeConfigs(), RunSpec.builder(new TraceSource.Capture(TLS2))
                    .negative(new TraceSource.Capture(TLS2)).client("192.168.0.17").trials(2).build(), store, heard);
        }
        long size = TLS2.toFile().length();
        assertThat(heard.events).containsExactly("started importing tls2.pcap bytes " + size, "finished",
                "started importing tls2.pcap bytes " + size, "finished",
                "started three client-to-server configurations 6", "finished");
        assertThat(heard.advances.subList(heard.advances.size() - 6, heard.advances.size()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }
}
