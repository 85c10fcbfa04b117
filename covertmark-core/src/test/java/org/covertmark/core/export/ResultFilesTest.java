package org.covertmark.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.engine.FeatureHistogram;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.score.Scoring;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The result files of a run")
class ResultFilesTest {

    @TempDir
    Path dir;

    static RunResult result() {
        PerformanceRecord good = new PerformanceRecord(Config.of(16, "yes"), 0.9, 0.01, 0.25, 0.02,
                Detection.of(90, 100), Detection.of(1, 100));
        PerformanceRecord unmeasured = PerformanceRecord.worstCase(Config.of(32, "no"));
        List<PerformanceRecord> records = List.of(good, unmeasured);
        return new RunResult("example", "An example.", List.of("Block Size", "Kept"),
                RunSpec.builder(new TraceSource.Capture(Path.of("p.pcap"))).negative(TraceSource.parse("trace:4"))
                        .seed(3).build(),
                records, Map.of(good.config(), "Block Size: 16, Kept: yes", unmeasured.config(), "Block Size: 32, Kept: no"),
                Scoring.score(records, c -> 0), Map.of(good.config(), Set.of(IpAddress.parse("192.0.2.1"))),
                "ip.dst in {192.0.2.1}", OptionalDouble.empty(), 100, 100);
    }

    @Test
    @DisplayName("are all written: results.csv, results.json, wireshark-filter.txt and report.html")
    void allWritten() throws Exception {
        ResultFiles.write(result(), dir);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("report.html", "results.csv", "results.json", "wireshark-filter.txt");
        }
        assertThat(Files.readString(dir.resolve("results.json"))).endsWith("}\n");
        assertThat(dir.resolve("wireshark-filter.txt")).hasContent("ip.dst in {192.0.2.1}");
    }

    @Test
    @DisplayName("has the config columns, then TPR, FPR, time and block rate in the CSV, rates as percentages")
    void csv() throws Exception {
        ResultFiles.write(result(), dir);
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).containsExactly(
                "Block Size,Kept,TPR,FPR,positive_run_time_s,ip_block_rate",
                "16,yes,90.00000,1.00000,0.250000,2.00000",
                "32,no,0.00000,100.00000,,100.00000");
    }

    @Test
    @DisplayName("has in results.json the strategy, score, band, best config and records with fractions")
    void json() throws Exception {
        ResultFiles.write(result(), dir);
        JsonNode j = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(j.get("strategy").asText()).isEqualTo("example");
        assertThat(j.get("score").asDouble()).isEqualTo(Math.round(result().score().value() * 1e6) / 1e6);
        assertThat(j.get("band").asText()).isEqualTo(result().score().band());
        assertThat(j.get("best_config").get("Block Size").asInt()).isEqualTo(16);
        assertThat(j.get("best_config").get("Kept").asText()).isEqualTo("yes");
        assertThat(j.get("records")).hasSize(2);
        JsonNode first = j.get("records").get(0);
        assertThat(first.get("tpr").asDouble()).isEqualTo(0.9);
        assertThat(first.get("fpr").asDouble()).isEqualTo(0.01);
        assertThat(first.get("time_s").asDouble()).isEqualTo(0.25);
        assertThat(first.get("block_rate").asDouble()).isEqualTo(0.02);
        assertThat(first.get("positives").get("flagged").asInt()).isEqualTo(90);
        assertThat(j.get("records").get(1).get("time_s").isNull()).isTrue();
        assertThat(j.get("inputs").get("negative").asText()).isEqualTo("trace:4");
        assertThat(Optional.ofNullable(j.get("seed")).map(JsonNode::asLong)).contains(3L);
    }

    @Test
    @DisplayName("results.json carries the published feature distributions as bins; the report draws them")
    void distributions() throws Exception {
        RunResult plain = result();
        RunResult r = new RunResult(plain.strategy(), plain.description(), plain.configColumns(), plain.spec(),
                plain.records(), plain.interpretations(), plain.score(), plain.blocked(), plain.wiresharkFilter(),
                plain.recall(), plain.positiveTotal(), plain.negativeTotal(), Map.of("payload length (bytes)",
                        FeatureHistogram.of("payload length (bytes)", new double[] {1, 2, 2}, new double[] {3})));
        ResultFiles.write(r, dir);

        JsonNode d = new ObjectMapper().readTree(dir.resolve("results.json").toFile()).get("distributions").get(0);
        assertThat(d.get("feature").asText()).isEqualTo("payload length (bytes)");
        assertThat(d.get("lower").asDouble()).isEqualTo(1);
        assertThat(d.get("bin_width").asDouble()).isEqualTo(1);
        assertThat(d.get("positive").get("count").asInt()).isEqualTo(3);
        assertThat(d.get("positive").get("bins").toString()).isEqualTo("[1,2,0]");
        assertThat(d.get("negative").get("bins").toString()).isEqualTo("[0,0,1]");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("Distribution: payload length (bytes)",
                "protocol (n=3, mean 1.667)", "ordinary traffic (n=1, mean 3)");
        assertThat(new ObjectMapper().readTree(dir.resolve("results.json").toFile()).get("distributions").size())
                .isEqualTo(1);
    }
}
