package org.covertmark.core.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.covertmark.api.packet.ByteView;

/**
 * The bytes of a capture as the readers walk them, forward, by position in the capture's content: a
 * file mapped into memory ({@link MappedFile}) or a compressed file decompressed as it is read
 * ({@link StreamedFile}). Views handed out stay valid after the reading moves on.
 */
abstract class FileBytes implements AutoCloseable {

    private ByteOrder order = ByteOrder.BIG_ENDIAN;
    private ByteBuffer window = ByteBuffer.allocate(0);
    /** The same window for the views handed out: always big-endian, whatever the content's order. */
    private ByteBuffer viewWindow = window;

    /** The capture file. */
    abstract Path path();

    /** The file's size on disk (compressed, for a compressed capture). */
    abstract long sizeOnDisk();

    /** The compression the file's content is read through ("gzip", "zstd", "lz4"), or null. */
    abstract String compression();

    /** Whether {@code length} bytes of content exist from {@code position}, reading ahead as needed. */
    abstract boolean has(long position, long length);

    /** Whether the content ends at {@code position}. */
    boolean atEnd(long position) {
        return !has(position, 1);
    }

    /**
     * The content's length as far as it is known: a mapped file's size, or the bytes decompressed so far,
     * which is the whole content once {@link #has} has answered false.
     */
    abstract long knownLength();

    /** The bytes of the file on disk consumed when the content has been read up to {@code position}. */
    abstract long consumed(long position);

    /** The index in {@link #window()} of {@code position}, with {@code length} bytes from it in the window. */
    abstract int ensure(long position, int length);

    /** The current window, in the content's byte order. */
    final ByteBuffer window() {
        return window;
    }

    /** The current window, big-endian whatever the content's byte order: what views read. */
    final ByteBuffer bigEndianWindow() {
        return viewWindow;
    }

    /** Makes {@code buffer} the current window; views of the previous one stay valid. */
    final void setWindow(ByteBuffer buffer) {
        window = buffer.order(order);
        viewWindow = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    /** Sets the byte order the content's numbers are read in. */
    void order(ByteOrder order) {
        this.order = order;
        window.order(order);
    }

    ByteOrder order() {
        return order;
    }

    int u16(long position) {
        int i = ensure(position, 2);
        return window().getShort(i) & 0xffff;
    }

    long u32(long position) {
        int i = ensure(position, 4);
        return window().getInt(i) & 0xffffffffL;
    }

    ByteView view(long position, int length) {
        int i = ensure(position, length);
        return ByteView.of(bigEndianWindow(), i, length);
    }

    @Override
    public abstract void close();
}
