package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.covertmark.examples.ChildJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A strategy that runs out of memory, in a JVM of its own with a small heap. */
@DisplayName("Running out of memory")
class OutOfMemoryTest {

    private static final List<String> SMALL_HEAP = List.of("-Xmx64m");
    private static final String TLS2 = CliRun.PUBLIC.toAbsolutePath().resolve("tls2.pcap").toString();
    private static final String MANY = CliRun.PUBLIC.toAbsolutePath().resolve("many-protocols.pcap").toString();

    @TempDir
    Path dir;

    /** The application with this module's test strategies. */
    private static String classPath() {
        return ChildJvm.applicationClassPathWith(Path.of("target", "test-classes").toAbsolutePath());
    }

    @Test
    @DisplayName("run: exit 1 and one line naming the heap and how to give more, no stack trace")
    void run() throws Exception {
        ChildJvm c = ChildJvm.run(SMALL_HEAP, classPath(), "run", "--quiet", "--strategy", "test-out-of-memory",
                "--positive", TLS2, "--client", "192.168.0.17", "--negative", MANY, "--negative-client", "10.0.0.1",
                "--out", dir.resolve("out").toString());

        assertThat(c.status()).as(c.err()).isEqualTo(1);
        assertThat(c.err()).doesNotContain("\tat ", "Exception").hasLineCount(1)
                .matches("covertmark: out of memory: the Java heap of \\d+ MB is too small for this work; give it "
                        + "more, e\\.g\\. JAVA_OPTS=-Xmx\\d+m covertmark \\.\\.\\.\\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    @DisplayName("procedure: the run that ran out of memory is recorded as failed, and the next one still runs")
    void procedure() throws Exception {
        String run = "\"positive\": \"" + TLS2 + "\", \"negative\": \"" + MANY + "\", \"client\": [\"192.168.0.17\"], "
                + "\"negative_client\": [\"10.0.0.1\"]";
        Path file = Files.writeString(dir.resolve("procedure.json"), "{\"runs\": [{\"strategy\": \"test-out-of-memory\", "
                + run + "}, {\"strategy\": \"test-port-443\", " + run + "}]}");
        Path out = dir.resolve("results");

        ChildJvm c = ChildJvm.run(SMALL_HEAP, classPath(), "procedure", "--quiet", file.toString(),
                "--out", out.toString());

        assertThat(c.status()).as(c.err()).isEqualTo(1);
        assertThat(c.out()).contains("[1/2] tls2: test-out-of-memory client-to-server: FAILED: OutOfMemoryError",
                "[2/2] tls2: test-port-443 client-to-server: score ");
        assertThat(out.resolve("01-test-out-of-memory-client-to-server").resolve("error.txt")).content()
                .contains("OutOfMemoryError");
        assertThat(out.resolve("02-test-port-443-client-to-server").resolve("results.json")).isRegularFile();
        assertThat(out.resolve("summary.json")).isRegularFile();
        assertThat(c.err()).doesNotContain("\tat ");
    }
}
