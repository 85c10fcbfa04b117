package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The evaluation engine on real captures, with small strategies defined here. Every expected count
 * is counted independently, straight from the capture with {@link CaptureReader} and an
 * {@link InputFilter}, never taken from the engine; where a trace is split, the selection and test
 * parts are added up to give the whole trace.
 */
@DisplayName("An evaluation run")
class EvaluationTest {

    static final Path DATA = Path.of("..", "data", "public");
    static final Path TLS2 = DATA.resolve("tls2.pcap");
    static final Path MANY = DATA.resolve("many-protocols.pcap");
    static final Path HTTP = DATA.resolve("http-packets2.pcap");
    static final Path SHADOWSOCKS = DATA.resolve("shadowsocks.pcap");

    /** The browsing client of tls2.pcap, on IPv4 and on IPv6. */
    static final String V4_CLIENT = "192.168.0.17";
    static final String V6_CLIENT = "2601:647:4b02:1d20::/64";
    /** One of the servers the IPv4 client of tls2.pcap talks to. */
    static final String V4_SERVER = "96.6.132.113";
    /** The client of many-protocols.pcap, used as ordinary traffic. */
    static final String MANY_CLIENT = "10.0.0.1";

    TraceStore store;

    @BeforeEach
    void openStore() {
        store = TraceStores.open("memory:");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- strategies ------------------------------------------------------------------------------------

    static boolean toPort443(Packet p) {
        return p.tcp().map(t -> t.destinationPort() == 443).orElse(false);
    }

    /** A packet a censor judges: one with TCP or UDP payload. */
    static boolean unit(Packet p) {
        return (p.tcp().isPresent() || p.udp().isPresent()) && !p.payload().isEmpty();
    }

    /** Flags the packets with payload sent to TCP port 443 and passes the other packets with payload. */
    static class ToPort443 implements DetectionStrategy {
        @Override
        public String name() {
            return "to-port-443";
        }

        @Override
        public String description() {
            return "Flags TCP packets to port 443.";
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            Decisions.Builder d = Decisions.packets(trace);
            for (int i = 0; i < trace.packets().size(); i++) {
                Packet p = trace.packets().get(i);
                if (trace.connection(i) == null || p.payload().isEmpty()) {
                    continue;
                }
                if (toPort443(p)) {
                    d.flag(i);
                } else {
                    d.pass(i);
                }
            }
            return d.build();
        }
    }

    /** {@link ToPort443} on both directions of traffic. */
    static final class ToPort443Either extends ToPort443 {
        @Override
        public InputMode inputMode() {
            return InputMode.EITHER;
        }
    }

    /** A strategy whose preparation is given by the test, for probing the context. */
    static class Probe extends ToPort443 {
        private final Consumer<StrategyContext> prepare;

        Probe(Consumer<StrategyContext> prepare) {
            this.prepare = prepare;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public boolean needsNegative() {
            return false;
        }

        @Override
        public void prepare(StrategyContext context) {
            prepare.accept(context);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** The packets the capture reader delivers under an input filter of these rules. */
    static List<Packet> read(Path capture, InputRule... rules) {
        try (CaptureReader r = CaptureReader.open(capture, InputFilter.of(rules))) {
            return r.toList();
        }
    }

    static long count(List<Packet> packets, Predicate<Packet> p) {
        return packets.stream().filter(p).count();
    }

    static List<Long> frames(List<Packet> packets) {
        return packets.stream().map(Packet::frame).toList();
    }

    /** A packet's connection: the transport and both endpoints, the same for both directions. */
    static String key(Packet p) {
        String transport = p.tcp().isPresent() ? "tcp" : "udp";
        int sport = p.tcp().map(t -> t.sourcePort()).orElseGet(() -> p.udp().orElseThrow().sourcePort());
        int dport = p.tcp().map(t -> t.destinationPort()).orElseGet(() -> p.udp().orElseThrow().destinationPort());
        String a = p.source() + "/" + sport;
        String b = p.destination() + "/" + dport;
        return transport + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
    }

    /**
     * What a packet strategy flagging {@code flagged} should count on packets of the run's direction,
     * all sent by the client (so each one's server is its destination), with the first-flag host rule.
     */
    record Expected(long units, long flaggedUnits, long flows, long flaggedFlows, long hosts, long blockedHosts) {
        static Expected of(List<Packet> fromClient, Predicate<Packet> flagged) {
            Set<String> flows = new HashSet<>();
            Set<String> flaggedFlows = new HashSet<>();
            Set<IpAddress> hosts = new HashSet<>();
            Set<IpAddress> blocked = new HashSet<>();
            long units = 0;
            long flaggedUnits = 0;
            for (Packet p : fromClient) {
                if (p.tcp().isEmpty() && p.udp().isEmpty()) {
                    continue;
                }
                flows.add(key(p));
                hosts.add(p.destination());
                if (unit(p)) {
                    units++;
                    if (flagged.test(p)) {
                        flaggedUnits++;
                        flaggedFlows.add(key(p));
                        blocked.add(p.destination());
                    }
                }
            }
            return new Expected(units, flaggedUnits, flows.size(), flaggedFlows.size(), hosts.size(), blocked.size());
        }
    }

    /** The counts of a level over both parts of the first trial: the whole trace, when it was split. */
    static Count whole(RunResult r, RunResult.ConfigRecord c, String level, Role role) {
        UnitRates test = c.test().unit(level).orElseThrow();
        UnitRates selection = c.selection().unit(level).orElseThrow();
        boolean positive = role == Role.POSITIVE;
        Count t = positive ? test.positives() : test.negatives();
        if (r.selection().get(role.label()).split().equals("none")) {
            return t;
        }
        return t.plus(positive ? selection.positives() : selection.negatives());
    }

    static void assertCounts(RunResult r, Role role, Expected e) {
        RunResult.ConfigRecord c = only(r);
        Count packets = whole(r, c, Measurement.PACKET, role);
        Count flows = whole(r, c, Measurement.FLOW, role);
        Count hosts = whole(r, c, Measurement.HOST, role);
        assertThat(packets.examined()).as("%s packets with payload: %s", role.label(), packets.byReason())
                .isEqualTo(e.units());
        assertThat(packets.tested()).as("every one was judged").isEqualTo(e.units());
        assertThat(packets.flagged()).as("%s packets flagged", role.label()).isEqualTo(e.flaggedUnits());
        assertThat(flows.examined()).as("%s connections", role.label()).isEqualTo(e.flows());
        assertThat(flows.flagged()).as("%s connections flagged", role.label()).isEqualTo(e.flaggedFlows());
        assertThat(hosts.examined()).as("%s hosts", role.label()).isEqualTo(e.hosts());
        assertThat(hosts.flagged()).as("%s hosts blocked", role.label()).isEqualTo(e.blockedHosts());
    }

    /** The tls2 clients against the IPv4 client of many-protocols.pcap as ordinary traffic, one trial. */
    static RunSpec.Builder tls2AgainstMany() {
        return RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT, V6_CLIENT)
                .negative(new TraceSource.Capture(MANY)).negativeClients(List.of(
                        Subnet.parse(MANY_CLIENT))).trials(1);
    }

    static RunResult.ConfigRecord only(RunResult r) {
        assertThat(r.records()).hasSize(1);
        return r.records().get(0);
    }

    /** Records with the time left out, the one value that may differ between identical runs. */
    static List<RunResult.ConfigRecord> untimed(RunResult r) {
        return r.records().stream().map(c -> new RunResult.ConfigRecord(c.config(), c.description(), c.selection(),
                c.test(), 0, c.configPenalty())).toList();
    }

    RunResult run(DetectionStrategy s, RunSpec spec) {
        return Evaluation.run(s, spec, store);
    }

    // ---- the tests -------------------------------------------------------------------------------------

    @Nested
    @DisplayName("of a strategy flagging TCP packets to port 443")
    class Rates {

        final List<Packet> positives = read(TLS2, InputRule.src(V4_CLIENT), InputRule.src(V6_CLIENT));
        final List<Packet> negatives = read(MANY, InputRule.src(MANY_CLIENT));

        @Test
        @DisplayName("counts packets with payload, connections and hosts as counted straight from the captures")
        void ratesAndCounts() {
            RunResult r = run(new ToPort443(), tls2AgainstMany().build());
            Expected p = Expected.of(positives, EvaluationTest::toPort443);
            Expected n = Expected.of(negatives, EvaluationTest::toPort443);
            assertThat(p.flaggedUnits()).as("the capture has something to find").isPositive();
            assertThat(n.flaggedUnits()).as("ordinary traffic to port 443 exists").isPositive().isLessThan(n.units());
            assertThat(n.blockedHosts()).isPositive().isLessThan(n.hosts());
            assertCounts(r, Role.POSITIVE, p);
            assertCounts(r, Role.NEGATIVE, n);
            assertThat(whole(r, only(r), Measurement.PACKET, Role.NEGATIVE).byReason()).containsExactly(
                    Map.entry("flagged", n.flaggedUnits()), Map.entry("passed", n.units() - n.flaggedUnits()));
            assertThat(only(r).timeSeconds()).as("the positive decisions are timed").isNotNaN()
                    .isGreaterThanOrEqualTo(0);
        }

        @Test
        @DisplayName("reports the test part's rates as flagged / examined of that part")
        void testPartRates() {
            RunResult r = run(new ToPort443(), tls2AgainstMany().build());
            UnitRates packets = only(r).test().unit(Measurement.PACKET).orElseThrow();
            assertThat(packets.tpr()).hasValue((double) packets.positives().flagged() / packets.positives().examined());
            assertThat(packets.fpr()).hasValue((double) packets.negatives().flagged() / packets.negatives().examined());
            assertThat(only(r).test().flow().positives().examined()).isEqualTo(r.selection().get("positive").testFlows());
            assertThat(only(r).test().flow().negatives().examined()).isEqualTo(r.selection().get("negative").testFlows());
        }

        @Test
        @DisplayName("counts the packets under the input filter alone in the trace summaries")
        void totals() {
            RunResult r = run(new ToPort443(), tls2AgainstMany().build());
            assertThat(r.traces().get("positive").packets()).isEqualTo(positives.size());
            assertThat(r.traces().get("negative").packets()).isEqualTo(negatives.size());
            assertThat(r.traces().get("positive").connections()).isEqualTo(Expected.of(positives, x -> false).flows());
            assertThat(positives).as("both the IPv4 and the IPv6 client are read")
                    .anyMatch(p -> p.source().isIpv4()).anyMatch(p -> !p.source().isIpv4());
        }

        @Test
        @DisplayName("reversed, swaps SRC and DST: server-to-client packets are counted instead")
        void reversed() {
            RunSpec spec = RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT).server(V4_SERVER)
                    .negative(new TraceSource.Capture(MANY)).negativeClients(
                            List.of(Subnet.parse(MANY_CLIENT))).trials(1).build();
            RunResult forward = run(new ToPort443(), spec);
            RunResult backward = run(new ToPort443(), spec.reverse());

            List<Packet> toServer = read(TLS2, InputRule.src(V4_CLIENT), InputRule.dst(V4_SERVER));
            List<Packet> toClient = read(TLS2, InputRule.dst(V4_CLIENT), InputRule.src(V4_SERVER));
            assertThat(toServer).isNotEmpty();
            assertThat(toClient).isNotEmpty();

            assertThat(forward.direction()).isEqualTo("client-to-server");
            assertThat(backward.direction()).isEqualTo("server-to-client");
            assertThat(forward.traces().get("positive").packets()).isEqualTo(toServer.size());
            assertThat(backward.traces().get("positive").packets()).isEqualTo(toClient.size());
            Count there = whole(forward, only(forward), Measurement.PACKET, Role.POSITIVE);
            Count back = whole(backward, only(backward), Measurement.PACKET, Role.POSITIVE);
            assertThat(there.examined()).isEqualTo(count(toServer, EvaluationTest::unit));
            assertThat(back.examined()).isEqualTo(count(toClient, EvaluationTest::unit));
            assertThat(there.rate()).hasValue(1.0);
            assertThat(back.rate()).as("replies come from port 443, not to it").hasValue(0.0);
            assertThat(whole(backward, only(backward), Measurement.FLOW, Role.POSITIVE).examined())
                    .as("the same connections, seen from the other side")
                    .isEqualTo(whole(forward, only(forward), Measurement.FLOW, Role.POSITIVE).examined());
        }

        @Test
        @DisplayName("in InputMode.EITHER, reads both directions of the client's traffic, reversed or not")
        void either() {
            RunSpec spec = RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT)
                    .negative(new TraceSource.Capture(MANY)).negativeClients(
                            List.of(Subnet.parse(MANY_CLIENT))).trials(1).build();
            List<Packet> both = read(TLS2, InputRule.either(V4_CLIENT));
            assertThat(both).hasSizeGreaterThan(read(TLS2, InputRule.src(V4_CLIENT)).size());

            for (RunSpec s : List.of(spec, spec.reverse())) {
                RunResult r = run(new ToPort443Either(), s);
                assertThat(r.direction()).isEqualTo("both");
                assertThat(r.traces().get("positive").packets()).isEqualTo(both.size());
                Count packets = whole(r, only(r), Measurement.PACKET, Role.POSITIVE);
                assertThat(packets.examined()).isEqualTo(count(both, EvaluationTest::unit));
                assertThat(packets.flagged()).isEqualTo(count(both, p -> unit(p) && toPort443(p)));
            }
        }
    }

    @Nested
    @DisplayName("on stored traces")
    class Stored {

        @Test
        @DisplayName("gives the same records from trace:ID as from the capture file")
        void storedEqualsCapture() {
            StoredTrace positive = TraceStores.importCapture(store, TLS2, InputFilter.all(), "tls2");
            StoredTrace negative = TraceStores.importCapture(store, MANY, InputFilter.all(), "many");
            RunResult fromFiles = run(new ToPort443(), tls2AgainstMany().build());
            RunResult fromStore = run(new ToPort443(), RunSpec.builder(TraceSource.parse("trace:" + positive.id()))
                    .client(V4_CLIENT, V6_CLIENT).negative(TraceSource.parse("trace:" + negative.id()))
                    .negativeClients(List.of(Subnet.parse(MANY_CLIENT))).trials(1).build());

            assertThat(untimed(fromStore)).isEqualTo(untimed(fromFiles));
            assertThat(fromStore.flows()).isEqualTo(fromFiles.flows());
            assertThat(fromStore.selection()).isEqualTo(fromFiles.selection());
            assertThat(fromStore.wiresharkFilter()).isEqualTo(fromFiles.wiresharkFilter());
        }

        @Test
        @DisplayName("deletes the traces it imported for the run and keeps the trace:ID ones")
        void temporaryTracesDeleted() {
            StoredTrace kept = TraceStores.importCapture(store, MANY, InputFilter.all(), "many");
            run(new ToPort443(), RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT)
                    .negative(TraceSource.parse("trace:" + kept.id()))
                    .recall(new TraceSource.Capture(HTTP)).trials(1).build());
            assertThat(store.list()).containsExactly(kept);
        }

        @Test
        @DisplayName("deletes the traces it imported even when the strategy throws")
        void temporaryTracesDeletedOnFailure() {
            Probe failing = new Probe(c -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(() -> run(failing, RunSpec.builder(new TraceSource.Capture(TLS2))
                    .negative(new TraceSource.Capture(HTTP)).build())).isInstanceOf(StrategyFailedException.class)
                    .cause().hasMessage("boom");
            assertThat(store.list()).isEmpty();
        }

        @Test
        @DisplayName("refuses an unknown trace:ID with UnknownTraceException, leaving no temporary trace")
        void unknownTrace() {
            RunSpec spec = RunSpec.builder(new TraceSource.Capture(TLS2))
                    .negative(TraceSource.parse("trace:no-such-trace")).build();
            assertThatThrownBy(() -> run(new ToPort443(), spec)).isInstanceOf(UnknownTraceException.class)
                    .hasMessage("no trace 'no-such-trace' in " + store.describe())
                    .extracting(e -> ((UnknownTraceException) e).id()).isEqualTo("no-such-trace");
            assertThat(store.list()).isEmpty();
        }
    }

    @Nested
    @DisplayName("gives a strategy a context that")
    class Context {

        @Test
        @DisplayName("gives no rate, rather than 0, when no positive packet passes the input filter, and warns")
        void emptyPositives() {
            assertThat(read(SHADOWSOCKS)).isNotEmpty();
            RunResult r = run(new ToPort443(), RunSpec.builder(new TraceSource.Capture(SHADOWSOCKS)).client("10.9.9.9")
                    .negative(new TraceSource.Capture(SHADOWSOCKS)).trials(1).build());
            assertThat(r.traces().get("positive").packets()).isZero();
            assertThat(only(r).test().unit(Measurement.PACKET).orElseThrow().positives()).isEqualTo(Count.NONE);
            assertThat(only(r).test().unit(Measurement.PACKET).orElseThrow().tpr()).isEmpty();
            assertThat(only(r).test().flow().tpr()).isEmpty();
            assertThat(r.verdict().score()).isEmpty();
            assertThat(r.verdict().band()).startsWith("not measured");
            assertThat(r.warnings()).anyMatch(w -> w.startsWith("the positive trace ") && w.contains("no packet passes"));
        }

        @Test
        @DisplayName("shows only packets under the strategic filter, yet counts every packet with payload, the "
                + "others as not judged")
        void strategicFilterReloads() {
            // The server-to-client half of tls2.pcap holds TLS continuation segments, which do not begin
            // with a record.
            PacketFilter recordStarts = PacketFilter.tlsSegment().or(PacketFilter.httpRequest());
            List<Packet> all = read(TLS2, InputRule.dst(V4_CLIENT));
            List<Packet> starts = all.stream().filter(recordStarts::test).toList();
            assertThat(starts).isNotEmpty().hasSizeLessThan(all.size());
            List<Integer> sizes = new ArrayList<>();
            List<Long> seen = new ArrayList<>();

            RunResult r = run(new Probe(c -> {
                assertThat(c.strategicFilter()).isEqualTo(PacketFilter.all());
                sizes.add(c.trace(Role.POSITIVE).packets().size());
                c.setStrategicFilter(recordStarts);
                assertThat(c.strategicFilter()).isEqualTo(recordStarts);
                sizes.add(c.trace(Role.POSITIVE).packets().size());
                seen.addAll(frames(c.trace(Role.POSITIVE).packets()));
            }), RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT).reversed(true).trials(1).build());

            assertThat(sizes).containsExactly(all.size(), starts.size());
            assertThat(seen).isEqualTo(frames(starts));
            Count packets = whole(r, only(r), Measurement.PACKET, Role.POSITIVE);
            long judged = count(starts, EvaluationTest::unit);
            assertThat(packets.examined()).as("the denominator ignores the strategic filter")
                    .isEqualTo(count(all, EvaluationTest::unit));
            assertThat(packets.tested()).isEqualTo(judged);
            assertThat(packets.byReason()).containsEntry("not-judged", count(all, EvaluationTest::unit) - judged);
            assertThat(r.traces().get("positive").packets()).as("the total stays under the input filter alone")
                    .isEqualTo(all.size());
        }

        @Test
        @DisplayName("lets the strategic filter change only in prepare()")
        void strategicFilterOnlyInPrepare() {
            ToPort443 late = new ToPort443() {
                @Override
                public void learn(StrategyContext context, Config config) {
                    context.setStrategicFilter(PacketFilter.tcp());
                }
            };
            // misusing the context is the strategy's failure, reported with the step it happened in
            assertThatThrownBy(() -> run(late, tls2AgainstMany().build())).isInstanceOf(StrategyFailedException.class)
                    .hasMessageContaining("failed in learn").cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only change in prepare()");
        }

        @Test
        @DisplayName("refuses decisions built for another trace, or of another unit than the strategy declares")
        void decisionsChecked() {
            ToPort443 wrongSize = new ToPort443() {
                @Override
                public Decisions decide(StrategyContext context, TraceView trace, Config config) {
                    return Decisions.packets(context.trace(Role.POSITIVE)).build();
                }
            };
            assertThatThrownBy(() -> run(wrongSize, tls2AgainstMany().build())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("decisions must be built from the trace judged");
            ToPort443 wrongUnit = new ToPort443() {
                @Override
                public Decisions decide(StrategyContext context, TraceView trace, Config config) {
                    return Decisions.flows(trace).build();
                }
            };
            assertThatThrownBy(() -> run(wrongUnit, tls2AgainstMany().build())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("declares packet decisions but returned flow decisions");
        }
    }

    @Nested
    @DisplayName("is deterministic:")
    class Determinism {

        /** Flags a random share of the packets with payload, drawn from the context's random source. */
        final class RandomSample extends ToPort443 {
            @Override
            public String name() {
                return "random-sample";
            }

            @Override
            public List<Config> configurations(StrategyContext context) {
                return List.of(Config.of(0.1), Config.of(0.5));
            }

            @Override
            public Decisions decide(StrategyContext context, TraceView trace, Config config) {
                double share = config.doubleValue(0) / (trace.role() == Role.NEGATIVE ? 10 : 1);
                Decisions.Builder d = Decisions.packets(trace);
                for (int i = 0; i < trace.packets().size(); i++) {
                    if (trace.connection(i) == null || trace.packets().get(i).payload().isEmpty()) {
                        continue;
                    }
                    if (context.random().nextDouble() < share) {
                        d.flag(i);
                    } else {
                        d.pass(i);
                    }
                }
                return d.build();
            }
        }

        @Test
        @DisplayName("the same seed gives identical records, times aside; another seed other records")
        void sameSeedSameRecords() {
            RunSpec seven = tls2AgainstMany().seed(7).trials(2).build();
            RunResult a = run(new RandomSample(), seven);
            RunResult b = run(new RandomSample(), seven);
            RunResult c = run(new RandomSample(), tls2AgainstMany().seed(8).trials(2).build());

            assertThat(untimed(a)).isEqualTo(untimed(b));
            assertThat(a.trials()).isEqualTo(b.trials());
            assertThat(a.flows()).isEqualTo(b.flows());
            assertThat(a.verdict().pointScore()).isEqualTo(b.verdict().pointScore());
            assertThat(a.wiresharkFilter()).isEqualTo(b.wiresharkFilter());
            assertThat(untimed(a)).isNotEqualTo(untimed(c));
        }
    }

    @Nested
    @DisplayName("refuses to start")
    class Refusals {

        final class WithParameters extends ToPort443 {
            static final Parameter<Integer> MIN_LENGTH =
                    Parameter.integer("protocol_min_length", 0, "Shorter payloads are not examined.").atLeast(0);
            static final Parameter<Double> THRESHOLD =
                    Parameter.decimal("threshold", 0.5, "The cut-off.").atLeast(0).atMost(1);
            static final Parameter<String> TLS_MODE =
                    Parameter.choice("tls_mode", "guess", List.of("all", "only", "none", "guess"), "TLS packets.");

            @Override
            public String name() {
                return "with-parameters";
            }

            @Override
            public List<Parameter<?>> parameters() {
                return List.of(MIN_LENGTH, THRESHOLD, TLS_MODE);
            }

            @Override
            public Decisions decide(StrategyContext context, TraceView trace, Config config) {
                assertThat(context.parameter(MIN_LENGTH)).isEqualTo(40);
                assertThat(context.parameter(THRESHOLD)).isEqualTo(0.5);
                return super.decide(context, trace, config);
            }
        }

        RunSpec.Builder withParameter(String name, String value) {
            return tls2AgainstMany().parameter(name, value);
        }

        @Test
        @DisplayName("on an unknown parameter, naming the nearest one and listing them all")
        void unknownParameter() {
            assertThatThrownBy(() -> run(new WithParameters(), withParameter("protocol_min_lenght", "40").build()))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessageContaining("'protocol_min_lenght'")
                    .hasMessageContaining("did you mean protocol_min_length?")
                    .hasMessageContaining("protocol_min_length, threshold, tls_mode")
                    .extracting(e -> ((InvalidRunException) e).problem()).isEqualTo(InvalidRunException.Problem.PARAMETER);
            assertThat(store.list()).isEmpty();
        }

        @Test
        @DisplayName("on an ill-typed or out-of-range parameter, naming the parameter, the value and the type")
        void badParameterValue() {
            assertThatThrownBy(() -> run(new WithParameters(), withParameter("protocol_min_length", "forty").build()))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessageContaining("protocol_min_length").hasMessageContaining("'forty'")
                    .hasMessageContaining("integer");
            assertThatThrownBy(() -> run(new WithParameters(), withParameter("threshold", "1.5").build()))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessageContaining("threshold").hasMessageContaining("'1.5'")
                    .hasMessageContaining("decimal in [0, 1]");
            assertThatThrownBy(() -> run(new WithParameters(), withParameter("tls_mode", "some").build()))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessageContaining("tls_mode").hasMessageContaining("'some'")
                    .hasMessageContaining("all|only|none|guess");
        }

        @Test
        @DisplayName("accepts a valid parameter and gives the strategy its value, defaults for the rest")
        void goodParameter() {
            RunResult r = run(new WithParameters(), withParameter("protocol_min_length", "40").build());
            assertThat(only(r).test().unit(Measurement.PACKET).orElseThrow().tpr().getAsDouble()).isPositive();
        }

        @Test
        @DisplayName("without a negative trace when the strategy needs one, saying so")
        void missingNegative() {
            assertThatThrownBy(() -> run(new ToPort443(),
                    RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT).build()))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessageContaining("to-port-443").hasMessageContaining("needs a negative trace")
                    .hasMessageNotContaining("--")
                    .extracting(e -> ((InvalidRunException) e).problem())
                    .isEqualTo(InvalidRunException.Problem.NEGATIVE_TRACE_MISSING);
            assertThat(store.list()).isEmpty();
        }
    }
}
