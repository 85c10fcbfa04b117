package org.covertmark.api.packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A read-only view of a range of bytes, such as a packet's payload inside a memory-mapped capture.
 *
 * <p>A view never copies the bytes it looks at; {@link #toArray()} makes a copy when one is wanted.
 * Views are safe to share between threads: they only use absolute reads. Equality is by content.
 */
public final class ByteView {

    private static final ByteView EMPTY = new ByteView(ByteBuffer.allocate(0), 0, 0);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Always big-endian (see {@link #of(ByteBuffer, int, int)}). */
    private final ByteBuffer buffer;
    private final int offset;
    private final int length;

    private ByteView(ByteBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** The empty view. */
    public static ByteView empty() {
        return EMPTY;
    }

    /** A view of a whole array (the array is not copied: do not change it afterwards). */
    public static ByteView of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** A view of {@code length} bytes of an array from {@code offset} (the array is not copied). */
    public static ByteView of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new ByteView(ByteBuffer.wrap(bytes), offset, length);
    }

    /**
     * A view of {@code length} bytes of a buffer from absolute index {@code offset}. The buffer's
     * position and limit are neither used nor changed, and its byte order does not matter:
     * multi-byte values are always read big-endian (through a big-endian duplicate of a buffer of
     * the other order, made once for the view).
     */
    public static ByteView of(ByteBuffer buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        // views read through a big-endian buffer, so that no read has to swap bytes
        ByteBuffer bigEndian = buffer.order() == ByteOrder.BIG_ENDIAN ? buffer
                : buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new ByteView(bigEndian, offset, length);
    }

    /** The number of bytes in view. */
    public int length() {
        return length;
    }

    /** Whether the view holds no bytes. */
    public boolean isEmpty() {
        return length == 0;
    }

    /** The byte at {@code index}. */
    public byte get(int index) {
        Objects.checkIndex(index, length);
        return buffer.get(offset + index);
    }

    /** The byte at {@code index} as 0..255. */
    public int getUnsignedByte(int index) {
        return get(index) & 0xff;
    }

    /** The big-endian 16-bit value at {@code index} as 0..65535. */
    public int getUnsignedShort(int index) {
        Objects.checkFromIndexSize(index, 2, length);
        return buffer.getShort(offset + index) & 0xffff;
    }

    /** The big-endian 32-bit value at {@code index} as 0..2^32-1. */
    public long getUnsignedInt(int index) {
        Objects.checkFromIndexSize(index, 4, length);
        return buffer.getInt(offset + index) & 0xffffffffL;
    }

    /** A view of {@code length} bytes from {@code from}. */
    public ByteView slice(int from, int length) {
        Objects.checkFromIndexSize(from, length, this.length);
        return new ByteView(buffer, offset + from, length);
    }

    /** A view of the bytes from {@code from} to the end. */
    public ByteView slice(int from) {
        return slice(from, length - from);
    }

    /** A view of at most the first {@code max} bytes. */
    public ByteView limit(int max) {
        return max >= length ? this : slice(0, Math.max(0, max));
    }

    /** Copies {@code count} bytes from {@code from} into {@code target} at {@code targetOffset}. */
    public void copyTo(int from, byte[] target, int targetOffset, int count) {
        Objects.checkFromIndexSize(from, count, length);
        buffer.get(offset + from, target, targetOffset, count);
    }

    /**
     * Whether this view and {@code other} look into the same buffer or array, the one a view was
     * first made over with {@code of} (every view sliced from it shares it). With
     * {@link #sourceOffset()} and {@link #sourceView} this lets a store keep a view as two numbers.
     */
    public boolean sameSource(ByteView other) {
        return buffer == other.buffer;
    }

    /** The index of this view's first byte in the buffer or array it looks into. */
    public int sourceOffset() {
        return offset;
    }

    /**
     * A view of {@code length} bytes of the buffer or array this view looks into, from index
     * {@code offset} of that buffer or array; the range need not lie inside this view.
     */
    public ByteView sourceView(int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        return new ByteView(buffer, offset, length);
    }

    /** A copy of the bytes in view. */
    public byte[] toArray() {
        byte[] copy = new byte[length];
        copyTo(0, copy, 0, length);
        return copy;
    }

    /** A read-only buffer over the bytes in view, positioned at 0. */
    public ByteBuffer asReadOnlyBuffer() {
        return buffer.slice(offset, length).asReadOnlyBuffer();
    }

    /** Whether the view begins with {@code prefix}. */
    public boolean startsWith(byte[] prefix) {
        if (prefix.length > length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer.get(offset + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first index at or after {@code from} holding {@code value}, or -1. */
    public int indexOf(byte value, int from) {
        for (int i = Math.max(0, from); i < length; i++) {
            if (buffer.get(offset + i) == value) {
                return i;
            }
        }
        return -1;
    }

    /** The bytes from {@code from} of length {@code count} decoded as ISO-8859-1 (one char a byte). */
    public String latin1(int from, int count) {
        byte[] b = new byte[count];
        copyTo(from, b, 0, count);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Lower-case hexadecimal of the bytes in view. */
    public String toHex() {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = buffer.get(offset + i) & 0xff;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xf];
        }
        return new String(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ByteView other) || other.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.get(offset + i) != other.buffer.get(other.offset + i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + buffer.get(offset + i);
        }
        return h;
    }

    /** The length and up to 32 leading bytes in hexadecimal. */
    @Override
    public String toString() {
        return "ByteView[" + length + " bytes: " + limit(32).toHex() + (length > 32 ? "…]" : "]");
    }
}
