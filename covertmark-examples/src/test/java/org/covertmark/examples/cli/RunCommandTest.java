package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("covertmark run")
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("prints the records and verdict, and writes results.csv, results.json, flows.csv, report.html and the "
            + "filter of the flagged packets")
    void writesEveryFile() throws Exception {
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("run", "--strategy", "test-port-443",
                "--positive", CliRun.PUBLIC.resolve("tls2.pcap").toString(), "--client", "192.168.0.17",
                "--negative", CliRun.PUBLIC.resolve("many-protocols.pcap").toString(), "--negative-client", "10.0.0.1",
                "--out", out.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("test-port-443 (client-to-server)", "default configuration", "score",
                "results: " + out);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("flows.csv", "report.html", "results.csv", "results.json", "wireshark-filter.txt");
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("strategy").asText()).isEqualTo("test-port-443");
        assertThat(json.get("records").get(0).get("tpr").asDouble()).isEqualTo(1.0);
        assertThat(Files.readString(out.resolve("wireshark-filter.txt"))).startsWith("frame.number in {");
        assertThat(Files.readAllLines(out.resolve("results.csv")).get(0))
                .isEqualTo("TPR,FPR,positive_run_time_s,ip_block_rate,flow_TPR,flow_FPR");
        assertThat(Files.readAllLines(out.resolve("flows.csv")).get(0))
                .startsWith("role,client,client_port,server,server_port,transport,packets,examined,flagged,reason");
    }

    @Test
    @DisplayName("labels the run of a strategy that reads both directions 'both', in the table, JSON and report")
    void bothDirections() throws Exception {
        for (boolean reverse : new boolean[] {false, true}) {
            Path out = dir.resolve("both-" + reverse);
            List<String> args = new ArrayList<>(List.of("run", "--strategy", "test-port-443-both",
                    "--positive", CliRun.PUBLIC.resolve("tls2.pcap").toString(), "--client", "192.168.0.17",
                    "--negative", CliRun.PUBLIC.resolve("many-protocols.pcap").toString(),
                    "--negative-client", "10.0.0.1", "--out", out.toString()));
            if (reverse) {
                args.add("--reverse");
            }
            CliRun r = CliRun.of(args.toArray(String[]::new));

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("test-port-443-both (both), deciding per packet");
            JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
            assertThat(json.get("direction").asText()).isEqualTo("both");
            assertThat(Files.readString(out.resolve("report.html"))).contains("test-port-443-both — both</h3>");
        }
    }

    @Test
    @DisplayName("refuses --positive and --negative naming the same capture, by any path, in one line")
    void refusesTheSameFileAsPositiveAndNegative() throws Exception {
        Path capture = CliRun.PUBLIC.resolve("tls2.pcap");
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), capture.toAbsolutePath());
        for (String negative : new String[] {capture.toString(), capture.toAbsolutePath().toString(),
            CliRun.PUBLIC.resolve("tshark").resolve("..").resolve("tls2.pcap").toString(), link.toString()}) {
            Path out = dir.resolve("out");
            CliRun r = CliRun.of("run", "--strategy", "test-port-443",
                    "--positive", capture.toString(), "--client", "192.168.0.17",
                    "--negative", negative, "--out", out.toString());

            assertThat(r.status()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("covertmark: --positive and --negative name the same trace (" + negative
                    + "); the negative trace must be other traffic\n");
            assertThat(r.out()).isEmpty();
            assertThat(out).doesNotExist();
        }
    }

    @Test
    @DisplayName("refuses --positive and --negative naming the same stored trace")
    void refusesTheSameStoredTraceAsPositiveAndNegative() {
        CliRun r = CliRun.of("run", "--strategy", "test-port-443", "--positive", "trace:3", "--negative", "trace:3",
                "--client", "10.0.0.1");

        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("covertmark: --positive and --negative name the same trace (trace:3); "
                + "the negative trace must be other traffic\n");
    }
}
