package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.flow.AppProtocol;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.Unit;
import org.covertmark.api.synthetic.Traces;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How decisions become counts, on a small generated trace whose every count is worked out by hand.
 * The client 10.0.0.2 opens four TCP connections, each with a handshake (SYN and ACK from the client,
 * neither with payload):
 * <pre>
 *   A  to 198.51.100.1:443  3 payloads from the client (first byte 1, 0, 0), 1 from the server
 *   B  to 198.51.100.1:80   an HTTP request and 1 payload (first byte 0) from the client
 *   C  to 198.51.100.2:443  the handshake alone
 *   D  to 198.51.100.3:22   1 payload (first byte 0)
 * </pre>
 * Client to server there are 6 packets with payload and 8 without; 4 connections; 3 servers.
 */
@DisplayName("Counting decisions")
class TallyTest {

    static byte[] marked(int first) {
        byte[] b = new byte[100];
        b[0] = (byte) first;
        return b;
    }

    static final List<Packet> TRAFFIC = Traces.merge(
            Traces.conversation("10.0.0.2:40001", "198.51.100.1:443").send(marked(1)).send(marked(0))
                    .send(marked(0)).reply(marked(0)).packets(),
            Traces.conversation("10.0.0.2:40002", "198.51.100.1:80").startingAt(100)
                    .send(Traces.httpGet("example.com", "/")).send(marked(0)).packets(),
            Traces.conversation("10.0.0.2:40003", "198.51.100.2:443").startingAt(200).packets(),
            Traces.conversation("10.0.0.2:40004", "198.51.100.3:22").startingAt(300).send(marked(0)).packets());

    static final List<Subnet> CLIENT = List.of(Subnet.parse("10.0.0.2"));

    /** The trace as a run from the client sees it, under a strategic filter. */
    static TraceData trace(PacketFilter strategic) {
        return new TraceData(Role.NEGATIVE, "generated", TRAFFIC, InputFilter.of(InputRule.src("10.0.0.2")),
                CLIENT, CLIENT, strategic);
    }

    /** Flags the packets with payload whose first byte is 1 and passes the other packets with payload. */
    static Decisions flagMarked(TraceData t) {
        Decisions.Builder d = Decisions.packets(t);
        for (int i = 0; i < t.packets().size(); i++) {
            Packet p = t.packets().get(i);
            if (p.payload().isEmpty()) {
                continue;
            }
            if (p.payload().getUnsignedByte(0) == 1) {
                d.flag(i);
            } else {
                d.pass(i);
            }
        }
        return d.build();
    }

    static Map<String, Count> count(PacketFilter strategic, BiFunction<TraceData, Decisions.Builder, Decisions> decide,
            Unit unit, HostRule rule) {
        TraceData t = trace(strategic);
        Decisions.Builder builder = unit == Unit.FLOW ? Decisions.flows(t) : unit == Unit.WINDOW ? Decisions.windows(t)
                : Decisions.packets(t);
        Decisions d = decide.apply(t, builder);
        return Tally.count(t, Tally.Units.of(t), d, unit, Partition.wholeAsTest(t), rule).test().levels();
    }

    static Map<String, Count> packets(HostRule rule) {
        return count(PacketFilter.all(), (t, b) -> flagMarked(t), Unit.PACKET, rule);
    }

    @Nested
    @DisplayName("at the packet level")
    class Packets {

        @Test
        @DisplayName("a packet with payload is a unit; an empty SYN or ACK the strategy did not judge is not")
        void emptyAckIsNoUnit() {
            Count c = packets(HostRule.FIRST_FLAG).get(Measurement.PACKET);
            assertThat(c).isEqualTo(new Count(1, 6, 6, Map.of("flagged", 1L, "passed", 5L)));
        }

        @Test
        @DisplayName("a packet with payload outside the strategic filter is still examined, set aside as not judged")
        void outsideTheStrategicFilter() {
            PacketFilter notHttp = PacketFilter.httpRequest().not();
            Count c = count(notHttp, (t, b) -> flagMarked(t), Unit.PACKET, HostRule.FIRST_FLAG).get(Measurement.PACKET);
            assertThat(c).isEqualTo(new Count(1, 6, 5, Map.of("flagged", 1L, "passed", 4L, "not-judged", 1L)));
        }

        @Test
        @DisplayName("units set aside are examined but not tested, and counted by their reason")
        void setAside() {
            Map<String, Count> c = count(PacketFilter.all(), (t, b) -> {
                for (int i = 0; i < t.packets().size(); i++) {
                    Packet p = t.packets().get(i);
                    if (p.payload().isEmpty()) {
                        continue;
                    }
                    if (t.connection(i).protocol() == AppProtocol.HTTP) {
                        b.setAside(i, Decisions.exempt(AppProtocol.HTTP));
                    } else if (p.payload().getUnsignedByte(0) == 1) {
                        b.flag(i, "marked");
                    } else {
                        b.pass(i);
                    }
                }
                return b.build();
            }, Unit.PACKET, HostRule.FIRST_FLAG);
            assertThat(c.get(Measurement.PACKET))
                    .isEqualTo(new Count(1, 6, 4, Map.of("exempt:http", 2L, "marked", 1L, "passed", 3L)));
            assertThat(c.get(Measurement.FLOW)).as("B is set aside; C has no payload")
                    .isEqualTo(new Count(1, 4, 2, Map.of("exempt:http", 1L, "marked", 1L, "no-payload", 1L, "passed", 1L)));
        }

