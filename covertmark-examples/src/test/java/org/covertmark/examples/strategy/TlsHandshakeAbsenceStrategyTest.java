package org.covertmark.examples.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TlsRecord;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Unit;
import org.covertmark.api.synthetic.Traces;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.Count;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.testkit.StrategyTestKit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example strategy's behaviour on synthetic flows, loaded from its jar as a plugin. */
@DisplayName("tls-handshake-absence")
class TlsHandshakeAbsenceStrategyTest {

    @TempDir
    static Path plugins;
    static StrategyRegistry registry;

    @BeforeAll
    static void install() throws Exception {
        Path jar = ExampleStrategyJarTest.exampleJar();
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        registry = StrategyRegistry.discover(TlsHandshakeAbsenceStrategyTest.class.getClassLoader(), List.of(plugins));
        assertThat(registry.problems()).isEmpty();
    }

    static DetectionStrategy strategy() {
        return registry.create("tls-handshake-absence");
    }

    /** A fully encrypted flow: random bytes both ways, {@code n} segments from the client. */
    static List<Packet> encrypted(String client, String server, int n, long seed) {
        Traces.Conversation c = Traces.conversation(client, server);
        for (int i = 0; i < n; i++) {
            c.send(Traces.randomPayloads(seed, 300).apply(i)).reply(Traces.randomPayloads(seed + 1, 900).apply(i));
        }
        return c.packets();
    }

    static List<Packet> https(String client, String server) {
        return Traces.conversation(client, server).send(Traces.tlsRecord(TlsRecord.HANDSHAKE, 512))
                .reply(Traces.tlsRecord(TlsRecord.HANDSHAKE, 1400)).send(Traces.tlsRecord(TlsRecord.APPLICATION_DATA, 100))
                .reply(Traces.randomPayloads(9, 1400).apply(0)).packets();
    }

    static Map<Integer, Count> byThreshold(RunResult r, boolean positives) {
        return r.records().stream().collect(Collectors.toMap(p -> p.config().intValue(0),
                p -> positives ? p.test().flow().positives() : p.test().flow().negatives()));
    }

    /** Flagged, examined and tested connections. */
    static List<Long> counts(Count c) {
        return List.of(c.flagged(), c.examined(), c.tested());
    }

    @Test
    @DisplayName("flags flows that open with random bytes, passes TLS and HTTP, and blocks the servers it flags")
    void flagsRandomOpenings() {
        RunResult r = StrategyTestKit.run(strategy())
                .positive(Traces.merge(encrypted("10.0.0.1:40000", "192.0.2.9:8388", 3, 1),
                        encrypted("10.0.0.1:40001", "192.0.2.9:8388", 10, 2)))
                .negative(Traces.merge(https("10.1.0.1:50000", "198.51.100.1:443"),
                        Traces.flow("10.1.0.1:50001", "198.51.100.2:80", 1, i -> Traces.httpGet("example.com", "/")),
                        encrypted("10.1.0.1:50002", "198.51.100.3:5222", 10, 3)))
                .client("10.0.0.0/16").negativeClient("10.1.0.0/16")
                .wholeTraces()
                .execute();
        assertThat(r.unit()).isEqualTo(Unit.FLOW);
        assertThat(byThreshold(r, true)).containsOnlyKeys(1, 2, 4, 8);
        assertThat(counts(byThreshold(r, true).get(1))).containsExactly(2L, 2L, 2L);
        assertThat(counts(byThreshold(r, false).get(1))).containsExactly(1L, 3L, 3L);
        assertThat(byThreshold(r, false).get(1).byReason())
                .containsExactlyInAnyOrderEntriesOf(Map.of("opens-tls", 1L, "opens-http", 1L, "no-tls-or-http-opening", 1L));
        RunResult.ConfigRecord first = r.records().get(0);
        assertThat(counts(first.test().host().negatives())).as("the three servers, one blocked")
                .containsExactly(1L, 3L, 3L);
        assertThat(r.wiresharkFilter()).isEqualTo("(ip.addr == 10.1.0.1 && ip.addr == 198.51.100.3 && tcp.port == "
                + "50002 && tcp.port == 5222)");
    }

