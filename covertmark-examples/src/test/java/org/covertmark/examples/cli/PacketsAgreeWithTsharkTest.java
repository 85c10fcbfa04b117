package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code covertmark packets} against tshark's per-frame view of every public capture and of the
 * project's own crafted ones, the store kit's included. The tshark outputs are committed under
 * data/public/tshark, data/crafted/tshark and data/kit-tshark, made by tools/tshark-oracle.sh and tools/tshark-oracle-extra.sh with tshark
 * 4.0 in per-packet mode (no reassembly).
 *
 * <p>Deliberate differences, listed in docs/cli.md, are the only ones allowed: tshark does not
 * dissect the payload of a segment its TCP analysis takes for a retransmission or out-of-order
 * segment, while covertmark reads every segment's own bytes; tshark reports TLS 1.3 record types in
 * a separate field (joined back in here); covertmark also fills sport and dport for UDP, and the fields a TCP header cut short still holds.
 */
@DisplayName("covertmark packets agrees with tshark")
class PacketsAgreeWithTsharkTest {

    /** Our column and tshark's column of the same meaning. */
    private static final String[][] COLUMNS = {
        {"time_us", "epoch_us"}, {"ip_version", "ipver"}, {"src", "src"}, {"dst", "dst"}, {"ip_len", "ip_len"},
        {"ttl", "ttl"}, {"proto", "proto"}, {"sport", "sport"}, {"dport", "dport"}, {"seq", "seq"},
        {"ack", "ack"}, {"flags", "tcp_flags"}, {"payload_len", "tcp_len"}, {"tls_types", "tls_types"},
        {"tls_version", "tls_version"}, {"http_method", "http_method"}, {"http_uri", "http_uri"},
    };

    /** The project's own captures, each exercising one rule of the reader (tools/make-crafted-captures.py). */
    static final Path CRAFTED = CliRun.PUBLIC.resolveSibling("crafted");

    /**
     * The captures the trace store compatibility kit carries (tools/make-crafted-captures.py --kit),
     * inside the testkit's resources; tshark's view of them lies apart, in data/kit-tshark, so that
     * it stays out of the testkit jar.
     */
    static final Path KIT = Path.of("..", "covertmark-testkit", "src", "main", "resources", "org", "covertmark",
            "testkit", "captures");
    static final Path KIT_ORACLES = CliRun.PUBLIC.resolveSibling("kit-tshark");

