package org.covertmark.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.covertmark.api.flow.AppProtocol;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.flow.Transport;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.Unit;
import org.covertmark.core.engine.FeatureHistogram;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of a result made by hand, so that every expected figure is known without running the engine. */
@DisplayName("The result files of a run")
class ResultFilesTest {

    @TempDir
    Path dir;

    static final Config GOOD = Config.of(16, "yes");
    static final Config UNMEASURED = Config.of(32, "no");

    /**
     * Packets: 90 of 100 positives flagged; 1 of 100 negatives flagged, 80 tested, 20 set aside as TLS.
     * Connections: 9 of 10 and 1 of 50. Hosts: 1 of 20 negative hosts blocked.
     */
    static Measurement good() {
        Map<String, UnitRates> units = new LinkedHashMap<>();
        units.put(Measurement.PACKET, new UnitRates(new Count(90, 100, 100, Map.of("flagged", 90L, "passed", 10L)),
                new Count(1, 100, 80, Map.of("flagged", 1L, "passed", 79L, "exempt:tls", 20L))));
        units.put(Measurement.FLOW, new UnitRates(new Count(9, 10, 10, Map.of()), new Count(1, 50, 40, Map.of())));
        units.put(Measurement.HOST, new UnitRates(new Count(1, 1, 1, Map.of()), new Count(1, 20, 16, Map.of())));
        return new Measurement(units);
    }

    static Measurement nothing() {
        Map<String, UnitRates> units = new LinkedHashMap<>();
        for (String level : List.of(Measurement.PACKET, Measurement.FLOW, Measurement.HOST)) {
            units.put(level, new UnitRates(Count.NONE, Count.NONE));
        }
        return new Measurement(units);
    }

    static final Connection WEB = new Connection(0, Transport.TCP, IpAddress.parse("10.0.0.2"), 40001,
            IpAddress.parse("192.0.2.1"), 443, AppProtocol.TLS, 12, 7, 5, true);
    static final Connection NAME = new Connection(1, Transport.UDP, IpAddress.parse("10.0.0.2"), 5353,
            IpAddress.parse("198.51.100.53"), 53, AppProtocol.DNS, 2, 1, 1, false);

    static RunResult result(Map<String, FeatureHistogram> distributions) {
        RunSpec spec = RunSpec.builder(new TraceSource.Capture(Path.of("p.pcap"))).negative(TraceSource.parse("trace:4"))
                .seed(3).trials(2).build();
        RunResult.Verdict verdict = new RunResult.Verdict(OptionalDouble.of(80.5), "reasonably effective, deployable "
                + "with some difficulty", Optional.of(GOOD), 76.0, 85.0, 80.5, 79.0);
        List<RunResult.Trial> trials = List.of(
                new RunResult.Trial(1, 3, Optional.of(GOOD), Optional.of(good()), 80.5, "reasonably effective"),
                new RunResult.Trial(2, -77, Optional.empty(), Optional.empty(), 0, "not very effective"));
        Map<String, RunResult.SplitSummary> selection = new LinkedHashMap<>();
        selection.put("positive", new RunResult.SplitSummary("flow", 6, 5, 1, 1));
        selection.put("negative", new RunResult.SplitSummary("flow", 50, 50, 3, 3));
        List<RunResult.FlowRow> flows = List.of(
                new RunResult.FlowRow(Role.NEGATIVE, WEB, "test", 4, true, "random, bytes"),
                new RunResult.FlowRow(Role.NEGATIVE, NAME, "selection", 1, false, "exempt:dns"));
        return new RunResult("example", "An example.", List.of("Block Size", "Kept"), spec, InputMode.CLIENT_TO_SERVER,
                Unit.PACKET, List.of(new RunResult.ConfigRecord(GOOD, "Block Size: 16, Kept: yes", good(), good(), 0.25, 0),
                        new RunResult.ConfigRecord(UNMEASURED, "Block Size: 32, Kept: no", nothing(), nothing(), Double.NaN,
                                0)),
                verdict, trials, selection, Optional.empty(), flows, "frame.number in {4, 9}",
                List.of("the positive trace has 1 server (fewer than 4): its parts are split by connection"),
                distributions, Map.of(), Map.of(), 0.125, "1.2.3");
    }

