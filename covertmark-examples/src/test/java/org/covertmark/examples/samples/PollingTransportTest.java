package org.covertmark.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.Config;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.store.TraceStores;
import org.covertmark.strategies.lengthclustering.LengthClusteringStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * length-clustering where it should work — a meek-like polling transport
 * ({@link PollingTransportCapture}), whose idle polls and empty answers all have one length — and
 * where it should not — the fully encrypted obfs4 and shadowsocks samples — against real HTTPS
 * browsing ({@code tls2.pcap}) and the lab's HTTPS and HTTP clients ({@code https-http.pcap}).
 * Each run's figures are printed in the table form of docs/reproducing.md.
 */
@DisplayName("length-clustering on a polling transport and on fully encrypted ones")
class PollingTransportTest {

    private static final Path SAMPLES = Path.of("samples");
    private static final Path PUBLIC = Path.of("..", "data", "public");
    private static final List<String> TLS2_CLIENT = List.of("192.168.0.17", "2601:647:4b02:1d20::/64");
    private static final List<String> LAB_CLIENTS = List.of("10.3.0.0/24");

    @TempDir
    static Path dir;
    static Path meek;
    static PollingTransportCapture.Written written;

    @BeforeAll
    static void write() throws Exception {
        meek = dir.resolve("meek-like.pcap");
        written = PollingTransportCapture.write(meek, PollingTransportCapture.Shape.meekLike(1));
    }

    @Test
    @DisplayName("the polling capture is the same for the same seed, and reads without a skipped packet")
    void deterministic() throws Exception {
        Path again = dir.resolve("again.pcap");
        PollingTransportCapture.write(again, PollingTransportCapture.Shape.meekLike(1));
        assertThat(Files.mismatch(meek, again)).isEqualTo(-1);
        Path other = dir.resolve("other.pcap");
        PollingTransportCapture.write(other, PollingTransportCapture.Shape.meekLike(2));
        assertThat(Files.mismatch(meek, other)).isNotEqualTo(-1);

        try (CaptureReader r = CaptureReader.open(meek)) {
            List<Packet> all = r.toList();
            assertThat(all).hasSize((int) written.packets());
            assertThat(r.stats().skipped()).isEmpty();
            assertThat(all).allMatch(p -> p.isTcp());
            assertThat(all.stream().filter(p -> p.tcp().get().payloadLength() == written.idleRequestLength()
                    && p.source().toString().equals(PollingTransportCapture.CLIENT))).hasSize(written.idlePolls());
        }
    }

    @Test
    @DisplayName("detects meek-like polling client to server: its idle polls, TPR ≥ 0.85 at FPR ≤ 1 % on real traffic")
    void pollingClientToServer() {
        List<Packet> sent = payloads(meek, InputRule.src(PollingTransportCapture.CLIENT));
        long idleLength = sent.stream().filter(p -> length(p) == written.idleRequestLength()).count();
        assertThat(idleLength).as("idle polls, and nothing else, have that length").isEqualTo(written.idlePolls());

        for (RunResult r : List.of(meek(tls2(), TLS2_CLIENT, false), meek(lab(), LAB_CLIENTS, false))) {
            // The most common length at the narrowest bandwidth is the idle poll's, and nothing else.
            Count narrow = both(record(r, 1, 1), true);
            assertThat(narrow.flagged()).isEqualTo(idleLength);
            assertThat(narrow.examined()).isEqualTo(sent.size());
            assertThat(r.records()).as("some configuration: packet TPR ≥ 0.85 at packet FPR ≤ 1 %")
                    .anyMatch(c -> rate(both(c, true)) >= 0.85 && rate(both(c, false)) <= 0.01);
        }
    }

    @Test
    @DisplayName("server to client, only the empty answers repeat: acceptable but TPR below 0.5")
    void pollingServerToClient() {
        List<Packet> answers = payloads(meek, InputRule.dst(PollingTransportCapture.CLIENT));
        double emptyShare = (double) answers.stream().filter(p -> length(p) == written.emptyAnswerLength()).count()
                / answers.size();
        assertThat(emptyShare).isBetween(0.333, 0.5);
        for (RunResult r : List.of(meek(tls2(), TLS2_CLIENT, true), meek(lab(), LAB_CLIENTS, true))) {
            assertThat(r.records()).as("some configuration flags the empty answers at packet FPR ≤ 1 %")
                    .anyMatch(c -> rate(both(c, true)) >= emptyShare - 0.01 && rate(both(c, false)) <= 0.01);
            assertThat(maxTpr(r)).isLessThan(0.5);
        }
    }

