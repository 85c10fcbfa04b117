package org.covertmark.examples.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TlsRecord;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.testkit.StrategyTestKit;
import org.covertmark.core.testkit.Traces;
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

    static Map<Integer, PerformanceRecord> byThreshold(RunResult r) {
        return r.records().stream().collect(Collectors.toMap(p -> p.config().intValue(0), p -> p));
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
                .execute();
        Map<Integer, PerformanceRecord> records = byThreshold(r);
        assertThat(records).containsOnlyKeys(1, 2, 4, 8);
        assertThat(records.get(1).positives()).isEqualTo(Detection.of(2, 2));
        assertThat(records.get(1).negatives()).isEqualTo(Detection.of(1, 3));
        assertThat(r.blocked().get(Config.of(1))).containsExactly(IpAddress.parse("198.51.100.3"));
        assertThat(records.get(1).blockRate()).as("1 of 4 destinations: the three servers and, in replies, the client")
                .isEqualTo(0.25);
    }

    @Test
    @DisplayName("lets flows shorter than the threshold pass, counting them as not flagged")
    void threshold() {
        RunResult r = StrategyTestKit.run(strategy())
                .positive(Traces.merge(encrypted("10.0.0.1:40000", "192.0.2.9:8388", 3, 1),
                        encrypted("10.0.0.1:40001", "192.0.2.9:8388", 10, 2)))
                .negative(https("10.1.0.1:50000", "198.51.100.1:443"))
                .client("10.0.0.0/16").negativeClient("10.1.0.0/16")
                .parameter("min_payload_packets", "3")
                .execute();
        Map<Integer, PerformanceRecord> records = byThreshold(r);
        assertThat(records).containsOnlyKeys(3, 6, 12, 24);
        assertThat(records.get(3).positives()).as("6 and 20 payload segments").isEqualTo(Detection.of(2, 2));
        assertThat(records.get(12).positives()).isEqualTo(Detection.of(1, 2));
        assertThat(records.get(24).positives()).isEqualTo(Detection.of(0, 2));
        assertThat(r.interpretations().get(Config.of(6))).isEqualTo("flows with at least 6 payload segments judged");
    }

    @Test
    @DisplayName("judges a flow by either direction's opening: one recognised opening passes it")
    void eitherDirection() {
        List<Packet> tlsFromServer = Traces.conversation("10.0.0.1:40000", "192.0.2.9:443")
                .send(Traces.randomPayloads(1, 50).apply(0)).reply(Traces.tlsRecord(TlsRecord.HANDSHAKE, 90)).packets();
        List<Packet> clientOnlyRandom = Traces.flow("10.0.0.1:40001", "192.0.2.9:443", 2, Traces.randomPayloads(2, 50));
        RunResult r = StrategyTestKit.run(strategy()).positive(Traces.merge(tlsFromServer, clientOnlyRandom))
                .negative(List.of()).client("10.0.0.0/16").execute();
        assertThat(byThreshold(r).get(1).positives()).isEqualTo(Detection.of(1, 2));
    }

    @Test
    @DisplayName("leaves out flows whose start is not in the capture, unless told to judge them")
    void midstream() {
        List<Packet> late = Traces.conversation("10.0.0.1:40000", "192.0.2.9:8388").withoutHandshake()
                .send(Traces.randomPayloads(1, 300).apply(0)).packets();
        List<Packet> whole = encrypted("10.0.0.1:40001", "192.0.2.9:8388", 1, 2);
        StrategyTestKit kit = StrategyTestKit.run(strategy()).positive(Traces.merge(late, whole))
                .negative(List.of()).client("10.0.0.0/16");
        assertThat(byThreshold(kit.execute()).get(1).positives()).isEqualTo(Detection.of(1, 1));
        assertThat(byThreshold(kit.parameter("require_handshake", "false").execute()).get(1).positives())
                .isEqualTo(Detection.of(2, 2));
    }

    @Test
    @DisplayName("recognises a ClientHello record header even when the record continues in the next segment")
    void longClientHello() {
        byte[] hello = Traces.tlsRecord(TlsRecord.HANDSHAKE, 1800);
        List<Packet> f = Traces.conversation("10.0.0.1:40000", "192.0.2.9:443")
                .send(java.util.Arrays.copyOfRange(hello, 0, 1400))
                .send(java.util.Arrays.copyOfRange(hello, 1400, hello.length)).packets();
        assertThat(f.get(3).isTlsSegment()).as("no whole record in the first segment").isFalse();
        RunResult r = StrategyTestKit.run(strategy()).positive(f).negative(List.of()).client("10.0.0.0/16").execute();
        assertThat(byThreshold(r).get(1).positives()).isEqualTo(Detection.of(0, 1));
    }
}
