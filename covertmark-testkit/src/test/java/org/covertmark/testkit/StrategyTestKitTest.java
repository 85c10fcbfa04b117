package org.covertmark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TlsRecord;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.synthetic.Traces;
import org.covertmark.core.engine.InvalidRunException;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.UnitRates;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("StrategyTestKit")
class StrategyTestKitTest {

    /**
     * Flags a payload-bearing TCP segment when it is at least min_length bytes long and a coin
     * weighted by the configuration's share comes up heads, and sets shorter ones aside: a parameter,
     * a grid and the seed at work.
     */
    static final class SampledLengthStrategy implements DetectionStrategy {
        static final Parameter<Integer> MIN_LENGTH =
                Parameter.integer("min_length", 100, "Shorter payloads are never flagged.").atLeast(0);

        @Override
        public String name() {
            return "sampled-length";
        }

        @Override
        public String description() {
            return "Flags a random share of long payloads.";
        }

        @Override
        public List<String> configColumns() {
            return List.of("Share");
        }

        @Override
        public List<Parameter<?>> parameters() {
            return List.of(MIN_LENGTH);
        }

        @Override
        public PacketFilter initialFilter() {
            return PacketFilter.tcp().and(PacketFilter.hasPayload());
        }

        @Override
        public List<Config> configurations(StrategyContext context) {
            return List.of(Config.of(1.0), Config.of(0.5));
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            int min = context.parameter(MIN_LENGTH);
            double share = config.doubleValue(0);
            Decisions.Builder d = Decisions.packets(trace);
            for (int i = 0; i < trace.packets().size(); i++) {
                if (trace.packets().get(i).payload().length() < min) {
                    d.setAside(i, Decisions.TOO_SHORT);
                } else if (context.random().nextDouble() < share) {
                    d.flag(i);
                } else {
                    d.pass(i);
                }
            }
            return d.build();
        }
    }

    static final List<Packet> PROXY = Traces.merge(
            Traces.flow("10.0.0.1:40000", "192.0.2.9:8388", 200, Traces.randomPayloads(1, 600)),
            Traces.flow("172.16.0.5:40000", "192.0.2.9:8388", 50, Traces.randomPayloads(2, 600)));
    static final List<Packet> ORDINARY = Traces.merge(
            Traces.flow("10.0.0.2:40001", "198.51.100.7:443", 10, i -> new byte[50]),
            Traces.flow("10.0.0.2:40002", "198.51.100.8:443", 10, i -> new byte[1200]));

    private static RunResult.ConfigRecord record(RunResult r, double share) {
        return r.records().stream().filter(x -> x.config().equals(Config.of(share))).findFirst().orElseThrow();
    }

    /** The counts of a level over both parts: the parts are disjoint, so together they are the whole trace. */
    private static Count whole(RunResult.ConfigRecord r, String level, boolean positives) {
        UnitRates selection = r.selection().unit(level).orElseThrow();
        UnitRates test = r.test().unit(level).orElseThrow();
        return positives ? selection.positives().plus(test.positives())
                : selection.negatives().plus(test.negatives());
    }

    @Test
    @DisplayName("runs the strategy on packets in memory, under the client's input filter")
    void runsInMemory() {
        RunResult r = StrategyTestKit.run(new SampledLengthStrategy())
                .positive(PROXY)
                .negative(ORDINARY)
                .client("10.0.0.0/8")
                .execute();
        assertThat(r.strategy()).isEqualTo("sampled-length");
        assertThat(r.traces().get("positive").packets()).as("client-to-server packets of 10.0.0.1, handshake included")
                .isEqualTo(202);
        assertThat(r.traces().get("positive").connections()).isEqualTo(1);
        assertThat(r.selection().get("positive").split()).as("one connection cannot be split").isEqualTo("none");
        Count positives = record(r, 1.0).test().unit("packet").orElseThrow().positives();
        assertThat(positives).isEqualTo(new Count(200, 200, 200, Map.of("flagged", 200L)));

        // Two negative connections, one in each part: 10 short packets set aside, 10 long ones flagged.
        assertThat(r.selection().get("negative").split()).isEqualTo("flow");
        assertThat(whole(record(r, 1.0), "packet", false))
                .isEqualTo(new Count(10, 20, 10, Map.of("flagged", 10L, "too-short", 10L)));
        assertThat(whole(record(r, 1.0), "flow", false)).extracting(Count::flagged, Count::examined).containsExactly(1L, 2L);
        assertThat(whole(record(r, 1.0), "host", false)).extracting(Count::flagged, Count::examined).containsExactly(1L, 2L);
        assertThat(r.flows()).filteredOn(f -> f.flagged() && f.role() == Role.NEGATIVE)
                .extracting(f -> f.connection().server()).containsExactly(IpAddress.parse("198.51.100.8"));
    }

