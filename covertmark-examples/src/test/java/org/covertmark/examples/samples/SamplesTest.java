package org.covertmark.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.capture.CaptureStats;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The bundled sample captures agree with their manifest: every figure in manifest.json is checked
 * against the capture itself, read with {@link CaptureReader}.
 */
class SamplesTest {

    static final Path SAMPLES = Path.of("samples");
    static final long MAX_TOTAL_BYTES = 20L << 20;
    static final Set<String> BUILT_IN = Set.of("entropy-dist", "entropy-est", "length-clustering", "sgd");

    static JsonNode manifest;

    @BeforeAll
    static void readManifest() throws IOException {
        manifest = new ObjectMapper().readTree(SAMPLES.resolve("manifest.json").toFile());
    }

    @Test
    void manifestHasEveryKindOfCapture() {
        List<String> kinds = new ArrayList<>();
        manifest.get("captures").forEach(c -> kinds.add(c.get("transport").asText() + "/" + c.get("role").asText()));
        assertThat(kinds).contains("obfs4/positive", "obfs4/recall", "shadowsocks/positive", "shadowsocks/recall",
                "https-http/negative");
        assertThat(manifest.get("seed").isInt()).isTrue();
        assertThat(manifest.get("generator").asText()).isEqualTo("covertmark-examples/capture-lab/run.sh");
    }

