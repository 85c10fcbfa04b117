package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("covertmark demo")
class DemoCommandTest {

    @Test
    @DisplayName("runs every built-in strategy on the bundled captures; entropy-dist and sgd flag ≥ 90 % of the obfs4 and "
            + "shadowsocks connections of the test part, at FPR ≤ 2 % of HTTPS connections (sgd: ≤ 5 % of windows), and sgd "
            + "recalls ≥ 80 % of the unseen capture's windows")
    void detectsTheBundledTransports(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("demo");
        CliRun run = CliRun.of("demo", "--samples", "samples", "--out", out.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("obfs4", "shadowsocks", "(a protocol's verdict is its highest strategy score");
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("summary.json")).isRegularFile();

        Map<String, JsonNode> byRun = new HashMap<>();
        try (Stream<Path> dirs = Files.list(out)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                byRun.put(d.getFileName().toString(), new ObjectMapper().readTree(d.resolve("results.json").toFile()));
            }
        }
        assertThat(byRun).hasSize(14);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.toString()).contains("obfs4", "shadowsocks");

        for (String protocolRun : List.of("01-entropy-dist-client-to-server", "02-entropy-dist-server-to-client",
                "07-sgd-both", "08-entropy-dist-client-to-server", "09-entropy-dist-server-to-client",
                "14-sgd-both")) {
            JsonNode r = byRun.get(protocolRun);
            assertThat(r).as(protocolRun).isNotNull();
            JsonNode best = best(r);
            JsonNode flow = best.get("units").get("flow");
            assertThat(flow.get("tpr").asDouble()).as(protocolRun + " TPR").isGreaterThanOrEqualTo(0.9);
            assertThat(flow.get("tpr_ci95")).as(protocolRun).hasSize(2);
            // sgd's windows: a connection is blocked at its first flagged window, so its connection FPR is higher.
            boolean sgd = protocolRun.contains("sgd");
            JsonNode own = best.get("units").get(sgd ? "window" : "flow");
            assertThat(own.get("fpr").asDouble()).as(protocolRun + " FPR").isLessThanOrEqualTo(sgd ? 0.05 : 0.02);
        }
        assertThat(byRun.get("07-sgd-both").get("recall").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(byRun.get("14-sgd-both").get("recall").asDouble()).isGreaterThanOrEqualTo(0.8);

        // sgd reads both directions of traffic together, and every output says so.
        assertThat(byRun.get("07-sgd-both").get("direction").asText()).isEqualTo("both");
        assertThat(byRun.get("01-entropy-dist-client-to-server").get("direction").asText())
                .isEqualTo("client-to-server");
        assertThat(run.out()).contains("[7/14] obfs4: sgd both: ");
        assertThat(run.out()).containsPattern("(?m)^ *7 +obfs4 +sgd +both +");
        Map<String, Set<String>> directions = new TreeMap<>();
        for (JsonNode protocol : summary.get("protocols")) {
            for (JsonNode r : protocol.get("runs")) {
                directions.computeIfAbsent(r.get("strategy").asText(), k -> new TreeSet<>())
                        .add(r.get("direction").asText());
            }
        }
        assertThat(directions).containsOnly(Map.entry("sgd", Set.of("both")),
                Map.entry("entropy-dist", Set.of("client-to-server", "server-to-client")),
                Map.entry("entropy-est", Set.of("client-to-server", "server-to-client")),
                Map.entry("length-clustering", Set.of("client-to-server", "server-to-client")));
        assertThat(Files.readString(out.resolve("report.html"))).contains("<th class=\"dir\">both directions</th>");
    }

    private static JsonNode best(JsonNode result) {
        for (JsonNode r : result.get("records")) {
            if (r.get("config").equals(result.get("best_config"))) {
                return r;
            }
        }
        throw new AssertionError("no best configuration in " + result.get("strategy"));
    }

    @Test
    @DisplayName("without its samples folder: exit 2 and one line saying where it looked")
    void missingSamples(@TempDir Path tmp) {
        CliRun run = CliRun.of("demo", "--samples", tmp.resolve("none").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("covertmark: no demo procedure at").doesNotContain("\n");
    }
}
