package org.covertmark.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.RunResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What readers of results.json and flows.csv may rely on, on a run over the sample captures. */
@DisplayName("The result files' contract")
class ResultContractTest {

    @TempDir
    static Path dir;

    static Path files;
    static JsonNode json;

    @BeforeAll
    static void write() throws Exception {
        files = dir.resolve("run");
        ResultFiles.write(SampleRun.run(11), files);
        json = new ObjectMapper().readTree(files.resolve("results.json").toFile());
    }

    @Test
    @DisplayName("results.json has per record and unit the counts by reason, the rates with intervals and "
            + "precision at base rates")
    void records() {
        assertThat(json.get("records")).hasSize(2);
        for (JsonNode record : json.get("records")) {
            assertThat(record.get("units").fieldNames()).toIterable().containsExactly("packet", "flow", "host");
            for (JsonNode unit : record.get("units")) {
                for (String side : List.of("positives", "negatives")) {
                    JsonNode count = unit.get(side);
                    assertThat(count.fieldNames()).toIterable()
                            .containsExactly("flagged", "examined", "tested", "by_reason");
                    assertThat(count.get("examined").asLong()).isPositive()
                            .isGreaterThanOrEqualTo(count.get("tested").asLong());
                    long byReason = 0;
                    for (JsonNode n : count.get("by_reason")) {
                        byReason += n.asLong();
                    }
                    assertThat(byReason).as("every examined unit has a reason").isEqualTo(count.get("examined").asLong());
                }
                assertThat(unit.get("tpr").isNumber()).isTrue();
                assertThat(unit.get("tpr").asDouble()).isEqualTo(
                        unit.get("positives").get("flagged").asDouble() / unit.get("positives").get("examined").asLong());
                assertThat(unit.get("tpr_ci95")).hasSize(2);
                assertThat(unit.get("fpr").isNumber()).isTrue();
                assertThat(unit.get("fpr_ci95")).hasSize(2);
                assertThat(unit.get("precision_at_base_rate").fieldNames()).toIterable().isNotEmpty();
                assertThat(unit.get("precision_at_base_rate").elements()).toIterable()
                        .allSatisfy(p -> assertThat(p.has("value") && p.has("ci95")).isTrue());
            }
        }
    }

    @Test
    @DisplayName("results.json has the warnings, the split with its counts, every trial's seed and choice, and the "
            + "version")
    void runFields() {
        assertThat(json.get("warnings").isArray()).isTrue();
        JsonNode selection = json.get("selection");
        assertThat(selection.get("split").asText()).isIn("host", "flow", "none", "mixed");
        assertThat(selection.get("trials").asInt()).isEqualTo(3);
        for (String role : List.of("positive", "negative")) {
            JsonNode s = selection.get(role);
            assertThat(s.get("split").asText()).isIn("host", "flow", "none");
            assertThat(s.get("selection").get("flows").asInt()).isPositive();
            assertThat(s.get("test").get("flows").asInt()).isPositive();
            assertThat(s.get("selection").has("hosts")).isTrue();
            assertThat(s.get("test").has("hosts")).isTrue();
        }
        assertThat(json.get("trials")).hasSize(3);
        assertThat(json.get("trials").get(0).get("seed").asLong()).as("trial 1 uses the run's seed").isEqualTo(11);
        for (JsonNode t : json.get("trials")) {
            assertThat(t.has("seed")).isTrue();
            assertThat(t.has("best_config")).isTrue();
        }
        assertThat(json.get("trials").get(1).get("seed").asLong()).isNotEqualTo(11);
        assertThat(json.get("version").asText()).as("the release that wrote it")
                .isEqualTo(System.getProperty("covertmark.projectVersion")).isNotBlank();
    }

