package org.covertmark.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.flow.AppProtocol;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.flow.Connections;
import org.covertmark.api.flow.Transport;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connections found in real captures against tshark, run on the same file: the same TCP and
 * UDP conversations ({@code tshark -z conv,tcp}, {@code conv,udp}), each frame in the conversation
 * tshark puts it in ({@code tcp.stream}, {@code udp.stream}), and each connection's protocol among
 * the application protocols tshark dissects in its frames ({@code frame.protocols}, with TCP
 * reassembly as tshark does it by default). tshark is required, as for the Wireshark filter tests.
 */
@DisplayName("Connections of real captures agree with tshark")
class ConnectionsAgreeWithTsharkTest {

    private static final Path PUBLIC = Path.of("..", "data", "public");
    private static final Path SAMPLES = Path.of("..", "covertmark-examples", "samples");
    /**
     * tshark's layer names for the protocols recognised here. Google QUIC ({@code gquic}, in
     * many_interfaces-1.pcapng) is left out on purpose: its versions are not IETF QUIC's, so those
     * connections must come out UNKNOWN.
     */
    private static final Map<String, AppProtocol> DISSECTED = Map.of("tls", AppProtocol.TLS, "http",
            AppProtocol.HTTP, "ssh", AppProtocol.SSH, "dns", AppProtocol.DNS, "mdns", AppProtocol.DNS, "quic",
            AppProtocol.QUIC);

