package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
