package org.covertmark.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.examples.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategyStagesTest {

    @TempDir
    Path dir;

    @Test
    void stagesRunEveryBuiltInStrategyOnASmallCaptureAndCountWhatTheyProcess() throws Exception {
        Path capture = dir.resolve("bench.pcap");
        BenchCaptureGenerator.Summary summary = BenchCaptureGenerator.generate(capture, 2 << 20, 5);
        List<Subnet> clients = BenchCaptureGenerator.clientSubnets();

        // What the stages must find, counted here with the capture reader alone.
        long fromClients = 0;
        long toClients = 0;
        long fromClientsWithPayload = 0;
        long toClientsWithPayload = 0;
        long withClient = 0;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.hasNext()) {
                Packet p = reader.next();
                boolean src = clients.stream().anyMatch(s -> s.contains(p.source()));
                boolean dst = clients.stream().anyMatch(s -> s.contains(p.destination()));
                fromClients += src ? 1 : 0;
                toClients += dst ? 1 : 0;
                fromClientsWithPayload += src && p.tcp().orElseThrow().payloadLength() > 0 ? 1 : 0;
                toClientsWithPayload += dst && p.tcp().orElseThrow().payloadLength() > 0 ? 1 : 0;
                withClient += src || dst ? 1 : 0;
            }
        }
        assertThat(fromClients).isPositive().isLessThan(summary.packets());
        assertThat(fromClientsWithPayload).isPositive().isLessThan(fromClients);
        assertThat(withClient).isEqualTo(summary.packets()).isEqualTo(fromClients + toClients);

        Map<String, StrategyStages.Body> stages = new LinkedHashMap<>();
        try (StrategyStages s = new StrategyStages(capture, List.of(), 1)) {
            s.addTo((name, payload, body) -> stages.put(name, body));
            assertThat(stages.keySet()).containsExactly(StrategyStages.IMPORT, StrategyStages.RETRIEVAL,
                    StrategyStages.PREFIX + "entropy-dist", StrategyStages.PREFIX + "entropy-est",
                    StrategyStages.PREFIX + "length-clustering", StrategyStages.PREFIX + "sgd");

            long[] c = new long[3];
            stages.get(StrategyStages.IMPORT).run(c);
            assertThat(c).containsExactly(summary.packets(), summary.bytes(), summary.packets());

            c = new long[3];
            stages.get(StrategyStages.RETRIEVAL).run(c);
            assertThat(c).containsExactly(summary.packets(), summary.bytes(), fromClientsWithPayload);

            // positive packets under each strategy's input filter (server to client), and one record per
            // configuration of its grid
            Map<String, long[]> expected = Map.of("entropy-dist", new long[] {toClients, 36},
                    "entropy-est", new long[] {toClients, 48}, "length-clustering", new long[] {toClients, 10});
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                StrategyStages.Body body = stages.get(StrategyStages.PREFIX + e.getKey());
                long[] first = new long[3];
                long sum = body.run(first);
                assertThat(first[0]).as(e.getKey()).isEqualTo(e.getValue()[0]);
                assertThat(s.lastResult(e.getKey()).records()).as(e.getKey()).hasSize((int) e.getValue()[1]);
                // the payloads the strategy examined: most of the server's payloads, not none
                assertThat(first[2]).as(e.getKey()).isGreaterThan(toClientsWithPayload / 2)
                        .isLessThanOrEqualTo(toClientsWithPayload);
                assertThat(body.run(new long[3])).as("same rates on a second run of " + e.getKey()).isEqualTo(sum);
            }
            long[] sgd = new long[3];
            long sum = stages.get(StrategyStages.PREFIX + "sgd").run(sgd);
            assertThat(sgd[0]).isEqualTo(withClient);
            assertThat(s.lastResult("sgd").records()).hasSizeBetween(1, 5); // one per occurrence threshold tried
            assertThat(sgd[2]).as("positive test windows").isPositive();
            assertThat(stages.get(StrategyStages.PREFIX + "sgd").run(new long[3])).isEqualTo(sum);

            List<String> notes = s.notes();
            assertThat(notes).hasSize(5);
            assertThat(notes.get(1)).startsWith("entropy-dist: " + String.format("%,d", toClients)
                    + " positive packets").contains("packets/s", "the original system's 9,000 packets/s");
            assertThat(notes.get(4)).startsWith("sgd: " + String.format("%,d", withClient) + " positive packets");
        }
    }

    @Test
    void benchCommandPrintsTheStagesAndTheSpeedUpOverTheOriginal() throws Exception {
        Path capture = dir.resolve("small.pcap");
        BenchCaptureGenerator.generate(capture, 1 << 20, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();

        int status = Main.execute(out, new PrintWriter(err, true), "bench", capture.toString(), "--iterations", "1",
                "--warmup", "0");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString()).isZero();
        assertThat(text).contains(StrategyStages.IMPORT, StrategyStages.RETRIEVAL);
        for (String strategy : StrategyStages.STRATEGIES) {
            assertThat(text).contains(StrategyStages.PREFIX + strategy)
                    .containsPattern(strategy + ": [\\d,]+ positive packets in [\\d.]+ s \\(median\\): [\\d,]+ "
                            + "packets/s, \\d+× the original system's 9,000 packets/s per packet");
        }
        assertThat(text).doesNotContain("failed", "checksum varied")
                .containsPattern("TCP payloads: .* by baseline B, [\\d,]+ \\([1-9][\\d,]* bytes\\) by Packet.payload\\(\\)");
    }
}