    @Test
    @DisplayName("sets aside flows shorter than the threshold, untested")
    void threshold() {
        RunResult r = StrategyTestKit.run(strategy())
                .positive(Traces.merge(encrypted("10.0.0.1:40000", "192.0.2.9:8388", 3, 1),
                        encrypted("10.0.0.1:40001", "192.0.2.9:8388", 10, 2)))
                .negative(https("10.1.0.1:50000", "198.51.100.1:443"))
                .client("10.0.0.0/16").negativeClient("10.1.0.0/16")
                .parameter("min_payload_packets", "3")
                .wholeTraces()
                .execute();
        Map<Integer, Count> records = byThreshold(r, true);
        assertThat(records).containsOnlyKeys(3, 6, 12, 24);
        assertThat(counts(records.get(3))).as("6 and 20 payload segments").containsExactly(2L, 2L, 2L);
        assertThat(counts(records.get(12))).containsExactly(1L, 2L, 1L);
        assertThat(records.get(12).byReason()).containsEntry("too-short", 1L);
        assertThat(counts(records.get(24))).containsExactly(0L, 2L, 0L);
        assertThat(r.records().get(1).description()).isEqualTo("flows with at least 6 payload segments judged");
    }

    @Test
    @DisplayName("judges a flow by either direction's opening: one recognised opening passes it")
    void eitherDirection() {
        List<Packet> tlsFromServer = Traces.conversation("10.0.0.1:40000", "192.0.2.9:443")
                .send(Traces.randomPayloads(1, 50).apply(0)).reply(Traces.tlsRecord(TlsRecord.HANDSHAKE, 90)).packets();
        List<Packet> clientOnlyRandom = Traces.flow("10.0.0.1:40001", "192.0.2.9:443", 2, Traces.randomPayloads(2, 50));
        RunResult r = StrategyTestKit.run(strategy()).positive(Traces.merge(tlsFromServer, clientOnlyRandom))
                .negative(List.of()).client("10.0.0.0/16").wholeTraces().execute();
        assertThat(counts(byThreshold(r, true).get(1))).containsExactly(1L, 2L, 2L);
    }

    @Test
    @DisplayName("sets aside flows whose start is not in the capture, unless told to judge them")
    void midstream() {
        List<Packet> late = Traces.conversation("10.0.0.1:40000", "192.0.2.9:8388").withoutHandshake()
                .send(Traces.randomPayloads(1, 300).apply(0)).packets();
        List<Packet> whole = encrypted("10.0.0.1:40001", "192.0.2.9:8388", 1, 2);
        StrategyTestKit kit = StrategyTestKit.run(strategy()).positive(Traces.merge(late, whole))
                .negative(List.of()).client("10.0.0.0/16").wholeTraces();
        Count strict = byThreshold(kit.execute(), true).get(1);
        assertThat(counts(strict)).containsExactly(1L, 2L, 1L);
        assertThat(strict.byReason()).containsEntry("no-handshake", 1L);
        assertThat(counts(byThreshold(kit.parameter("require_handshake", "false").execute(), true).get(1)))
                .containsExactly(2L, 2L, 2L);
    }

    @Test
    @DisplayName("recognises a ClientHello record header even when the record continues in the next segment")
    void longClientHello() {
        byte[] hello = Traces.tlsRecord(TlsRecord.HANDSHAKE, 1800);
        List<Packet> f = Traces.conversation("10.0.0.1:40000", "192.0.2.9:443")
                .send(java.util.Arrays.copyOfRange(hello, 0, 1400))
                .send(java.util.Arrays.copyOfRange(hello, 1400, hello.length)).packets();
        assertThat(f.get(3).isTlsSegment()).as("no whole record in the first segment").isFalse();
        RunResult r = StrategyTestKit.run(strategy()).positive(f).negative(List.of()).client("10.0.0.0/16")
                .wholeTraces().execute();
        assertThat(counts(byThreshold(r, true).get(1))).containsExactly(0L, 1L, 1L);
    }
}
