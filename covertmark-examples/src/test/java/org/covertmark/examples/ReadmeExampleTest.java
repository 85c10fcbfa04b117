package org.covertmark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.net.IpAddress;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The README's library example")
class ReadmeExampleTest {

    @Test
    @DisplayName("counts TCP payload bytes per destination of one client, as tshark's tcp.len adds up")
    void countsPayloadBytesPerDestination() {
        // --- the README example, verbatim ---
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
}
