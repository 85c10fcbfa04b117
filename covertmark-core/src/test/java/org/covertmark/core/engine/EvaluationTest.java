package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.api.strategy.Split;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The evaluation engine on real captures, with small strategies defined here. Every expected number
 * is counted independently, straight from the capture with {@link CaptureReader} and an
 * {@link InputFilter}, never taken from the engine.
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

    /** Flags TCP packets to port 443, and blocks the destinations of the negative packets it flags. */
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
        public Detection positiveRun(StrategyContext context, Config config) {
            return Detection.of(context.positives().stream().filter(EvaluationTest::toPort443).count(),
                    context.positives().size());
        }

        @Override
        public Detection negativeRun(StrategyContext context, Config config) {
            long flagged = 0;
            for (Packet p : context.negatives()) {
                if (toPort443(p)) {
                    flagged++;
                    context.block(p.destination());
                }
            }
            return Detection.of(flagged, context.negatives().size());
        }
    }

    /** {@link ToPort443} on both directions of traffic. */
    static final class ToPort443Either extends ToPort443 {
        @Override
        public InputMode inputMode() {
            return InputMode.EITHER;
        }
    }

    /** A strategy whose procedure is given by the test, for probing the context. */
    static class Probe extends ToPort443 {
        private final Consumer<StrategyContext> procedure;

        Probe(Consumer<StrategyContext> procedure) {
            this.procedure = procedure;
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
        public void run(StrategyContext context) {
            procedure.accept(context);
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

    static Set<IpAddress> destinations(List<Packet> packets, Predicate<Packet> p) {
        Set<IpAddress> out = new LinkedHashSet<>();
        packets.stream().filter(p).forEach(x -> out.add(x.destination()));
        return out;
    }

    static List<Long> frames(List<Packet> packets) {
        return packets.stream().map(Packet::frame).toList();
    }

    /** The tls2 clients against the IPv4 client of many-protocols.pcap as ordinary traffic. */
    static RunSpec.Builder tls2AgainstMany() {
        return RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT, V6_CLIENT)
                .negative(new TraceSource.Capture(MANY)).negativeClients(List.of(
                        Subnet.parse(MANY_CLIENT)));
    }

    static PerformanceRecord only(RunResult r) {
        assertThat(r.records()).hasSize(1);
        return r.records().get(0);
    }

    /** Records with the time left out, the one value that may differ between identical runs. */
    static List<PerformanceRecord> untimed(RunResult r) {
        return r.records().stream().map(p -> p.withTime(0)).toList();
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
        @DisplayName("has the TPR, FPR and confusion counts counted straight from the captures")
        void ratesAndCounts() {
            RunResult r = run(new ToPort443(), tls2AgainstMany().build());
            PerformanceRecord p = only(r);

            long tp = count(positives, EvaluationTest::toPort443);
            long fp = count(negatives, EvaluationTest::toPort443);
            assertThat(tp).as("the capture has something to find").isPositive();
            assertThat(fp).as("ordinary traffic to port 443 exists").isPositive().isLessThan(negatives.size());
            assertThat(p.positives()).isEqualTo(Detection.of(tp, positives.size()));
            assertThat(p.negatives()).isEqualTo(Detection.of(fp, negatives.size()));
            assertThat(p.tpr()).isEqualTo((double) tp / positives.size());
            assertThat(p.fpr()).isEqualTo((double) fp / negatives.size());
            assertThat(p.timeSeconds()).as("the positive run is timed").isNotNaN().isGreaterThanOrEqualTo(0);
        }

        @Test
        @DisplayName("counts the packets under the input filter alone as positiveTotal and negativeTotal")
        void totals() {
            RunResult r = run(new ToPort443(), tls2AgainstMany().build());
            assertThat(r.positiveTotal()).isEqualTo(positives.size());
            assertThat(r.negativeTotal()).isEqualTo(negatives.size());
            assertThat(positives).as("both the IPv4 and the IPv6 client are read")
                    .anyMatch(p -> p.source().isIpv4()).anyMatch(p -> !p.source().isIpv4());
        }

        @Test
        @DisplayName("blocks the distinct destinations flagged, out of the negative trace's distinct destinations")
        void blockedIpRate() {
            RunResult r = run(new ToPort443(), tls2AgainstMany().build());
            Set<IpAddress> blocked = destinations(negatives, EvaluationTest::toPort443);
            Set<IpAddress> all = destinations(negatives, p -> true);
            assertThat(blocked).isNotEmpty().hasSizeLessThan(all.size());

            assertThat(only(r).blockRate()).isEqualTo((double) blocked.size() / all.size());
            assertThat(r.blocked().get(Config.EMPTY)).containsExactlyInAnyOrderElementsOf(blocked);
        }

        @Test
        @DisplayName("names exactly the blocked destinations in its Wireshark filter")
        void wiresharkFilter() {
            RunResult r = run(new ToPort443(), tls2AgainstMany().build());
            Set<IpAddress> blocked = destinations(negatives, EvaluationTest::toPort443);
            assertThat(r.wiresharkFilter()).isEqualTo(DetectionStrategy.WiresharkFilters.destinations(blocked));
            List<String> named = new ArrayList<>();
            Matcher m = Pattern.compile("\\{([^}]*)}").matcher(r.wiresharkFilter());
            while (m.find()) {
                named.addAll(List.of(m.group(1).split(", ")));
            }
            assertThat(named).containsExactlyInAnyOrderElementsOf(blocked.stream().map(IpAddress::toString).toList());
        }

        @Test
        @DisplayName("reversed, swaps SRC and DST: server-to-client packets are counted instead")
        void reversed() {
            RunSpec spec = RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT).server(V4_SERVER)
                    .negative(new TraceSource.Capture(MANY)).negativeClients(
                            List.of(Subnet.parse(MANY_CLIENT))).build();
            RunResult forward = run(new ToPort443(), spec);
            RunResult backward = run(new ToPort443(), spec.reverse());

            List<Packet> toServer = read(TLS2, InputRule.src(V4_CLIENT), InputRule.dst(V4_SERVER));
            List<Packet> toClient = read(TLS2, InputRule.dst(V4_CLIENT), InputRule.src(V4_SERVER));
            List<Packet> negativeBack = read(MANY, InputRule.dst(MANY_CLIENT));
            assertThat(toServer).isNotEmpty().hasSizeGreaterThan(toClient.size());
            assertThat(toClient).isNotEmpty();

            assertThat(forward.direction()).isEqualTo("client-to-server");
            assertThat(backward.direction()).isEqualTo("server-to-client");
            assertThat(forward.positiveTotal()).isEqualTo(toServer.size());
            assertThat(backward.positiveTotal()).isEqualTo(toClient.size());
            assertThat(backward.negativeTotal()).isEqualTo(negativeBack.size());
            assertThat(only(forward).positives())
                    .isEqualTo(Detection.of(count(toServer, EvaluationTest::toPort443), toServer.size()));
            assertThat(only(backward).positives())
                    .isEqualTo(Detection.of(count(toClient, EvaluationTest::toPort443), toClient.size()));
            assertThat(only(backward).negatives())
                    .isEqualTo(Detection.of(count(negativeBack, EvaluationTest::toPort443), negativeBack.size()));
            assertThat(only(forward).tpr()).isEqualTo(1.0);
            assertThat(only(backward).tpr()).as("replies come from port 443, not to it").isEqualTo(0.0);
        }

        @Test
        @DisplayName("in InputMode.EITHER, reads both directions of the client's traffic, reversed or not")
        void either() {
            RunSpec spec = RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT)
                    .negative(new TraceSource.Capture(MANY)).negativeClients(
                            List.of(Subnet.parse(MANY_CLIENT))).build();
            List<Packet> both = read(TLS2, InputRule.either(V4_CLIENT));
            List<Packet> negativeBoth = read(MANY, InputRule.either(MANY_CLIENT));
            assertThat(both).hasSizeGreaterThan(read(TLS2, InputRule.src(V4_CLIENT)).size());

            for (RunSpec s : List.of(spec, spec.reverse())) {
                RunResult r = run(new ToPort443Either(), s);
                assertThat(r.direction()).isEqualTo("both");
                assertThat(r.positiveTotal()).isEqualTo(both.size());
                assertThat(r.negativeTotal()).isEqualTo(negativeBoth.size());
                assertThat(only(r).positives())
                        .isEqualTo(Detection.of(count(both, EvaluationTest::toPort443), both.size()));
                assertThat(only(r).blockRate()).isEqualTo(
                        (double) destinations(negativeBoth, EvaluationTest::toPort443).size()
                                / destinations(negativeBoth, p -> true).size());
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
                    .negativeClients(List.of(Subnet.parse(MANY_CLIENT))).build());

            assertThat(untimed(fromStore)).isEqualTo(untimed(fromFiles));
            assertThat(fromStore.positiveTotal()).isEqualTo(fromFiles.positiveTotal());
            assertThat(fromStore.negativeTotal()).isEqualTo(fromFiles.negativeTotal());
            assertThat(fromStore.blocked()).isEqualTo(fromFiles.blocked());
            assertThat(fromStore.wiresharkFilter()).isEqualTo(fromFiles.wiresharkFilter());
        }

        @Test
        @DisplayName("deletes the traces it imported for the run and keeps the trace:ID ones")
        void temporaryTracesDeleted() {
            StoredTrace kept = TraceStores.importCapture(store, MANY, InputFilter.all(), "many");
            run(new ToPort443(), RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT)
                    .negative(TraceSource.parse("trace:" + kept.id()))
                    .recall(new TraceSource.Capture(HTTP)).build());
            assertThat(store.list()).containsExactly(kept);
        }

        @Test
        @DisplayName("deletes the traces it imported even when the strategy throws")
        void temporaryTracesDeletedOnFailure() {
            Probe failing = new Probe(c -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(() -> run(failing, RunSpec.builder(new TraceSource.Capture(TLS2))
                    .negative(new TraceSource.Capture(HTTP)).build())).hasMessage("boom");
            assertThat(store.list()).isEmpty();
        }

        @Test
        @DisplayName("refuses an unknown trace:ID with UnknownTraceException, leaving no temporary trace")
        void unknownTrace() {
            RunSpec spec = RunSpec.builder(new TraceSource.Capture(TLS2))
                    .negative(TraceSource.parse("trace:no-such-trace")).build();
            assertThatThrownBy(() -> run(new ToPort443(), spec)).isInstanceOf(UnknownTraceException.class)
                    .hasMessageContaining("no-such-trace");
            assertThat(store.list()).isEmpty();
        }
    }

    @Nested
    @DisplayName("gives a strategy a context that")
    class Context {

        @Test
        @DisplayName("starts every configuration registered but never measured at the worst case")
        void worstCase() {
            RunResult r = run(new Probe(c -> {
                c.record(Config.of("timed only")).timeSeconds(0.5);
                c.runOnPositive(Config.of("positive only"));
                assertThat(c.recordOf(Config.of("never touched")))
                        .isEqualTo(PerformanceRecord.worstCase(Config.of("never touched")));
            }), RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT).build());

            assertThat(r.records()).extracting(PerformanceRecord::config)
                    .containsExactly(Config.of("timed only"), Config.of("positive only"));
            PerformanceRecord timed = r.records().get(0);
            assertThat(timed.tpr()).isZero();
            assertThat(timed.fpr()).isEqualTo(1);
            assertThat(timed.blockRate()).isEqualTo(1);
            assertThat(timed.timeSeconds()).isEqualTo(0.5);
            PerformanceRecord positiveOnly = r.records().get(1);
            assertThat(positiveOnly.tpr()).isEqualTo(1.0);
            assertThat(positiveOnly.fpr()).as("never measured on negatives").isEqualTo(1);
            assertThat(positiveOnly.blockRate()).isEqualTo(1);
            assertThat(r.score().value()).as("no record is acceptable").isZero();
            assertThat(r.score().best()).isEmpty();
        }

        @Test
        @DisplayName("gives TPR 0 of 0 when no positive packet passes the input filter, rather than failing")
        void emptyPositives() {
            assertThat(read(SHADOWSOCKS)).isNotEmpty();
            RunResult r = run(new ToPort443(), RunSpec.builder(new TraceSource.Capture(SHADOWSOCKS)).client("10.9.9.9")
                    .negative(new TraceSource.Capture(SHADOWSOCKS)).build());
            assertThat(r.positiveTotal()).isZero();
            assertThat(only(r).positives()).isEqualTo(Detection.of(0, 0));
            assertThat(only(r).tpr()).isZero();
            assertThat(r.score().value()).isZero();
        }

        @Test
        @DisplayName("reloads every trace when the strategic filter changes")
        void strategicFilterReloads() {
            // The server-to-client half of tls2.pcap holds TLS continuation segments, which do not
            // begin with a record; many-protocols.pcap holds HTTP requests among much else.
            PacketFilter recordStarts = PacketFilter.tlsSegment().or(PacketFilter.httpRequest());
            List<Packet> all = read(TLS2, InputRule.dst(V4_CLIENT));
            List<Packet> starts = all.stream().filter(recordStarts::test).toList();
            List<Packet> negatives = read(MANY, InputRule.dst(MANY_CLIENT));
            List<Packet> negativeStarts = negatives.stream().filter(recordStarts::test).toList();
            assertThat(starts).isNotEmpty().hasSizeLessThan(all.size());
            assertThat(negativeStarts).isNotEmpty().hasSizeLessThan(negatives.size());
            List<Integer> sizes = new ArrayList<>();

            RunResult r = run(new Probe(c -> {
                assertThat(c.strategicFilter()).isEqualTo(PacketFilter.all());
                sizes.add(c.negatives().size());
                c.runOnPositive(Config.of("all"));
                c.setStrategicFilter(recordStarts);
                assertThat(c.strategicFilter()).isEqualTo(recordStarts);
                sizes.add(c.negatives().size());
                c.runOnPositive(Config.of("record starts"));
                assertThat(frames(c.positives())).isEqualTo(frames(starts));
            }), RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT).reversed(true)
                    .negative(new TraceSource.Capture(MANY)).negativeClients(
                            List.of(Subnet.parse(MANY_CLIENT))).build());

            assertThat(r.records().get(0).positives().total()).isEqualTo(all.size());
            assertThat(r.records().get(1).positives().total()).isEqualTo(starts.size());
            assertThat(sizes).containsExactly(negatives.size(), negativeStarts.size());
            assertThat(r.positiveTotal()).as("the total stays under the input filter alone").isEqualTo(all.size());
            assertThat(r.negativeTotal()).isEqualTo(negatives.size());
        }

        @Test
        @DisplayName("keeps the negative trace's destinations in first-seen order, the same in every process")
        void destinationsInOrder() {
            List<IpAddress> seen = new ArrayList<>();
            run(new Probe(c -> seen.addAll(c.negativeDestinations())),
                    RunSpec.builder(new TraceSource.Capture(TLS2)).negative(new TraceSource.Capture(MANY)).build());
            assertThat(seen).containsExactlyElementsOf(destinations(read(MANY), p -> true));
        }

        @Test
        @DisplayName("splits the positives with the seeded random: same seed, same split; another seed, another")
        void seededSplit() {
            List<Packet> positives = read(TLS2, InputRule.src(V4_CLIENT));
            List<List<Long>> seed7a = split(7, positives.size());
            List<List<Long>> seed7b = split(7, positives.size());
            List<List<Long>> seed8 = split(8, positives.size());

            assertThat(seed7a).isEqualTo(seed7b);
            assertThat(seed7a.get(0)).isNotEqualTo(seed8.get(0));
            long testSize = Math.round(positives.size() * 0.7);
            assertThat(seed7a.get(0)).hasSize((int) testSize);
            List<Long> union = new ArrayList<>(seed7a.get(0));
            union.addAll(seed7a.get(1));
            assertThat(union).containsExactlyInAnyOrderElementsOf(frames(positives));
        }

        private List<List<Long>> split(long seed, int expectedPositives) {
            List<List<Long>> out = new ArrayList<>();
            Probe shuffler = new Probe(c -> {
                assertThat(c.positiveTest()).hasSize(expectedPositives);
                assertThat(c.positiveValidation()).isEmpty();
                c.splitPositives(0.7);
                out.add(frames(c.positiveTest()));
                out.add(frames(c.positiveValidation()));
            }) {
                @Override
                public Split testValidationSplit(List<Packet> positives, double testShare, SplittableRandom random) {
                    List<Packet> shuffled = new ArrayList<>(positives);
                    for (int i = shuffled.size() - 1; i > 0; i--) {
                        Collections.swap(shuffled, i, random.nextInt(i + 1));
                    }
                    int cut = (int) Math.round(shuffled.size() * testShare);
                    return new Split(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size()));
                }
            };
            run(shuffler, RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT).seed(seed).build());
            return out;
        }
    }

    @Nested
    @DisplayName("is deterministic:")
    class Determinism {

        /** Flags a random sample of the packets, drawn from the context's random source. */
        final class RandomSample extends ToPort443 {
            @Override
            public String name() {
                return "random-sample";
            }

            @Override
            public void run(StrategyContext context) {
                for (double share : new double[] {0.1, 0.5}) {
                    context.runOnPositive(Config.of(share));
                    context.runOnNegative(Config.of(share));
                }
            }

            @Override
            public Detection positiveRun(StrategyContext context, Config config) {
                double share = config.doubleValue(0);
                return Detection.of(context.positives().stream().filter(p -> context.random().nextDouble() < share)
                        .count(), context.positives().size());
            }

            @Override
            public Detection negativeRun(StrategyContext context, Config config) {
                double share = config.doubleValue(0);
                long n = 0;
                for (Packet p : context.negatives()) {
                    if (context.random().nextDouble() < share / 10) {
                        n++;
                        context.block(p.destination());
                    }
                }
                return Detection.of(n, context.negatives().size());
            }
        }

        @Test
        @DisplayName("the same seed gives identical records, times aside; another seed other records")
        void sameSeedSameRecords() {
            RunSpec seven = tls2AgainstMany().seed(7).build();
            RunResult a = run(new RandomSample(), seven);
            RunResult b = run(new RandomSample(), seven);
            RunResult c = run(new RandomSample(), tls2AgainstMany().seed(8).build());

            assertThat(untimed(a)).isEqualTo(untimed(b));
            assertThat(a.blocked()).isEqualTo(b.blocked());
            assertThat(a.score().value()).isEqualTo(b.score().value());
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
            public Detection positiveRun(StrategyContext context, Config config) {
                assertThat(context.parameter(MIN_LENGTH)).isEqualTo(40);
                assertThat(context.parameter(THRESHOLD)).isEqualTo(0.5);
                return super.positiveRun(context, config);
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
                    .hasMessageContaining("protocol_min_length, threshold, tls_mode");
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
            assertThat(only(r).tpr()).isPositive();
        }

        @Test
        @DisplayName("without a negative trace when the strategy needs one, saying so")
        void missingNegative() {
            assertThatThrownBy(() -> run(new ToPort443(),
                    RunSpec.builder(new TraceSource.Capture(TLS2)).client(V4_CLIENT).build()))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessageContaining("to-port-443").hasMessageContaining("needs a negative trace");
            assertThat(store.list()).isEmpty();
        }
    }
}
