package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.Role;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The warning for an input filter that selects no packet")
class NothingPassesTest {

    private static final Path PUBLIC = Path.of("..", "data", "public");

    @Test
    @DisplayName("names the trace, the filter and the busiest addresses that are in the capture")
    void namesTheAddressesThatAreThere() {
        try (TraceStore store = TraceStores.open("memory:")) {
            String message = Evaluation.nothingPasses(Role.POSITIVE, new TraceSource.Capture(PUBLIC.resolve("tor.pcap")),
                    InputFilter.of(InputRule.src("10.9.9.0/24")), store, null);
            // tor.pcap: 192.168.1.252 is in 333 of its 349 IP packets (tshark -Y 'ip.addr==192.168.1.252' | wc -l)
            assertThat(message).startsWith("the positive trace ../data/public/tor.pcap: no packet passes the input filter "
                    + "SRC 10.9.9.0/24; its busiest addresses (packets) are 192.168.1.252 (333), ")
                    .endsWith("; check the client and server subnets").doesNotContain("\n");
        }
    }
}
