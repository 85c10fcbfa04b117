package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Result folders are never overwritten silently")
class OutputFolderTest {

    @TempDir
    Path dir;

    private static final String SHADOWSOCKS = CliRun.PUBLIC.resolve("shadowsocks.pcap").toString();
    private static final String TLS2 = CliRun.PUBLIC.resolve("tls2.pcap").toString();

    private static CliRun run(Path out) {
        return CliRun.of("run", "--strategy", "test-port-443", "--positive", SHADOWSOCKS, "--client", "127.0.0.1",
                "--negative", TLS2, "--negative-client", "192.168.0.17", "--out", out.toString());
    }

    @Test
    @DisplayName("run refuses an --out folder that holds files, in one line, and leaves them as they were")
    void runRefusesAFolderWithFiles() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("results.json"), "earlier results");

        CliRun r = run(out);

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("covertmark: --out " + out
                + " already holds files; choose another folder or remove it\n");
        assertThat(r.out()).isEmpty();
        assertThat(out.resolve("results.json")).hasContent("earlier results");
        assertThat(out.resolve(OutputFolder.MARKER)).doesNotExist();
    }

    @Test
    @DisplayName("run refuses an --out that is a file")
    void runRefusesAFile() throws Exception {
        Path out = Files.writeString(dir.resolve("out"), "a file");
        CliRun r = run(out);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("covertmark: --out " + out + " is a file, not a folder\n");
        assertThat(out).hasContent("a file");
    }

    @Test
    @DisplayName("run writes into an empty folder, and leaves no marker behind")
    void runUsesAnEmptyFolder() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        CliRun r = run(out);
        assertThat(r.status()).as(r.err()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("flows.csv", "report.html", "results.csv", "results.json",
                            "wireshark-filter.txt");
        }
    }

    @Test
    @DisplayName("a folder another command is writing into is refused, saying so")
    void refusesAFolderBeingWritten() throws Exception {
        Path out = dir.resolve("out");
        try (OutputFolder first = OutputFolder.claim(out)) {
            assertThat(out.resolve(OutputFolder.MARKER)).exists();
            CliRun second = run(out);
            assertThat(second.status()).isEqualTo(2);
            assertThat(second.err()).isEqualTo("covertmark: --out " + out + " is being written by another covertmark "
                    + "command, or one was interrupted there (it holds .covertmark-writing); choose another folder "
                    + "or remove it\n");
            assertThatThrownBy(() -> OutputFolder.claim(out)).isInstanceOf(UserError.class);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    @DisplayName("a run that fails after claiming a new folder removes it, so that it can simply be run again")
    void failedRunLeavesNoFolder() {
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("run", "--strategy", "test-port-443", "--positive", "trace:9", "--negative", TLS2,
                "--out", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("covertmark: no trace '9' in memory: (list them with: covertmark traces)\n");
        assertThat(out).doesNotExist();
    }

    @Test
    @DisplayName("a default folder name that is taken gets a number instead of being reused")
    void defaultNameTaken() throws Exception {
        Path base = dir.resolve("run-20260101-000000");
        Files.createDirectories(base);
        Files.writeString(base.resolve("results.json"), "earlier");
        try (OutputFolder second = OutputFolder.claimNew(base); OutputFolder third = OutputFolder.claimNew(base)) {
            assertThat(second.path()).isEqualTo(dir.resolve("run-20260101-000000-2"));
            assertThat(third.path()).isEqualTo(dir.resolve("run-20260101-000000-3"));
        }
        assertThat(base.resolve("results.json")).hasContent("earlier");
    }

    @Test
    @DisplayName("demo and procedure refuse an --out folder that holds files before running anything")
    void demoAndProcedureRefuse() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("summary.json"), "earlier");

        CliRun demo = CliRun.of("demo", "--samples", "samples", "--out", out.toString());
        assertThat(demo.status()).isEqualTo(2);
        assertThat(demo.err()).isEqualTo("covertmark: --out " + out
                + " already holds files; choose another folder or remove it\n");
        assertThat(demo.out()).isEmpty();

        CliRun procedure = CliRun.of("procedure", "samples/demo.json", "--out", out.toString());
        assertThat(procedure.status()).isEqualTo(2);
        assertThat(procedure.err()).isEqualTo(demo.err());
        assertThat(out.resolve("summary.json")).hasContent("earlier");
        try (var files = Files.list(out)) {
            assertThat(files).hasSize(1);
        }
    }
}