        @Test
        @DisplayName("a rate over no unit is empty, never 0")
        void noUnitNoRate() {
            TraceData t = new TraceData(Role.NEGATIVE, "generated", TRAFFIC, InputFilter.of(InputRule.src("10.9.9.9")),
                    List.of(Subnet.parse("10.9.9.9")), List.of(), PacketFilter.all());
            Map<String, Count> c = Tally.count(t, Tally.Units.of(t), Decisions.packets(t).build(), Unit.PACKET,
                    Partition.wholeAsTest(t), HostRule.FIRST_FLAG).test().levels();
            assertThat(c.values()).allSatisfy(n -> {
                assertThat(n.examined()).isZero();
                assertThat(n.rate()).isEmpty();
                assertThat(n.ci95()).isEmpty();
            });
            assertThat(c.keySet()).containsExactly(Measurement.PACKET, Measurement.FLOW, Measurement.HOST);
        }
    }

    @Nested
    @DisplayName("at the connection level")
    class Flows {

        @Test
        @DisplayName("every connection with a packet in the run's direction is examined; one flagged unit flags it; "
                + "one without payload is set aside")
        void anyUnitFlagsTheConnection() {
            assertThat(packets(HostRule.FIRST_FLAG).get(Measurement.FLOW))
                    .isEqualTo(new Count(1, 4, 3, Map.of("flagged", 1L, "no-payload", 1L, "passed", 2L)));
        }

        @Test
        @DisplayName("flow decisions count connections; those not judged are set aside as not judged")
        void flowDecisions() {
            Map<String, Count> c = count(PacketFilter.all(), (t, b) -> {
                b.flag(0).pass(1);
                return b.build();
            }, Unit.FLOW, HostRule.FIRST_FLAG);
            assertThat(c.keySet()).containsExactly(Measurement.FLOW, Measurement.HOST);
            assertThat(c.get(Measurement.FLOW)).isEqualTo(new Count(1, 4, 2, Map.of("flagged", 1L, "not-judged", 2L,
                    "passed", 1L)));
        }

        @Test
        @DisplayName("a flagged window flags each connection it holds a packet of")
        void windows() {
            Map<String, Count> c = count(PacketFilter.all(), (t, b) -> {
                int[] a = new int[3];
                int[] rest = new int[3];
                int na = 0;
                int nr = 0;
                for (int i = 0; i < t.packets().size(); i++) {
                    if (t.packets().get(i).payload().isEmpty()) {
                        continue;
                    }
                    if (t.connection(i).serverPort() == 443) {
                        a[na++] = i;
                    } else {
                        rest[nr++] = i;
                    }
                }
                return b.window(a, true).window(rest, false).build();
            }, Unit.WINDOW, HostRule.FIRST_FLAG);
            assertThat(c.get(Measurement.WINDOW)).isEqualTo(new Count(1, 2, 2, Map.of("flagged", 1L, "passed", 1L)));
            assertThat(c.get(Measurement.FLOW)).isEqualTo(new Count(1, 4, 3, Map.of("flagged", 1L, "no-payload", 1L,
                    "passed", 2L)));
        }
    }

    @Nested
    @DisplayName("at the host level")
    class Hosts {

        @Test
        @DisplayName("every server of an examined connection is a host; by default one flagged connection blocks it")
        void firstFlag() {
            assertThat(packets(HostRule.FIRST_FLAG).get(Measurement.HOST))
                    .isEqualTo(new Count(1, 3, 2, Map.of("flagged", 1L, "no-payload", 1L, "passed", 1L)));
        }

        @Test
        @DisplayName("τ = 2: a host with one flagged connection is passed, below the host rule")
        void tau() {
            assertThat(packets(new HostRule(2, 0)).get(Measurement.HOST))
                    .isEqualTo(new Count(0, 3, 2, Map.of("below-host-rule", 1L, "no-payload", 1L, "passed", 1L)));
        }

        @Test
        @DisplayName("η: one of two connections flagged blocks the host at η = 0.5, not at η = 0.6")
        void eta() {
            assertThat(packets(new HostRule(1, 0.5)).get(Measurement.HOST).flagged()).isEqualTo(1);
            assertThat(packets(new HostRule(1, 0.6)).get(Measurement.HOST).flagged()).isZero();
        }

        @Test
        @DisplayName("the rule: at least τ flagged connections and at least a share η of them")
        void rule() {
            assertThat(HostRule.FIRST_FLAG.blocks(1, 100)).isTrue();
            assertThat(HostRule.FIRST_FLAG.blocks(0, 100)).isFalse();
            assertThat(new HostRule(2, 0.5).blocks(2, 4)).isTrue();
            assertThat(new HostRule(2, 0.5).blocks(2, 5)).isFalse();
            assertThat(new HostRule(2, 0.5).blocks(1, 1)).isFalse();
            assertThat(new HostRule(3, 0).blocks(3, 1000)).isTrue();
        }
    }
}