    /** The connections with a packet sent from {@code clients}: transport and both endpoints, either way round. */
    static Set<String> connectionsFrom(Path capture, String clients) {
        Subnet subnet = Subnet.parse(clients);
        Set<String> out = new HashSet<>();
        try (CaptureReader r = CaptureReader.open(capture, InputFilter.all())) {
            for (Packet p : r.toList()) {
                if (!subnet.contains(p.source()) || p.tcp().isEmpty() && p.udp().isEmpty()) {
                    continue;
                }
                String transport = p.tcp().isPresent() ? "tcp" : "udp";
                int sport = p.tcp().map(t -> t.sourcePort()).orElseGet(() -> p.udp().orElseThrow().sourcePort());
                int dport = p.tcp().map(t -> t.destinationPort()).orElseGet(() -> p.udp().orElseThrow().destinationPort());
                out.add(transport + " " + p.source() + " " + sport + " " + p.destination() + " " + dport);
            }
        }
        return out;
    }

    @Test
    @DisplayName("flows.csv has its header and one row per connection of each trace, with its part and protocol")
    void flows() throws Exception {
        List<String> lines = Files.readAllLines(files.resolve("flows.csv"));
        assertThat(lines.get(0)).isEqualTo("role,client,client_port,server,server_port,transport,packets,examined,"
                + "flagged,reason,part,protocol");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
        assertThat(rows).allSatisfy(r -> {
            assertThat(r).hasSize(12);
            assertThat(r[10]).isIn("selection", "test");
            assertThat(r[11]).isIn("tls", "http", "ssh", "dns", "quic", "unknown");
        });
        for (String[] role : new String[][] {{"positive", SampleRun.POSITIVE.toString(), SampleRun.CLIENTS},
                {"negative", SampleRun.NEGATIVE.toString(), SampleRun.NEGATIVE_CLIENTS}}) {
            Set<String> expected = connectionsFrom(Path.of(role[1]), role[2]);
            Set<String> listed = rows.stream().filter(r -> r[0].equals(role[0]))
                    .map(r -> r[5] + " " + r[1] + " " + r[2] + " " + r[3] + " " + r[4]).collect(Collectors.toSet());
            assertThat(expected).as("%s connections", role[0]).isNotEmpty();
            assertThat(listed).as("%s connections, one row each", role[0]).isEqualTo(expected);
            assertThat(rows.stream().filter(r -> r[0].equals(role[0])).count()).isEqualTo(expected.size());
        }
    }

    /** A JSON line naming a field with "time" in its name. */
    static final Pattern TIME_FIELD = Pattern.compile("^\\s*\"[^\"]*time[^\"]*\" : .*$");

    static String withoutTimes(Path json) throws Exception {
        return Files.readAllLines(json).stream().filter(l -> !TIME_FIELD.matcher(l).matches())
                .collect(Collectors.joining("\n"));
    }

    /** Runs {@link SampleRun} in a new JVM on this test's class path. */
    static Path inChildJvm(String name, long seed) throws Exception {
        Path out = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SampleRun.class.getName(),
                out.toString(), Long.toString(seed)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finishes").isTrue();
        assertThat(p.exitValue()).as("the child JVM's exit status; output: %s", Files.readString(log)).isZero();
        return out;
    }

    @Test
    @DisplayName("the same inputs and seed give, in two JVMs, identical results.json but for time fields, and "
            + "identical flows.csv")
    void reproducibleAcrossProcesses() throws Exception {
        Path a = inChildJvm("a", 11);
        Path b = inChildJvm("b", 11);
        assertThat(withoutTimes(a.resolve("results.json"))).isEqualTo(withoutTimes(b.resolve("results.json")))
                .isEqualTo(withoutTimes(files.resolve("results.json")));
        assertThat(Files.readAllBytes(a.resolve("flows.csv"))).isEqualTo(Files.readAllBytes(b.resolve("flows.csv")));
        assertThat(Files.readString(a.resolve("results.json"))).as("times are there to leave out")
                .contains("\"time_s\"", "\"prepare_time_s\"");

        Path other = dir.resolve("seed-12");
        ResultFiles.write(SampleRun.run(12), other);
        assertThat(withoutTimes(other.resolve("results.json"))).as("another seed, other results")
                .isNotEqualTo(withoutTimes(a.resolve("results.json")));
    }
}