    /**
     * Connections whose first payload bytes show nothing known although tshark, reading on, finds a
     * protocol in them — by port, or after an earlier protocol — so a censor judging the opening bytes
     * would not. Each seen with {@code tshark -n -r FILE -Y 'tcp.stream==N && tcp.len>0' -T fields
     * -e frame.number -e tcp.srcport -e tcp.len -e frame.protocols}.
     */
    private static final Map<String, String> OPENED_OTHERWISE = Map.of(
            // MySQL greeting and SSL request (frames 4, 6) before the TLS handshake of frame 8
            "pcapng-example.pcapng tcp 0", "UNKNOWN, tshark [TLS]",
            // the capture joins an SSH session on port 22 after the banners: encrypted packets only
            "pcapng-example.pcapng tcp 12", "UNKNOWN, tshark [SSH]",
            // a SOCKS5 handshake on port 1080 (05 02 00 01 …) before the proxied HTTP request
            "shadowsocks.pcap tcp 0", "UNKNOWN, tshark [HTTP]");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tls2.pcap", "many-protocols.pcap", "http-packets2.pcap", "four_ipv6_http_streams.pcap",
        "pcapng-example.pcapng", "many_interfaces-1.pcapng", "sll.pcap", "raw_ip.pcap", "tor.pcap", "ultrasurf.pcap",
        "psiphon3.pcap", "shadowsocks.pcap", "test_loopback.pcap", "samples/https-http.pcap"})
    @DisplayName("the same conversations, the same frames in each, and protocols tshark dissects")
    void agrees(String name) throws Exception {
        Path file = name.startsWith("samples/") ? SAMPLES.resolve(name.substring(8)) : PUBLIC.resolve(name);
        List<Frame> frames = tsharkFrames(file);
        try (CaptureReader reader = CaptureReader.open(file, InputFilter.all())) {
            List<Packet> packets = reader.toList();
            Connections connections = Connections.of(packets, List.of());

            assertThat(count(connections, Transport.TCP)).as("TCP conversations")
                    .isEqualTo(conversations(file, "tcp"));
            assertThat(count(connections, Transport.UDP)).as("UDP conversations")
                    .isEqualTo(conversations(file, "udp"));

            Map<Long, Integer> indexOfFrame = new HashMap<>();
            for (int i = 0; i < packets.size(); i++) {
                indexOfFrame.put(packets.get(i).frame(), i);
            }
            Map<String, Integer> connectionOfStream = new HashMap<>();
            Map<Integer, String> streamOfConnection = new HashMap<>();
            Map<String, Set<AppProtocol>> dissected = new TreeMap<>();
            Map<String, Long> framesOfStream = new HashMap<>();
            Map<String, String> firstSynSource = new HashMap<>();
            for (Frame f : frames) {
                if (f.stream == null) {
                    continue;
                }
                Integer index = indexOfFrame.get(f.number);
                assertThat(index).as("frame %d of %s is read", f.number, f.stream).isNotNull();
                int id = connections.connectionOf(index);
                assertThat(id).as("frame %d of %s has a connection", f.number, f.stream).isNotNegative();
                assertThat(connectionOfStream.computeIfAbsent(f.stream, s -> id))
                        .as("frame %d: the connection of %s", f.number, f.stream).isEqualTo(id);
                assertThat(streamOfConnection.computeIfAbsent(id, c -> f.stream))
                        .as("frame %d: the tshark stream of connection %d", f.number, id).isEqualTo(f.stream);
                framesOfStream.merge(f.stream, 1L, Long::sum);
                if (f.synOnly) {
                    firstSynSource.putIfAbsent(f.stream, f.source);
                }
                Set<AppProtocol> seen = dissected.computeIfAbsent(f.stream, s -> new TreeSet<>());
                for (String layer : f.protocols) {
                    AppProtocol p = DISSECTED.get(layer);
                    if (p != null) {
                        seen.add(p);
                    }
                }
            }
            assertThat(connectionOfStream).as("tshark streams").hasSize(connections.size());
            for (Map.Entry<String, Integer> e : connectionOfStream.entrySet()) {
                Connection c = connections.get(e.getValue());
                assertThat(c.packets()).as("packets of %s", e.getKey()).isEqualTo(framesOfStream.get(e.getKey()));
                String syn = firstSynSource.get(e.getKey());
                assertThat(c.handshakeSeen()).as("handshake of %s", e.getKey()).isEqualTo(syn != null);
                if (syn != null) {
                    assertThat(c.client() + " " + c.clientPort()).as("client of %s", e.getKey()).isEqualTo(syn);
                }
            }

            Map<String, String> disagreements = new TreeMap<>();
            Map<AppProtocol, Integer> tally = new TreeMap<>();
            for (Map.Entry<String, Set<AppProtocol>> e : dissected.entrySet()) {
                Connection c = connections.get(connectionOfStream.get(e.getKey()));
                tally.merge(c.protocol(), 1, Integer::sum);
                boolean agrees = e.getValue().isEmpty() ? c.protocol() == AppProtocol.UNKNOWN
                        : e.getValue().contains(c.protocol());
                if (!agrees) {
                    disagreements.put(name + " " + e.getKey(), c.protocol() + ", tshark " + e.getValue());
                }
            }
            Map<String, String> expected = new TreeMap<>(OPENED_OTHERWISE);
            expected.keySet().removeIf(k -> !k.startsWith(name + " "));
            assertThat(disagreements).as("connections whose protocol is not among those tshark dissects (ours: %s)",
                    tally).isEqualTo(expected);
        }
    }

    private static long count(Connections connections, Transport transport) {
        return connections.all().stream().filter(c -> c.transport() == transport).count();
    }

    /**
     * One frame's conversation ("tcp 3", "udp 0", or null), dissected layers, source endpoint
     * ("address port") and whether it is a TCP SYN without ACK.
     */
    private record Frame(long number, String stream, List<String> protocols, String source, boolean synOnly) {
    }

    /**
     * tshark's frames: {@code tshark -n -r FILE -T fields -E occurrence=f -e frame.number -e tcp.stream
     * -e udp.stream -e frame.protocols -e ip.src -e ipv6.src -e tcp.srcport -e udp.srcport -e
     * tcp.flags}. A frame whose outer transport is not TCP or UDP (an ICMP error quoting a
     * UDP header, say) is in no conversation.
     */
    private static List<Frame> tsharkFrames(Path file) throws IOException, InterruptedException {
        List<Frame> frames = new ArrayList<>();
        for (String line : tshark(file, "-T", "fields", "-E", "occurrence=f", "-e", "frame.number", "-e",
                "tcp.stream", "-e", "udp.stream", "-e", "frame.protocols", "-e", "ip.src", "-e", "ipv6.src", "-e",
                "tcp.srcport", "-e", "udp.srcport", "-e", "tcp.flags")) {
            String[] f = line.split("\t", -1);
            List<String> layers = List.of(f[3].split(":"));
            String transport = layers.stream().filter(l -> l.equals("tcp") || l.equals("udp") || l.startsWith("icmp"))
                    .findFirst().orElse("");
            String stream = transport.equals("tcp") && !f[1].isEmpty() ? "tcp " + f[1]
                    : transport.equals("udp") && !f[2].isEmpty() ? "udp " + f[2] : null;
            String address = !f[4].isEmpty() ? f[4] : f[5];
            String port = transport.equals("tcp") ? f[6] : f[7];
            boolean synOnly = transport.equals("tcp") && (Integer.decode(f[8]) & 0x12) == 0x02;
            frames.add(new Frame(Long.parseLong(f[0]), stream, layers,
                    address.isEmpty() ? "" : IpAddress.parse(address) + " " + port, synOnly));
        }
        return frames;
    }

    /** The rows of {@code tshark -n -r FILE -q -z conv,TRANSPORT}. */
    private static long conversations(Path file, String transport) throws IOException, InterruptedException {
        return tshark(file, "-q", "-z", "conv," + transport).stream().filter(l -> l.contains("<->")).count();
    }

    private static List<String> tshark(Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("tshark", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            p.getOutputStream().close();
            String out;
            try (var in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tshark finishes").isTrue();
            assertThat(p.exitValue()).as("tshark's exit status on %s; stderr: %s", file, Files.readString(errors))
                    .isZero();
            return out.lines().filter(l -> !l.isBlank()).toList();
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
