package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.strategy.Unit;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Wireshark display filters a run reports are valid for tshark and select exactly the negative
 * packets, or the packets of the negative connections, that the chosen configuration flagged. The
 * expected frames are read straight from the capture. tshark is required: continuous integration
 * installs it.
 */
@DisplayName("The Wireshark filter of flagged negatives")
class WiresharkFilterTest {

    static final Path TLS2 = EvaluationTest.TLS2;
    static final Path MANY = EvaluationTest.MANY;
    static final IpAddress MANY_CLIENT = IpAddress.parse(EvaluationTest.MANY_CLIENT);

    static Stream<Arguments> frameSets() {
        return Stream.of(
                Arguments.of("a run and singles", List.of(1L, 2L, 3L, 5L, 7L, 8L)),
                Arguments.of("one frame", List.of(42L)),
                Arguments.of("a long run", List.of(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L)),
                Arguments.of("a frame past the end", List.of(4L, 999_999L)),
                Arguments.of("none", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameSets")
    @DisplayName("by frame number selects in tshark exactly those frames")
    void framesInTshark(String what, List<Long> frames) throws Exception {
        String filter = frames.isEmpty() ? WiresharkFilters.NOTHING
                : "frame.number in {" + WiresharkFilters.ranges(new TreeSet<>(frames)) + "}";
        List<Long> expected = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(TLS2, InputFilter.all())) {
            r.forEachRemaining(p -> {
                if (frames.contains(p.frame())) {
                    expected.add(p.frame());
                }
            });
        }
        assertThat(tsharkFrames(TLS2, filter)).as(filter).isEqualTo(expected);
    }

    @Test
    @DisplayName("writes runs of three or more frames as a..b, and shorter ones one by one")
    void rangesText() {
        assertThat(WiresharkFilters.ranges(new TreeSet<>(List.of(1L, 2L, 3L, 5L, 7L, 8L, 10L, 11L, 12L, 13L))))
                .isEqualTo("1..3, 5, 7, 8, 10..13");
        assertThat(WiresharkFilters.ranges(new TreeSet<>(List.of(9L)))).isEqualTo("9");
    }

    @Test
    @DisplayName("of a connection names both addresses and both ports, IPv4 or IPv6, TCP or UDP")
    void connectionText() {
        Connection v4 = new Connection(0, org.covertmark.api.flow.Transport.TCP, IpAddress.parse("10.0.0.1"), 40000,
                IpAddress.parse("192.0.2.1"), 443, org.covertmark.api.flow.AppProtocol.TLS, 2, 1, 1, false);
        Connection v6 = new Connection(1, org.covertmark.api.flow.Transport.UDP, IpAddress.parse("2001:db8::1"), 5000,
                IpAddress.parse("2001:db8::53"), 53, org.covertmark.api.flow.AppProtocol.DNS, 2, 1, 1, false);
        assertThat(WiresharkFilters.connection(v4)).isEqualTo(
                "(ip.addr == 10.0.0.1 && ip.addr == 192.0.2.1 && tcp.port == 40000 && tcp.port == 443)");
        assertThat(WiresharkFilters.connection(v6)).isEqualTo(
                "(ipv6.addr == 2001:db8::1 && ipv6.addr == 2001:db8::53 && udp.port == 5000 && udp.port == 53)");
    }

    static boolean toPort443(Packet p) {
        return p.tcp().map(t -> t.destinationPort() == 443).orElse(false);
    }

    @Test
    @DisplayName("of a run with packet decisions selects in tshark exactly the negative packets flagged")
    void packetsOfARun() throws Exception {
        RunResult r;
        try (TraceStore store = TraceStores.open("memory:")) {
            r = Evaluation.run(new EvaluationTest.ToPort443(), EvaluationTest.tls2AgainstMany().trials(1).build(), store);
        }
        // ToPort443 flags the client's TCP packets with payload to port 443.
        List<Long> expected = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(MANY, InputFilter.all())) {
            for (Packet p : reader.toList()) {
                if (p.source().equals(MANY_CLIENT) && toPort443(p) && !p.payload().isEmpty()) {
                    expected.add(p.frame());
                }
            }
        }
        assertThat(expected).as("ordinary traffic to port 443 with payload exists").isNotEmpty();
        assertThat(r.wiresharkFilter()).startsWith("frame.number in {");
        assertThat(tsharkFrames(MANY, r.wiresharkFilter())).as(r.wiresharkFilter()).isEqualTo(expected);
    }

    /** Flags every connection to port 443, passes the others. */
    static final class Flows443 extends EvaluationTest.ToPort443 {
        @Override
        public Unit unit() {
            return Unit.FLOW;
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            Decisions.Builder d = Decisions.flows(trace);
            for (Connection c : trace.connections()) {
                if (c.serverPort() == 443) {
                    d.flag(c.id());
                } else {
                    d.pass(c.id());
                }
            }
            return d.build();
        }
    }

    @Test
    @DisplayName("of a run with connection decisions selects in tshark exactly the packets of the connections flagged")
    void connectionsOfARun() throws Exception {
        RunResult r;
        try (TraceStore store = TraceStores.open("memory:")) {
            r = Evaluation.run(new Flows443(), EvaluationTest.tls2AgainstMany().trials(1).build(), store);
        }
        // The client's TCP conversations with port 443, both directions: each one is a key of both endpoints.
        List<Packet> all;
        try (CaptureReader reader = CaptureReader.open(MANY, InputFilter.all())) {
            all = reader.toList();
        }
        Set<String> conversations = new HashSet<>();
        for (Packet p : all) {
            if (p.source().equals(MANY_CLIENT) && toPort443(p)) {
                conversations.add(key(p));
            }
        }
        List<Long> expected = all.stream().filter(p -> p.tcp().isPresent() && conversations.contains(key(p)))
                .map(Packet::frame).toList();
        assertThat(conversations).as("the client talks to port 443").isNotEmpty();
        assertThat(tsharkFrames(MANY, r.wiresharkFilter())).as(r.wiresharkFilter()).isEqualTo(expected);
    }

    /** A TCP packet's conversation, the same for both directions. */
    static String key(Packet p) {
        var t = p.tcp().orElseThrow();
        String a = p.source() + ":" + t.sourcePort();
        String b = p.destination() + ":" + t.destinationPort();
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** The frame numbers tshark's display filter selects; fails unless tshark exits with status 0. */
    static List<Long> tsharkFrames(Path capture, String filter) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("tshark", ".err");
        try {
            Process p = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "-Y", filter, "-T", "fields",
                    "-e", "frame.number").redirectError(errors.toFile()).start();
            p.getOutputStream().close();
            List<Long> frames = new ArrayList<>();
            try (var out = p.getInputStream()) {
                for (String line : new String(out.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        frames.add(Long.parseLong(line.strip()));
                    }
                }
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tshark finishes").isTrue();
            assertThat(p.exitValue()).as("tshark's exit status for filter %s; stderr: %s", filter,
                    Files.readString(errors)).isZero();
            return frames;
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
