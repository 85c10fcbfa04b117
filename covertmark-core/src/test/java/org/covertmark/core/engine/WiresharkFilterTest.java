package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.DetectionStrategy.WiresharkFilters;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Wireshark display filters a run reports are valid for tshark and select exactly the packets
 * sent to the blocked destinations. tshark is required: continuous integration installs it.
 */
@DisplayName("The Wireshark filter of blocked destinations")
class WiresharkFilterTest {

    static final Path TLS2 = EvaluationTest.TLS2;
    static final Path MANY = EvaluationTest.MANY;

    static Stream<Arguments> destinationSets() {
        return Stream.of(
                Arguments.of("IPv4 only", List.of("96.6.132.113", "151.101.65.69", "192.168.0.17")),
                Arguments.of("IPv6 only", List.of("2620:1ec:c11::200", "2601:647:4b02:1d20:fd05:6f66:ecce:8bc7")),
                Arguments.of("IPv4 and IPv6", List.of("47.246.25.254", "2a04:4e42:a::272", "2001:558:feed:443::14",
                        "185.199.111.154")),
                Arguments.of("one address not in the capture", List.of("203.0.113.9")),
                Arguments.of("empty", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("destinationSets")
    @DisplayName("selects in tshark exactly the packets whose destination is in the set")
    void tsharkSelectsTheDestinations(String what, List<String> addresses) throws Exception {
        Set<IpAddress> set = new LinkedHashSet<>();
        addresses.forEach(a -> set.add(IpAddress.parse(a)));
        String filter = WiresharkFilters.destinations(set);

        List<Long> expected = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(TLS2, InputFilter.all())) {
            r.forEachRemaining(p -> {
                if (set.contains(p.destination())) {
                    expected.add(p.frame());
                }
            });
        }
        if (!set.isEmpty() && !what.contains("not in the capture")) {
            assertThat(expected).as("the set names destinations of the capture").isNotEmpty();
        }
        assertThat(tsharkFrames(TLS2, filter)).as(filter).isEqualTo(expected);
    }

    @Test
    @DisplayName("lists the addresses sorted and separated by commas, IPv4 and IPv6 apart")
    void text() {
        Set<IpAddress> set = new LinkedHashSet<>();
        for (String a : List.of("2001:db8::2", "10.0.0.9", "2001:db8::1", "10.0.0.10")) {
            set.add(IpAddress.parse(a));
        }
        assertThat(WiresharkFilters.destinations(set))
                .isEqualTo("ip.dst in {10.0.0.9, 10.0.0.10} || ipv6.dst in {2001:db8::1, 2001:db8::2}");
        assertThat(WiresharkFilters.destinations(Set.of())).isEqualTo("frame.number == 0");
    }

    @Test
    @DisplayName("of a real run selects in tshark exactly the negative packets sent to blocked destinations")
    void ofARun() throws Exception {
        RunResult r;
        try (TraceStore store = TraceStores.open("memory:")) {
            r = Evaluation.run(new EvaluationTest.ToPort443(), EvaluationTest.tls2AgainstMany().build(), store);
        }
        Set<IpAddress> blocked = r.blocked().values().iterator().next();
        assertThat(blocked).isNotEmpty();

        List<Long> expected = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(MANY, InputFilter.all())) {
            for (Packet p : reader.toList()) {
                if (blocked.contains(p.destination())) {
                    expected.add(p.frame());
                }
            }
        }
        assertThat(tsharkFrames(MANY, r.wiresharkFilter())).as(r.wiresharkFilter()).isEqualTo(expected);
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
