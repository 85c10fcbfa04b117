package org.covertmark.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.covertmark.analytics.traffic.LengthCluster;
import org.covertmark.analytics.traffic.LengthClusters;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Role;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.strategies.lengthclustering.LengthClusteringStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The length-clustering strategy")
class LengthClusteringStrategyTest {

    /** Tor (TLS to relays, fixed 586-byte cells) against real HTTPS browsing. */
    private static RunResult torAgainstHttps(String tlsMode) {
        return RealTraces.run(new LengthClusteringStrategy(), RunSpec.builder(RealTraces.capture("tor.pcap"))
                .negative(RealTraces.capture("tls2.pcap")).client("192.168.1.252")
                .negativeClients(List.of(Subnet.parse("192.168.0.17")))
                .parameter("tls_mode", tlsMode).trials(1).build());
    }

    private static List<Packet> read(String name, InputFilter filter) {
        try (CaptureReader r = CaptureReader.open(RealTraces.PUBLIC.resolve(name), filter)) {
            return r.toList();
        }
    }

    /** Whether a packet belongs to one of the connections the run put in a part, by its endpoints. */
    private static boolean in(Packet p, Set<String> connections) {
        return connections.contains(key(p.source(), p.tcp().get().sourcePort(), p.destination(),
                p.tcp().get().destinationPort()));
    }

    private static String key(IpAddress a, int ap, IpAddress b, int bp) {
        return a.compareTo(b) < 0 || a.equals(b) && ap < bp ? a + ":" + ap + "-" + b + ":" + bp
                : b + ":" + bp + "-" + a + ":" + ap;
    }

    private static Set<String> part(RunResult r, Role role, String part) {
        Set<String> out = new HashSet<>();
        r.flows().stream().filter(f -> f.role() == role && f.part().equals(part)).forEach(f -> out.add(
                key(f.connection().client(), f.connection().clientPort(), f.connection().server(),
                        f.connection().serverPort())));
        return out;
    }

    @Test
    @DisplayName("learns the clusters on the selection part and counts the test part's payloads as documented")
    void gridAndRates() {
        RunResult r = torAgainstHttps("all");

        assertThat(r.configColumns()).containsExactly("Bandwidth", "Top Clusters");
        assertThat(r.records()).extracting(RunResult.ConfigRecord::config).containsExactly(
                Config.of(1, 1), Config.of(1, 2), Config.of(2, 1), Config.of(2, 2), Config.of(3, 1), Config.of(3, 2),
                Config.of(5, 1), Config.of(5, 2), Config.of(10, 1), Config.of(10, 2));

        // Independently: bandwidth 3, the two largest clusters of the selection part's client payload lengths.
        Set<String> selection = part(r, Role.POSITIVE, "selection");
        Set<String> test = part(r, Role.POSITIVE, "test");
        assertThat(selection).isNotEmpty();
        assertThat(test).isNotEmpty().doesNotContainAnyElementsOf(selection);
        List<Packet> positives = read("tor.pcap", InputFilter.of(InputRule.src("192.168.1.252"))).stream()
                .filter(p -> p.isTcp() && p.tcp().get().payloadLength() > 0).toList();
        int[] lengths = positives.stream().filter(p -> in(p, selection))
                .mapToInt(p -> p.tcp().get().payloadLength()).filter(l -> l <= 1300).toArray();
        Set<Integer> top2 = new HashSet<>();
        LengthClusters.meanShift(lengths, 3).stream().limit(2).map(LengthCluster::lengths).forEach(top2::addAll);
        List<Packet> testPositives = positives.stream().filter(p -> in(p, test)).toList();
        long tp = testPositives.stream().filter(p -> top2.contains(p.tcp().get().payloadLength())).count();
        Set<String> negativeTest = part(r, Role.NEGATIVE, "test");
        List<Packet> negatives = read("tls2.pcap", InputFilter.of(InputRule.src("192.168.0.17"))).stream()
                .filter(p -> p.isTcp() && p.tcp().get().payloadLength() > 0 && in(p, negativeTest)).toList();
        long fp = negatives.stream().filter(p -> top2.contains(p.tcp().get().payloadLength())).count();

        UnitRates packets = r.records().get(5).test().unit(Measurement.PACKET).orElseThrow();
        assertThat(packets.positives().flagged()).isEqualTo(tp);
        assertThat(packets.positives().examined()).isEqualTo(testPositives.size());
        assertThat(packets.negatives().flagged()).isEqualTo(fp);
        assertThat(packets.negatives().examined()).as("every negative packet with payload of the test part")
                .isEqualTo(negatives.size());
    }

    @Test
    @DisplayName("guesses TLS-only for Tor (all TLS connections): the negative's other packets are set aside")
    void guessesTlsMode() {
        RunResult guessed = torAgainstHttps("guess");
        RunResult only = torAgainstHttps("only");
        assertThat(guessed.records()).extracting(RunResult.ConfigRecord::test)
                .containsExactlyElementsOf(only.records().stream().map(RunResult.ConfigRecord::test).toList());
    }
}
