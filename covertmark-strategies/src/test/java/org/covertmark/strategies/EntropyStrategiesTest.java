package org.covertmark.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.strategies.entropy.EntropyDistributionStrategy;
import org.covertmark.strategies.entropy.EntropyEstimationStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The entropy strategies")
class EntropyStrategiesTest {

    /** Shadowsocks against the server-to-client half of real HTTPS browsing. */
    private static RunSpec.Builder shadowsocksAgainstHttps() {
        return RunSpec.builder(RealTraces.capture("shadowsocks.pcap")).negative(RealTraces.capture("tls2.pcap"))
                .client("127.0.0.1").negativeClients(List.of(Subnet.parse("192.168.0.17"))).reversed(true);
    }

    @Test
    @DisplayName("entropy-dist: judged by stream, HTTPS continuation segments are TLS and dropped; by segment they are flagged")
    void streamRuleAvoidsTheOriginalsDefect() {
        RunResult byStream = RealTraces.run(new EntropyDistributionStrategy(), shadowsocksAgainstHttps().build());
        RunResult bySegment = RealTraces.run(new EntropyDistributionStrategy(),
                shadowsocksAgainstHttps().parameter("tls_rule", "segment").build());

        assertThat(byStream.records()).hasSize(36);
        for (int i = 0; i < 36; i++) {
            assertThat(byStream.records().get(i).fpr()).isLessThanOrEqualTo(bySegment.records().get(i).fpr());
        }
        double worstByStream = byStream.records().stream().mapToDouble(PerformanceRecord::fpr).max().orElseThrow();
        double worstBySegment = bySegment.records().stream().mapToDouble(PerformanceRecord::fpr).max().orElseThrow();
        assertThat(worstBySegment).isGreaterThan(0.05).isGreaterThan(3 * worstByStream);
        assertThat(byStream.records()).extracting(PerformanceRecord::tpr)
                .containsExactlyElementsOf(bySegment.records().stream().map(PerformanceRecord::tpr).toList());
        assertThat(byStream.wiresharkFilter()).endsWith("&& !tls && !http.request");
    }

    @Test
    @DisplayName("entropy-est: with the inclusion rule off, every payload of the trace is examined, TLS or HTTP")
    void inclusionOff() {
        Path mixed = Path.of("..", "covertmark-examples", "samples", "https-http.pcap");
        RunSpec.Builder spec = RunSpec.builder(new TraceSource.Capture(mixed)).negative(RealTraces.capture("tls2.pcap"))
                .client("10.3.0.0/24").negativeClients(List.of(Subnet.parse("192.168.0.17"))).reversed(true);
        RunResult off = RealTraces.run(new EntropyEstimationStrategy(), spec.parameter("tls_rule", "off").build());
        RunResult byStream = RealTraces.run(new EntropyEstimationStrategy(), spec.parameter("tls_rule", "stream").build());
        long payloads;
        Subnet clients = Subnet.parse("10.3.0.0/24");
        try (CaptureReader r = CaptureReader.open(mixed)) {
            payloads = r.stream().filter(p -> p.isTcp() && clients.contains(p.destination()))
                    .filter(p -> p.payload().length() >= 128).count();
        }

        Config widest = Config.of(32, 128, 5.0);
        assertThat(examined(off, widest)).isEqualTo(payloads).isPositive();
        assertThat(examined(byStream, widest)).as("by stream, the TLS or the HTTP packets alone").isPositive()
                .isLessThan(payloads);
        assertThat(off.wiresharkFilter()).endsWith("&& tcp.len > 0");
    }

    private static long examined(RunResult r, Config config) {
        return r.records().stream().filter(x -> x.config().equals(config)).findFirst().orElseThrow().positives().total();
    }

    @Test
    @DisplayName("entropy-dist: a looser criterion flags at least as much; each step above sensitive costs 10 %")
    void criteria() {
        RunResult r = RealTraces.run(new EntropyDistributionStrategy(), shadowsocksAgainstHttps()
                .parameter("tls_rule", "segment").build());
        for (int i = 0; i < r.records().size(); i += 3) {
            List<PerformanceRecord> byCriterion = r.records().subList(i, i + 3); // criteria 3, 2, 1
            assertThat(byCriterion.get(0).config().intValue(2)).isEqualTo(3);
            assertThat(byCriterion.get(0).positives().flagged()).isLessThanOrEqualTo(byCriterion.get(1).positives().flagged());
            assertThat(byCriterion.get(1).positives().flagged()).isLessThanOrEqualTo(byCriterion.get(2).positives().flagged());
            assertThat(byCriterion.get(0).negatives().flagged()).isLessThanOrEqualTo(byCriterion.get(2).negatives().flagged());
        }
        EntropyDistributionStrategy s = new EntropyDistributionStrategy();
        assertThat(s.configPenalty(Config.of(16, 128, 3))).isCloseTo(0.2, within(1e-12));
        assertThat(s.configPenalty(Config.of(16, 128, 1))).isZero();
    }

    @Test
    @DisplayName("entropy-dist: the same traces and seed give the same counts; another seed may not")
    void deterministic() {
        RunResult a = RealTraces.run(new EntropyDistributionStrategy(), shadowsocksAgainstHttps().seed(3).build());
        RunResult b = RealTraces.run(new EntropyDistributionStrategy(), shadowsocksAgainstHttps().seed(3).build());
        assertThat(a.records()).extracting(PerformanceRecord::positives)
                .containsExactlyElementsOf(b.records().stream().map(PerformanceRecord::positives).toList());
        assertThat(a.records()).extracting(PerformanceRecord::negatives)
                .containsExactlyElementsOf(b.records().stream().map(PerformanceRecord::negatives).toList());
    }

    @Test
    @DisplayName("entropy-est: the cut-off is the percentile itself; floored as the original did, it flags every payload")
    void cutoff() {
        RunResult kept = RealTraces.run(new EntropyEstimationStrategy(), shadowsocksAgainstHttps()
                .parameter("tls_rule", "segment").build());
        RunResult floored = RealTraces.run(new EntropyEstimationStrategy(), shadowsocksAgainstHttps()
                .parameter("tls_rule", "segment").parameter("floor_cutoff", "true").build());

        assertThat(kept.records()).hasSize(48);
        assertThat(floored.records()).allMatch(r -> r.positives().flagged() == r.positives().total());
        assertThat(floored.records()).allMatch(r -> r.fpr() >= kept.records().get(floored.records().indexOf(r)).fpr());
        PerformanceRecord p5 = kept.records().stream()
                .filter(r -> r.config().equals(Config.of(32, 128, 5.0))).findFirst().orElseThrow();
        assertThat(p5.tpr()).as("about 95 % above the 5th percentile").isBetween(0.85, 1.0);
        assertThat(kept.interpretations().get(p5.config())).contains("cut-off 0.");
    }
}
