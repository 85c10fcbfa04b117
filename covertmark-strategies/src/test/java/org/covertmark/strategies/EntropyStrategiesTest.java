package org.covertmark.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.strategy.Config;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.strategies.entropy.EntropyDistributionStrategy;
import org.covertmark.strategies.entropy.EntropyEstimationStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The entropy strategies")
class EntropyStrategiesTest {

    /** Shadowsocks against the server-to-client half of real HTTPS browsing. */
    private static RunSpec.Builder shadowsocksAgainstHttps() {
        return RunSpec.builder(RealTraces.capture("shadowsocks.pcap")).negative(RealTraces.capture("tls2.pcap"))
                .client("127.0.0.1").negativeClients(List.of(Subnet.parse("192.168.0.17"))).reversed(true).trials(2);
    }

    private static Count negativePackets(RunResult.ConfigRecord r) {
        return r.test().unit(Measurement.PACKET).orElseThrow().negatives();
    }

    private static Count positivePackets(RunResult.ConfigRecord r) {
        return r.test().unit(Measurement.PACKET).orElseThrow().positives();
    }

    @Test
    @DisplayName("entropy-dist: judged by connection, HTTPS continuation segments are TLS and set aside; by segment "
            + "they are tested, and flagged")
    void connectionRuleAvoidsTheOriginalsDefect() {
        RunResult byConnection = RealTraces.run(new EntropyDistributionStrategy(), shadowsocksAgainstHttps().build());
        RunResult bySegment = RealTraces.run(new EntropyDistributionStrategy(),
                shadowsocksAgainstHttps().parameter("tls_rule", "segment").build());

        assertThat(byConnection.records()).hasSize(36);
        for (RunResult.ConfigRecord r : byConnection.records()) {
            Count negatives = negativePackets(r);
            assertThat(negatives.tested()).as("every HTTPS packet is set aside as TLS").isZero();
            assertThat(negatives.examined()).isPositive();
            assertThat(negatives.byReason()).containsOnlyKeys("exempt:tls");
        }
        double worstBySegment = bySegment.records().stream()
                .mapToDouble(r -> r.test().unit(Measurement.PACKET).orElseThrow().fpr().orElseThrow()).max()
                .orElseThrow();
        assertThat(worstBySegment).as("continuation segments look random").isGreaterThan(0.05);
        assertThat(bySegment.records()).allSatisfy(r -> assertThat(negativePackets(r).byReason())
                .containsKey("exempt:tls"));
        assertThat(byConnection.warnings()).anyMatch(w -> w.startsWith("no negative packet of the chosen configuration "
                + "was tested"));
    }

    @Test
    @DisplayName("entropy-est: with tls_rule=off every payload of the trace is tested, TLS or HTTP; exempt=http sets "
            + "the HTTP connections aside")
    void exemptionsOff() {
        Path mixed = Path.of("..", "covertmark-examples", "samples", "https-http.pcap");
        RunSpec.Builder spec = RunSpec.builder(new TraceSource.Capture(mixed)).negative(RealTraces.capture("tls2.pcap"))
                .client("10.3.0.0/24").negativeClients(List.of(Subnet.parse("192.168.0.17"))).reversed(true)
                .trials(1);
        RunResult off = RealTraces.run(new EntropyEstimationStrategy(), spec.parameter("tls_rule", "off").build());
        RunResult byConnection = RealTraces.run(new EntropyEstimationStrategy(),
                spec.parameter("tls_rule", "connection").parameter("exempt", "http").build());
        long payloads;
        Subnet clients = Subnet.parse("10.3.0.0/24");
        try (CaptureReader r = CaptureReader.open(mixed)) {
            payloads = r.stream().filter(p -> p.isTcp() && clients.contains(p.destination()))
                    .filter(p -> p.payload().length() >= 128).count();
        }

        Config widest = Config.of(32, 128, 5.0);
        assertThat(tested(off, widest)).isEqualTo(payloads).isPositive();
        assertThat(tested(byConnection, widest)).as("the HTTP connections set aside")
                .isPositive().isLessThan(payloads);
        assertThat(record(byConnection, widest).test().unit(Measurement.PACKET).orElseThrow().positives().byReason())
                .containsKey("exempt:http");
    }

