package org.covertmark.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Unit;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.measure.Measurement;
import org.covertmark.strategies.sgd.SgdStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The sgd strategy")
class SgdStrategyTest {

    private static RunResult run(long seed) {
        return RealTraces.run(new SgdStrategy(), RunSpec.builder(RealTraces.capture("tor.pcap"))
                .negative(RealTraces.capture("tls2.pcap")).recall(RealTraces.capture("tor.pcap"))
                .client("192.168.1.252").negativeClients(List.of(Subnet.parse("192.168.0.17")))
                .parameter("window_size", "10").seed(seed).trials(3).build());
    }

    @Test
    @DisplayName("the same traces and seed give the same result; the occurrence percentile is penalised")
    void deterministic() {
        RunResult a = run(7);
        RunResult b = run(7);
        assertThat(a.unit()).isEqualTo(Unit.WINDOW);
        assertThat(a.records()).extracting(RunResult.ConfigRecord::config)
                .containsExactly(Config.of(0), Config.of(25), Config.of(50), Config.of(75), Config.of(90));
        assertThat(a.records()).extracting(RunResult.ConfigRecord::test)
                .containsExactlyElementsOf(b.records().stream().map(RunResult.ConfigRecord::test).toList());
        assertThat(a.trials()).isEqualTo(b.trials());
        assertThat(new SgdStrategy().configPenalty(Config.of(50))).isCloseTo(0.125, within(1e-12));
    }

    @Test
    @DisplayName("tells Tor windows from HTTPS windows on windows it did not learn from, and recalls Tor")
    void detectsTor() {
        RunResult r = run(1);
        RunResult.ConfigRecord first = r.records().get(0);
        var windows = first.test().unit(Measurement.WINDOW).orElseThrow();
        assertThat(windows.positives().examined()).isPositive();
        assertThat(windows.negatives().examined()).isPositive();
        // tor.pcap is small: its test part holds four connections and 16 windows.
        assertThat(windows.tpr().orElseThrow()).isGreaterThan(0.5);
        assertThat(windows.fpr().orElseThrow()).isLessThan(0.05);
        assertThat(first.test().flow().tpr().orElseThrow()).isGreaterThan(first.test().flow().fpr().orElseThrow());
        assertThat(r.recall()).isPresent();
        assertThat(r.recall().get().unit(Measurement.WINDOW).orElseThrow().tpr().orElseThrow()).isGreaterThan(0.6);
    }
}
