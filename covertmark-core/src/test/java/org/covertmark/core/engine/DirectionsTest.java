package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.covertmark.api.flow.AppProtocol;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.synthetic.Traces;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Whichever direction a run reads, each connection's protocol is judged from both of its directions.
 * Three connections: X answers a marked payload with an HTTP response, Y answers an HTTP request with
 * a marked payload, Z exchanges marked payloads. X and Y are HTTP connections, though each shows HTTP
 * in one direction only.
 */
@DisplayName("Both directions of a connection")
class DirectionsTest {

    static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static final List<Packet> TRAFFIC = Traces.merge(
            Traces.conversation("10.1.0.1:40000", "172.20.0.1:8080").send(Generated.marked(1)).reply(RESPONSE).packets(),
            Traces.conversation("10.1.0.2:40000", "172.20.0.2:8080").startingAt(100)
                    .send(Traces.httpGet("example.com", "/")).reply(Generated.marked(1)).packets(),
            Traces.conversation("10.1.0.3:40000", "172.20.0.3:8080").startingAt(200)
                    .send(Generated.marked(1)).reply(Generated.marked(1)).packets());

    /** Sets aside the packets of HTTP connections, as a censor that recognises HTTP would, and flags the rest. */
    static final class ExemptHttp extends Generated.Marker {
        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            Decisions.Builder d = Decisions.packets(trace);
            for (int i = 0; i < trace.packets().size(); i++) {
                if (trace.packets().get(i).payload().isEmpty()) {
                    continue;
                }
                if (trace.connection(i).protocol() == AppProtocol.HTTP) {
                    d.setAside(i, Decisions.exempt(AppProtocol.HTTP));
                } else {
                    d.flag(i);
                }
            }
            return d.build();
        }
    }

    static Count positivePackets(RunResult r) {
        RunResult.ConfigRecord c = r.records().get(0);
        UnitRates selection = c.selection().unit(Measurement.PACKET).orElseThrow();
        UnitRates test = c.test().unit(Measurement.PACKET).orElseThrow();
        return selection.positives().plus(test.positives());
    }

    @Test
    @DisplayName("client to server and server to client, X and Y are HTTP connections and their packets set aside")
    void bothRuns() {
        for (boolean reversed : new boolean[] {false, true}) {
            RunResult r = Generated.run(new ExemptHttp(), TRAFFIC, Generated.connections(2, 1, 4, 0),
                    s -> s.trials(1).reversed(reversed));
            assertThat(r.selection().get("positive").split()).isEqualTo("flow");
            assertThat(positivePackets(r)).as(r.direction())
                    .isEqualTo(new Count(1, 3, 1, Map.of("exempt:http", 2L, "flagged", 1L)));
            assertThat(r.flows()).filteredOn(f -> f.role() == Role.POSITIVE)
                    .extracting(f -> f.connection().client().toString(), f -> f.connection().protocol())
                    .containsExactlyInAnyOrder(
                            tuple("10.1.0.1", AppProtocol.HTTP),
                            tuple("10.1.0.2", AppProtocol.HTTP),
                            tuple("10.1.0.3", AppProtocol.UNKNOWN));
            assertThat(r.traces().get("positive").protocols()).as(r.direction())
                    .containsExactly(Map.entry("http", 2L), Map.entry("unknown", 1L));
        }
    }
}
