package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("covertmark features")
class FeaturesCommandTest {

    private static final String TLS2 = CliRun.PUBLIC.resolve("tls2.pcap").toString();

    @Test
    @DisplayName("prints a CSV header of client, remote, segment, window and the seed's feature names, then one row a window")
    void csv() {
        CliRun run = CliRun.of("features", TLS2, "--client", "192.168.0.17", "--features", "psh,tcp-len",
                "--time-window", "30", "--window", "20");

        assertThat(run.status()).isEqualTo(0);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("client,remote,segment,window,top1_tcp_len_up,top2_tcp_len_up,"
                + "mean_tcp_len_up,push_ratio_up,top1_tcp_len_down,top2_tcp_len_down,mean_tcp_len_down,"
                + "push_ratio_down,up_down_ratio");
        assertThat(lines).hasSizeGreaterThan(50);
        assertThat(lines.subList(1, lines.size()))
                .allMatch(l -> l.startsWith("192.168.0.17,") && l.split(",", -1).length == 13);
        List<Map<String, String>> rows = CliRun.parseTsv(run.out().replace(',', '\t'));
        assertThat(rows).extracting(r -> Integer.parseInt(r.get("segment"))).isSorted().contains(0, 1, 2);
    }

    @Test
    @DisplayName("a capture cut short: the rows of the packets before the cut, then exit 2 with one line")
    void cutShort(@TempDir Path dir) throws IOException {
        byte[] capture = Files.readAllBytes(Path.of(TLS2));
        // the end of the 5000th record of the little-endian classic pcap
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        int end = 24;
        for (int record = 0; record < 5000; record++) {
            end += 16 + b.getInt(end + 8);
        }
        Path whole = dir.resolve("whole.pcap");
        Path cut = dir.resolve("cut.pcap");
        Files.write(whole, Arrays.copyOf(capture, end));
        Files.write(cut, Arrays.copyOf(capture, end + 10));
        String[] options = {"--client", "192.168.0.17", "--time-window", "5", "--window", "20"};

        CliRun complete = CliRun.of(concat("features", whole.toString(), options));
        CliRun cutShort = CliRun.of(concat("features", cut.toString(), options));

        assertThat(complete.status()).as(complete.err()).isZero();
        assertThat(complete.out().lines().count()).isGreaterThan(100);
        assertThat(cutShort.status()).isEqualTo(2);
        assertThat(cutShort.err().strip()).startsWith("covertmark: " + cut).contains("cut short").doesNotContain("\n");
        assertThat(cutShort.out()).isEqualTo(complete.out());
    }

    private static String[] concat(String command, String file, String... options) {
        String[] all = new String[2 + options.length];
        all[0] = command;
        all[1] = file;
        System.arraycopy(options, 0, all, 2, options.length);
        return all;
    }

    @Test
    @DisplayName("a missing --client, a bad feature set or a zero window: exit 2 with one line naming the fault")
    void userMistakes() {
        assertThat(CliRun.of("features", TLS2).err()).contains("Missing required option: '--client=NET'");
        CliRun badSet = CliRun.of("features", TLS2, "--client", "10.0.0.0/8", "--features", "entropy,colour");
        assertThat(badSet.status()).isEqualTo(2);
        assertThat(badSet.err().strip()).isEqualTo("covertmark: --features: no feature set 'colour'; choose from "
                + "entropy, interval, interval-bins, tcp-len, tcp-len-bins, psh");
        CliRun zero = CliRun.of("features", TLS2, "--client", "10.0.0.0/8", "--window", "0");
        assertThat(zero.status()).isEqualTo(2);
        assertThat(zero.err().strip()).isEqualTo("covertmark: --window must be at least 1, not 0");
    }
}
