package org.covertmark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.export.ResultFiles;
import org.covertmark.core.measure.RateFormat;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The examples of the README and of docs/library.md, verbatim between the marker comments
 * ({@code DocumentationExamplesTest} checks that every Java block of the documentation is in a test
 * source such as this one).
 */
@DisplayName("The library guide's examples")
class LibraryGuideExampleTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void capture() {
        stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.out.print(printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("counts TCP payload bytes per destination of one client, as tshark's tcp.len adds up")
    void countsPayloadBytesPerDestination() {
        // --- the README's and the library guide's example, verbatim ---
        Map<IpAddress, Long> bytesPerDestination = new TreeMap<>();
        InputFilter client = InputFilter.of(InputRule.src("192.168.0.17"));
        try (CaptureReader capture = CaptureReader.open(Path.of("../data/public/tls2.pcap"), client)) {
            capture.forEachRemaining(packet -> packet.tcp().ifPresent(tcp ->
                    bytesPerDestination.merge(packet.destination(), (long) tcp.payloadLength(), Long::sum)));
        }
        bytesPerDestination.forEach((destination, bytes) -> System.out.println(destination + "\t" + bytes));
        // --- end of the example ---

        // tshark -r tls2.pcap -Y 'ip.src==192.168.0.17' -T fields -e ip.dst -e tcp.len, summed per ip.dst
        assertThat(bytesPerDestination).containsEntry(IpAddress.parse("96.6.132.113"), 39_068L)
                .containsEntry(IpAddress.parse("52.46.130.13"), 18_535L)
                .containsEntry(IpAddress.parse("185.120.68.162"), 14_882L);
        assertThat(bytesPerDestination).hasSize(110);
        assertThat(bytesPerDestination.keySet()).allMatch(IpAddress::isIpv4);
    }

    @Test
    @DisplayName("runs length-clustering on the shadowsocks sample against tls2.pcap, as covertmark run does")
    void runsAStrategy() {
        // --- the library guide's example, verbatim ---
        DetectionStrategy strategy = StrategyRegistry.discover(getClass().getClassLoader())
                .create("length-clustering");
        RunSpec spec = RunSpec.builder(TraceSource.parse("samples/shadowsocks.pcap"))
                .client("10.1.0.0/24")
                .negative(TraceSource.parse("../data/public/tls2.pcap"))
                .negativeClients(List.of(Subnet.parse("192.168.0.17"), Subnet.parse("2601:647:4b02:1d20::/64")))
                .build(); // seed 1 and 5 trials, as covertmark run
        try (TraceStore store = TraceStores.open("memory:")) {
            RunResult result = Evaluation.run(strategy, spec, store);
            UnitRates connections = result.best().orElseThrow().test().flow();
            System.out.println(result.best().orElseThrow().description());
            System.out.println("connections flagged: TPR " + RateFormat.of(connections.positives())
                    + ", FPR " + RateFormat.of(connections.negatives()));
            System.out.println(result.verdict().shortBand());
            ResultFiles.write(result, Path.of("target/library-guide/shadowsocks-lc"));
        }
        // --- end of the example ---

        // The same figures as `covertmark run` prints for the same traces (docs/cli.md).
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("""
                bandwidth 10, top 2 clusters
                connections flagged: TPR 93.5% 29/31 [78.6, 99.21], FPR 0% 0/166 [0, 2.2]
                inconclusive (75.5–100.0)
                """);
        assertThat(Path.of("target/library-guide/shadowsocks-lc")).isDirectoryContaining("glob:**/results.json")
                .isDirectoryContaining("glob:**/flows.csv").isDirectoryContaining("glob:**/results.csv")
                .isDirectoryContaining("glob:**/wireshark-filter.txt").isDirectoryContaining("glob:**/report.html");
    }

    @Test
    @DisplayName("asks for this build's version of the BOM")
    void bomVersionIsThisBuilds() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "library.md"));
        int bom = guide.indexOf("<artifactId>covertmark-bom</artifactId>");
        assertThat(bom).as("docs/library.md imports covertmark-bom").isPositive();
        String version = guide.substring(guide.indexOf("<version>", bom) + "<version>".length(),
                guide.indexOf("</version>", bom));
        Element root = WritingStrategiesDocTest.parse(Files.readString(Path.of("..", "pom.xml")));
        assertThat(version).isEqualTo(WritingStrategiesDocTest.text(root, "version"));
    }
}