    private static RunResult.ConfigRecord record(RunResult r, Config config) {
        return r.records().stream().filter(x -> x.config().equals(config)).findFirst().orElseThrow();
    }

    /** Positive payloads tested, both parts together. */
    private static long tested(RunResult r, Config config) {
        RunResult.ConfigRecord c = record(r, config);
        return c.test().unit(Measurement.PACKET).orElseThrow().positives().tested()
                + c.selection().unit(Measurement.PACKET).orElseThrow().positives().tested();
    }

    @Test
    @DisplayName("entropy-dist: a looser criterion flags at least as much; each step above sensitive costs 10 %")
    void criteria() {
        RunResult r = RealTraces.run(new EntropyDistributionStrategy(), shadowsocksAgainstHttps()
                .parameter("tls_rule", "segment").build());
        for (int i = 0; i < r.records().size(); i += 3) {
            List<RunResult.ConfigRecord> byCriterion = r.records().subList(i, i + 3); // criteria 3, 2, 1
            assertThat(byCriterion.get(0).config().intValue(2)).isEqualTo(3);
            assertThat(positivePackets(byCriterion.get(0)).flagged())
                    .isLessThanOrEqualTo(positivePackets(byCriterion.get(1)).flagged());
            assertThat(positivePackets(byCriterion.get(1)).flagged())
                    .isLessThanOrEqualTo(positivePackets(byCriterion.get(2)).flagged());
            assertThat(negativePackets(byCriterion.get(0)).flagged())
                    .isLessThanOrEqualTo(negativePackets(byCriterion.get(2)).flagged());
        }
        EntropyDistributionStrategy s = new EntropyDistributionStrategy();
        assertThat(s.configPenalty(Config.of(16, 128, 3))).isCloseTo(0.2, within(1e-12));
        assertThat(s.configPenalty(Config.of(16, 128, 1))).isZero();
    }

    @Test
    @DisplayName("entropy-dist: the same traces and seed give the same counts in every trial")
    void deterministic() {
        RunResult a = RealTraces.run(new EntropyDistributionStrategy(), shadowsocksAgainstHttps().seed(3).build());
        RunResult b = RealTraces.run(new EntropyDistributionStrategy(), shadowsocksAgainstHttps().seed(3).build());
        assertThat(a.records()).extracting(RunResult.ConfigRecord::test)
                .containsExactlyElementsOf(b.records().stream().map(RunResult.ConfigRecord::test).toList());
        assertThat(a.trials()).isEqualTo(b.trials());
        assertThat(a.flows()).isEqualTo(b.flows());
    }

    @Test
    @DisplayName("entropy-est: the cut-off is the percentile of the selection part's payloads, so about (100 − p) % of "
            + "them are flagged; floored as the original did, it flags every payload")
    void cutoff() {
        RunSpec.Builder obfs4 = RunSpec.builder(new TraceSource.Capture(Path.of("..", "covertmark-examples", "samples",
                "obfs4-iat0.pcap"))).negative(RealTraces.capture("tls2.pcap")).client("10.1.0.0/24")
                .server("10.2.0.1").negativeClients(List.of(Subnet.parse("192.168.0.17"))).reversed(true).trials(1);
        RunResult kept = RealTraces.run(new EntropyEstimationStrategy(), obfs4.build());
        RunResult floored = RealTraces.run(new EntropyEstimationStrategy(),
                obfs4.parameter("floor_cutoff", "true").build());

        assertThat(kept.records()).hasSize(48);
        assertThat(floored.records()).allSatisfy(r -> {
            Count p = positivePackets(r);
            assertThat(p.flagged()).isEqualTo(p.tested());
        });
        RunResult.ConfigRecord p5 = record(kept, Config.of(32, 128, 5.0));
        Count selection = p5.selection().unit(Measurement.PACKET).orElseThrow().positives();
        assertThat(selection.tested()).isGreaterThan(100);
        assertThat((double) selection.flagged() / selection.tested()).as("by construction, on the selection part")
                .isBetween(0.94, 0.96);
        assertThat(p5.test().unit(Measurement.PACKET).orElseThrow().tpr().orElseThrow())
                .as("held out, near but not forced to 95 %").isBetween(0.80, 1.0);
        assertThat(p5.description()).contains("cut-off 0.");
    }
}