    static RunResult result() {
        return result(Map.of());
    }

    JsonNode json(RunResult r) throws Exception {
        ResultFiles.write(r, dir);
        return new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    }

    @Test
    @DisplayName("are all written: results.csv, results.json, flows.csv, wireshark-filter.txt and report.html")
    void allWritten() throws Exception {
        ResultFiles.write(result(), dir);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("flows.csv", "report.html", "results.csv", "results.json", "wireshark-filter.txt");
        }
        assertThat(Files.readString(dir.resolve("results.json"))).endsWith("}\n");
        assertThat(dir.resolve("wireshark-filter.txt")).hasContent("frame.number in {4, 9}");
    }

    @Test
    @DisplayName("has the config columns, then TPR, FPR, time, block rate and the connection rates in the CSV, "
            + "as percentages, empty over no unit")
    void csv() throws Exception {
        ResultFiles.write(result(), dir);
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).containsExactly(
                "Block Size,Kept,TPR,FPR,positive_run_time_s,ip_block_rate,flow_TPR,flow_FPR",
                "16,yes,90.00000,1.00000,0.250000,5.00000,90.00000,2.00000",
                "32,no,,,,,,");
    }

    @Test
    @DisplayName("has one flows.csv row per connection with its part and protocol, reasons quoted when needed")
    void flows() throws Exception {
        ResultFiles.write(result(), dir);
        assertThat(Files.readAllLines(dir.resolve("flows.csv"))).containsExactly(
                "role,client,client_port,server,server_port,transport,packets,examined,flagged,reason,part,protocol",
                "negative,10.0.0.2,40001,192.0.2.1,443,tcp,12,4,true,\"random, bytes\",test,tls",
                "negative,10.0.0.2,5353,198.51.100.53,53,udp,2,1,false,exempt:dns,selection,dns");
    }

    @Test
    @DisplayName("has in results.json the strategy, score, band, best config, warnings, split, trials and version")
    void json() throws Exception {
        JsonNode j = json(result());
        assertThat(j.get("strategy").asText()).isEqualTo("example");
        assertThat(j.get("version").asText()).isEqualTo("1.2.3");
        assertThat(j.get("unit").asText()).isEqualTo("packet");
        assertThat(j.get("score").asDouble()).isEqualTo(80.5);
        assertThat(j.get("inconclusive").asBoolean()).isFalse();
        assertThat(j.get("score_ci95").toString()).isEqualTo("[76.0,85.0]");
        assertThat(j.get("score_with_time").asDouble()).isEqualTo(79.0);
        assertThat(j.get("band").asText()).isEqualTo("reasonably effective, deployable with some difficulty");
        assertThat(j.get("best_config").get("Block Size").asInt()).isEqualTo(16);
        assertThat(j.get("best_config").get("Kept").asText()).isEqualTo("yes");
        assertThat(j.get("best_config_description").asText()).isEqualTo("Block Size: 16, Kept: yes");
        assertThat(j.get("warnings")).extracting(JsonNode::asText)
                .containsExactly("the positive trace has 1 server (fewer than 4): its parts are split by connection");
        assertThat(j.get("selection").get("split").asText()).isEqualTo("flow");
        assertThat(j.get("selection").get("trials").asInt()).isEqualTo(2);
        assertThat(j.get("selection").get("positive").get("selection").get("flows").asInt()).isEqualTo(6);
        assertThat(j.get("selection").get("positive").get("test").get("flows").asInt()).isEqualTo(5);
        assertThat(j.get("selection").get("negative").get("test").get("hosts").asInt()).isEqualTo(3);
        assertThat(j.get("trials")).hasSize(2);
        assertThat(j.get("trials").get(0).get("seed").asLong()).isEqualTo(3);
        assertThat(j.get("trials").get(0).get("best_config").get("Block Size").asInt()).isEqualTo(16);
        assertThat(j.get("trials").get(1).get("seed").asLong()).isEqualTo(-77);
        assertThat(j.get("trials").get(1).get("best_config").isNull()).isTrue();
        assertThat(j.get("trial_spread").get("score").get("mean").asDouble()).isEqualTo(40.25);
        assertThat(j.get("inputs").get("negative").asText()).isEqualTo("trace:4");
        assertThat(j.get("seed").asLong()).isEqualTo(3L);
        assertThat(j.get("prepare_time_s").asDouble()).isEqualTo(0.125);
    }

    @Test
    @DisplayName("has per record and unit the counts, by reason, rates with intervals and precision at base rates")
    void units() throws Exception {
        JsonNode first = json(result()).get("records").get(0);
        assertThat(first.get("tpr").asDouble()).isEqualTo(0.9);
        assertThat(first.get("fpr").asDouble()).isEqualTo(0.01);
        assertThat(first.get("block_rate").asDouble()).isEqualTo(0.05);
        assertThat(first.get("time_s").asDouble()).isEqualTo(0.25);
        JsonNode packet = first.get("units").get("packet");
        assertThat(first.get("units").fieldNames()).toIterable().containsExactly("packet", "flow", "host");
        JsonNode negatives = packet.get("negatives");
        assertThat(negatives.get("flagged").asLong()).isEqualTo(1);
        assertThat(negatives.get("examined").asLong()).isEqualTo(100);
        assertThat(negatives.get("tested").asLong()).isEqualTo(80);
        assertThat(negatives.get("by_reason").toString()).isEqualTo("{\"exempt:tls\":20,\"flagged\":1,\"passed\":79}");
        assertThat(packet.get("tpr").asDouble()).isEqualTo(0.9);
        // scipy: beta.ppf(0.025, 90, 11), beta.ppf(0.975, 91, 10)
        assertThat(packet.get("tpr_ci95").get(0).asDouble()).isCloseTo(0.8237774, within(1e-6));
        assertThat(packet.get("tpr_ci95").get(1).asDouble()).isCloseTo(0.9509953, within(1e-6));
        assertThat(packet.get("fpr").asDouble()).isEqualTo(0.01);
        assertThat(packet.get("fpr_ci95")).hasSize(2);
        JsonNode atThousand = packet.get("precision_at_base_rate").get("1000");
        assertThat(atThousand.get("value").asDouble()).isCloseTo(0.9 / (0.9 + 1000 * 0.01), within(1e-12));
        assertThat(first.get("selection_units").get("flow").get("positives").get("examined").asLong()).isEqualTo(10);

        JsonNode unmeasured = json(result()).get("records").get(1);
        assertThat(unmeasured.get("tpr").isNull()).as("a rate over no unit is null, not 0").isTrue();
        assertThat(unmeasured.get("fpr").isNull()).isTrue();
        assertThat(unmeasured.get("time_s").isNull()).isTrue();
        assertThat(unmeasured.get("units").get("flow").get("tpr_ci95").isNull()).isTrue();
        assertThat(unmeasured.get("units").get("host").get("negatives").get("examined").asLong()).isZero();
    }

    @Test
    @DisplayName("results.json carries the published feature distributions as bins; the report draws them")
    void distributions() throws Exception {
        RunResult r = result(Map.of("payload length (bytes)",
                FeatureHistogram.of("payload length (bytes)", new double[] {1, 2, 2}, new double[] {3})));
        ResultFiles.write(r, dir);

        JsonNode all = new ObjectMapper().readTree(dir.resolve("results.json").toFile()).get("distributions");
        assertThat(all.size()).isEqualTo(1);
        JsonNode d = all.get(0);
        assertThat(d.get("feature").asText()).isEqualTo("payload length (bytes)");
        assertThat(d.get("lower").asDouble()).isEqualTo(1);
        assertThat(d.get("bin_width").asDouble()).isEqualTo(1);
        assertThat(d.get("positive").get("count").asInt()).isEqualTo(3);
        assertThat(d.get("positive").get("bins").toString()).isEqualTo("[1,2,0]");
        assertThat(d.get("negative").get("bins").toString()).isEqualTo("[0,0,1]");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("Distribution: payload length (bytes)",
                "protocol (n=3, mean 1.667)", "ordinary traffic (n=1, mean 3)");
    }
}
