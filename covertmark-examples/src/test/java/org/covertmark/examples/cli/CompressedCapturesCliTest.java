package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command reads gzip, zstd and LZ4 captures as it reads the plain file, recognised by content. */
@DisplayName("Compressed captures on the command line")
class CompressedCapturesCliTest {

    @TempDir
    Path dir;

    private Path compressed(String codec, Path plain, String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = switch (codec) {
            case "gzip" -> new GZIPOutputStream(bytes);
            case "zstd" -> new io.airlift.compress.zstd.ZstdOutputStream(bytes);
            default -> new LZ4FrameOutputStream(bytes);
        }) {
            out.write(Files.readAllBytes(plain));
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "zstd", "lz4"})
    @DisplayName("packets prints the plain file's rows byte for byte; import stores as many packets")
    void packetsAndImport(String codec) throws IOException {
        Path plain = CliRun.PUBLIC.resolve("tls2.pcap");
        Path file = compressed(codec, plain, "tls2.pcap." + codec);

        CliRun expected = CliRun.of("packets", plain.toString());
        CliRun actual = CliRun.of("packets", file.toString());
        assertThat(actual.status()).isZero();
        assertThat(actual.out()).isEqualTo(expected.out());
        assertThat(actual.err()).isEqualTo(expected.err().replace(plain.toString(), file.toString()));

        CliRun imported = CliRun.of("import", file.toString(), "--store", "memory:");
        assertThat(imported.status()).isZero();
        assertThat(imported.err()).contains("stored 7451 packets of tls2.pcap." + codec);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "zstd", "lz4"})
    @DisplayName("captures compressed by the gzip, zstd and lz4 tools (independent encoders) read as the plain file")
    void compressedByTheTools(String tool) throws Exception {
        Path plain = CliRun.PUBLIC.resolve("many-protocols.pcap");
        Path file = dir.resolve("many-protocols.pcap." + tool);
        Process p = new ProcessBuilder(tool, "-c", plain.toString()).redirectOutput(file.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor()).as(tool + " (installed by .ci/run)").isZero();

        assertThat(CliRun.of("packets", file.toString()).out()).isEqualTo(CliRun.of("packets", plain.toString()).out());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "zstd", "lz4"})
    @DisplayName("run takes compressed positives and negatives and gives the plain files' results")
    void run(String codec) throws IOException {
        Path positive = compressed(codec, Path.of("samples", "obfs4-iat0.pcap"), "positive.bin");
        Path negative = compressed(codec, CliRun.PUBLIC.resolve("tls2.pcap"), "negative.bin");
        CliRun packed = CliRun.of("run", "--strategy", "length-clustering", "--positive", positive.toString(),
                "--negative", negative.toString(), "--client", "10.1.0.0/24", "--negative-client", "192.168.0.17",
                "--out", dir.resolve("packed").toString(), "--quiet");
        CliRun plain = CliRun.of("run", "--strategy", "length-clustering", "--positive", "samples/obfs4-iat0.pcap",
                "--negative", CliRun.PUBLIC.resolve("tls2.pcap").toString(), "--client", "10.1.0.0/24",
                "--negative-client", "192.168.0.17", "--out", dir.resolve("plain").toString(), "--quiet");
        assertThat(packed.status()).as(packed.err()).isZero();
        assertThat(plain.status()).as(plain.err()).isZero();
        assertThat(Files.readString(dir.resolve("packed/flows.csv")))
                .isEqualTo(Files.readString(dir.resolve("plain/flows.csv")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "zstd", "lz4"})
    @DisplayName("a compressed capture cut short: the rows before the cut, then exit 2 and one line")
    void cutShort(String codec) throws IOException {
        Path whole = compressed(codec, CliRun.PUBLIC.resolve("tls2.pcap"), "whole." + codec);
        byte[] bytes = Files.readAllBytes(whole);
        Path file = Files.write(dir.resolve("cut." + codec), Arrays.copyOf(bytes, bytes.length - 1000));

        CliRun run = CliRun.of("packets", file.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).contains(file.toString()).contains("cut short").doesNotContain("\n")
                .doesNotContain("Exception");
    }
}