    @Test
    @DisplayName("obfs4 spreads its payload lengths: no configuration flags 15 % of its packets in either direction")
    void obfs4() {
        for (boolean reverse : new boolean[] {false, true}) {
            for (RunResult r : List.of(sample("obfs4-iat0.pcap", tls2(), TLS2_CLIENT, reverse),
                    sample("obfs4-iat0.pcap", lab(), LAB_CLIENTS, reverse))) {
                assertThat(maxTpr(r)).isLessThan(0.15);
            }
        }
    }

    @Test
    @DisplayName("shadowsocks: half the client's requests repeat their lengths; its downloads do not")
    void shadowsocks() {
        for (RunResult r : List.of(sample("shadowsocks.pcap", tls2(), TLS2_CLIENT, false),
                sample("shadowsocks.pcap", lab(), LAB_CLIENTS, false))) {
            assertThat(r.records()).anyMatch(c -> rate(both(c, true)) >= 0.333 && rate(both(c, false)) <= 0.01);
            assertThat(maxTpr(r)).isBetween(0.333, 0.6);
        }
        for (RunResult r : List.of(sample("shadowsocks.pcap", tls2(), TLS2_CLIENT, true),
                sample("shadowsocks.pcap", lab(), LAB_CLIENTS, true))) {
            assertThat(maxTpr(r)).isLessThan(0.15);
        }
    }

    private static Path tls2() {
        return PUBLIC.resolve("tls2.pcap");
    }

    private static Path lab() {
        return SAMPLES.resolve("https-http.pcap");
    }

    private static RunResult meek(Path negative, List<String> negativeClients, boolean reverse) {
        return run(meek, List.of(PollingTransportCapture.CLIENT), List.of(PollingTransportCapture.FRONT), negative,
                negativeClients, reverse);
    }

    private static RunResult sample(String name, Path negative, List<String> negativeClients, boolean reverse) {
        return run(SAMPLES.resolve(name), List.of("10.1.0.0/24"), List.of("10.2.0.1"), negative, negativeClients,
                reverse);
    }

    private static RunResult run(Path positive, List<String> clients, List<String> servers, Path negative,
            List<String> negativeClients, boolean reverse) {
        RunSpec spec = RunSpec.builder(new TraceSource.Capture(positive)).negative(new TraceSource.Capture(negative))
                .clients(subnets(clients)).servers(subnets(servers)).negativeClients(subnets(negativeClients))
                .reversed(reverse).trials(1).holdOut(false).build();
        RunResult r;
        try (TraceStore store = TraceStores.open(TraceStores.DEFAULT_URI)) {
            r = Evaluation.run(new LengthClusteringStrategy(), spec, store);
        }
        RunResult.ConfigRecord b = r.best().orElse(null);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2f %% | %s |%n",
                positive.getFileName(), negative.getFileName(), r.direction(),
                b == null ? "none acceptable" : b.description(),
                b == null ? "–" : b.test().flow().positives().flagged() + "/" + b.test().flow().positives().examined(),
                b == null ? "–" : b.test().flow().negatives().flagged() + "/" + b.test().flow().negatives().examined(),
                maxTpr(r) * 100, r.verdict().band());
        return r;
    }

    private static List<Subnet> subnets(List<String> text) {
        return text.stream().map(Subnet::parse).toList();
    }

    private static RunResult.ConfigRecord record(RunResult r, int bandwidth, int top) {
        return r.records().stream().filter(p -> p.config().equals(Config.of(bandwidth, top))).findFirst().orElseThrow();
    }

    /** The packet counts of a configuration on the whole traces: this test looks at decisions, not a verdict. */
    private static Count both(RunResult.ConfigRecord c, boolean positives) {
        var whole = c.test().unit(Measurement.PACKET).orElseThrow();
        return positives ? whole.positives() : whole.negatives();
    }

    private static double rate(Count c) {
        return c.examined() == 0 ? 0 : (double) c.flagged() / c.examined();
    }

    private static double maxTpr(RunResult r) {
        return r.records().stream().mapToDouble(c -> rate(both(c, true))).max().orElse(0);
    }

    private static List<Packet> payloads(Path capture, InputRule rule) {
        try (CaptureReader r = CaptureReader.open(capture, InputFilter.of(rule))) {
            return r.toList().stream().filter(p -> p.isTcp() && length(p) > 0).toList();
        }
    }

    private static int length(Packet p) {
        return p.tcp().get().payloadLength();
    }
}
