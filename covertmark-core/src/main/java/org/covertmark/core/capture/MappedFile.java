package org.covertmark.core.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A capture file read through memory-mapped windows, so that reading never copies packet bytes onto
 * the heap and never needs memory in proportion to the file. Views handed out stay valid after the
 * window moves on: each window is its own mapping, released when no view refers to it.
 */
final class MappedFile extends FileBytes {

    /** The largest window; a mapping is limited to 2 GiB, and smaller windows cost nothing extra. */
    private static final long WINDOW = 1L << 30;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private long windowStart;

    MappedFile(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        this.windowStart = 0;
    }

    @Override
    Path path() {
        return path;
    }

    @Override
    long sizeOnDisk() {
        return size;
    }

    @Override
    String compression() {
        return null;
    }

    @Override
    long knownLength() {
        return size;
    }

    @Override
    long consumed(long position) {
        return position;
    }

    @Override
    boolean has(long position, long length) {
        return position >= 0 && length >= 0 && position + length <= size;
    }

    /** The index in {@link #window()} of {@code position}, mapping a new window when needed. */
    @Override
    int ensure(long position, int length) {
        if (position < windowStart || position + length > windowStart + window().capacity()) {
            long span = Math.min(WINDOW, size - position);
            if (span < length) {
                throw new IllegalStateException("range beyond end of file");
            }
            try {
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, span);
                setWindow(mapped);
                windowStart = position;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return (int) (position - windowStart);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