    @Test
    @DisplayName("runs on capture files as on packets in memory")
    void runsOnCaptures() {
        Path samples = Path.of("..", "covertmark-examples", "samples");
        RunResult r = StrategyTestKit.run(new SampledLengthStrategy())
                .positive(samples.resolve("obfs4-iat0.pcap"))
                .negative(samples.resolve("https-http.pcap"))
                .client("10.1.0.0/24").negativeClient("10.3.0.0/24")
                .execute();
        // The samples' README: 50 TCP connections in the obfs4 capture, 89 in the ordinary one.
        assertThat(r.traces().get("positive").connections()).isEqualTo(50);
        assertThat(r.traces().get("negative").connections()).isEqualTo(89);
        assertThat(record(r, 1.0).test().unit("packet").orElseThrow().positives().examined()).isPositive();
    }

    @Test
    @DisplayName("passes parameters, validated by the strategy's declaration")
    void parameters() {
        RunResult r = StrategyTestKit.run(new SampledLengthStrategy()).positive(PROXY).negative(ORDINARY)
                .client("10.0.0.0/8").parameter("min_length", "1000").execute();
        UnitRates positives = record(r, 1.0).test().unit("packet").orElseThrow();
        assertThat(positives.tpr()).hasValue(0.0);
        assertThat(positives.positives().tested()).as("every positive packet is too short").isZero();
        assertThat(whole(record(r, 1.0), "packet", false).rate()).hasValue(0.5);
        assertThatThrownBy(() -> StrategyTestKit.run(new SampledLengthStrategy()).positive(PROXY)
                .negative(ORDINARY).parameter("min_lenght", "1").execute())
                .isInstanceOf(InvalidRunException.class).hasMessageContaining("did you mean min_length?");
    }

    @Test
    @DisplayName("gives the same records for the same seed, and others for another")
    void seed() {
        StrategyTestKit kit = StrategyTestKit.run(new SampledLengthStrategy()).positive(PROXY).negative(ORDINARY)
                .client("10.0.0.0/8");
        Count seven = record(kit.seed(7).execute(), 0.5).test().unit("packet").orElseThrow().positives();
        assertThat(record(kit.seed(7).execute(), 0.5).test().unit("packet").orElseThrow().positives()).isEqualTo(seven);
        assertThat(record(kit.seed(8).execute(), 0.5).test().unit("packet").orElseThrow().positives())
                .isNotEqualTo(seven);
        assertThat(seven.flagged()).isBetween(70L, 130L);
    }

    @Test
    @DisplayName("runs server to client when reversed")
    void reversed() {
        List<Packet> replies = Traces.conversation("10.0.0.1:40000", "192.0.2.9:443")
                .send(new byte[10]).reply(new byte[700]).reply(new byte[700]).packets();
        RunResult r = StrategyTestKit.run(new SampledLengthStrategy()).positive(replies).negative(ORDINARY)
                .client("10.0.0.0/8").reversed(true).execute();
        assertThat(r.direction()).isEqualTo("server-to-client");
        assertThat(record(r, 1.0).test().unit("packet").orElseThrow().positives())
                .isEqualTo(new Count(2, 2, 2, Map.of("flagged", 2L)));
    }