    static Stream<Path> captures() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(CliRun.PUBLIC, CRAFTED, KIT)) {
            try (Stream<Path> files = Files.list(dir)) {
                // crafted captures that tshark cannot read either (exit 2) have no oracle; the kit's
                // copies of crafted captures are compared in data/crafted
                files.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng"))
                        .filter(f -> Files.exists(oracles(f).resolve(f.getFileName() + ".tsv")))
                        .sorted().forEach(out::add);
            }
        }
        return out.stream();
    }

    /**
     * Where the store kit's two torture captures make covertmark and tshark disagree on purpose: the
     * exact differences, by capture, each group with its reason. Any other difference fails, and so
     * does one of these that goes away, so that the list stays true.
     */
    static final Map<String, List<String>> DELIBERATE = Map.of(
            "kit-mixed.pcap", List.of(
                    // "GET / HTTP/2": a request line of HTTP/1.x only is a request here; tshark takes any version
                    "frame 12 http_method: covertmark '', tshark 'GET'",
                    "frame 12 http_uri: covertmark '', tshark '/'",
                    // TLS lookalikes: content type 25, version 3.5, a length beyond 2^14 + 2048; tshark
                    // dissects a record header whatever it holds
                    "frame 28 tls_types: covertmark '', tshark '25'",
                    "frame 28 tls_version: covertmark '', tshark '0x0303'",
                    "frame 29 tls_types: covertmark '', tshark '23'",
                    "frame 29 tls_version: covertmark '', tshark '0x0305'",
                    "frame 31 tls_types: covertmark '', tshark '23'",
                    "frame 31 tls_version: covertmark '', tshark '0x0303'",
                    // IPv6 payload length 0 without a jumbo option: read to the end of the frame, as an
                    // IPv4 total length of 0 is (segmentation offload); tshark reads no payload
                    "frame 53 sport: covertmark '50690', tshark ''",
                    "frame 53 dport: covertmark '80', tshark ''",
                    "frame 53 seq: covertmark '1', tshark ''",
                    "frame 53 ack: covertmark '1', tshark ''",
                    "frame 53 flags: covertmark '0x0010', tshark ''",
                    "frame 53 payload_len: covertmark '4', tshark ''",
                    // a first fragment with 24 bytes of TCP: its payload counted, "GET " alone no request
                    "frame 77 payload_len: covertmark '4', tshark ''",
                    "frame 77 http_method: covertmark '', tshark 'GET'",
                    // a data offset of 4, and a data offset beyond the packet: the fields captured are kept
                    "frame 90 ack: covertmark '9', tshark ''",
                    "frame 90 flags: covertmark '0x0010', tshark ''",
                    "frame 91 payload_len: covertmark '0', tshark ''",
                    // an IPv4 header cut at 12 bytes, and IP version 7: skipped and counted as malformed
                    "frame 117: no row; tshark reads eth:ethertype:ip",
                    "frame 118: no row; tshark reads eth:ethertype:ip",
                    // a total length shorter than the header: the addresses and protocol are kept
                    "frame 122 src: covertmark '10.0.0.1', tshark ''",
                    "frame 122 dst: covertmark '192.0.2.80', tshark ''",
                    "frame 122 ttl: covertmark '64', tshark ''",
                    "frame 122 proto: covertmark '6', tshark ''"),
            "kit-pcapng.pcapng", List.of(
                    // times before 1970: tshark prints seconds -1999999000 and 0.881544 s after them as
                    // "-1999999000.881544", which reads as 1.76 s earlier; covertmark's time is the right one
                    "frame 19 time_us: covertmark '-1999998999118456', tshark '-1999999000881544'",
                    "frame 20 time_us: covertmark '-1999998998202501', tshark '-1999998999797499'",
                    "frame 21 time_us: covertmark '-1999998997490261', tshark '-1999998998509739'",
                    "frame 22 time_us: covertmark '-1999998996227221', tshark '-1999998997772779'",
                    "frame 23 time_us: covertmark '-1999998995818620', tshark '-1999998996181380'",
                    "frame 24 time_us: covertmark '-1999998994951588', tshark '-1999998995048412'"));

    /** The folder of tshark's view of {@code capture}. */
    static Path oracles(Path capture) {
        return capture.startsWith(KIT) ? KIT_ORACLES : capture.resolveSibling("tshark");
    }

    @Test
    @DisplayName("every capture of the store kit of its own making has tshark's view in data/kit-tshark")
    void kitCapturesHaveOracles() throws IOException {
        try (Stream<Path> files = Files.list(KIT)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("kit-"))
                    .filter(f -> !Files.exists(KIT_ORACLES.resolve(f + ".tsv"))))
                    .as("kit captures without an oracle").isEmpty();
        }
    }

    @Test
    @DisplayName("every crafted capture but three (read by tests of their own) has tshark's view beside it")
    void craftedHaveOracles() throws IOException {
        try (Stream<Path> files = Files.list(CRAFTED)) {
            assertThat(files.filter(f -> f.toString().contains(".pcap"))
                    .filter(f -> !Files.exists(f.resolveSibling("tshark").resolve(f.getFileName() + ".tsv")))
                    .map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("ip-version-7.pcap", "pcapng-no-supported-interface.pcapng",
                            "unsupported-link-type.pcap");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    @DisplayName("every IP packet tshark reads is a row with the same fields, and no other row is")
    void agreesFieldForField(Path capture) throws IOException {
        List<Map<String, String>> oracle = oracle(capture);
        CliRun run = CliRun.of("packets", capture.toString());
        Map<Long, Map<String, String>> ours = new HashMap<>();
        for (Map<String, String> row : run.tsv()) {
            ours.put(Long.parseLong(row.get("frame")), row);
        }

        List<String> differences = new ArrayList<>();
        long frame = 0;
        int compared = 0;
        for (Map<String, String> expected : oracle) {
            if (!expected.get("is_packet").equals("1")) {
                continue; // a pcapng block tshark numbers as a frame but that holds no packet
            }
            frame++;
            Map<String, String> actual = ours.remove(frame);
            if (expected.get("ipver").isEmpty()) {
                if (actual != null) {
                    differences.add("frame " + frame + ": a row for a frame tshark finds no IP in: " + actual);
                }
                continue;
            }
            if (actual == null) {
                differences.add("frame " + frame + ": no row; tshark reads " + expected.get("protocols"));
                continue;
            }
            compared++;
            boolean undissected = expected.get("undissected").equals("1");
            boolean udp = expected.get("proto").equals("17") && expected.get("sport").isEmpty();
            // A TCP header cut within its first 16 bytes: tshark shows its ports only, covertmark every
            // field captured (checked by PacketsOfCutHeadersTest).
            boolean cutHeader = expected.get("proto").equals("6") && !expected.get("sport").isEmpty()
                    && expected.get("seq").isEmpty();
            for (String[] c : COLUMNS) {
                String a = actual.get(c[0]);
                String e = expected.get(c[1]);
                if (c[0].equals("tls_types")) {
                    a = sortedList(a);
                }
                boolean application = c[0].startsWith("tls") || c[0].startsWith("http");
                boolean afterPorts = c[0].equals("seq") || c[0].equals("ack") || c[0].equals("flags")
                        || c[0].equals("payload_len");
                if (application && undissected && e.isEmpty() || udp && c[0].endsWith("port")
                        || cutHeader && afterPorts && e.isEmpty()) {
                    continue;
                }
                if (!a.equals(e)) {
                    differences.add("frame " + frame + " " + c[0] + ": covertmark '" + a + "', tshark '" + e + "'");
                }
            }
        }
        ours.keySet().forEach(f -> differences.add("frame " + f + ": a row beyond tshark's frames"));

        List<String> deliberate = capture.startsWith(KIT)
                ? DELIBERATE.getOrDefault(capture.getFileName().toString(), List.of()) : List.of();
        assertThat(differences).as("differences from tshark in %s", capture)
                .containsExactlyInAnyOrderElementsOf(deliberate);
        long skipped = deliberate.stream().filter(d -> d.contains(": no row;")).count();
        assertThat(compared).as("IP packets compared").isEqualTo(oracle.stream()
                .filter(r -> r.get("is_packet").equals("1") && !r.get("ipver").isEmpty()).count() - skipped);
    }

    @Test
    @DisplayName("a capture cut short mid-record: the rows before the cut, then exit 2 naming the file and count")
    void truncatedCapture() {
        CliRun run = CliRun.of("packets", CliRun.PUBLIC.resolve("fuzz-2021-10-13.pcap").toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).startsWith("frame\ttime_us\t");
        assertThat(run.err().strip()).contains("fuzz-2021-10-13.pcap")
                .contains("cut short").contains("after 1 complete packet record").doesNotContain("Exception")
                .doesNotContain("\n");
    }

    /** tshark's rows joined with the extra oracle's, with TLS 1.3 opaque types folded into tls_types. */
    private static List<Map<String, String>> oracle(Path capture) throws IOException {
        Path dir = oracles(capture);
        String name = capture.getFileName().toString();
        List<Map<String, String>> main = CliRun.parseTsv(Files.readString(dir.resolve(name + ".tsv")));
        List<Map<String, String>> extra = CliRun.parseTsv(Files.readString(dir.resolve(name + ".extra.tsv")));
        assertThat(extra).hasSameSizeAs(main);
        for (int i = 0; i < main.size(); i++) {
            Map<String, String> row = main.get(i);
            Map<String, String> more = extra.get(i);
            assertThat(more.get("frame")).isEqualTo(row.get("frame"));
            row.put("tls_types", sortedList(row.get("tls_types") + "," + more.get("tls_opaque")));
            row.put("undissected", more.get("undissected"));
        }
        return main;
    }

    private static String sortedList(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).filter(s -> !s.isEmpty()).sorted()
                .collect(Collectors.joining(","));
    }
}
