package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A read-only view of a range of bytes, such as a packet's payload inside a memory-mapped capture.
 *
 * <p>A view never copies the bytes it looks at; {@link #toArray()} makes a copy when one is wanted.
 * Views are safe to share between threads: they only use absolute reads. Equality is by content.
 */
@API(status = STABLE, since = "0.1")
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

    /** {@return the empty view, one shared instance} */
    public static ByteView empty() {
        return EMPTY;
    }

    /**
     * A view of a whole array (the array is not copied: do not change it afterwards).
     *
     * @param bytes the bytes to view
     * @return a view of every byte of {@code bytes}; the view's index 0 is the array's index 0
     */
    public static ByteView of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /**
     * A view of {@code length} bytes of an array from {@code offset} (the array is not copied: do not
     * change those bytes afterwards).
     *
     * @param bytes the array to view
     * @param offset the index in {@code bytes} of the view's first byte
     * @param length the number of bytes in view, 0 or more
     * @return a view whose index 0 is {@code bytes[offset]}
     * @throws IndexOutOfBoundsException when the range does not lie inside {@code bytes}
     */
    public static ByteView of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new ByteView(ByteBuffer.wrap(bytes), offset, length);
    }

    /**
     * A view of {@code length} bytes of a buffer from absolute index {@code offset}. The buffer's
     * position and limit are neither used nor changed, and its byte order does not matter:
     * multi-byte values are always read big-endian (through a big-endian duplicate of a buffer of
     * the other order, made once for the view).
     *
     * @param buffer the buffer to view, heap or direct (a memory-mapped capture file, say); its
     *     contents in the range must not change while the view is in use
     * @param offset the absolute index in {@code buffer} of the view's first byte
     * @param length the number of bytes in view, 0 or more
     * @return a view whose index 0 is {@code buffer.get(offset)}
     * @throws IndexOutOfBoundsException when the range does not lie inside the buffer's capacity
     */
    public static ByteView of(ByteBuffer buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        // views read through a big-endian buffer, so that no read has to swap bytes
        ByteBuffer bigEndian = buffer.order() == ByteOrder.BIG_ENDIAN ? buffer
                : buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new ByteView(bigEndian, offset, length);
    }

    /** {@return the number of bytes in view, 0 or more} */
    public int length() {
        return length;
    }

    /** {@return whether the view holds no bytes} */
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * The byte at {@code index}.
     *
     * @param index the byte's index in this view, 0 to {@code length() - 1}
     * @return the byte, signed as Java bytes are ({@link #getUnsignedByte} gives 0..255)
     * @throws IndexOutOfBoundsException when {@code index} lies outside the view
     */
    public byte get(int index) {
        Objects.checkIndex(index, length);
        return buffer.get(offset + index);
    }

    /**
     * The byte at {@code index} as an unsigned value.
     *
     * @param index the byte's index in this view, 0 to {@code length() - 1}
     * @return the byte's value, 0..255
     * @throws IndexOutOfBoundsException when {@code index} lies outside the view
     */
    public int getUnsignedByte(int index) {
        return get(index) & 0xff;
    }

    /**
     * The big-endian (network order) 16-bit value at {@code index}, as header fields are read.
     *
     * @param index the index in this view of the value's first, most significant byte
     * @return the value, 0..65535
     * @throws IndexOutOfBoundsException when the two bytes do not both lie in the view
     */
    public int getUnsignedShort(int index) {
        Objects.checkFromIndexSize(index, 2, length);
        return buffer.getShort(offset + index) & 0xffff;
    }

    /**
     * The big-endian (network order) 32-bit value at {@code index}, such as a TCP sequence number.
     *
     * @param index the index in this view of the value's first, most significant byte
     * @return the value, 0..2<sup>32</sup>-1, in a long so that it is never negative
     * @throws IndexOutOfBoundsException when the four bytes do not all lie in the view
     */
    public long getUnsignedInt(int index) {
        Objects.checkFromIndexSize(index, 4, length);
        return buffer.getInt(offset + index) & 0xffffffffL;
    }

    /**
     * A view of {@code length} bytes from {@code from}, sharing this view's bytes.
     *
     * @param from the index in this view of the slice's first byte
     * @param length the number of bytes in the slice, 0 or more
     * @return a view whose index 0 is this view's index {@code from}
     * @throws IndexOutOfBoundsException when the range does not lie inside this view
     */
    public ByteView slice(int from, int length) {
        Objects.checkFromIndexSize(from, length, this.length);
        return new ByteView(buffer, offset + from, length);
    }

    /**
     * A view of the bytes from {@code from} to the end, sharing this view's bytes.
     *
     * @param from the index in this view of the slice's first byte, 0 to {@code length()} (which
     *     gives an empty view)
     * @return a view of the last {@code length() - from} bytes
     * @throws IndexOutOfBoundsException when {@code from} is negative or beyond {@code length()}
     */
    public ByteView slice(int from) {
        return slice(from, length - from);
    }

    /**
     * A view of at most the first {@code max} bytes, as a snap length cuts a packet.
     *
     * @param max the most bytes to keep; a negative number keeps none
     * @return this view when it holds {@code max} bytes or fewer, otherwise a view of its first
     *     {@code max} bytes
     */
    public ByteView limit(int max) {
        return max >= length ? this : slice(0, Math.max(0, max));
    }

    /**
     * Copies {@code count} bytes from {@code from} into {@code target} at {@code targetOffset}.
     *
     * @param from the index in this view of the first byte to copy
     * @param target the array to write into
     * @param targetOffset the index in {@code target} of the first byte written
     * @param count the number of bytes to copy, 0 or more
     * @throws IndexOutOfBoundsException when the range does not lie inside this view, or the
     *     destination range inside {@code target}
     */
    public void copyTo(int from, byte[] target, int targetOffset, int count) {
        Objects.checkFromIndexSize(from, count, length);
        buffer.get(offset + from, target, targetOffset, count);
    }

    /**
     * Whether this view and {@code other} look into the same buffer or array, the one a view was
     * first made over with {@code of} (every view sliced from it shares it). With
     * {@link #sourceOffset()} and {@link #sourceView} this lets a store keep a view as two numbers.
     *
     * @param other another view
     * @return true when both views read the same buffer or array object; false for views made by
     *     separate calls of {@code of}, even over the same array or with equal bytes
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public boolean sameSource(ByteView other) {
        return buffer == other.buffer;
    }

    /**
     * {@return the index of this view's first byte in the buffer or array it looks into} That is
     * the {@code offset} given to {@code of}, plus the {@code from} of every slice taken since.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public int sourceOffset() {
        return offset;
    }

    /**
     * A view of {@code length} bytes of the buffer or array this view looks into, from index
     * {@code offset} of that buffer or array; the range need not lie inside this view.
     *
     * @param offset the index in the source buffer or array of the new view's first byte, as
     *     {@link #sourceOffset()} gives it
     * @param length the number of bytes in the new view, 0 or more
     * @return a view of the same source ({@link #sameSource} holds between the two)
     * @throws IndexOutOfBoundsException when the range does not lie inside the source buffer or array
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public ByteView sourceView(int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        return new ByteView(buffer, offset, length);
    }

    /** {@return a new array holding a copy of the bytes in view} */
    public byte[] toArray() {
        byte[] copy = new byte[length];
        copyTo(0, copy, 0, length);
        return copy;
    }

    /**
     * {@return a read-only, big-endian buffer over the bytes in view (not a copy)} Its position is 0
     * and its limit and capacity are {@link #length()}; reading it changes nothing in this view.
     */
    public ByteBuffer asReadOnlyBuffer() {
        return buffer.slice(offset, length).asReadOnlyBuffer();
    }

    /**
     * Whether the view begins with {@code prefix}.
     *
     * @param prefix the bytes to compare with the view's first bytes; an empty prefix always matches
     * @return whether the view's first {@code prefix.length} bytes equal {@code prefix}; false when the
     *     view is shorter than {@code prefix}
     */
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

    /**
     * The first index at or after {@code from} holding {@code value}.
     *
     * @param value the byte to look for
     * @param from the index to start looking at; a negative index counts as 0, and one at or past
     *     the end finds nothing
     * @return the index in this view of the first such byte, or -1 when there is none
     */
    public int indexOf(byte value, int from) {
        for (int i = Math.max(0, from); i < length; i++) {
            if (buffer.get(offset + i) == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The bytes from {@code from} of length {@code count} decoded as ISO-8859-1: any bytes give text,
     * one char a byte, so header fields read this way never fail to decode.
     *
     * @param from the index in this view of the first byte
     * @param count the number of bytes, 0 or more
     * @return a string of {@code count} chars, each the unsigned value of its byte
     * @throws IndexOutOfBoundsException when the range does not lie inside this view
     */
    public String latin1(int from, int count) {
        byte[] b = new byte[count];
        copyTo(from, b, 0, count);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** {@return the bytes in view as lower-case hexadecimal, two digits a byte, without separators} */
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
