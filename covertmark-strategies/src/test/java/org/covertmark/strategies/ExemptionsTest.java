package org.covertmark.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TlsRecord;
import org.covertmark.api.synthetic.Traces;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.strategies.entropy.EntropyDistributionStrategy;
import org.covertmark.testkit.StrategyTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Protocols a censor recognises are set aside, judged by connection in both directions")
class ExemptionsTest {

    private static final int SSH_SESSIONS = 12;
    private static final int HTTPS_SESSIONS = 12;
    private static final int HTTP_SESSIONS = 8;

    /**
     * Ordinary traffic of clients in 10.9.0.0/24: SSH sessions (banners, then encrypted packets that look
     * random), HTTPS sessions (TLS records) and plain HTTP (a request, then a text response), each to a
     * server of its own.
     */
    static List<Packet> mixedNegative() {
        List<List<Packet>> flows = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < SSH_SESSIONS; i++, n++) {
            Traces.Conversation c = Traces.conversation("10.9.0." + (10 + i % 4) + ":" + (50000 + n),
                    "198.51.100." + (10 + i) + ":22").startingAt(n * 2_000_000L);
            c.reply(ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")).send(ascii("SSH-2.0-OpenSSH_9.2p1\r\n"));
            for (int k = 0; k < 12; k++) {
                c.send(Traces.randomPayloads(100 + n, 600).apply(k));
                c.reply(Traces.randomPayloads(200 + n, 1400).apply(k));
            }
            flows.add(c.packets());
        }
        for (int i = 0; i < HTTPS_SESSIONS; i++, n++) {
            Traces.Conversation c = Traces.conversation("10.9.0." + (10 + i % 4) + ":" + (50000 + n),
                    "203.0.113." + (10 + i) + ":443").startingAt(n * 2_000_000L);
            c.send(Traces.tlsRecord(TlsRecord.HANDSHAKE, 500)).reply(Traces.tlsRecord(TlsRecord.HANDSHAKE, 1300));
            for (int k = 0; k < 8; k++) {
                // Continuation segments of long records: random bytes with no record header of their own.
                c.reply(Traces.randomPayloads(300 + n, 1400).apply(k));
            }
            flows.add(c.packets());
        }
        for (int i = 0; i < HTTP_SESSIONS; i++, n++) {
            Traces.Conversation c = Traces.conversation("10.9.0." + (10 + i % 4) + ":" + (50000 + n),
                    "192.0.2." + (10 + i) + ":80").startingAt(n * 2_000_000L);
            c.send(Traces.httpGet("example.org", "/" + i));
            c.reply(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n"));
            for (int k = 0; k < 4; k++) {
                c.reply(Traces.randomPayloads(400 + n, 1400).apply(k)); // a compressed download
            }
            flows.add(c.packets());
        }
        @SuppressWarnings("unchecked")
        List<Packet>[] all = flows.toArray(List[]::new);
        return Traces.merge(all);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Packet> obfs4() {
        try (CaptureReader r = CaptureReader.open(Path.of("..", "covertmark-examples", "samples", "obfs4-iat0.pcap"))) {
            return r.toList();
        }
    }

    private static RunResult serverToClient(String exempt) {
        return StrategyTestKit.run(new EntropyDistributionStrategy())
                .positive(obfs4()).negative(mixedNegative())
                .client("10.1.0.0/24").server("10.2.0.1").negativeClient("10.9.0.0/24")
                .reversed(true).parameter("exempt", exempt).seed(5)
                .execute();
    }

    @Test
    @DisplayName("server to client, SSH, HTTPS and HTTP connections are set aside and counted as such; nothing of "
            + "ordinary traffic is left to flag")
    void sshDoesNotDecide() {
        RunResult r = serverToClient("auto");
        RunResult.ConfigRecord chosen = r.best().orElseThrow();
        Count flows = count(chosen, Measurement.FLOW);
        Count selectionFlows = chosen.selection().flow().negatives();
        assertThat(flows.examined() + selectionFlows.examined()).isEqualTo(SSH_SESSIONS + HTTPS_SESSIONS + HTTP_SESSIONS);
        assertThat(flows.byReason().getOrDefault("exempt:ssh", 0L) + selectionFlows.byReason()
                .getOrDefault("exempt:ssh", 0L)).isEqualTo(SSH_SESSIONS);
        assertThat(flows.byReason().getOrDefault("exempt:http", 0L) + selectionFlows.byReason()
                .getOrDefault("exempt:http", 0L)).as("the response direction alone is HTTP by its connection")
                .isEqualTo(HTTP_SESSIONS);
        assertThat(flows.flagged()).isZero();
        assertThat(flows.tested()).isZero();
        assertThat(r.warnings()).anyMatch(w -> w.contains("was tested"));
        assertThat(chosen.test().flow().tpr().orElseThrow()).as("decided by obfs4's own traffic").isGreaterThan(0.9);
        assertThat(r.flows().stream().filter(f -> f.role().label().equals("negative")
                && f.connection().serverPort() == 22)).hasSize(SSH_SESSIONS)
                .allSatisfy(f -> assertThat(f.reason()).isEqualTo("exempt:ssh"));
    }

    @Test
    @DisplayName("with nothing exempt, the SSH sessions' encrypted packets are flagged as the proxy's would be")
    void withoutExemptionsSshIsBlamed() {
        RunResult r = serverToClient("none");
        RunResult.ConfigRecord chosen = r.records().get(r.records().size() - 1); // block 64, test size 128, sensitive
        long sshFlagged = r.flows().stream().filter(f -> f.role().label().equals("negative")
                && f.connection().serverPort() == 22 && f.flagged()).count();
        assertThat(sshFlagged).isEqualTo(SSH_SESSIONS);
        assertThat(count(chosen, Measurement.FLOW).tested()).isPositive();
        assertThat(r.verdict().best()).as("no configuration is acceptable once SSH is blamed").isEmpty();
    }

    @Test
    @DisplayName("an explicit list sets aside only what it names")
    void explicitList() {
        RunResult r = serverToClient("ssh");
        RunResult.ConfigRecord first = r.records().get(0);
        Count all = count(first, Measurement.PACKET).plus(first.selection().unit(Measurement.PACKET).orElseThrow()
                .negatives());
        assertThat(all.byReason()).containsKey("exempt:ssh").doesNotContainKeys("exempt:tls", "exempt:http");
    }

    private static Count count(RunResult.ConfigRecord r, String level) {
        return r.test().unit(level).orElseThrow().negatives();
    }
}
