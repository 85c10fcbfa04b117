package org.covertmark.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.strategies.sgd.SgdStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The sgd strategy")
class SgdStrategyTest {

    private static RunResult run(long seed) {
        return RealTraces.run(new SgdStrategy(), RunSpec.builder(RealTraces.capture("tor.pcap"))
                .negative(RealTraces.capture("tls2.pcap")).recall(RealTraces.capture("tor.pcap"))
                .client("192.168.1.252").negativeClients(List.of(Subnet.parse("192.168.0.17")))
                .parameter("window_size", "10").seed(seed).build());
    }

    @Test
    @DisplayName("the same traces and seed give the same records; the occurrence percentile is penalised")
    void deterministic() {
        RunResult a = run(7);
        RunResult b = run(7);
        assertThat(a.records()).isNotEmpty();
        assertThat(a.records()).extracting(PerformanceRecord::config)
                .containsExactlyElementsOf(b.records().stream().map(PerformanceRecord::config).toList());
        for (int i = 0; i < a.records().size(); i++) {
            assertThat(a.records().get(i).positives()).isEqualTo(b.records().get(i).positives());
            assertThat(a.records().get(i).negatives()).isEqualTo(b.records().get(i).negatives());
            assertThat(a.records().get(i).blockRate()).isEqualTo(b.records().get(i).blockRate());
        }
        assertThat(a.records().get(0).config().get(0)).isEqualTo(0);
        assertThat(new SgdStrategy().configPenalty(Config.of(50, 1))).isCloseTo(0.125, within(1e-12));
    }

    @Test
    @DisplayName("tells Tor from HTTPS browsing by window features, and recalls Tor windows")
    void detectsTor() {
        RunResult r = run(1);
        PerformanceRecord first = r.records().get(0);
        assertThat(first.tpr()).isGreaterThan(0.75);
        assertThat(first.fpr()).isLessThan(0.05);
        assertThat(r.recall()).isPresent();
        assertThat(r.recall().getAsDouble()).isGreaterThan(0.8);
    }
}