    @Test
    @DisplayName("judges the recall packets with the configuration chosen, or the first one when none is")
    void recall() {
        RunResult r = StrategyTestKit.run(new SampledLengthStrategy()).positive(PROXY).negative(ORDINARY)
                .recall(Traces.flow("10.9.0.1:1", "192.0.2.1:2", 4, i -> new byte[i < 3 ? 500 : 5]))
                .client("10.0.0.0/8").recallClient("10.9.0.0/16").execute();
        UnitRates recall = r.recall().orElseThrow().unit("packet").orElseThrow();
        assertThat(recall.tpr()).hasValue(0.75);
        assertThat(recall.positives().byReason()).containsEntry("too-short", 1L);
        assertThat(r.recall().orElseThrow().flow().tpr()).hasValue(1.0);
    }

    @Nested
    @DisplayName("Traces")
    class TracesTest {

        @Test
        @DisplayName("a flow is a handshake, then the client's segments with advancing sequence numbers")
        void flow() {
            List<Packet> f = Traces.flow("10.0.0.1:40000", "192.0.2.1:443", 2, i -> new byte[100]);
            assertThat(f).hasSize(5);
            assertThat(f).extracting(p -> p.tcp().orElseThrow().flags()).containsExactly(0x002, 0x012, 0x010,
                    0x018, 0x018);
            assertThat(f.get(4).tcp().orElseThrow().sequenceNumber())
                    .isEqualTo(f.get(3).tcp().orElseThrow().sequenceNumber() + 100);
            assertThat(f).extracting(Packet::timeMicros).containsExactly(0L, 1000L, 2000L, 3000L, 4000L);
        }

        @Test
        @DisplayName("builds IPv6 flows, TLS records and HTTP requests that decode as captured ones")
        void decodes() {
            List<Packet> f = Traces.conversation("[2001:db8::1]:40000", "[2001:db8::2]:80").withoutHandshake()
                    .send(Traces.httpGet("example.com", "/index.html"))
                    .reply(Traces.tlsRecord(TlsRecord.HANDSHAKE, 40)).packets();
            assertThat(f).hasSize(2);
            assertThat(f.get(0).ipVersion()).isEqualTo(6);
            assertThat(f.get(0).httpRequest()).hasValueSatisfying(h -> assertThat(h.uri()).isEqualTo("/index.html"));
            assertThat(f.get(1).tlsRecords()).containsExactly(new TlsRecord(TlsRecord.HANDSHAKE, 0x0303, 40));
            assertThat(f.get(1).source()).isEqualTo(IpAddress.parse("2001:db8::2"));
        }

        @Test
        @DisplayName("merges traces in time order and numbers their frames afresh")
        void merge() {
            List<Packet> a = Traces.flow("10.0.0.1:1", "10.0.0.2:2", 1, i -> new byte[1]);
            List<Packet> b = Traces.conversation("10.0.0.3:1", "10.0.0.4:2").startingAt(1500).send(new byte[2])
                    .packets();
            List<Packet> m = Traces.merge(a, b);
            assertThat(m).extracting(Packet::frame).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(m).extracting(Packet::timeMicros).isSorted();
            assertThat(m.get(1).source()).as("a's SYN-ACK at 1 ms").isEqualTo(IpAddress.parse("10.0.0.2"));
            assertThat(m.get(2).source()).as("b's SYN at 1.5 ms").isEqualTo(IpAddress.parse("10.0.0.3"));
        }

        @Test
        @DisplayName("random payloads are the same for the same seed and index")
        void randomPayloads() {
            assertThat(Traces.randomPayloads(3, 16).apply(2)).isEqualTo(Traces.randomPayloads(3, 16).apply(2))
                    .isNotEqualTo(Traces.randomPayloads(3, 16).apply(1)).hasSize(16);
        }

        @Test
        @DisplayName("an endpoint without a port is refused with an example of the form")
        void badEndpoint() {
            assertThatThrownBy(() -> Traces.flow("10.0.0.1", "10.0.0.2:80", 1, i -> new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("endpoint '10.0.0.1' is not address:port (IPv6 in brackets: [2001:db8::1]:443)");
            assertThatThrownBy(() -> Traces.flow("2001:db8::1", "10.0.0.2:80", 1, i -> new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
