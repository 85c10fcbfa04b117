package org.covertmark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.covertmark.api.filter.PacketFilter.all;
import static org.covertmark.api.filter.PacketFilter.destinationIn;
import static org.covertmark.api.filter.PacketFilter.destinationPort;
import static org.covertmark.api.filter.PacketFilter.hasPayload;
import static org.covertmark.api.filter.PacketFilter.httpRequest;
import static org.covertmark.api.filter.PacketFilter.port;
import static org.covertmark.api.filter.PacketFilter.sourceIn;
import static org.covertmark.api.filter.PacketFilter.sourcePort;
import static org.covertmark.api.filter.PacketFilter.tcp;
import static org.covertmark.api.filter.PacketFilter.tlsSegment;
import static org.covertmark.api.filter.PacketFilter.udp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.flow.Connections;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.PacketColumns;
import org.covertmark.api.store.PacketField;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link TraceStore} must meet, checked on real captures. A store
 * implementation — built in or third party — runs it by subclassing:
 *
 * <pre>{@code
 * class MyTraceStoreTest extends TraceStoreCompatibilityKit {
 *     @Override
 *     protected TraceStore createStore() { return new MyTraceStore(...); }
 * }
 * }</pre>
 *
 * <p>The answers a store gives are compared with what {@link CaptureReader} delivers and with the
 * reference meaning of {@link PacketFilter#test} and {@link PacketField#valueOf}, never with another
 * store. The captures are read from {@link #samples()}.
 */
public abstract class TraceStoreCompatibilityKit {

    /** The client of the browsing session in {@code tls2.pcap}, on IPv4 and on IPv6. */
    private static final List<String> TLS2_CLIENT = List.of("192.168.0.17/32", "2601:647:4b02:1d20::/64");

    /** The store under test, new and empty for each test and closed after it. */
    protected TraceStore store;

    /**
     * A new, empty store; called before each test.
     *
     * @return the store under test, closed by the kit after the test
     */
    protected abstract TraceStore createStore();

    /**
     * The folder holding the sample captures.
     *
     * @return by default {@code ../data/public} from the module folder
     */
    protected Path samples() {
        return Path.of("..", "data", "public");
    }

    @BeforeEach
    void openStore() {
        store = createStore();
        assertThat(store.list()).as("a new store is empty").isEmpty();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /**
     * A sample capture, checked to exist so that a wrong working directory fails clearly.
     *
     * @param name the capture's file name
     * @return its path
     */
    protected Path capture(String name) {
        Path p = samples().resolve(name);
        assertThat(p).as("sample capture (tests run from the module folder)").isRegularFile();
        return p;
    }

    /**
     * Imports a whole capture through the store's own importTrace, with the given input filter.
     *
     * @param name the capture's file name
     * @param filter the input filter the store must apply
     * @param description the trace's description
     * @return the stored trace
     */
    protected StoredTrace importCapture(String name, InputFilter filter, String description) {
        Path p = capture(name);
        // The reader passes everything, so that the store itself must apply the input filter.
        CaptureReader reader = CaptureReader.open(p);
        return store.importTrace(new TraceImport(description, filter, name, reader.sizeBytes()), reader);
    }

    /**
     * Imports a whole capture with no input filter, described by its name.
     *
     * @param name the capture's file name
     * @return the stored trace
     */
    protected StoredTrace importCapture(String name) {
        return importCapture(name, InputFilter.all(), name);
    }

    /**
     * Every packet the capture reader delivers from a capture under an input filter.
     *
     * @param name the capture's file name
     * @param filter the input filter
     * @return the packets, in capture order
     */
    protected List<Packet> read(String name, InputFilter filter) {
        return CaptureReader.open(capture(name), filter).toList();
    }

    /**
     * The frame numbers of packets, which identify them within one capture.
     *
     * @param packets packets of one capture
     * @return their frame numbers, in order
     */
    protected static List<Long> frames(List<Packet> packets) {
        return packets.stream().map(Packet::frame).toList();
    }

    /**
     * The frame numbers of the rest of a stream, which is then closed.
     *
     * @param stream a stream of packets of one capture
     * @return their frame numbers, in order
     */
    protected static List<Long> frames(PacketStream stream) {
        return frames(stream.toList());
    }

    private static InputFilter tls2Client() {
        return InputFilter.of(TLS2_CLIENT.stream().map(InputRule::src).toList());
    }

    private static boolean inTls2Client(IpAddress a) {
        return TLS2_CLIENT.stream().map(Subnet::parse).anyMatch(s -> s.contains(a));
    }

    /** A stream that delivers {@code good} packets of a capture, then fails; it records being closed. */
    private static final class FailingStream implements PacketStream {
        private final PacketStream inner;
        private final int good;
        private int delivered;
        final AtomicInteger closed = new AtomicInteger();

        FailingStream(PacketStream inner, int good) {
            this.inner = inner;
            this.good = good;
        }

        @Override
        public boolean hasNext() {
            if (delivered >= good) {
                throw new IllegalStateException("disk on fire after " + good + " packets");
            }
            return inner.hasNext();
        }

        @Override
        public Packet next() {
            hasNext();
            delivered++;
            return inner.next();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
            inner.close();
        }
    }

    // ---- the contract ----------------------------------------------------------------------------------

    @Nested
    @DisplayName("Importing a capture")
    class Importing {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"tls2.pcap", "http-packets2.pcap", "shadowsocks.pcap", "many-protocols.pcap",
            "pcapng-example.pcapng"})
        @DisplayName("returns a complete trace with as many packets as the capture reader delivers")
        void returnsCompleteTrace(String name) throws Exception {
            Instant before = Instant.now();
            StoredTrace t = importCapture(name, InputFilter.all(), "sample " + name);
            Instant after = Instant.now();

            assertThat(t.id()).isNotBlank();
            assertThat(t.complete()).isTrue();
            assertThat(t.packetCount()).isEqualTo(read(name, InputFilter.all()).size()).isPositive();
            assertThat(t.description()).isEqualTo("sample " + name);
            assertThat(t.source()).isEqualTo(name);
            assertThat(t.sourceBytes()).isEqualTo(Files.size(capture(name)));
            assertThat(t.inputFilter()).isEqualTo(InputFilter.all());
            assertThat(t.created()).isCloseTo(before, within(5, ChronoUnit.SECONDS))
                    .isBeforeOrEqualTo(after.plusMillis(1));
        }

        @Test
        @DisplayName("lists the trace and finds it by id, as it was returned")
        void listsAndGets() {
            StoredTrace t = importCapture("shadowsocks.pcap");

            assertThat(store.list()).containsExactly(t);
            assertThat(store.get(t.id())).contains(t);
        }

        @Test
        @DisplayName("lists traces oldest first")
        void listsOldestFirst() {
            StoredTrace first = importCapture("shadowsocks.pcap");
            StoredTrace second = importCapture("http-packets2.pcap");
            StoredTrace third = importCapture("shadowsocks.pcap", InputFilter.all(), "again");

            assertThat(store.list()).extracting(StoredTrace::id).containsExactly(first.id(), second.id(), third.id());
            assertThat(store.list()).extracting(StoredTrace::created).isSorted();
        }

        @Test
        @DisplayName("keeps every packet in capture order")
        void keepsCaptureOrder() {
            StoredTrace t = importCapture("tls2.pcap");

            assertThat(frames(store.packets(t.id(), all()))).isEqualTo(frames(read("tls2.pcap", InputFilter.all())));
        }

        @Test
        @DisplayName("keeps the packets' contents, not only their frame numbers")
        void keepsContents() {
            StoredTrace t = importCapture("many-protocols.pcap");
            List<Packet> expected = read("many-protocols.pcap", InputFilter.all());
            List<Packet> stored = store.load(t.id(), all());

            assertThat(stored).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                Packet e = expected.get(i);
                Packet s = stored.get(i);
                assertThat(s.toString()).isEqualTo(e.toString());
                assertThat(s.timeMicros()).isEqualTo(e.timeMicros());
                assertThat(s.wireLength()).isEqualTo(e.wireLength());
                assertThat(s.bytes().toArray()).isEqualTo(e.bytes().toArray());
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"ipv4-total-length-zero.pcap", "ipv4-total-length-beyond-frame.pcap",
            "caplen-over-wire.pcap"})
        @DisplayName("rebuilds packets whose lengths were read from their frame as they were read")
        void keepsLengthsReadFromTheFrame(String name) {
            Path p = samples().resolveSibling("crafted").resolve(name);
            List<Packet> given = CaptureReader.open(p).toList();
            StoredTrace t = store.importTrace(new TraceImport(name, InputFilter.all(), name, 0),
                    CaptureReader.open(p));

            List<Packet> stored = store.load(t.id(), all());
            assertThat(stored).hasSameSizeAs(given);
            for (int i = 0; i < given.size(); i++) {
                Packet s = stored.get(i);
                Packet g = given.get(i);
                String at = name + " frame " + g.frame();
                assertThat(s.ipLength()).as(at).isEqualTo(g.ipLength());
                assertThat(s.tcpPayloadLength()).as(at).isEqualTo(g.tcpPayloadLength());
                assertThat(s.payload()).as(at).isEqualTo(g.payload());
                assertThat(s.httpRequest().isPresent()).as(at).isEqualTo(g.httpRequest().isPresent());
            }
        }

        @Test
        @DisplayName("allows two traces with the same description, under distinct ids")
        void allowsDuplicateDescriptions() {
            StoredTrace a = importCapture("shadowsocks.pcap", InputFilter.all(), "same");
            StoredTrace b = importCapture("shadowsocks.pcap", InputFilter.all(), "same");

            assertThat(a.id()).isNotEqualTo(b.id());
            assertThat(store.list()).extracting(StoredTrace::description).containsExactly("same", "same");
            assertThat(store.count(a.id(), all())).isEqualTo(store.count(b.id(), all())).isEqualTo(44);
        }

        @Test
        @DisplayName("closes the stream it imports from")
        void closesTheStream() {
            FailingStream s = new FailingStream(CaptureReader.open(capture("shadowsocks.pcap")), Integer.MAX_VALUE);

            store.importTrace(new TraceImport("ss", InputFilter.all(), "shadowsocks.pcap", 0), s);

            assertThat(s.closed).hasPositiveValue();
        }

        @Test
        @DisplayName("stores an empty trace when no packet passes the input filter")
        void storesEmptyTrace() {
            StoredTrace t = importCapture("shadowsocks.pcap", InputFilter.of(InputRule.src("203.0.113.0/24")), "none");

            assertThat(t.complete()).isTrue();
            assertThat(t.packetCount()).isZero();
            assertThat(store.load(t.id(), all())).isEmpty();
        }
    }

    @Nested
    @DisplayName("Input filters")
    class InputFilters {

        @Test
        @DisplayName("a SRC rule keeps exactly the packets sent from the client")
        void sourceRule() {
            long expected;
            try (CaptureReader r = CaptureReader.open(capture("tls2.pcap"))) {
                expected = r.stream().filter(p -> inTls2Client(p.source())).count();
            }

            StoredTrace t = importCapture("tls2.pcap", tls2Client(), "client to servers");
            List<Packet> stored = store.load(t.id(), all());

            assertThat(expected).as("the sample has client packets and others").isBetween(1L, 7450L);
            assertThat(t.packetCount()).isEqualTo(expected);
            assertThat(stored).hasSize((int) expected).allSatisfy(p -> assertThat(inTls2Client(p.source())).isTrue());
            assertThat(t.inputFilter()).isEqualTo(tls2Client());
        }

        @Test
        @DisplayName("a DST rule keeps exactly the packets sent to the client")
        void destinationRule() {
            InputFilter toClient = tls2Client().reversed();
            long expected;
            try (CaptureReader r = CaptureReader.open(capture("tls2.pcap"))) {
                expected = r.stream().filter(p -> inTls2Client(p.destination())).count();
            }

            StoredTrace t = importCapture("tls2.pcap", toClient, "servers to client");

            assertThat(expected).isPositive();
            assertThat(t.packetCount()).isEqualTo(expected);
            assertThat(store.load(t.id(), all())).allSatisfy(p -> assertThat(inTls2Client(p.destination())).isTrue());
        }

        @Test
        @DisplayName("the stored packets are those the capture reader delivers under the same filter")
        void sameAsReader() {
            InputFilter f = InputFilter.of(InputRule.either("10.0.0.1/32"));

            StoredTrace t = importCapture("many-protocols.pcap", f, "either");

            assertThat(frames(store.packets(t.id(), all()))).isEqualTo(frames(read("many-protocols.pcap", f)))
                    .isNotEmpty();
        }
    }

    static Stream<Arguments> strategicFilters() {
        Subnet lan = Subnet.parse("10.0.0.0/8");
        Subnet v6Client = Subnet.parse("2601:647:4b02:1d20::/64");
        return Stream.of(
                Arguments.of("many-protocols.pcap", all()),
                Arguments.of("many-protocols.pcap", tcp()),
                Arguments.of("many-protocols.pcap", udp()),
                Arguments.of("many-protocols.pcap", hasPayload()),
                Arguments.of("many-protocols.pcap", tlsSegment()),
                Arguments.of("many-protocols.pcap", httpRequest()),
                Arguments.of("many-protocols.pcap", sourceIn(lan)),
                Arguments.of("many-protocols.pcap", destinationIn(lan)),
                Arguments.of("many-protocols.pcap", port(80)),
                Arguments.of("many-protocols.pcap", sourcePort(80)),
                Arguments.of("many-protocols.pcap", destinationPort(443)),
                Arguments.of("many-protocols.pcap", tcp().not().and(udp().not())),
                Arguments.of("many-protocols.pcap", tcp().and(hasPayload()).and(tlsSegment().not())),
                Arguments.of("many-protocols.pcap", udp().or(httpRequest())),
                Arguments.of("many-protocols.pcap", sourceIn(lan).and(port(443).or(port(80))).not()),
                Arguments.of("tls2.pcap", sourceIn(v6Client).and(tlsSegment())),
                Arguments.of("tls2.pcap", destinationIn(v6Client).or(sourceIn(Subnet.parse("192.168.0.17")))
                        .and(hasPayload())),
                Arguments.of("http-packets2.pcap", httpRequest()),
                Arguments.of("http-packets2.pcap", destinationPort(80).and(httpRequest().not())));
    }

    @Nested
    @DisplayName("Strategic packet filters")
    class StrategicFilters {

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("org.covertmark.testkit.TraceStoreCompatibilityKit#strategicFilters")
        @DisplayName("select the packets PacketFilter.test selects, in capture order")
        void selectLikeTheReference(String name, PacketFilter filter) {
            List<Packet> expected = read(name, InputFilter.all()).stream().filter(filter::test).toList();
            StoredTrace t = importCapture(name);

            assertThat(expected).as("the sample has packets the filter selects").isNotEmpty();
            assertThat(frames(store.packets(t.id(), filter))).isEqualTo(frames(expected));
            assertThat(store.count(t.id(), filter)).isEqualTo(expected.size());
            assertThat(frames(store.load(t.id(), filter))).isEqualTo(frames(expected));
        }

        @Test
        @DisplayName("a filter that matches nothing gives an empty stream and a count of 0")
        void matchesNothing() {
            StoredTrace t = importCapture("many-protocols.pcap");
            PacketFilter nothing = sourceIn(Subnet.parse("203.0.113.0/24")).or(tcp().and(udp()));

            try (PacketStream s = store.packets(t.id(), nothing)) {
                assertThat(s.hasNext()).isFalse();
            }
            assertThat(store.count(t.id(), nothing)).isZero();
            assertThat(store.distinct(t.id(), PacketField.SOURCE, nothing)).isEmpty();
        }

        @Test
        @DisplayName("two streams over one trace advance independently")
        void independentStreams() {
            StoredTrace t = importCapture("shadowsocks.pcap");
            List<Long> a = new ArrayList<>();
            List<Long> b = new ArrayList<>();

            try (PacketStream s1 = store.packets(t.id(), all()); PacketStream s2 = store.packets(t.id(), all())) {
                while (s1.hasNext() || s2.hasNext()) {
                    if (s1.hasNext()) {
                        a.add(s1.next().frame());
                    }
                    if (s2.hasNext()) {
                        b.add(s2.next().frame());
                    }
                }
            }
            assertThat(a).hasSize(44).isEqualTo(b);
        }

        @Test
        @DisplayName("packets stay valid after their stream is closed, and closing twice does nothing")
        void packetsOutliveTheirStream() {
            StoredTrace t = importCapture("http-packets2.pcap");
            List<Packet> expected = read("http-packets2.pcap", InputFilter.all()).stream()
                    .filter(httpRequest()::test).limit(3).toList();
            List<Packet> kept = new ArrayList<>();

            PacketStream s = store.packets(t.id(), httpRequest());
            for (int i = 0; i < 3 && s.hasNext(); i++) {
                kept.add(s.next());
            }
            s.close();
            s.close();

            assertThat(kept).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(kept.get(i).toString()).isEqualTo(expected.get(i).toString());
                assertThat(kept.get(i).httpRequest()).isEqualTo(expected.get(i).httpRequest()).isPresent();
                assertThat(kept.get(i).payload().toArray()).isEqualTo(expected.get(i).payload().toArray());
            }
        }
    }

    @Nested
    @DisplayName("Header columns (PacketColumns), where a store's lists keep them")
    class HeaderColumns {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"many-protocols.pcap", "tls2.pcap", "badpackets.pcap", "pptp.pcap", "frag_with_padding.pcap",
            "ip4_fragments.pcap", "ip6_fragments.pcap", "accecn_handshake.pcap", "four_ipv6_http_streams.pcap"})
        @DisplayName("answer for every packet as the packet itself does, over all packets and over a filter's")
        void answerAsThePacket(String name) {
            StoredTrace t = importCapture(name);
            for (PacketFilter loadedBy : List.of(all(), tcp().or(udp()), sourceIn(Subnet.parse("0.0.0.0/1")))) {
                List<Packet> loaded = store.load(t.id(), loadedBy);
                if (!(loaded instanceof PacketColumns columns)) {
                    continue;
                }
                for (int i = 0; i < loaded.size(); i++) {
                    Packet p = loaded.get(i);
                    String at = name + " frame " + p.frame();
                    int kind = (p.ipVersion() == 4 ? PacketColumns.IPV4 : 0) | (p.isTcp() ? PacketColumns.TCP : 0)
                            | (p.isUdp() ? PacketColumns.UDP : 0) | (hasPayload().test(p) ? PacketColumns.PAYLOAD : 0);
                    assertThat(columns.kind(i)).as(at + " kind").isEqualTo(kind);
                    if (p.ipVersion() == 4) {
                        assertThat(IpAddress.ofIpv4(columns.source4(i))).as(at + " source").isEqualTo(p.source());
                        assertThat(IpAddress.ofIpv4(columns.destination4(i))).as(at + " destination")
                                .isEqualTo(p.destination());
                    }
                    int sport = p.tcp().map(s -> s.sourcePort()).or(() -> p.udp().map(u -> u.sourcePort())).orElse(0);
                    int dport = p.tcp().map(s -> s.destinationPort()).or(() -> p.udp().map(u -> u.destinationPort()))
                            .orElse(0);
                    assertThat(columns.sourcePort(i)).as(at + " source port").isEqualTo(sport);
                    assertThat(columns.destinationPort(i)).as(at + " destination port").isEqualTo(dport);
                    assertThat(columns.tcpFlags(i)).as(at + " TCP flags").isEqualTo(p.tcp().map(s -> s.flags()).orElse(0));
                }
            }
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("org.covertmark.testkit.TraceStoreCompatibilityKit#strategicFilters")
        @DisplayName("match a filter by index exactly where PacketFilter.test does")
        void matchLikeTheReference(String name, PacketFilter filter) {
            StoredTrace t = importCapture(name);
            List<Packet> loaded = store.load(t.id(), all());
            if (loaded instanceof PacketColumns columns) {
                IntPredicate matcher = columns.matcher(filter);
                for (int i = 0; i < loaded.size(); i++) {
                    assertThat(matcher.test(i)).as(name + " frame " + loaded.get(i).frame())
                            .isEqualTo(filter.test(loaded.get(i)));
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"many-protocols.pcap", "tls2.pcap", "badpackets.pcap", "pptp.pcap", "frag_with_padding.pcap",
            "ip6_fragments.pcap", "four_ipv6_http_streams.pcap", "shadowsocks.pcap", "mptcp-v1.pcap"})
        @DisplayName("index the same connections as the packets read one by one")
        void sameConnections(String name) {
            StoredTrace t = importCapture(name);
            List<Subnet> clients = List.of(Subnet.parse("192.168.0.0/16"), Subnet.parse("10.0.0.0/8"));
            List<Packet> loaded = store.load(t.id(), all());
            Connections fromStore = Connections.of(loaded, clients);
            Connections oneByOne = Connections.of(new ArrayList<>(read(name, InputFilter.all())), clients);

            assertThat(fromStore.size()).as("the sample has connections").isPositive();
            assertThat(fromStore.all()).isEqualTo(oneByOne.all());
            for (int i = 0; i < loaded.size(); i++) {
                assertThat(fromStore.connectionOf(i)).as(name + " packet " + i).isEqualTo(oneByOne.connectionOf(i));
                assertThat(fromStore.fromClient(i)).as(name + " packet " + i).isEqualTo(oneByOne.fromClient(i));
            }
        }
    }

    @Nested
    @DisplayName("Distinct field values")
    class Distinct {

        @Test
        @DisplayName("distinct destinations are those found by hand, in first-seen order")
        void distinctDestinations() {
            StoredTrace t = importCapture("tls2.pcap");
            Set<IpAddress> expected = new LinkedHashSet<>();
            read("tls2.pcap", InputFilter.all()).forEach(p -> expected.add(p.destination()));

            assertThat(store.distinct(t.id(), PacketField.DESTINATION, all())).containsExactlyElementsOf(expected);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"src", "dst", "proto", "sport", "dport"})
        @DisplayName("every field's distinct values under a filter are those found by hand")
        void everyField(String fieldName) {
            PacketField<?> field = PacketField.values().stream().filter(f -> f.name().equals(fieldName)).findFirst()
                    .orElseThrow();
            StoredTrace t = importCapture("many-protocols.pcap");

            checkDistinct(t, field, hasPayload().or(udp()));
        }

        private <T> void checkDistinct(StoredTrace t, PacketField<T> field, PacketFilter filter) {
            Set<T> expected = new LinkedHashSet<>();
            read("many-protocols.pcap", InputFilter.all()).stream().filter(filter::test)
                    .forEach(p -> field.valueOf(p).ifPresent(expected::add));

            assertThat(expected).isNotEmpty();
            assertThat(store.distinct(t.id(), field, filter)).containsExactlyElementsOf(expected);
        }
    }

    @Nested
    @DisplayName("Unknown ids")
    class UnknownIds {

        @Test
        @DisplayName("packets and count refuse an unknown id, naming it")
        void refused() {
            importCapture("shadowsocks.pcap");

            assertThatThrownBy(() -> store.packets("no-such-trace", all())).isInstanceOf(UnknownTraceException.class)
                    .hasMessageContaining("no-such-trace")
                    .satisfies(e -> assertThat(((UnknownTraceException) e).id()).isEqualTo("no-such-trace"));
            assertThatThrownBy(() -> store.count("no-such-trace", all())).isInstanceOf(UnknownTraceException.class);
            assertThatThrownBy(() -> store.distinct("no-such-trace", PacketField.SOURCE, all()))
                    .isInstanceOf(UnknownTraceException.class);
        }

        @Test
        @DisplayName("get finds nothing and delete reports there was nothing")
        void getAndDelete() {
            StoredTrace t = importCapture("shadowsocks.pcap");

            assertThat(store.get("no-such-trace")).isEmpty();
            assertThat(store.delete("no-such-trace")).isFalse();
            assertThat(store.list()).containsExactly(t);
        }
    }

    @Nested
    @DisplayName("Deleting a trace")
    class Deleting {

        @Test
        @DisplayName("removes it from the list and makes its packets unknown, leaving other traces")
        void removes() {
            StoredTrace keep = importCapture("http-packets2.pcap");
            StoredTrace gone = importCapture("shadowsocks.pcap");

            assertThat(store.delete(gone.id())).isTrue();

            assertThat(store.list()).containsExactly(keep);
            assertThat(store.get(gone.id())).isEmpty();
            assertThatThrownBy(() -> store.packets(gone.id(), all())).isInstanceOf(UnknownTraceException.class);
            assertThat(store.delete(gone.id())).isFalse();
            assertThat(store.count(keep.id(), all())).isEqualTo(222);
        }
    }

    @Nested
    @DisplayName("A failed import")
    class FailedImport {

        @ParameterizedTest(name = "after {0} packets")
        @ValueSource(ints = {0, 100})
        @DisplayName("throws, leaves no complete trace and touches nothing else")
        void leavesNothing(int good) {
            StoredTrace earlier = importCapture("http-packets2.pcap");
            FailingStream failing = new FailingStream(CaptureReader.open(capture("tls2.pcap")), good);

            assertThatThrownBy(() -> store.importTrace(
                    new TraceImport("doomed", InputFilter.all(), "tls2.pcap", 0), failing))
                    .isInstanceOf(TraceStoreException.class)
                    .hasMessageContaining("tls2.pcap");

            assertThat(failing.closed).hasPositiveValue();
            assertThat(store.list()).filteredOn(StoredTrace::complete).containsExactly(earlier);
            for (StoredTrace t : store.list()) {
                if (!t.complete()) {
                    assertThatThrownBy(() -> store.packets(t.id(), all())).isInstanceOf(UnknownTraceException.class);
                }
            }
            assertThat(frames(store.packets(earlier.id(), all())))
                    .isEqualTo(frames(read("http-packets2.pcap", InputFilter.all())));
        }

        @Test
        @DisplayName("a capture cut short fails as a whole, leaving no complete trace")
        void truncatedCapture() {
            Path cut = capture("fuzz-2021-10-13.pcap");
            CaptureReader reader = CaptureReader.open(cut);

            assertThatThrownBy(() -> store.importTrace(
                    new TraceImport("cut", InputFilter.all(), "fuzz-2021-10-13.pcap", reader.sizeBytes()), reader))
                    .isInstanceOf(TraceStoreException.class)
                    .hasMessageContaining("fuzz-2021-10-13.pcap");
            assertThat(store.list()).noneMatch(StoredTrace::complete);
        }

        @Test
        @DisplayName("a store that failed an import can still import")
        void canImportAfterwards() {
            FailingStream failing = new FailingStream(CaptureReader.open(capture("tls2.pcap")), 10);
            assertThatThrownBy(() -> store.importTrace(
                    new TraceImport("doomed", InputFilter.all(), "tls2.pcap", 0), failing))
                    .isInstanceOf(TraceStoreException.class);

            StoredTrace t = importCapture("shadowsocks.pcap");

            assertThat(store.count(t.id(), all())).isEqualTo(44);
        }
    }

    @Nested
    @DisplayName("An import in progress")
    class InProgress {

        @Test
        @DisplayName("is never loaded nor listed as complete")
        void invisibleUntilComplete() {
            List<Optional<StoredTrace>> seen = new ArrayList<>();
            Predicate<StoredTrace> doomed = t -> t.description().equals("in progress");
            PacketStream watching = new PacketStream() {
                private final CaptureReader inner = CaptureReader.open(capture("shadowsocks.pcap"));
                private int n;

                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public Packet next() {
                    if (n++ == 20) {
                        // Look at the store from inside the import, half way through.
                        Optional<StoredTrace> listed = store.list().stream().filter(doomed).findFirst();
                        seen.add(listed);
                        listed.ifPresent(t -> {
                            assertThat(t.complete()).isFalse();
                            assertThat(store.get(t.id()).map(StoredTrace::complete)).contains(false);
                            assertThatThrownBy(() -> store.packets(t.id(), all()))
                                    .isInstanceOf(UnknownTraceException.class);
                        });
                    }
                    return inner.next();
                }

                @Override
                public void close() {
                    inner.close();
                }
            };

            StoredTrace t = store.importTrace(new TraceImport("in progress", InputFilter.all(), "shadowsocks.pcap", 0),
                    watching);

            assertThat(seen).hasSize(1);
            assertThat(t.complete()).isTrue();
            assertThat(store.get(t.id())).contains(t);
        }
    }

    @Test
    @DisplayName("describes itself in a non-blank line")
    void describes() {
        assertThat(store.describe()).isNotBlank().doesNotContain("\n");
    }
}
