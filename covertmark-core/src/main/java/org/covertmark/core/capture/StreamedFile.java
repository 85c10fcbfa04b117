package org.covertmark.core.capture;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * A compressed capture, decompressed as it is read — gzip (java.util.zip), zstd (aircompressor, pure
 * Java) or the LZ4 frame format (lz4-java) — into windows on the heap, never onto disk. A window is
 * never overwritten: when reading moves past it, the bytes still to be read are copied into a new
 * one, so that the views handed out stay valid for as long as they are held, and memory does not
 * grow with the capture unless the views are kept (a trace imported into the embedded store keeps
 * them: it then holds the decompressed capture on the heap).
 *
 * <p>A stream that ends inside a record reads as a capture cut short ({@link #has} answers false, and
 * the reader says how many records it read); a corrupt stream is a {@link CaptureException} naming the
 * compression.
 */
final class StreamedFile extends FileBytes {

    /** The most bytes asked of the decompressor at once. */
    private static final int READ = 1 << 16;
    /** The bytes decompressed at a time, at least. */
    private static final int WINDOW = 4 << 20;
    /** The most bytes read ahead for one record or block: more than the largest record read. */
    private static final int MAX_AHEAD = CaptureReader.MAX_RECORD + (1 << 20);

    /** A compression, recognised by the first bytes of the file. */
    enum Codec {
        GZIP("gzip"), ZSTD("zstd"), LZ4("lz4");

        private final String label;

        Codec(String label) {
            this.label = label;
        }

        /** The compression whose magic number begins {@code first4} (the file's first 4 bytes, big-endian), or null. */
        static Codec of(long first4) {
            if ((first4 >>> 16) == 0x1f8b) {
                return GZIP;
            }
            if (first4 == 0x28b52ffdL) {
                return ZSTD;
            }
            if (first4 == 0x04224d18L) {
                return LZ4;
            }
            return null;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Path path;
    private final Codec codec;
    private final long sizeOnDisk;
    private final Counting counted;
    private final InputStream in;
    /** The content position of the window's first byte. */
    private long windowStart;
    /** The bytes of the window filled. */
    private int filled;
    private boolean ended;
    /** Why decompressing failed, if the stream is corrupt rather than merely cut short; thrown when its bytes are needed. */
    private CaptureException failure;
    /** Whether the compressed stream ended before its end (the file cut short). */
    private boolean cutShort;

    private StreamedFile(Path path, Codec codec, long sizeOnDisk, Counting counted, InputStream in) {
        this.path = path;
        this.codec = codec;
        this.sizeOnDisk = sizeOnDisk;
        this.counted = counted;
        this.in = in;
    }

    /**
     * Opens {@code path}, compressed with {@code codec}, for reading its content.
     *
     * @throws CaptureException if the file cannot be read, the stream's header is not valid, or the
     *     library for the compression is missing from the class path
     */
    static StreamedFile open(Path path, Codec codec) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            long size = channel.size();
            Counting counted = new Counting(Channels.newInputStream(channel));
            InputStream in = switch (codec) {
                case GZIP -> new GZIPInputStream(counted, 1 << 16);
                case ZSTD -> Decompressors.zstd(counted);
                case LZ4 -> Decompressors.lz4(counted);
            };
            return new StreamedFile(path, codec, size, counted, in);
        } catch (NoClassDefFoundError e) {
            close(channel);
            throw new CaptureException(path, -1, "is " + codec + "-compressed, and the library that reads "
                    + codec + " is not on the class path (" + Decompressors.artifact(codec) + ")", e);
        } catch (IOException | RuntimeException e) {
            close(channel);
            throw new CaptureException(path, 0, "is not a valid " + codec + " stream: " + message(e), e);
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Whether a decompressor's failure says its input ended early: the JDK's gzip throws an {@link
     * EOFException}, aircompressor says "Not enough input bytes", lz4-java "Stream ended prematurely".
     */
    private static boolean endedEarly(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return e instanceof EOFException || m.contains("Not enough input") || m.contains("ended prematurely");
    }

    @Override
    Path path() {
        return path;
    }

    @Override
    long sizeOnDisk() {
        return sizeOnDisk;
    }

    @Override
    String compression() {
        return codec.toString();
    }

    @Override
    long knownLength() {
        return windowStart + filled;
    }

    @Override
    long consumed(long position) {
        // the file bytes consumed to fill the window so far: a close enough measure of progress
        return Math.min(sizeOnDisk, ended ? sizeOnDisk : counted.count);
    }

    @Override
    boolean has(long position, long length) {
        if (position < 0 || length < 0) {
            return false;
        }
        if (position < windowStart) {
            throw new IllegalStateException("read backwards to " + position + " in " + path);
        }
        if (position + length <= windowStart + filled) {
            return true;
        }
        if (ended) {
            if (failure != null) {
                throw failure;
            }
            return false;
        }
        if (length > MAX_AHEAD) {
            throw new CaptureException(path, position, "a record or block of " + length + " bytes is more than a "
                    + codec + "-compressed capture is read ahead for (" + (MAX_AHEAD >> 20) + " MiB): the file is corrupt");
        }
        fill(position, (int) length);
        if (position + length > windowStart + filled && failure != null) {
            throw failure;
        }
        return position + length <= windowStart + filled;
    }

    @Override
    int ensure(long position, int length) {
        if (!has(position, length)) {
            throw new IllegalStateException("range beyond the end of the content");
        }
        return (int) (position - windowStart);
    }

    /**
     * Moves the window to begin at {@code position} and fills it until {@code length} bytes from there
     * are in it or the stream ends: a new buffer, the unread bytes of the old one copied over.
     */
    private void fill(long position, int length) {
        long keepFrom = Math.min(position, windowStart + filled);
        int kept = (int) (windowStart + filled - keepFrom);
        ByteBuffer next = ByteBuffer.allocate(Math.max(WINDOW, length + 8));
        if (kept > 0) {
            next.put(0, window().array(), (int) (keepFrom - windowStart), kept);
        }
        int at = kept;
        byte[] array = next.array();
        try {
            while (at < array.length) {
                // in small requests, so that the blocks decoded before a failure are kept
                int n = in.read(array, at, Math.min(READ, array.length - at));
                if (n < 0) {
                    ended = true;
                    break;
                }
                at += n;
            }
        } catch (IOException | RuntimeException e) {
            // What was decompressed before stays readable. A stream that ended early reads as a capture cut
            // short; anything else (a checksum that does not match, a malformed block) is corruption.
            ended = true;
            boolean cut = endedEarly(e);
            cutShort = cut;
            if (!cut) {
                failure = new CaptureException(path, -1, "the " + codec + " stream is corrupt after "
                        + (keepFrom + at) + " bytes of content: " + message(e), e);
            }
        }
        setWindow(next);
        windowStart = keepFrom;
        filled = at;
    }

    /** Whether the compressed stream was found cut short: it ended inside a frame or block. */
    boolean cutShort() {
        return cutShort;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the compressed bytes read, for progress. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
