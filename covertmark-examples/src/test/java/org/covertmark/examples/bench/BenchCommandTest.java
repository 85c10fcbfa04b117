package org.covertmark.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.covertmark.examples.cli.Main;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private static final Path SAMPLE = Path.of("..", "data", "public", "http-packets2.pcap");

    @Test
    void benchOnASampleCapturePrintsEveryStage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int status = Main.execute(out, new PrintWriter(err, true), "bench", SAMPLE.toString(),
                "--iterations", "1", "--warmup", "0");
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(status).as(err.toString()).isZero();
        assertThat(text).contains(BenchCommand.HEADER_WALK, BenchCommand.HISTOGRAM_ENTROPY, BenchCommand.READ_ONLY,
                BenchCommand.DECODE_ALL, BenchCommand.INPUT_FILTER, BenchCommand.PCAP4J, BenchCommand.PACKETS_TSV,
                BenchCommand.PACKETS_TSV_ONE_THREAD, BenchCommand.BYTE_ENTROPY, AnalyticsStages.WINDOW_STATISTICS, AnalyticsStages.WINDOW_STATISTICS_2,
                AnalyticsStages.STATISTICAL_TESTS);
        for (String codec : CompressedStages.CODECS) {
            assertThat(text).contains(CompressedStages.PREFIX + codec);
        }
        // the notes read the stages they describe by name, whatever stages come between
        assertThat(text).containsPattern("input filter: EITHER \\S+, [\\d,]+ of [\\d,]+ packets pass")
                .contains("read only, compressed: the capture compressed once before the runs")
                .containsPattern("gzip [\\d,]+ bytes \\(\\d+ %\\); zstd [\\d,]+ bytes");
        assertThat(text).doesNotContain("failed", "checksum varied");
    }

    @Test
    void benchRefusesACompressedCaptureInOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path gz = dir.resolve("sample.pcap.gz");
        try (var in = java.nio.file.Files.newInputStream(SAMPLE);
                var os = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            in.transferTo(os);
        }
        StringWriter err = new StringWriter();
        int status = Main.execute(new ByteArrayOutputStream(), new PrintWriter(err, true), "bench", gz.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().strip()).contains("bench measures uncompressed captures")
                .contains("decompress it first").doesNotContain("\n");
    }
}