    @Test
    void samplesTogetherStayUnderTwentyMegabytes() throws IOException {
        long total;
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            total = files.filter(Files::isRegularFile).mapToLong(SamplesTest::size).sum();
        }
        assertThat(total).isLessThan(MAX_TOTAL_BYTES);
    }

    @Test
    void everyCaptureInTheDirectoryIsInTheManifest() throws IOException {
        Set<String> listed = new TreeSet<>();
        manifest.get("captures").forEach(c -> listed.add(c.get("file").asText()));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcap")).forEach(present::add);
        }
        assertThat(present).isEqualTo(listed);
    }

    @TestFactory
    Stream<DynamicTest> everyManifestFigureMatchesItsCapture() {
        List<DynamicTest> tests = new ArrayList<>();
        manifest.get("captures").forEach(entry ->
                tests.add(DynamicTest.dynamicTest(entry.get("file").asText(), () -> checkCapture(entry))));
        return tests.stream();
    }

    private static void checkCapture(JsonNode entry) {
        Path file = SAMPLES.resolve(entry.get("file").asText());
        assertThat(file).isRegularFile();
        assertThat(size(file)).as("file_bytes").isEqualTo(entry.get("file_bytes").asLong());

        Set<IpAddress> clients = new TreeSet<>(Comparator.comparing(IpAddress::toString));
        entry.get("clients").forEach(c -> clients.add(IpAddress.parse(c.asText())));
        Subnet clientSubnet = Subnet.parse(entry.get("client_subnet").asText());
        Map<IpAddress, Set<Integer>> servers = new HashMap<>();
        entry.get("servers").forEach(s -> {
            Set<Integer> ports = new TreeSet<>();
            s.get("ports").forEach(p -> ports.add(p.asInt()));
            servers.put(IpAddress.parse(s.get("address").asText()), ports);
        });
        assertThat(clients).allSatisfy(c -> assertThat(clientSubnet.contains(c)).isTrue());

        long packets = 0;
        long up = 0;
        long down = 0;
        long wireBytes = 0;
        long connections = 0;
        int largest = 0;
        long first = 0;
        long last = 0;
        Set<IpAddress> clientsSeen = new TreeSet<>(Comparator.comparing(IpAddress::toString));
        Set<String> serverPortsSeen = new TreeSet<>();
        CaptureStats stats;
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.hasNext()) {
                Packet p = reader.next();
                packets++;
                if (packets == 1) {
                    first = p.timeMicros();
                }
                assertThat(p.timeMicros()).as("time of frame %d", p.frame()).isGreaterThanOrEqualTo(last);
                last = p.timeMicros();
                wireBytes += p.wireLength();
                largest = Math.max(largest, p.wireLength());
                assertThat(p.ipVersion()).isEqualTo(4);
                assertThat(p.isTcp()).as("frame %d is TCP", p.frame()).isTrue();
                TcpSegment tcp = p.tcp().orElseThrow();
                if (clients.contains(p.source())
                        && servers.getOrDefault(p.destination(), Set.of()).contains(tcp.destinationPort())) {
                    up++;
                    clientsSeen.add(p.source());
                    serverPortsSeen.add(p.destination() + ":" + tcp.destinationPort());
                    if (tcp.hasFlags(TcpSegment.SYN) && !tcp.hasFlags(TcpSegment.ACK)) {
                        connections++;
                    }
                } else if (clients.contains(p.destination())
                        && servers.getOrDefault(p.source(), Set.of()).contains(tcp.sourcePort())) {
                    down++;
                } else {
                    throw new AssertionError("frame " + p.frame() + " is not between a listed client and server: " + p);
                }
            }
            stats = reader.stats();
        }
        assertThat(stats.skippedTotal()).as("skipped records %s", stats.skipped()).isZero();
        assertThat(stats.records()).isEqualTo(packets);
        assertThat(packets).as("packets").isEqualTo(entry.get("packets").asLong());
        assertThat(up).as("packets_client_to_server").isEqualTo(entry.get("packets_client_to_server").asLong());
        assertThat(down).as("packets_server_to_client").isEqualTo(entry.get("packets_server_to_client").asLong());
        assertThat(connections).as("tcp_connections").isEqualTo(entry.get("tcp_connections").asLong());
        assertThat(wireBytes).as("wire_bytes").isEqualTo(entry.get("wire_bytes").asLong());
        assertThat(largest).as("largest_frame_bytes").isEqualTo(entry.get("largest_frame_bytes").asInt())
                .isLessThanOrEqualTo(1514);
        assertThat(first).as("first_timestamp_us").isEqualTo(entry.get("first_timestamp_us").asLong());
        assertThat(last).as("last_timestamp_us").isEqualTo(entry.get("last_timestamp_us").asLong());
        double duration = entry.get("duration_s").asDouble();
        assertThat(duration).as("duration_s").isCloseTo((last - first) / 1e6, Offset.offset(1e-6))
                .isGreaterThanOrEqualTo(120.0);
        assertThat(clientsSeen).as("every listed client has traffic").isEqualTo(clients);
        Set<String> listedPorts = new TreeSet<>();
        servers.forEach((a, ports) -> ports.forEach(port -> listedPorts.add(a + ":" + port)));
        assertThat(serverPortsSeen).as("every listed server port has traffic").isEqualTo(listedPorts);
        assertThat(entry.get("dropped_by_kernel").asLong()).isZero();
        assertThat(entry.get("seed").isInt()).isTrue();
        assertThat(entry.get("shaping").get("qdisc").asText()).isIn("netem", "tbf", "none");
        for (String pkg : List.of("obfs4proxy", "shadowsocks-libev", "nginx", "curl", "tcpdump")) {
            assertThat(entry.get("packages").get(pkg).asText()).as(pkg + " version").isNotBlank();
        }
        JsonNode workload = entry.get("workload");
        assertThat(workload.get("failed").asLong()).as("failed requests")
                .isLessThanOrEqualTo(workload.get("requests").asLong() / 50);
    }

    @TestFactory
    Stream<DynamicTest> procedureFilesNameTheSamplesAndTheirAddresses() throws IOException {
        Map<String, JsonNode> byFile = new HashMap<>();
        manifest.get("captures").forEach(c -> byFile.put(c.get("file").asText(), c));
        List<Path> procedures;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            procedures = files.filter(p -> p.getFileName().toString().matches("procedure-.*\\.json")).sorted().toList();
        }
        assertThat(procedures).extracting(p -> p.getFileName().toString())
                .contains("procedure-obfs4.json", "procedure-shadowsocks.json");
        return procedures.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            JsonNode runs = new ObjectMapper().readTree(path.toFile()).get("runs");
            assertThat(runs.size()).isPositive();
            Set<String> strategies = new TreeSet<>();
            for (JsonNode run : runs) {
                strategies.add(run.get("strategy").asText());
                assertThat(run.get("strategy").asText()).isIn(BUILT_IN);
                assertThat(run.get("reverse").asText()).isEqualTo("both");
                JsonNode positive = byFile.get(run.get("positive").asText());
                JsonNode negative = byFile.get(run.get("negative").asText());
                assertThat(positive).as("positive capture in the manifest").isNotNull();
                assertThat(negative).as("negative capture in the manifest").isNotNull();
                assertThat(positive.get("role").asText()).isEqualTo("positive");
                assertThat(positive.get("transport").asText()).isEqualTo(run.get("protocol").asText());
                assertThat(negative.get("role").asText()).isEqualTo("negative");
                assertCovers(run.get("client"), positive.get("clients"));
                assertCovers(run.get("negative_client"), negative.get("clients"));
                List<String> servers = new ArrayList<>();
                positive.get("servers").forEach(s -> servers.add(s.get("address").asText()));
                assertCovers(run.get("server"), new ObjectMapper().valueToTree(servers));
                if (run.has("recall")) {
                    JsonNode recall = byFile.get(run.get("recall").asText());
                    assertThat(recall).as("recall capture in the manifest").isNotNull();
                    assertThat(recall.get("role").asText()).isEqualTo("recall");
                    assertThat(recall.get("transport").asText()).isEqualTo(run.get("protocol").asText());
                    assertCovers(run.get("recall_client"), recall.get("clients"));
                }
                assertThat(run.get("params").isObject()).isTrue();
                assertThat(run.get("seed").isInt()).isTrue();
            }
            assertThat(strategies).isEqualTo(BUILT_IN);
        }));
    }

    private static void assertCovers(JsonNode subnets, JsonNode addresses) {
        List<Subnet> nets = new ArrayList<>();
        subnets.forEach(s -> nets.add(Subnet.parse(s.asText())));
        assertThat(nets).isNotEmpty();
        addresses.forEach(a -> assertThat(nets.stream().anyMatch(n -> n.contains(IpAddress.parse(a.asText()))))
                .as("%s in %s", a.asText(), nets).isTrue());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
