package org.covertmark.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.examples.cli.Main;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The analytics stages of the benchmark")
class AnalyticsStagesTest {

    private static final Path TLS2 = Path.of("..", "data", "public", "tls2.pcap");
    private static final List<Subnet> CLIENTS = List.of(Subnet.parse("192.168.0.17"),
            Subnet.parse("2601:647:4b02:1d20::/64"));

    /** tshark's view of the capture: per packet, source, destination and TCP payload length. */
    private record Row(IpAddress src, IpAddress dst, int tcpLength) {
    }

    private static List<Row> tshark() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "data", "public", "tshark", "tls2.pcap.tsv"));
        List<String> head = Arrays.asList(lines.get(0).substring(1).split("\t", -1));
        int src = head.indexOf("src");
        int dst = head.indexOf("dst");
        int len = head.indexOf("tcp_len");
        return lines.subList(1, lines.size()).stream().map(l -> l.split("\t", -1))
                .filter(f -> !f[len].isEmpty())
                .map(f -> new Row(IpAddress.parse(f[src]), IpAddress.parse(f[dst]), Integer.parseInt(f[len])))
                .toList();
    }

    private static boolean client(IpAddress a) {
        return CLIENTS.stream().anyMatch(s -> s.contains(a));
    }

    @Test
    @DisplayName("byte entropy measures every TCP payload tshark sees, and gives the same checksum twice")
    void byteEntropy() throws IOException {
        List<Row> tcp = tshark();
        long[] counters = new long[3];
        long checksum = AnalyticsStages.byteEntropy(TLS2, counters);

        assertThat(counters[0]).isEqualTo(7451);
        assertThat(counters[2]).isEqualTo(tcp.stream().filter(r -> r.tcpLength() > 0).count());
        assertThat(counters[1]).isEqualTo(tcp.stream().mapToLong(Row::tcpLength).sum());
        assertThat(AnalyticsStages.byteEntropy(TLS2, new long[3])).isEqualTo(checksum);
    }

    @Test
    @DisplayName("window statistics compute the windows covertmark features prints, the same with one thread or two")
    void windowStatistics() throws IOException {
        long[] one = new long[3];
        long[] two = new long[3];
        long checksum = AnalyticsStages.windowStatistics(TLS2, CLIENTS, 1, one);
        assertThat(AnalyticsStages.windowStatistics(TLS2, CLIENTS, 2, two)).isEqualTo(checksum);
        assertThat(two).containsExactly(one);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int status = Main.execute(out, new PrintWriter(err, true), "features", TLS2.toString(),
                "--client", CLIENTS.get(0).toString(), "--client", CLIENTS.get(1).toString());
        assertThat(status).as(err.toString()).isZero();
        long rows = out.toString(StandardCharsets.UTF_8).lines().count() - 1;

        assertThat(one[0]).isEqualTo(7451);
        assertThat(one[2]).isEqualTo(rows).isGreaterThan(100);
        assertThat(one[1]).isEqualTo(tshark().stream().filter(r -> client(r.src()) || client(r.dst()))
                .mapToLong(Row::tcpLength).sum());
    }

    @Test
    @DisplayName("statistical tests run on every TCP payload of at least 128 bytes, cut to 1450")
    void statisticalTests() throws IOException {
        List<Row> tested = tshark().stream().filter(r -> r.tcpLength() >= 128).toList();
        long[] counters = new long[3];
        long checksum = AnalyticsStages.statisticalTests(TLS2, counters);

        assertThat(counters[0]).isEqualTo(7451);
        assertThat(counters[2]).isEqualTo(tested.size()).isGreaterThan(1000);
        assertThat(counters[1]).isEqualTo(tested.stream().mapToLong(r -> Math.min(r.tcpLength(), 1450)).sum());
        assertThat(AnalyticsStages.statisticalTests(TLS2, new long[3])).isEqualTo(checksum);
    }
}
