package org.covertmark.examples.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * Reading the capture compressed, beside reading it plain: the capture is compressed once with gzip
 * (level 1), zstd (aircompressor's encoder) and LZ4 (frame format) into a temporary folder before the
 * stages run (not measured), and each stage reads every packet of one of them, as the "read only"
 * stage reads the plain file. MB/s counts the plain capture's bytes, so that the stages compare.
 */
final class CompressedStages implements AutoCloseable {

    static final String PREFIX = "read only, ";
    static final List<String> CODECS = List.of("gzip", "zstd", "lz4");

    private final Path capture;
    private final long plainSize;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private Path dir;

    CompressedStages(Path capture) throws IOException {
        this.capture = capture;
        this.plainSize = Files.size(capture);
    }

    /** Writes the compressed copies, once. */
    private void prepare() {
        if (dir != null) {
            return;
        }
        try {
            dir = Files.createTempDirectory("covertmark-bench-compressed");
            for (String codec : CODECS) {
                Path out = dir.resolve("capture." + codec);
                try (InputStream in = new BufferedInputStream(Files.newInputStream(capture), 1 << 20);
                        OutputStream os = compressing(codec, Files.newOutputStream(out))) {
                    in.transferTo(os);
                }
                files.put(codec, out);
                sizes.put(codec, Files.size(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compressed copies of " + capture + ": " + e.getMessage(), e);
        }
    }

    private static OutputStream compressing(String codec, OutputStream out) throws IOException {
        return switch (codec) {
            case "gzip" -> new GZIPOutputStream(out, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            case "zstd" -> new io.airlift.compress.zstd.ZstdOutputStream(out);
            case "lz4" -> new LZ4FrameOutputStream(out);
            default -> throw new IllegalArgumentException(codec);
        };
    }

    /** Reads every packet of the capture compressed with {@code codec}; the checksum is the plain stage's. */
    long read(String codec, long[] counters) {
        prepare();
        long checksum = BenchStages.readOnly(files.get(codec), counters);
        counters[1] = plainSize;
        return checksum;
    }

    /** A note for the report: the compressed sizes. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (sizes.isEmpty()) {
            return notes;
        }
        StringBuilder text = new StringBuilder();
        sizes.forEach((codec, size) -> text.append(text.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                "%s %,d bytes (%.0f %%)", codec, size, 100.0 * size / plainSize)));
        notes.add("read only, compressed: the capture compressed once before the runs (gzip level 1, zstd by "
                + "aircompressor, LZ4 frame format by lz4-java): " + text + "; each read and decompressed as it "
                + "is read, in memory, never unpacked to disk; MB/s counts the plain capture's bytes.");
        return notes;
    }

    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        for (Path p : files.values()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
