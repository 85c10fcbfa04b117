package org.covertmark.analytics.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.covertmark.api.packet.Packet;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Payload length clusters")
class LengthClustersTest {

    /**
     * scikit-learn 1.2.1's MeanShift(bandwidth, bin_seeding=True) on tshark's tcp.len of real
     * captures (tools/reference/meanshift_reference.py).
     */
    static Stream<JsonNode> references() throws IOException {
        try (InputStream in = LengthClustersTest.class.getResourceAsStream("/reference/meanshift.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    @DisplayName("agree with scikit-learn's mean shift on real captures, cluster for cluster")
    void agreeWithScikitLearn(JsonNode reference) {
        List<Packet> packets;
        try (CaptureReader r = CaptureReader.open(Path.of("..", "data", "public", reference.get("capture").asText()))) {
            packets = r.toList();
        }
        List<LengthCluster> clusters = LengthClusters.tcpPayloadLengths(packets, false,
                reference.get("bandwidth").asDouble());

        JsonNode expected = reference.get("clusters");
        assertThat(clusters).hasSize(expected.size());
        for (int i = 0; i < clusters.size(); i++) {
            JsonNode e = expected.get(i);
            List<Integer> lengths = new ArrayList<>();
            e.get("lengths").forEach(n -> lengths.add(n.asInt()));
            assertThat(clusters.get(i).lengths()).as("cluster %d lengths", i).containsExactlyElementsOf(lengths);
            assertThat(clusters.get(i).packets()).as("cluster %d size", i).isEqualTo(e.get("packets").asLong());
            assertThat(clusters.get(i).center()).isCloseTo(e.get("centre").asDouble(), within(1e-9));
        }
    }

    @Test
    @DisplayName("leave out lengths above 1300 bytes and, in TLS-only mode, segments that are not TLS")
    void exclusions() {
        List<Packet> packets;
        try (CaptureReader r = CaptureReader.open(Path.of("..", "data", "public", "tls2.pcap"))) {
            packets = r.toList();
        }
        List<LengthCluster> all = LengthClusters.tcpPayloadLengths(packets, false, 3);
        List<LengthCluster> tls = LengthClusters.tcpPayloadLengths(packets, true, 3);

        assertThat(all).flatExtracting(LengthCluster::lengths).allMatch(l -> l <= 1300);
        long eligible = packets.stream().filter(Packet::isTcp)
                .filter(p -> p.tcp().orElseThrow().payloadLength() <= 1300).count();
        assertThat(all.stream().mapToLong(LengthCluster::packets).sum()).isEqualTo(eligible);
        long tlsEligible = packets.stream().filter(Packet::isTlsSegment)
                .filter(p -> p.tcp().orElseThrow().payloadLength() <= 1300).count();
        assertThat(tls.stream().mapToLong(LengthCluster::packets).sum()).isEqualTo(tlsEligible).isPositive();
        assertThat(tls).flatExtracting(LengthCluster::lengths).doesNotContain(0);
    }

    @Test
    @DisplayName("order clusters from most to least frequent")
    void ordered() {
        int[] values = {10, 10, 11, 50, 50, 50, 50, 51, 200};
        List<LengthCluster> c = LengthClusters.meanShift(values, 2);
        assertThat(c).extracting(LengthCluster::packets).containsExactly(5L, 3L, 1L);
        assertThat(c.get(0).lengths()).containsExactly(50, 51);
        assertThat(c.get(1).lengths()).containsExactly(10, 11);
    }
}
