package org.covertmark.analytics.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.covertmark.api.packet.Packet;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamIndexTest {

    @ParameterizedTest
    @CsvSource({"tls2.pcap, TLS", "http-packets2.pcap, HTTP", "many-protocols.pcap, TLS",
        "four_ipv6_http_streams.pcap, HTTP", "shadowsocks.pcap, UNKNOWN", "psiphon3.pcap, TLS", "tor.pcap, TLS",
        "ip4_fragments.pcap, UNKNOWN"})
    void protocolsOfAWholeListAgreeWithTheIndex(String name, AppProtocol present) {
        List<Packet> packets = CaptureReader.open(Path.of("..", "data", "public", name)).toList();
        StreamIndex index = StreamIndex.of(packets);

        AppProtocol[] protocols = StreamIndex.protocols(packets);

        assertThat(protocols).hasSize(packets.size());
        Map<AppProtocol, Integer> seen = new EnumMap<>(AppProtocol.class);
        for (int i = 0; i < packets.size(); i++) {
            assertThat(protocols[i]).as("packet %d", i).isEqualTo(index.protocolOf(packets.get(i)));
            seen.merge(protocols[i], 1, Integer::sum);
        }
        assertThat(seen).containsKey(present);
    }
}
