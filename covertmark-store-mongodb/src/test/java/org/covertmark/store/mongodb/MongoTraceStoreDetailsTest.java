package org.covertmark.store.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.api.filter.PacketFilter.all;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.types.Binary;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.IncompleteTraceException;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the MongoDB store promises beyond the shared contract, and how it fails. */
class MongoTraceStoreDetailsTest {

    private static final Path SAMPLES = Path.of("..", "data", "public");

    private static InProcessMongo server;

    @BeforeAll
    static void startServer() {
        server = InProcessMongo.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static MongoTraceStore openStore() {
        return server.openStore(MongoTraceStore.Options.defaults());
    }

    private static StoredTrace importSample(TraceStore store, String name) {
        CaptureReader r = CaptureReader.open(SAMPLES.resolve(name));
        return store.importTrace(new TraceImport(name, InputFilter.all(), name, r.sizeBytes()), r);
    }

    /** A capture's packets, calling {@code action} with the position just before delivering packet {@code at}. */
    private static PacketStream interrupting(String name, int at, Consumer<Integer> action) {
        CaptureReader inner = CaptureReader.open(SAMPLES.resolve(name));
        return new PacketStream() {
            private int n;

            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public Packet next() {
                if (n == at) {
                    action.accept(n);
                }
                n++;
                return inner.next();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Nested
    @DisplayName("Layout")
    class Layout {

        @Test
        @DisplayName("one metadata document per trace, with its status, filter, source and count")
        void metadata() {
            try (MongoTraceStore store = openStore()) {
                CaptureReader r = CaptureReader.open(SAMPLES.resolve("shadowsocks.pcap"));
                InputFilter filter = InputFilter.of(InputRule.either("0.0.0.0/0"),
                        InputRule.src("2001:db8::/32"));
                StoredTrace t = store.importTrace(new TraceImport("ss sample", filter, "shadowsocks.pcap",
                        r.sizeBytes()), r);

                Document d = store.database().getCollection("traces").find(new Document("_id", t.id())).first();
                assertThat(d).isNotNull();
                assertThat(d.getString("description")).isEqualTo("ss sample");
                assertThat(d.getString("status")).isEqualTo("complete");
                assertThat(d.getLong("packets")).isEqualTo(44L);
                assertThat(d.getString("source")).isEqualTo("shadowsocks.pcap");
                assertThat(d.getLong("source_bytes")).isEqualTo(138527L);
                assertThat(d.getList("input_filter", String.class))
                        .containsExactly("EITHER 0.0.0.0/0", "SRC 2001:db8::/32");
                assertThat(d.getDate("created").toInstant()).isEqualTo(t.created());
                assertThat(d.getString("collection")).isEqualTo("trace_" + t.id());
                assertThat(store.database().getCollection("trace_" + t.id()).countDocuments()).isEqualTo(44);
                assertThat(store.get(t.id())).contains(t);
            }
        }

        @Test
        @DisplayName("packet documents have the original's shape, exact times and queryable addresses")
        void packetDocuments() {
            try (MongoTraceStore store = openStore()) {
                StoredTrace t = importSample(store, "http-packets2.pcap");
                List<Packet> expected = CaptureReader.open(SAMPLES.resolve("http-packets2.pcap")).toList();
                Packet request = expected.stream().filter(p -> p.httpRequest().isPresent()).findFirst().orElseThrow();
                int index = expected.indexOf(request);

                Document d = store.database().getCollection("trace_" + t.id())
                        .find(new Document("_id", (long) index)).first();

                assertThat(d).isNotNull();
                assertThat(d.getLong("frame")).isEqualTo(request.frame());
                assertThat(d.getLong("time")).isEqualTo(request.timeMicros());
                assertThat(d.getLong("ts_s")).isEqualTo(request.timestamp().epochSecond());
                assertThat(d.getInteger("ts_ns")).isEqualTo(request.timestamp().nanos());
                assertThat(d.getString("type")).isEqualTo("IPv" + request.ipVersion());
                assertThat(d.getString("src")).isEqualTo(request.source().toString());
                assertThat(d.getString("dst")).isEqualTo(request.destination().toString());
                assertThat(d.getInteger("len")).isEqualTo(request.ipLength());
                assertThat(d.getInteger("ttl")).isEqualTo(request.ttl());
                assertThat(d.getInteger("proto")).isEqualTo(6);
                Document tcp = d.get("tcp_info", Document.class);
                var segment = request.tcp().orElseThrow();
                assertThat(tcp.getInteger("sport")).isEqualTo(segment.sourcePort());
                assertThat(tcp.getInteger("dport")).isEqualTo(segment.destinationPort()).isEqualTo(d.getInteger("dport"));
                assertThat(tcp.getLong("seq")).isEqualTo(segment.sequenceNumber());
                assertThat(tcp.getLong("ack")).isEqualTo(segment.acknowledgementNumber());
                assertThat(tcp.getInteger("flags")).isEqualTo(segment.flags());
                assertThat(tcp.get("payload", Binary.class).getData()).isEqualTo(request.payload().toArray());
                Document http = d.get("http_info", Document.class);
                assertThat(http.getString("method")).isEqualTo(request.httpRequest().get().method());
                assertThat(http.getString("uri")).isEqualTo(request.httpRequest().get().uri());
                assertThat(d.getInteger("payload_len")).isEqualTo(segment.payloadLength());
                if (request.ipVersion() == 4) {
                    long v4 = Long.parseLong(String.join("", Arrays.stream(d.getString("src").split("\\."))
                            .map(o -> String.format("%02x", Integer.parseInt(o))).toList()), 16);
                    assertThat(d.getLong("src_hi")).isZero();
                    assertThat(d.getLong("src_lo")).isEqualTo(0xffff00000000L + v4);
                }
                byte[] head = d.get("hdr", Binary.class).getData();
                assertThat(head.length + request.payload().length()).isEqualTo(request.bytes().length());
            }
        }

        @Test
        @DisplayName("TLS segments carry tls_info with their record types, and can be found by hand")
        void tlsInfo() {
            try (MongoTraceStore store = openStore()) {
                StoredTrace t = importSample(store, "tls2.pcap");
                long expected = CaptureReader.open(SAMPLES.resolve("tls2.pcap")).stream()
                        .filter(Packet::isTlsSegment).count();
                long handshakes = CaptureReader.open(SAMPLES.resolve("tls2.pcap")).stream()
                        .filter(p -> !p.tlsRecords().isEmpty() && p.tlsRecords().get(0).contentType() == 22).count();

                var packets = store.database().getCollection("trace_" + t.id());
                assertThat(packets.countDocuments(new Document("tls_info", new Document("$exists", true))))
                        .isEqualTo(expected).isPositive();
                assertThat(packets.countDocuments(new Document("tls_info.type.0", 22))).isEqualTo(handshakes)
                        .isPositive();
            }
        }

        @Test
        @DisplayName("ids are short numbers, never reused after a delete")
        void ids() {
            try (MongoTraceStore store = openStore()) {
                assertThat(importSample(store, "shadowsocks.pcap").id()).isEqualTo("1");
                assertThat(importSample(store, "shadowsocks.pcap").id()).isEqualTo("2");
                assertThat(store.delete("2")).isTrue();
                assertThat(importSample(store, "shadowsocks.pcap").id()).isEqualTo("3");
            }
        }

        @Test
        @DisplayName("every strategic filter node is translated to a server-side query")
        void serverSide() {
            FilterTranslator translator = new FilterTranslator();
            List<PacketFilter> filters = List.of(all(), PacketFilter.tcp(), PacketFilter.udp(),
                    PacketFilter.hasPayload(), PacketFilter.tlsSegment(), PacketFilter.httpRequest(),
                    PacketFilter.sourceIn(Subnet.parse("10.0.0.0/8")), PacketFilter.port(443),
                    PacketFilter.tcp().and(PacketFilter.hasPayload()).or(PacketFilter.udp().not()),
                    new PacketFilter.And(List.of()), new PacketFilter.Or(List.of()));
            for (PacketFilter f : filters) {
                assertThat(translator.translate(f).exact()).as(f.toString()).isTrue();
            }
            assertThat(translator.translate(PacketFilter.port(443)).query().toJson())
                    .isEqualTo("{\"$or\": [{\"sport\": 443}, {\"dport\": 443}]}");
        }

        @Test
        @DisplayName("a node left to this process still gives the reference answer, the rest running on the server")
        void clientSideFallback() {
            FilterTranslator partial = new FilterTranslator(Set.of(PacketFilter.TlsSegment.class,
                    PacketFilter.Port.class));
            Subnet lan = Subnet.parse("10.0.0.0/8");
            List<PacketFilter> filters = List.of(PacketFilter.tlsSegment(),
                    PacketFilter.tcp().and(PacketFilter.tlsSegment().not()).and(PacketFilter.sourceIn(lan)),
                    PacketFilter.port(80).or(PacketFilter.udp()), PacketFilter.port(443).not(),
                    PacketFilter.hasPayload().and(PacketFilter.port(53).or(PacketFilter.port(443))));
            FilterTranslator.Translation and = partial.translate(filters.get(1));
            assertThat(and.residual()).isEqualTo(PacketFilter.tlsSegment().not());
            assertThat(and.query().toJson()).contains("payload_len").contains("src_hi");

            try (MongoTraceStore store = server.openStore(new MongoTraceStore.Options(500, 2, 100, partial))) {
                StoredTrace t = importSample(store, "many-protocols.pcap");
                List<Packet> packets = CaptureReader.open(SAMPLES.resolve("many-protocols.pcap")).toList();
                for (PacketFilter f : filters) {
                    List<Long> expected = packets.stream().filter(f::test).map(Packet::frame).toList();
                    assertThat(store.packets(t.id(), f).toList()).as(f.toString()).extracting(Packet::frame)
                            .isEqualTo(expected).isNotEmpty();
                    assertThat(store.count(t.id(), f)).isEqualTo(expected.size());
                }
            }
        }
    }

    @Nested
    @DisplayName("Opening")
    class Opening {

        @Test
        @DisplayName("TraceStores opens mongodb:// URIs and the store describes itself without credentials")
        void byUri() {
            String uri = server.uri(InProcessMongo.freshDatabase("by_uri"));
            assertThat(TraceStores.schemes()).contains("mongodb", "mongodb+srv", "memory");
            try (TraceStore store = TraceStores.open(uri)) {
                assertThat(store.describe()).isEqualTo(uri);
                assertThat(store.list()).isEmpty();
            }
        }

        @Test
        @DisplayName("an unreachable server: one line naming host and port, within a few seconds, no password")
        void unreachable() throws IOException {
            int port = freePort();
            long start = System.nanoTime();

            assertThatThrownBy(() -> TraceStores.open("mongodb://alice:s3cretpass@127.0.0.1:" + port + "/db"))
                    .isInstanceOf(TraceStoreException.class)
                    .hasMessageStartingWith("cannot open mongodb://alice@127.0.0.1:" + port + "/db: cannot reach "
                            + "MongoDB at 127.0.0.1:" + port + ": ")
                    .hasMessageContaining("refused")
                    .hasMessageNotContaining("s3cretpass")
                    .hasMessageNotContaining("\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }

        @Test
        @DisplayName("the time-outs of the URI apply")
        void uriTimeouts() throws IOException {
            int port = freePort();
            long start = System.nanoTime();

            assertThatThrownBy(() -> TraceStores.open("mongodb://127.0.0.1:" + port
                    + "/db?serverSelectionTimeoutMS=300&connectTimeoutMS=300"))
                    .hasMessageContaining("cannot reach MongoDB at 127.0.0.1:" + port);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        }

        @Test
        @DisplayName("credentials the server refuses: one line naming the user, never the password")
        void refusedCredentials() {
            assertThatThrownBy(() -> TraceStores.open("mongodb://alice:s3cretpass@" + server.hostAndPort()
                    + "/db?authSource=admin"))
                    .isInstanceOf(TraceStoreException.class)
                    .hasMessageContaining("alice")
                    .hasMessageContaining(server.hostAndPort())
                    .hasMessageNotContaining("s3cretpass")
                    .hasMessageNotContaining("\n");
        }

        @Test
        @DisplayName("a malformed URI is named without its password")
        void malformed() {
            assertThatThrownBy(() -> TraceStores.open("mongodb://alice:s3cretpass@127.0.0.1:27017/db?authMechanism=NOPE"))
                    .isInstanceOf(TraceStoreException.class)
                    .hasMessageStartingWith("malformed MongoDB URI 'mongodb://alice:***@127.0.0.1:27017/db?authMechanism=NOPE'")
                    .hasMessageNotContaining("s3cretpass");
        }
    }

    @Nested
    @DisplayName("Failures")
    class Failures {

        @Test
        @DisplayName("the server goes away during an import: a clear error within seconds, the stream closed")
        void serverGoesAway() {
            InProcessMongo own = InProcessMongo.start();
            try (MongoTraceStore store = own.openStore(MongoTraceStore.Options.of(100, 100))) {
                List<Boolean> closed = new ArrayList<>();
                PacketStream inner = interrupting("tls2.pcap", 1000, n -> own.kill());
                PacketStream packets = new PacketStream() {
                    @Override
                    public boolean hasNext() {
                        return inner.hasNext();
                    }

                    @Override
                    public Packet next() {
                        return inner.next();
                    }

                    @Override
                    public void close() {
                        closed.add(true);
                        inner.close();
                    }
                };
                long start = System.nanoTime();

                assertThatThrownBy(() -> store.importTrace(new TraceImport("doomed", InputFilter.all(), "tls2.pcap", 0),
                        packets))
                        .isInstanceOf(IncompleteTraceException.class)
                        .hasMessageStartingWith("cannot import 'tls2.pcap' into mongodb://" + own.hostAndPort())
                        .hasMessageMatching(".* after \\d+ packets: .*")
                        .hasMessageContaining("cannot reach MongoDB at " + own.hostAndPort())
                        .hasMessageEndingWith("; trace '1' is left incomplete")
                        .hasMessageNotContaining("\n")
                        .extracting(e -> ((IncompleteTraceException) e).id()).isEqualTo("1");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
                assertThat(closed).isNotEmpty();
            } finally {
                own.close();
            }
        }

        @Test
        @DisplayName("the connection is lost during an import: the trace is left incomplete, other traces untouched, delete removes it")
        void connectionLost() throws IOException {
            String database = InProcessMongo.freshDatabase("cut");
            MongoTraceStore.Options small = MongoTraceStore.Options.of(100, 100);
            try (CuttableProxy proxy = new CuttableProxy(server.port())) {
                StoredTrace earlier;
                try (MongoTraceStore store = MongoTraceStore.open(proxy.uri(database), small)) {
                    earlier = importSample(store, "http-packets2.pcap");
                    PacketStream packets = interrupting("tls2.pcap", 1000, n -> proxy.cut());

                    assertThatThrownBy(() -> store.importTrace(
                            new TraceImport("doomed", InputFilter.all(), "tls2.pcap", 0), packets))
                            .isInstanceOf(TraceStoreException.class)
                            .hasMessageContaining("cannot reach MongoDB at 127.0.0.1:" + proxy.port())
                            .hasMessageContaining("trace '2' is left incomplete");
                }

                try (MongoTraceStore direct = MongoTraceStore.open(server.uri(database), small)) {
                    List<StoredTrace> traces = direct.list();
                    assertThat(traces).extracting(StoredTrace::id).containsExactly(earlier.id(), "2");
                    assertThat(traces.get(0)).isEqualTo(earlier);
                    StoredTrace doomed = traces.get(1);
                    assertThat(doomed.complete()).isFalse();
                    assertThat(doomed.description()).isEqualTo("doomed");
                    assertThat(direct.database().getCollection("trace_2").countDocuments()).isBetween(1L, 1000L);
                    assertThatThrownBy(() -> direct.packets("2", all())).isInstanceOf(UnknownTraceException.class);
                    assertThatThrownBy(() -> direct.count("2", all())).isInstanceOf(UnknownTraceException.class);
                    assertThat(direct.count(earlier.id(), all())).isEqualTo(222);

                    assertThat(direct.delete("2")).isTrue();

                    assertThat(direct.list()).containsExactly(earlier);
                    assertThat(direct.database().listCollectionNames().into(new ArrayList<>()))
                            .doesNotContain("trace_2").contains("trace_" + earlier.id());
                }
            }
        }

        @Test
        @DisplayName("deleting a trace while a stream reads it: the delete succeeds, the stream fails at its next batch")
        void deleteWhileReading() {
            try (MongoTraceStore store = server.openStore(MongoTraceStore.Options.of(1000, 10))) {
                StoredTrace t = importSample(store, "shadowsocks.pcap");
                List<Packet> expected = CaptureReader.open(SAMPLES.resolve("shadowsocks.pcap")).toList();
                List<Packet> read = new ArrayList<>();
                PacketStream s = store.packets(t.id(), all());
                for (int i = 0; i < 5; i++) {
                    read.add(s.next());
                }

                assertThat(store.delete(t.id())).isTrue();

                assertThatThrownBy(() -> {
                    while (s.hasNext()) {
                        read.add(s.next());
                    }
                }).isInstanceOf(TraceStoreException.class)
                        .hasMessage("trace '" + t.id() + "' of " + store.describe() + " was deleted while it was being read");
                assertThat(read).hasSize(10);
                for (int i = 0; i < read.size(); i++) {
                    assertThat(read.get(i).toString()).isEqualTo(expected.get(i).toString());
                }
                assertThat(s.hasNext()).isFalse();
                s.close();
                assertThat(store.list()).isEmpty();
                assertThatThrownBy(() -> store.packets(t.id(), all())).isInstanceOf(UnknownTraceException.class);
            }
        }

        @Test
        @DisplayName("deleting a trace while it is imported: the import fails and leaves nothing")
        void deleteWhileImporting() {
            try (MongoTraceStore store = server.openStore(MongoTraceStore.Options.of(100, 100))) {
                PacketStream packets = interrupting("shadowsocks.pcap", 30, n -> {
                    StoredTrace pending = store.list().get(0);
                    assertThat(pending.complete()).isFalse();
                    assertThat(store.delete(pending.id())).isTrue();
                });

                assertThatThrownBy(() -> store.importTrace(new TraceImport("ss", InputFilter.all(), "shadowsocks.pcap", 0),
                        packets))
                        .isInstanceOf(TraceStoreException.class)
                        .hasMessageContaining("trace '1' was deleted while it was being imported");
                assertThat(store.list()).isEmpty();
                assertThat(store.database().listCollectionNames().into(new ArrayList<>())).noneMatch(
                        c -> c.startsWith("trace_"));
            }
        }

        @Test
        @DisplayName("a capture that fails part way leaves nothing behind when the server is there to clean up")
        void failedCaptureLeavesNothing() {
            try (MongoTraceStore store = server.openStore(MongoTraceStore.Options.of(10, 100))) {
                PacketStream packets = interrupting("shadowsocks.pcap", 30, n -> {
                    throw new IllegalStateException("record cut short");
                });

                assertThatThrownBy(() -> store.importTrace(new TraceImport("ss", InputFilter.all(), "shadowsocks.pcap", 0),
                        packets))
                        .isInstanceOf(TraceStoreException.class)
                        .hasMessage("cannot import 'shadowsocks.pcap' into " + store.describe() + ": record cut short");
                assertThat(store.list()).isEmpty();
                assertThat(store.database().listCollectionNames().into(new ArrayList<>())).noneMatch(
                        c -> c.startsWith("trace_"));
            }
        }
    }
}
