package org.covertmark.core.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.Timestamp;
import org.covertmark.api.store.PacketColumns;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the memory store promises beyond the shared contract. */
class MemoryTraceStoreDetailsTest {

    private static final Path SHADOWSOCKS = Path.of("..", "data", "public", "shadowsocks.pcap");
    private static final Path TLS2 = Path.of("..", "data", "public", "tls2.pcap");

    private final MemoryTraceStore store = new MemoryTraceStore();

    private StoredTrace importShadowsocks(String description) {
        CaptureReader r = CaptureReader.open(SHADOWSOCKS);
        return store.importTrace(new TraceImport(description, InputFilter.all(), "shadowsocks.pcap", r.sizeBytes()), r);
    }

    @Test
    @DisplayName("gives sequential short ids, never reusing a deleted one")
    void sequentialIds() {
        assertThat(importShadowsocks("a").id()).isEqualTo("1");
        assertThat(importShadowsocks("b").id()).isEqualTo("2");
        store.delete("2");
        assertThat(importShadowsocks("c").id()).isEqualTo("3");
    }

    @Test
    @DisplayName("describes itself as memory:")
    void describes() {
        assertThat(store.describe()).isEqualTo("memory:");
    }

    @Test
    @DisplayName("keeps where each packet's bytes lie rather than copies, and rebuilds equal packets")
    void keepsViewsOverTheSameBytes() {
        List<Packet> given = CaptureReader.open(TLS2).toList();
        StoredTrace t = store.importTrace(new TraceImport("tls2", InputFilter.all(), "tls2", 0), PacketStream.of(given));

        List<Packet> stored = store.load(t.id(), PacketFilter.all());

        assertThat(stored).hasSameSizeAs(given).isInstanceOf(RandomAccess.class);
        // so the shared kit's header-column checks apply to it
        assertThat(stored).isInstanceOf(PacketColumns.class);
        assertThat(store.load(t.id(), PacketFilter.tcp())).isInstanceOf(PacketColumns.class);
        for (int i = 0; i < given.size(); i++) {
            Packet s = stored.get(i);
            Packet g = given.get(i);
            assertThat(s.bytes().sameSource(g.bytes())).isTrue();
            assertThat(s.bytes().sourceOffset()).isEqualTo(g.bytes().sourceOffset());
            assertThat(s.bytes()).isEqualTo(g.bytes());
            assertThat(s.frame()).isEqualTo(g.frame());
            assertThat(s.timestamp()).isEqualTo(g.timestamp());
            assertThat(s.wireLength()).isEqualTo(g.wireLength());
            assertThat(s.toString()).isEqualTo(g.toString());
        }
    }

    @Test
    @DisplayName("takes 39 bytes of heap a packet of a capture, the buffer's one view included")
    void compactColumns() {
        StoredTrace t = store.importTrace(new TraceImport("tls2", InputFilter.all(), "tls2", 0),
                CaptureReader.open(TLS2));

        assertThat(t.packetCount()).isGreaterThan(1000);
        assertThat(store.bytesPerPacket(t.id())).isBetween(39.0, 39.1);
    }

    @Test
    @DisplayName("keeps frame numbers beyond 2^31 and times outside the nanosecond range of a long exactly")
    void widensColumnsForExtremeValues() {
        List<Packet> base = CaptureReader.open(SHADOWSOCKS).toList();
        List<Packet> given = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            Packet p = base.get(i);
            Timestamp time = switch (i % 4) {
                case 0 -> p.timestamp();
                case 1 -> new Timestamp(-12_345_678_901L, 999_999_999);
                case 2 -> Timestamp.UNKNOWN;
                default -> new Timestamp(Long.MAX_VALUE, 1);
            };
            long frame = i < 10 ? i + 1 : (1L << 40) + i;
            given.add(Packet.parse(frame, time, p.wireLength(), p.bytes()));
        }
        StoredTrace t = store.importTrace(new TraceImport("odd", InputFilter.all(), "odd", 0), PacketStream.of(given));

        List<Packet> stored = store.load(t.id(), PacketFilter.all());

