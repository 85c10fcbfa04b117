package org.covertmark.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.core.store.TraceStores;
import org.covertmark.strategies.entropy.EntropyDistributionStrategy;
import org.covertmark.strategies.entropy.EntropyEstimationStrategy;
import org.covertmark.strategies.lengthclustering.LengthClusteringStrategy;
import org.covertmark.strategies.sgd.SgdStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;

/**
 * Five trials of every built-in strategy on every bundled capture as the positive trace: the split
 * falls back from host to connection (each capture has one server) without a crash, and no rate is
 * reported over no unit.
 */
@DisplayName("--trials 5 on every bundled capture")
class TrialsOnEverySampleTest {

    private static final Path SAMPLES = Path.of("samples");
    private static final Path TLS2 = Path.of("..", "data", "public", "tls2.pcap");

    static Stream<Arguments> runs() {
        List<String> captures = List.of("obfs4-iat0.pcap", "obfs4-iat1.pcap", "obfs4-iat2.pcap", "obfs4-recall.pcap",
                "shadowsocks.pcap", "shadowsocks-recall.pcap");
        List<String> strategies = List.of("entropy-dist", "entropy-est", "length-clustering", "sgd");
        return captures.stream().flatMap(c -> strategies.stream().flatMap(s -> Stream.of(Arguments.of(c, s, false),
                Arguments.of(c, s, true))));
    }

    private static DetectionStrategy strategy(String name) {
        return switch (name) {
            case "entropy-dist" -> new EntropyDistributionStrategy();
            case "entropy-est" -> new EntropyEstimationStrategy();
            case "length-clustering" -> new LengthClusteringStrategy();
            default -> new SgdStrategy();
        };
    }

    @ParameterizedTest(name = "{1} on {0}, reversed {2}")
    @MethodSource("runs")
    void runs(String capture, String name, boolean reversed) {
        boolean recall = capture.contains("recall");
        DetectionStrategy strategy = strategy(name);
        RunSpec spec = RunSpec.builder(new TraceSource.Capture(SAMPLES.resolve(capture)))
                .negative(new TraceSource.Capture(TLS2))
                .client(recall ? "10.1.0.16/28" : "10.1.0.0/28").server("10.2.0.1")
                .negativeClients(List.of(Subnet.parse("192.168.0.17"), Subnet.parse("2601:647:4b02:1d20::/64")))
                .reversed(reversed && !name.equals("sgd")).trials(5).build();
        RunResult r;
        try (TraceStore store = TraceStores.open(TraceStores.DEFAULT_URI)) {
            r = Evaluation.run(strategy, spec, store);
        }
        assertThat(r.trials()).hasSize(5);
        assertThat(r.selection().get("positive").split()).isEqualTo("flow");
        assertThat(r.selection().get("negative").split()).isEqualTo("host");
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("the positive trace has 1 server"));
        for (RunResult.ConfigRecord c : r.records()) {
            for (Measurement m : List.of(c.selection(), c.test())) {
                assertThat(m.units()).containsKeys(Measurement.FLOW, Measurement.HOST);
                for (UnitRates u : m.units().values()) {
                    check(u.positives(), u.tpr().isPresent(), u.tprCi95().isPresent());
                    check(u.negatives(), u.fpr().isPresent(), u.fprCi95().isPresent());
                }
                assertThat(m.flow().positives().examined()).as("the test part has connections").isPositive();
            }
        }
        if (r.verdict().score().isPresent()) {
            assertThat(r.verdict().band()).doesNotStartWith("inconclusive");
        } else {
            assertThat(r.verdict().band()).startsWith("inconclusive").contains(": ");
        }
    }

    /** A rate and its interval exist exactly when something was examined. */
    private static void check(Count c, boolean rate, boolean interval) {
        assertThat(rate).as("a rate over %s units", c.examined()).isEqualTo(c.examined() > 0);
        assertThat(interval).isEqualTo(c.examined() > 0);
        assertThat(c.tested()).isBetween(c.flagged(), c.examined());
        assertThat(c.byReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(c.examined());
    }
}
