package org.covertmark.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.covertmark.api.packet.Packet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Captures compressed with gzip, zstd and LZ4 (each written here by its own library's encoder) read
 * exactly as the plain file reads — the same packets, the same counts — recognised by their content
 * whatever their name; and a compressed stream cut short or corrupt fails as a cut or corrupt capture.
 */
@DisplayName("Compressed captures")
class CompressedCapturesTest {

    private static final Path PUBLIC = Path.of("..", "data", "public");
    private static final Path CRAFTED = Path.of("..", "data", "crafted");

    @TempDir
    Path dir;

    /** A compressing stream over {@code out}, by the codec's name. */
    private static OutputStream compress(String codec, OutputStream out) throws IOException {
        return switch (codec) {
            case "gzip" -> new GZIPOutputStream(out);
            case "zstd" -> new io.airlift.compress.zstd.ZstdOutputStream(out);
            // the lz4 tool's flags (independent blocks, a content checksum), with blocks of 64 KiB instead of
            // its 4 MiB: a cut then leaves whole blocks before it
            case "lz4" -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
            default -> throw new IllegalArgumentException(codec);
        };
    }

    private static byte[] compressed(String codec, byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compress(codec, bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    static List<Arguments> capturesAndCodecs() {
        List<Arguments> out = new ArrayList<>();
        for (Path capture : List.of(PUBLIC.resolve("tls2.pcap"), PUBLIC.resolve("many-protocols.pcap"),
                PUBLIC.resolve("pcapng-example.pcapng"), PUBLIC.resolve("nanosecs_big_endian.pcap"),
                CRAFTED.resolve("ipv4-total-length-zero.pcap"), CRAFTED.resolve("linktype-nflog.pcap"))) {
            for (String codec : List.of("gzip", "zstd", "lz4")) {
                out.add(Arguments.of(capture.getFileName().toString(), codec, capture));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("capturesAndCodecs")
    @DisplayName("read as the plain file reads: same packets, same bytes, same counts")
    void sameAsPlain(String name, String codec, Path capture) throws IOException {
        // a name that says nothing: the compression is recognised by the content
        Path file = Files.write(dir.resolve("capture.bin"), compressed(codec, Files.readAllBytes(capture)));

        try (CaptureReader plain = CaptureReader.open(capture); CaptureReader packed = CaptureReader.open(file)) {
            List<Packet> expected = plain.toList();
            List<Packet> actual = packed.toList();
            assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
            for (int i = 0; i < expected.size(); i++) {
                Packet e = expected.get(i);
                Packet a = actual.get(i);
                assertThat(a.frame()).isEqualTo(e.frame());
                assertThat(a.timestamp()).isEqualTo(e.timestamp());
                assertThat(a.wireLength()).isEqualTo(e.wireLength());
                assertThat(a.bytes()).as("frame " + e.frame()).isEqualTo(e.bytes());
                assertThat(a.ipLength()).isEqualTo(e.ipLength());
            }
            assertThat(packed.stats()).isEqualTo(plain.stats());
            assertThat(packed.compression()).contains(codec);
            assertThat(plain.compression()).isEmpty();
            assertThat(packed.format()).startsWith(codec + "-compressed ").endsWith(plain.format());
            assertThat(packed.sizeBytes()).isEqualTo(Files.size(file));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "zstd", "lz4"})
    @DisplayName("a compressed stream cut short: the packets before the cut, then 'cut short' as for a plain file")
    void cutShort(String codec) throws IOException {
        byte[] plain = Files.readAllBytes(PUBLIC.resolve("tls2.pcap"));
        byte[] packed = compressed(codec, plain);
        Path file = Files.write(dir.resolve("cut.pcap." + codec), Arrays.copyOf(packed, packed.length / 2));

        List<Packet> delivered = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (CaptureReader r = CaptureReader.open(file)) {
                r.forEachRemaining(delivered::add);
            }
        }).isInstanceOf(TruncatedCaptureException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("cut short");
        assertThat(delivered).isNotEmpty().hasSizeLessThan(7451);
        assertThat(delivered.get(delivered.size() - 1).frame()).isEqualTo(delivered.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "zstd", "lz4"})
    @DisplayName("a compressed stream cut before any content can be decoded: 'cut short', not 'empty'")
    void cutBeforeAnyContent(String codec) throws IOException {
        byte[] packed = compressed(codec, Files.readAllBytes(PUBLIC.resolve("tls2.pcap")));
        Path file = Files.write(dir.resolve("stub.pcap." + codec), Arrays.copyOf(packed, 12));

        assertThatThrownBy(() -> CaptureReader.open(file)).isInstanceOf(CaptureException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("cut short");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "zstd", "lz4"})
    @DisplayName("a corrupt compressed stream: a capture error naming the file, never a crash")
    void corrupt(String codec) throws IOException {
        byte[] packed = compressed(codec, Files.readAllBytes(PUBLIC.resolve("tls2.pcap")));
        for (int i = packed.length / 3; i < packed.length / 3 + 64; i++) {
            packed[i] ^= (byte) 0x5a;
        }
        Path file = Files.write(dir.resolve("corrupt.pcap." + codec), packed);

        assertThatThrownBy(() -> {
            try (CaptureReader r = CaptureReader.open(file)) {
                r.forEachRemaining(p -> { });
            }
        }).isInstanceOf(CaptureException.class).hasMessageContaining(file.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "zstd", "lz4"})
    @DisplayName("compressed content that is not a capture is refused as a plain one is")
    void notACapture(String codec) throws IOException {
        Path empty = Files.write(dir.resolve("empty." + codec), compressed(codec, new byte[0]));
        assertThatThrownBy(() -> CaptureReader.open(empty)).isInstanceOf(CaptureException.class)
                .hasMessage(empty + ": decompressed " + codec + " content is empty, not a capture");
        Path text = Files.write(dir.resolve("text." + codec), compressed(codec, "hello, world\n".getBytes()));
        assertThatThrownBy(() -> CaptureReader.open(text)).isInstanceOf(CaptureException.class)
                .hasMessageContaining("not a pcap or pcapng capture once " + codec + "-decompressed");
    }
}
