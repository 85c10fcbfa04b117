package org.covertmark.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
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
import org.apiguardian.api.API;
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
 * The contract every {@link TraceStore} must meet, checked on captures the kit carries. A store
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
 * store.
 *
 * <p>The captures are the kit's own, resources of the covertmark-testkit jar under
 * {@code org/covertmark/testkit/captures/}, made by the project's {@code tools/make-crafted-captures.py
 * --kit}; the {@code README.md} beside them says what each holds and which checks use it. So a store in
 * a repository of its own needs nothing but this jar. {@link #samples()} is the folder they are read
 * from: the resource folder itself when it is a folder on the class path, else a copy made once per
 * JVM in a temporary folder that is deleted when the JVM exits.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public abstract class TraceStoreCompatibilityKit {

    /** A browsing session over IPv4 and IPv6, of more than 2,000 packets. */
    private static final String BROWSING = "kit-browsing.pcap";
    /** Every kind of packet a store must keep, around the LAN 10.0.0.0/8. */
    private static final String MIXED = "kit-mixed.pcap";
    /** Plain HTTP/1.x requests and responses. */
    private static final String HTTP = "kit-http.pcap";
    /** A small session through a SOCKS5 proxy and an encrypted relay. */
    private static final String PROXY = "kit-proxy.pcap";
    /** A pcapng file of several interfaces and timestamp resolutions. */
    private static final String PCAPNG = "kit-pcapng.pcapng";
    /** A capture whose last record is cut short. */
    private static final String CUT_SHORT = "kit-cut-short.pcap";

    /** The client of the browsing session in {@code kit-browsing.pcap}, on IPv4 and on IPv6. */
    private static final List<String> BROWSER = List.of("192.168.1.17/32", "2001:db8:1:1::/64");
    /** No packet of the kit's captures has an address in this block (TEST-NET-3). */
    private static final String UNUSED = "203.0.113.0/24";

    /** The store under test, new and empty for each test and closed after it. */
    protected TraceStore store;

    /**
     * A new, empty store; called before each test.
     *
     * @return the store under test, closed by the kit after the test
     */
    protected abstract TraceStore createStore();

    /**
     * The folder holding the captures the kit imports.
     *
     * @return by default the folder of the kit's own captures: the testkit's resource folder when the
     *     testkit's classes are a folder on the class path, else a temporary copy made once per JVM
     *     and deleted when it exits
     * @throws IllegalStateException when the kit's captures are not on the class path
     */
    protected Path samples() {
        return KitCaptures.folder();
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
     * A capture the kit imports, checked to exist so that a missing one fails clearly. Every helper
     * below finds its capture here; a store that adds checks on captures of its own can override this
     * to resolve its own names and leave the kit's to {@code super.capture(name)}.
     *
     * @param name the capture's file name, such as {@code kit-http.pcap}
     * @return its path in {@link #samples()}
     */
    protected Path capture(String name) {
        Path p = samples().resolve(name);
        assertThat(p).as("capture " + name + " in " + samples()).isRegularFile();
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

    private static InputFilter browser() {
        return InputFilter.of(BROWSER.stream().map(InputRule::src).toList());
    }

    private static boolean inBrowser(IpAddress a) {
        return BROWSER.stream().map(Subnet::parse).anyMatch(s -> s.contains(a));
    }

    /** {@return the kit's captures that read to their end: all but the one cut short} */
    static Stream<String> wholeCaptures() {
        return KitCaptures.NAMES.stream().filter(n -> !n.equals(CUT_SHORT));
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
        @MethodSource("org.covertmark.testkit.TraceStoreCompatibilityKit#wholeCaptures")
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
            StoredTrace t = importCapture(PROXY);

            assertThat(store.list()).containsExactly(t);
            assertThat(store.get(t.id())).contains(t);
        }

        @Test
        @DisplayName("lists traces oldest first")
        void listsOldestFirst() {
            StoredTrace first = importCapture(PROXY);
            StoredTrace second = importCapture(HTTP);
            StoredTrace third = importCapture(PROXY, InputFilter.all(), "again");

            assertThat(store.list()).extracting(StoredTrace::id).containsExactly(first.id(), second.id(), third.id());
            assertThat(store.list()).extracting(StoredTrace::created).isSorted();
        }

        @Test
        @DisplayName("keeps every packet in capture order, across import batches of 1,000 and reads of 2,000")
        void keepsCaptureOrder() {
            List<Long> expected = frames(read(BROWSING, InputFilter.all()));
            StoredTrace t = importCapture(BROWSING);

            assertThat(expected).as("the capture is big enough to cross batches").hasSizeGreaterThan(2000);
            assertThat(frames(store.packets(t.id(), all()))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.covertmark.testkit.TraceStoreCompatibilityKit#wholeCaptures")
        @DisplayName("keeps the packets' contents and capture times, not only their frame numbers")
        void keepsContents(String name) {
            StoredTrace t = importCapture(name);
            List<Packet> expected = read(name, InputFilter.all());
            List<Packet> stored = store.load(t.id(), all());

            assertThat(stored).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                Packet e = expected.get(i);
                Packet s = stored.get(i);
                String at = name + " frame " + e.frame();
                assertThat(s.toString()).as(at).isEqualTo(e.toString());
                assertThat(s.timestamp()).as(at).isEqualTo(e.timestamp());
                assertThat(s.timeMicros()).as(at).isEqualTo(e.timeMicros());
                assertThat(s.wireLength()).as(at).isEqualTo(e.wireLength());
                assertThat(s.bytes().toArray()).as(at).isEqualTo(e.bytes().toArray());
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"ipv4-total-length-zero.pcap", "ipv4-total-length-beyond-frame.pcap",
            "caplen-over-wire.pcap", "tcp-header-cut.pcap", MIXED})
        @DisplayName("rebuilds packets whose lengths were read from their frame, or whose headers were cut, as read")
        void keepsLengthsReadFromTheFrame(String name) {
            Path p = capture(name);
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
            StoredTrace a = importCapture(PROXY, InputFilter.all(), "same");
            StoredTrace b = importCapture(PROXY, InputFilter.all(), "same");

            assertThat(a.id()).isNotEqualTo(b.id());
            assertThat(store.list()).extracting(StoredTrace::description).containsExactly("same", "same");
            assertThat(store.count(a.id(), all())).isEqualTo(store.count(b.id(), all()))
                    .isEqualTo(read(PROXY, InputFilter.all()).size());
        }

        @Test
        @DisplayName("closes the stream it imports from")
        void closesTheStream() {
            FailingStream s = new FailingStream(CaptureReader.open(capture(PROXY)), Integer.MAX_VALUE);

            store.importTrace(new TraceImport("proxy", InputFilter.all(), PROXY, 0), s);

            assertThat(s.closed).hasPositiveValue();
        }

        @Test
        @DisplayName("stores an empty trace when no packet passes the input filter")
        void storesEmptyTrace() {
            InputFilter none = InputFilter.of(InputRule.src(UNUSED));
            StoredTrace t = importCapture(PROXY, none, "none");

            assertThat(read(PROXY, none)).as("the capture reader passes none either").isEmpty();
            assertThat(t.complete()).isTrue();
            assertThat(t.packetCount()).isZero();
            assertThat(store.load(t.id(), all())).isEmpty();
        }
    }

    @Nested
    @DisplayName("Input filters")
    class InputFilters {

        @Test
        @DisplayName("a SRC rule keeps exactly the packets sent from the client, on IPv4 and IPv6")
        void sourceRule() {
            List<Packet> all = read(BROWSING, InputFilter.all());
            long expected = all.stream().filter(p -> inBrowser(p.source())).count();

            StoredTrace t = importCapture(BROWSING, browser(), "client to servers");
            List<Packet> stored = store.load(t.id(), all());

            assertThat(expected).as("the capture has client packets and others").isBetween(1L, all.size() - 1L);
            assertThat(all).as("the client sends on both IP versions")
                    .anyMatch(p -> inBrowser(p.source()) && p.ipVersion() == 4)
                    .anyMatch(p -> inBrowser(p.source()) && p.ipVersion() == 6);
            assertThat(t.packetCount()).isEqualTo(expected);
            assertThat(stored).hasSize((int) expected).allSatisfy(p -> assertThat(inBrowser(p.source())).isTrue());
            assertThat(t.inputFilter()).isEqualTo(browser());
        }

        @Test
        @DisplayName("a DST rule keeps exactly the packets sent to the client, on IPv4 and IPv6")
        void destinationRule() {
            InputFilter toClient = browser().reversed();
            List<Packet> all = read(BROWSING, InputFilter.all());
            long expected = all.stream().filter(p -> inBrowser(p.destination())).count();

            StoredTrace t = importCapture(BROWSING, toClient, "servers to client");

            assertThat(expected).isBetween(1L, all.size() - 1L);
            assertThat(t.packetCount()).isEqualTo(expected);
            assertThat(store.load(t.id(), all())).allSatisfy(p -> assertThat(inBrowser(p.destination())).isTrue());
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("org.covertmark.testkit.TraceStoreCompatibilityKit#inputFilters")
        @DisplayName("the stored packets are those the capture reader delivers under the same filter")
        void sameAsReader(String name, InputFilter f) {
            StoredTrace t = importCapture(name, f, "filtered");

            assertThat(frames(store.packets(t.id(), all()))).isEqualTo(frames(read(name, f)))
                    .isNotEmpty().hasSizeLessThan(read(name, InputFilter.all()).size());
        }
    }

    static Stream<Arguments> inputFilters() {
        return Stream.of(
                Arguments.of(BROWSING, InputFilter.of(BROWSER.stream().map(InputRule::either).toList())),
                Arguments.of(MIXED, InputFilter.of(InputRule.either("10.0.0.1/32"))),
                Arguments.of(MIXED, InputFilter.of(InputRule.src("10.0.0.0/8"), InputRule.dst("192.0.2.0/24"))),
                Arguments.of(MIXED, InputFilter.of(InputRule.src("2001:db8:10::/48"), InputRule.either("10.0.0.53"))),
                Arguments.of(MIXED, InputFilter.of(InputRule.dst("ff00::/8"), InputRule.dst("224.0.0.0/4"))),
                Arguments.of(PCAPNG, InputFilter.of(InputRule.either("10.0.0.53/32"))));
    }

    static Stream<Arguments> strategicFilters() {
        Subnet lan = Subnet.parse("10.0.0.0/8");
        Subnet v6Client = Subnet.parse(BROWSER.get(1));
        Subnet multicast6 = Subnet.parse("ff00::/8");
        return Stream.of(
                Arguments.of(MIXED, all()),
                Arguments.of(MIXED, tcp()),
                Arguments.of(MIXED, udp()),
                Arguments.of(MIXED, hasPayload()),
                Arguments.of(MIXED, tlsSegment()),
                Arguments.of(MIXED, httpRequest()),
                Arguments.of(MIXED, sourceIn(lan)),
                Arguments.of(MIXED, destinationIn(lan)),
                Arguments.of(MIXED, port(80)),
                Arguments.of(MIXED, sourcePort(80)),
                Arguments.of(MIXED, destinationPort(443)),
                Arguments.of(MIXED, tcp().not().and(udp().not())),
                Arguments.of(MIXED, tcp().and(hasPayload()).and(tlsSegment().not())),
                Arguments.of(MIXED, udp().or(httpRequest())),
                Arguments.of(MIXED, sourceIn(lan).and(port(443).or(port(80))).not()),
                // IPv6 blocks whose addresses have the top bit set, and an IPv6 block that holds IPv4 addresses
                Arguments.of(MIXED, sourceIn(multicast6).or(destinationIn(multicast6))),
                Arguments.of(MIXED, sourceIn(Subnet.parse("fe80::/10")).and(udp().not())),
                Arguments.of(MIXED, sourceIn(Subnet.parse("::ffff:10.0.0.0/104"))),
                Arguments.of(MIXED, destinationIn(Subnet.parse("2001:db8::/32")).and(tcp().not())),
                Arguments.of(MIXED, port(53).and(udp()).or(sourcePort(65535)).or(destinationPort(0))),
                Arguments.of(BROWSING, sourceIn(v6Client).and(tlsSegment())),
                Arguments.of(BROWSING, destinationIn(v6Client).or(sourceIn(Subnet.parse("192.168.1.17")))
                        .and(hasPayload())),
                Arguments.of(BROWSING, port(443).and(udp())),
                Arguments.of(HTTP, httpRequest()),
                Arguments.of(HTTP, destinationPort(80).and(httpRequest().not())),
                Arguments.of(PROXY, destinationPort(8388).and(hasPayload())),
                Arguments.of(PCAPNG, hasPayload().and(sourceIn(Subnet.parse("2001:db8::/32")).not())));
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
            StoredTrace t = importCapture(MIXED);
            PacketFilter nothing = sourceIn(Subnet.parse(UNUSED)).or(tcp().and(udp()));

            try (PacketStream s = store.packets(t.id(), nothing)) {
                assertThat(s.hasNext()).isFalse();
            }
            assertThat(store.count(t.id(), nothing)).isZero();
            assertThat(store.distinct(t.id(), PacketField.SOURCE, nothing)).isEmpty();
        }

        @Test
        @DisplayName("two streams over one trace advance independently")
        void independentStreams() {
            StoredTrace t = importCapture(PROXY);
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
            assertThat(a).hasSize(read(PROXY, InputFilter.all()).size()).isEqualTo(b);
        }

        @Test
        @DisplayName("packets stay valid after their stream is closed, and closing twice does nothing")
        void packetsOutliveTheirStream() {
            StoredTrace t = importCapture(HTTP);
            List<Packet> expected = read(HTTP, InputFilter.all()).stream()
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
        @MethodSource("org.covertmark.testkit.TraceStoreCompatibilityKit#wholeCaptures")
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
        @MethodSource("org.covertmark.testkit.TraceStoreCompatibilityKit#wholeCaptures")
        @DisplayName("index the same connections as the packets read one by one")
        void sameConnections(String name) {
            StoredTrace t = importCapture(name);
            List<Subnet> clients = List.of(Subnet.parse("192.168.0.0/16"), Subnet.parse("10.0.0.0/8"));
            List<Packet> loaded = store.load(t.id(), all());
            Connections fromStore = Connections.of(loaded, clients);
            Connections oneByOne = Connections.of(new ArrayList<>(read(name, InputFilter.all())), clients);

            assertThat(fromStore.size()).as("the capture has connections").isPositive();
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
            StoredTrace t = importCapture(BROWSING);
            Set<IpAddress> expected = new LinkedHashSet<>();
            read(BROWSING, InputFilter.all()).forEach(p -> expected.add(p.destination()));

            assertThat(store.distinct(t.id(), PacketField.DESTINATION, all())).containsExactlyElementsOf(expected);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"src", "dst", "proto", "sport", "dport"})
        @DisplayName("every field's distinct values under a filter are those found by hand")
        void everyField(String fieldName) {
            PacketField<?> field = PacketField.values().stream().filter(f -> f.name().equals(fieldName)).findFirst()
                    .orElseThrow();
            StoredTrace t = importCapture(MIXED);

            checkDistinct(t, field, hasPayload().or(udp()));
        }

        private <T> void checkDistinct(StoredTrace t, PacketField<T> field, PacketFilter filter) {
            Set<T> expected = new LinkedHashSet<>();
            read(MIXED, InputFilter.all()).stream().filter(filter::test)
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
            importCapture(PROXY);

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
            StoredTrace t = importCapture(PROXY);

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
            StoredTrace keep = importCapture(HTTP);
            StoredTrace gone = importCapture(PROXY);

            assertThat(store.delete(gone.id())).isTrue();

            assertThat(store.list()).containsExactly(keep);
            assertThat(store.get(gone.id())).isEmpty();
            assertThatThrownBy(() -> store.packets(gone.id(), all())).isInstanceOf(UnknownTraceException.class);
            assertThat(store.delete(gone.id())).isFalse();
            assertThat(store.count(keep.id(), all())).isEqualTo(read(HTTP, InputFilter.all()).size());
        }
    }

    @Nested
    @DisplayName("A failed import")
    class FailedImport {

        @ParameterizedTest(name = "after {0} packets")
        @ValueSource(ints = {0, 100, 1500})
        @DisplayName("throws, leaves no complete trace and touches nothing else")
        void leavesNothing(int good) {
            StoredTrace earlier = importCapture(HTTP);
            FailingStream failing = new FailingStream(CaptureReader.open(capture(BROWSING)), good);

            assertThatThrownBy(() -> store.importTrace(
                    new TraceImport("doomed", InputFilter.all(), BROWSING, 0), failing))
                    .isInstanceOf(TraceStoreException.class)
                    .hasMessageContaining(BROWSING);

            assertThat(failing.closed).hasPositiveValue();
            assertThat(store.list()).filteredOn(StoredTrace::complete).containsExactly(earlier);
            for (StoredTrace t : store.list()) {
                if (!t.complete()) {
                    assertThatThrownBy(() -> store.packets(t.id(), all())).isInstanceOf(UnknownTraceException.class);
                }
            }
            assertThat(frames(store.packets(earlier.id(), all())))
                    .isEqualTo(frames(read(HTTP, InputFilter.all())));
        }

        @Test
        @DisplayName("a capture cut short fails as a whole, leaving no complete trace")
        void truncatedCapture() {
            Path cut = capture(CUT_SHORT);
            CaptureReader reader = CaptureReader.open(cut);

            assertThatThrownBy(() -> store.importTrace(
                    new TraceImport("cut", InputFilter.all(), CUT_SHORT, reader.sizeBytes()), reader))
                    .isInstanceOf(TraceStoreException.class)
                    .hasMessageContaining(CUT_SHORT);
            assertThat(store.list()).noneMatch(StoredTrace::complete);
        }

        @Test
        @DisplayName("a store that failed an import can still import")
        void canImportAfterwards() {
            FailingStream failing = new FailingStream(CaptureReader.open(capture(BROWSING)), 10);
            assertThatThrownBy(() -> store.importTrace(
                    new TraceImport("doomed", InputFilter.all(), BROWSING, 0), failing))
                    .isInstanceOf(TraceStoreException.class);

            StoredTrace t = importCapture(PROXY);

            assertThat(store.count(t.id(), all())).isEqualTo(read(PROXY, InputFilter.all()).size());
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
                private final CaptureReader inner = CaptureReader.open(capture(PROXY));
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

            StoredTrace t = store.importTrace(new TraceImport("in progress", InputFilter.all(), PROXY, 0), watching);

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
