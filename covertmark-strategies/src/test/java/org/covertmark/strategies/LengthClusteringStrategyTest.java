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
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.strategies.lengthclustering.LengthClusteringStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The length-clustering strategy")
class LengthClusteringStrategyTest {

    /** Tor (TLS to relays, fixed 586-byte cells) against real HTTPS browsing. */
    private static RunResult torAgainstHttps(String tlsMode) {
        return RealTraces.run(new LengthClusteringStrategy(), RunSpec.builder(RealTraces.capture("tor.pcap"))
                .negative(RealTraces.capture("tls2.pcap")).client("192.168.1.252")
                .negativeClients(List.of(org.covertmark.api.net.Subnet.parse("192.168.0.17")))
                .parameter("tls_mode", tlsMode).build());
    }

    private static List<Packet> read(String name, InputFilter filter) {
        try (CaptureReader r = CaptureReader.open(RealTraces.PUBLIC.resolve(name), filter)) {
            return r.toList();
        }
    }

    @Test
    @DisplayName("runs the whole grid, bandwidth × top clusters, and counts rates as documented")
    void gridAndRates() {
        RunResult r = torAgainstHttps("all");

        assertThat(r.configColumns()).containsExactly("Bandwidth", "Top Clusters");
        assertThat(r.records()).extracting(PerformanceRecord::config).containsExactly(
                Config.of(1, 1), Config.of(1, 2), Config.of(2, 1), Config.of(2, 2), Config.of(3, 1), Config.of(3, 2),
                Config.of(5, 1), Config.of(5, 2), Config.of(10, 1), Config.of(10, 2));

        // Independently: bandwidth 3, the two largest clusters of the client's TCP payload lengths.
        List<Packet> positives = read("tor.pcap", InputFilter.of(InputRule.src("192.168.1.252"))).stream()
                .filter(p -> p.isTcp() && p.tcp().get().payloadLength() > 0).toList();
        int[] lengths = positives.stream().mapToInt(p -> p.tcp().get().payloadLength()).filter(l -> l <= 1300).toArray();
        Set<Integer> top2 = new HashSet<>();
        LengthClusters.meanShift(lengths, 3).stream().limit(2).map(LengthCluster::lengths).forEach(top2::addAll);
        long tp = positives.stream().filter(p -> top2.contains(p.tcp().get().payloadLength())).count();
        List<Packet> negatives = read("tls2.pcap", InputFilter.of(InputRule.src("192.168.0.17")));
        List<Packet> fps = negatives.stream()
                .filter(p -> p.isTcp() && top2.contains(p.tcp().get().payloadLength()) && p.tcp().get().payloadLength() > 0)
                .toList();
        Set<IpAddress> destinations = new HashSet<>();
        negatives.forEach(p -> destinations.add(p.destination()));

        PerformanceRecord rec = r.records().get(5);
        assertThat(rec.positives().flagged()).isEqualTo(tp);
        assertThat(rec.positives().total()).isEqualTo(positives.size());
        assertThat(rec.negatives().flagged()).isEqualTo(fps.size());
        assertThat(rec.negatives().total()).as("FPR over all negative packets").isEqualTo(negatives.size());
        assertThat(r.blocked().get(Config.of(3, 2)))
                .containsExactlyInAnyOrderElementsOf(fps.stream().map(Packet::destination).distinct().toList());
        assertThat(rec.blockRate()).isEqualTo((double) r.blocked().get(Config.of(3, 2)).size() / destinations.size());
    }

    @Test
    @DisplayName("guesses TLS-only for Tor (all TLS streams), so the negative's non-TLS packets cannot be blocked")
    void guessesTlsMode() {
        RunResult guessed = torAgainstHttps("guess");
        RunResult only = torAgainstHttps("only");
        assertThat(guessed.records()).extracting(PerformanceRecord::tpr)
                .containsExactlyElementsOf(only.records().stream().map(PerformanceRecord::tpr).toList());
        assertThat(guessed.wiresharkFilter()).endsWith("&& tls");
        assertThat(guessed.score().value()).isGreaterThan(75);
    }
}
