package org.covertmark.core.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * The decompressing streams of the optional libraries, in a class of their own: a reader of plain
 * captures never loads it, and a missing library shows as a {@link NoClassDefFoundError} when one of
 * these methods first runs, which {@link StreamedFile} turns into a message naming the artifact.
 */
final class Decompressors {

    private Decompressors() {
    }

    /** A Zstandard stream (aircompressor's pure-Java decoder), all its frames one after the other. */
    static InputStream zstd(InputStream in) throws IOException {
        return new io.airlift.compress.zstd.ZstdInputStream(in);
    }

    /** An LZ4 frame-format stream (lz4-java), all its frames one after the other. */
    static InputStream lz4(InputStream in) throws IOException {
        return new net.jpountz.lz4.LZ4FrameInputStream(in);
    }

    /** The Maven artifact that reads {@code codec}, for the message when it is missing. */
    static String artifact(StreamedFile.Codec codec) {
        return switch (codec) {
            case GZIP -> "the JDK's java.util.zip";
            case ZSTD -> "add io.airlift:aircompressor";
            case LZ4 -> "add at.yawk.lz4:lz4-java";
        };
    }
}
