package org.covertmark.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.core.capture.CaptureException;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceStoresTest {

    private static final Path SAMPLES = Path.of("..", "data", "public");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory:", "MEMORY:", " memory: ", "memory:/"})
    @DisplayName("opens a new, empty memory store for memory:")
    void opensMemory(String uri) {
        try (TraceStore store = TraceStores.open(uri)) {
            assertThat(store.describe()).isEqualTo("memory:");
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    @DisplayName("the default URI is memory:, and each open gives a separate store")
    void defaultIsMemory() {
        assertThat(TraceStores.DEFAULT_URI).isEqualTo("memory:");
        try (TraceStore a = TraceStores.open(TraceStores.DEFAULT_URI);
                TraceStore b = TraceStores.open(URI.create("memory:/"))) {
            TraceStores.importCapture(a, SAMPLES.resolve("shadowsocks.pcap"), InputFilter.all(), null);
            assertThat(a.list()).hasSize(1);
            assertThat(b.list()).isEmpty();
        }
    }

    @Test
    @DisplayName("finds the memory provider through ServiceLoader")
    void listsSchemes() {
        assertThat(TraceStores.schemes()).contains("memory");
    }

    @Test
    @DisplayName("core alone has no MongoDB store, and says which artifact brings it")
    void mongoStoreIsAnotherArtifact() {
        assertThat(TraceStores.schemes()).containsExactly("memory");
        for (String uri : List.of("mongodb://127.0.0.1:1/covertmark", "mongodb+srv://cluster.example.org/db")) {
            assertThatThrownBy(() -> TraceStores.open(uri)).isInstanceOf(TraceStoreException.class)
                    .hasMessageStartingWith("no trace store for scheme '" + uri.substring(0, uri.indexOf(':')) + "'")
                    .hasMessageContaining("available: memory;")
                    .hasMessageContaining("is in org.covertmark:covertmark-store-mongodb, which is not on the class path")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    @DisplayName("names the scheme and the available ones for an unknown scheme")
    void unknownScheme() {
        assertThatThrownBy(() -> TraceStores.open("foo://x")).isInstanceOf(TraceStoreException.class)
                .hasMessageStartingWith("no trace store for scheme 'foo' in 'foo://x'; available: ")
                .hasMessageContaining("memory")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> TraceStores.open("foo:")).hasMessageStartingWith(
                "no trace store for scheme 'foo' in 'foo:'; available: ");
    }

    @Test
    @DisplayName("never repeats a password in a message")
    void hidesPassword() {
        assertThatThrownBy(() -> TraceStores.open("foo://alice:s3cret@host:27017/db"))
                .hasMessageContaining("'foo://alice:***@host:27017/db'")
                .hasMessageNotContaining("s3cret");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "/var/traces", "not a uri", "memory", "://x"})
    @DisplayName("reports a malformed URI in one line, with the available schemes")
    void malformed(String uri) {
        assertThatThrownBy(() -> TraceStores.open(uri)).isInstanceOf(TraceStoreException.class)
                .hasMessageStartingWith("malformed trace store URI '" + uri.strip() + "': ")
                .hasMessageContaining("; available: ")
                .hasMessageContaining("memory")
                .hasMessageNotContaining("\n");
    }

    @Test
    @DisplayName("refuses options after memory:, naming the URI")
    void memoryTakesNoOptions() {
        assertThatThrownBy(() -> TraceStores.open("memory:big")).isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("'memory:big'");
    }

    @Test
    @DisplayName("importCapture applies the input filter and records the file's name and size")
    void importsCapture() throws Exception {
        Path capture = SAMPLES.resolve("tls2.pcap");
        InputFilter client = InputFilter.of(InputRule.src("192.168.0.17"));
        long expected;
        try (CaptureReader r = CaptureReader.open(capture, client)) {
            expected = r.stream().count();
        }

        try (TraceStore store = TraceStores.open("memory:")) {
            StoredTrace t = TraceStores.importCapture(store, capture, client, "  ");

            assertThat(t.description()).isEqualTo("tls2.pcap");
            assertThat(t.source()).isEqualTo("tls2.pcap");
            assertThat(t.sourceBytes()).isEqualTo(Files.size(capture));
            assertThat(t.inputFilter()).isEqualTo(client);
            assertThat(t.packetCount()).isEqualTo(expected).isPositive();
            assertThat(store.count(t.id(), PacketFilter.all())).isEqualTo(expected);
            assertThat(TraceStores.importCapture(store, capture, client, "client").description()).isEqualTo("client");
        }
    }

    @Test
    @DisplayName("importCapture reports a missing capture as the capture reader does, storing nothing")
    void missingCapture() {
        try (TraceStore store = TraceStores.open("memory:")) {
            assertThatThrownBy(() -> TraceStores.importCapture(store, SAMPLES.resolve("nope.pcap"), InputFilter.all(),
                    null)).isInstanceOf(CaptureException.class).hasMessageContaining("nope.pcap");
            assertThat(store.list()).isEmpty();
        }
    }
}
