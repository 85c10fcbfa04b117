package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("covertmark procedure")
class ProcedureCommandTest {

    @TempDir
    Path dir;

    /** The public captures, as a path relative to the procedure files' folder. */
    String data;

    @BeforeEach
    void relativeData() {
        data = dir.toAbsolutePath().relativize(CliRun.PUBLIC.toAbsolutePath().normalize()).toString();
    }

    String run(String strategy, String extra) {
        return run(strategy, "tls", extra);
    }

    String run(String strategy, String protocol, String extra) {
        return "{\"strategy\": \"" + strategy + "\", \"protocol\": \"" + protocol + "\", \"positive\": \"" + data
                + "/tls2.pcap\", "
                + "\"negative\": \"" + data + "/many-protocols.pcap\", "
                + "\"client\": [\"192.168.0.17\", \"2601:647:4b02:1d20::/64\"], \"negative_client\": [\"10.0.0.1\"]"
                + extra + "}";
    }

    Path procedure(String... runs) throws Exception {
        Path f = dir.resolve("procedure.json");
        Files.writeString(f, "{\"runs\": [" + String.join(",\n", runs) + "]}");
        return f;
    }

    static JsonNode json(Path p) throws Exception {
        return new ObjectMapper().readTree(p.toFile());
    }

    @Test
    @DisplayName("prints each run's outcome as it finishes, then the protocol summary, and writes every file")
    void success() throws Exception {
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("procedure", procedure(run("test-port-443", ", \"reverse\": \"both\""),
                run("test-port-443", "http", ", \"params\": {\"port\": 80}")).toString(),
                "--out", out.toString());

        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("\\[1/3] tls: test-port-443 client-to-server: score \\d+\\.\\d\\d, .+");
        assertThat(lines.get(1)).matches("\\[2/3] tls: test-port-443 server-to-client: score \\d+\\.\\d\\d, .+");
        assertThat(lines.get(2)).matches("\\[3/3] http: test-port-443 client-to-server: score \\d+\\.\\d\\d, .+");
        assertThat(r.out()).contains("protocol", "verdict", "a protocol's verdict is its highest strategy score",
                "results: " + out);
        assertThat(r.out().lines().filter(l -> l.matches("(tls|http) +\\d+\\.\\d\\d +test-port-443 .*"))).hasSize(2);

        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "01-test-port-443-client-to-server", "02-test-port-443-server-to-client",
                    "03-test-port-443-client-to-server", "report.html", "summary.json", "summary.txt");
        }
        JsonNode first = json(out.resolve("01-test-port-443-client-to-server/results.json"));
        assertThat(first.get("strategy").asText()).isEqualTo("test-port-443");
        assertThat(first.get("direction").asText()).isEqualTo("client-to-server");
        assertThat(first.get("records").get(0).get("tpr").asDouble()).isEqualTo(1.0);
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("runs_failed").asInt()).isZero();
        assertThat(summary.get("protocols")).extracting(p -> p.get("protocol").asText()).containsExactly("tls", "http");
        assertThat(Files.readString(out.resolve("summary.txt"))).isEqualTo(
                r.out().substring(r.out().indexOf("protocol "), r.out().indexOf("\nresults: ")));
    }

    @Test
    @DisplayName("records a failing run, finishes the others, and exits with status 1")
    void oneFails() throws Exception {
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("procedure", procedure(run("test-throwing", ""), run("test-port-443", "")).toString(),
                "--out", out.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("[1/2] tls: test-throwing client-to-server: FAILED: "
                + "IllegalStateException: deliberate failure in the positive run");
        assertThat(r.out()).containsPattern("\\[2/2] tls: test-port-443 client-to-server: score \\d+\\.\\d\\d");
        assertThat(r.out()).containsPattern("test-throwing +client-to-server +(- +)+FAILED: IllegalStateException");
        // the failure's one line last, after the summary of the frames without IP the captures hold
        assertThat(r.err()).endsWith("\ncovertmark: 1 of 2 runs failed: 01-test-throwing-client-to-server "
                + "(error.txt in each; run with --verbose for the stack traces)\n");
        assertThat(r.err().lines().filter(l -> !l.contains(": skipped ")).count()).isEqualTo(1);
        assertThat(out.resolve("01-test-throwing-client-to-server/error.txt")).exists();
        assertThat(out.resolve("02-test-port-443-client-to-server/results.json")).exists();
        assertThat(json(out.resolve("summary.json")).get("runs_failed").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("refuses a bad procedure file with status 2 and one line naming the file, the run and the field")
    void badFile() throws Exception {
        Path out = dir.resolve("out");
        Path f = procedure(run("test-port-443", ""), run("test-port-443", ", \"reverse\": \"sometimes\""));
        CliRun r = CliRun.of("procedure", f.toString(), "--out", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("covertmark: " + f + ": run 2: \"reverse\" must be true, false or \"both\", "
                + "not \"sometimes\"\n");
        assertThat(r.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    @DisplayName("refuses, before running anything, a procedure naming an unknown strategy or a missing capture")
    void checkedBeforeRunning() throws Exception {
        Path out = dir.resolve("out");
        Path f = procedure(run("test-port-443", ""), run("test-port-44", ""));
        CliRun r = CliRun.of("procedure", f.toString(), "--out", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("covertmark: " + f + ": run 2: \"strategy\": no strategy named 'test-port-44'; "
                + "did you mean test-port-443?");
        assertThat(r.out()).isEmpty();

        Path g = procedure(run("test-port-443", ", \"recall\": \"missing.pcap\""));
        CliRun missing = CliRun.of("procedure", g.toString(), "--out", out.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("covertmark: " + g + ": run 1: \"recall\": " + dir.resolve("missing.pcap")
                + ": no such file");

        CliRun absent = CliRun.of("procedure", dir.resolve("absent.json").toString());
        assertThat(absent.status()).isEqualTo(2);
        assertThat(absent.err()).isEqualTo("covertmark: " + dir.resolve("absent.json") + ": no such file\n");
    }

    @Test
    @DisplayName("refuses an --out folder that already holds files")
    void outNotFresh() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("results.csv"), "old");
        CliRun r = CliRun.of("procedure", procedure(run("test-port-443", "")).toString(), "--out", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--out " + out + " already holds files");
        assertThat(out.resolve("results.csv")).hasContent("old");
    }

    @Test
    @DisplayName("with --seed, runs every run with that seed instead of the file's")
    void seed() throws Exception {
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("procedure", procedure(run("test-port-443", ", \"seed\": 5, \"reverse\": \"both\""))
                .toString(), "--out", out.toString(), "--seed", "77");
        assertThat(r.status()).as(r.err()).isZero();
        for (String run : List.of("01-test-port-443-client-to-server", "02-test-port-443-server-to-client")) {
            assertThat(json(out.resolve(run).resolve("results.json")).get("seed").asLong()).isEqualTo(77);
        }
    }

    @Test
    @DisplayName("says in --help what the exit statuses mean")
    void help() {
        CliRun r = CliRun.of("procedure", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("covertmark procedure", "FILE", "--out", "--store", "--seed",
                "0 if every run succeeded", "1 if some run failed", "2 if the procedure file is bad");
    }
}
