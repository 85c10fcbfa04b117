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
                BenchCommand.BYTE_ENTROPY);
        assertThat(text).doesNotContain("failed", "checksum varied");
    }
}