        assertThat(stored).hasSameSizeAs(given);
        for (int i = 0; i < given.size(); i++) {
            assertThat(stored.get(i).frame()).isEqualTo(given.get(i).frame());
            assertThat(stored.get(i).timestamp()).isEqualTo(given.get(i).timestamp());
            assertThat(stored.get(i).toString()).isEqualTo(given.get(i).toString());
        }
        assertThat(stored.get(2).timestamp()).isSameAs(Timestamp.UNKNOWN);
        assertThat(store.bytesPerPacket(t.id())).isEqualTo(47 + 28.0 / given.size());
    }

    @Test
    @DisplayName("loads the packets a filter selects as a list of their indices")
    void loadsSelectedRows() {
        StoredTrace t = importShadowsocks("ss");
        PacketFilter payload = PacketFilter.tcp().and(PacketFilter.hasPayload());

        List<Packet> loaded = store.load(t.id(), payload);
        List<Packet> expected = CaptureReader.open(SHADOWSOCKS).toList().stream().filter(payload::test).toList();

        assertThat(loaded).hasSameSizeAs(expected).hasSizeLessThan(44);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(loaded.get(i).frame()).isEqualTo(expected.get(i).frame());
            assertThat(loaded.get(i).payload()).isEqualTo(expected.get(i).payload());
        }
        assertThatThrownBy(() -> loaded.get(expected.size())).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    @DisplayName("evaluates filters on its columns exactly as PacketFilter.test does, on every public capture")
    void columnFiltersAgreeWithTheReference() throws Exception {
        Subnet anyV4 = Subnet.parse("0.0.0.0/0");
        Subnet lan = Subnet.parse("192.168.0.0/16");
        Subnet host = Subnet.parse("10.0.0.1/32");
        Subnet mapped = Subnet.parse("::ffff:0:0/96");
        List<PacketFilter> filters = List.of(PacketFilter.tcp(), PacketFilter.udp(), PacketFilter.hasPayload(),
                PacketFilter.sourceIn(anyV4), PacketFilter.destinationIn(lan), PacketFilter.sourceIn(host),
                new PacketFilter.Address(org.covertmark.api.filter.Direction.EITHER, lan),
                PacketFilter.sourceIn(mapped), PacketFilter.tcp().and(PacketFilter.hasPayload()).not(),
                PacketFilter.sourceIn(lan).or(PacketFilter.destinationIn(host)).and(PacketFilter.port(443).not()));
        List<Path> captures;
        try (var files = java.nio.file.Files.list(TLS2.getParent())) {
            captures = files.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")).sorted()
                    .toList();
        }
        int checked = 0;
        for (Path capture : captures) {
            List<Packet> packets;
            try (CaptureReader r = CaptureReader.open(capture)) {
                packets = r.toList();
            } catch (RuntimeException e) {
                continue; // cut short or not decodable as a whole: the compatibility kit covers those
            }
            StoredTrace t = store.importTrace(new TraceImport("c", InputFilter.all(), capture.toString(), 0),
                    PacketStream.of(packets));
            for (PacketFilter f : filters) {
                List<Long> expected = packets.stream().filter(f::test).map(Packet::frame).toList();
                assertThat(store.load(t.id(), f)).as("%s: %s", capture.getFileName(), f).extracting(Packet::frame)
                        .containsExactlyElementsOf(expected);
                assertThat(store.count(t.id(), f)).isEqualTo(expected.size());
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    @DisplayName("lists an import in progress as incomplete")
    void listsImportInProgress() {
        List<StoredTrace> seen = new ArrayList<>();
        List<Packet> given = CaptureReader.open(SHADOWSOCKS).toList();
        PacketStream watching = new PacketStream() {
            private int at;

            @Override
            public boolean hasNext() {
                return at < given.size();
            }

            @Override
            public Packet next() {
                seen.addAll(store.list());
                return given.get(at++);
            }

            @Override
            public void close() {
            }
        };

        store.importTrace(new TraceImport("ss", InputFilter.all(), "ss", 0), watching);

        assertThat(seen).hasSize(44).allSatisfy(t -> {
            assertThat(t.id()).isEqualTo("1");
            assertThat(t.complete()).isFalse();
            assertThat(t.packetCount()).isZero();
        });
    }

    @Test
    @DisplayName("names the source and the reason when an import fails, keeping the cause")
    void failureMessage() {
        IllegalStateException cause = new IllegalStateException("/tmp/x.pcap: record cut short (at byte 4242)");
        PacketStream failing = new PacketStream() {
            @Override
            public boolean hasNext() {
                throw cause;
            }

            @Override
            public Packet next() {
                throw cause;
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> store.importTrace(new TraceImport("x", InputFilter.all(), "x.pcap", 0), failing))
                .isInstanceOf(TraceStoreException.class)
                .hasMessage("cannot import 'x.pcap': /tmp/x.pcap: record cut short (at byte 4242)")
                .hasCause(cause);
        assertThat(store.list()).isEmpty();
    }

    @Test
    @DisplayName("imports from several threads at once, each under its own id")
    void concurrentImports() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredTrace>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String d = "t" + i;
                futures.add(pool.submit(() -> importShadowsocks(d)));
            }
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<StoredTrace> f : futures) {
                StoredTrace t = f.get();
                assertThat(t.complete()).isTrue();
                assertThat(t.packetCount()).isEqualTo(44);
                ids.add(t.id());
            }
            assertThat(ids).hasSize(16);
            assertThat(store.list()).extracting(StoredTrace::id).containsExactly(
                    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("forgets every trace when closed")
    void closeForgets() {
        StoredTrace t = importShadowsocks("a");

        store.close();

        assertThat(store.list()).isEmpty();
        assertThat(store.get(t.id())).isEmpty();
    }
}
