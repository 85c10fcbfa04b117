package org.covertmark.api.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.api.packet.TestPackets.bytes;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ByteView")
class ByteViewTest {

    private static final byte[] DATA = bytes(0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x12, 0x34, 0x56, 0x78);

    @Test
    @DisplayName("reads unsigned big-endian values relative to the view's start")
    void readsBigEndian() {
        ByteView v = ByteView.of(DATA, 2, 8);
        assertThat(v.length()).isEqualTo(8);
        assertThat(v.get(0)).isEqualTo((byte) 0x7f);
        assertThat(v.get(1)).isEqualTo((byte) 0x80);
        assertThat(v.getUnsignedByte(1)).isEqualTo(0x80);
        assertThat(v.getUnsignedByte(2)).isEqualTo(255);
        assertThat(v.getUnsignedShort(0)).isEqualTo(0x7f80);
        assertThat(v.getUnsignedShort(2)).isEqualTo(0xfffe);
        assertThat(v.getUnsignedInt(1)).isEqualTo(0x80fffe12L);
        assertThat(v.getUnsignedInt(2)).isEqualTo(0xfffe1234L);
        assertThat(v.getUnsignedInt(4)).isEqualTo(0x12345678L);
    }

    @Test
    @DisplayName("every read and slice stays inside the view, even when the backing array goes on")
    void boundsAreTheView() {
        ByteView v = ByteView.of(DATA, 2, 4); // 7f 80 ff fe, followed in the array by 12 34 ...
        assertThatThrownBy(() -> v.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.getUnsignedShort(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.getUnsignedInt(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.slice(1, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.slice(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.slice(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.copyTo(2, new byte[8], 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ByteView.of(DATA, 8, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ByteView.of(DATA, -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ByteView.of(ByteBuffer.allocate(4), 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(v.slice(4).isEmpty()).isTrue();
        assertThat(v.slice(4, 0)).isEqualTo(ByteView.empty());
    }

    @Test
    @DisplayName("slices of slices address the right bytes")
    void nestedSlices() {
        ByteView v = ByteView.of(DATA).slice(3).slice(2, 5).slice(1);
        assertThat(v.toArray()).containsExactly(0x12, 0x34, 0x56, 0x78);
        assertThat(v.toHex()).isEqualTo("12345678");
        assertThat(v.latin1(1, 2)).isEqualTo("4V");
    }

    @Test
    @DisplayName("equal by content, whatever the backing buffer and offset; hash code follows")
    void equalityByContent() {
        byte[] other = new byte[20];
        System.arraycopy(DATA, 4, other, 11, 5);
        ByteView a = ByteView.of(DATA, 4, 5);
        ByteView b = ByteView.of(other, 11, 5);
        ByteBuffer direct = ByteBuffer.allocateDirect(9);
        direct.position(3).put(DATA, 4, 5).position(7).limit(8);
        ByteView c = ByteView.of(direct, 3, 5);
        assertThat(a).isEqualTo(b).isEqualTo(c).hasSameHashCodeAs(b).hasSameHashCodeAs(c);
        assertThat(a).isNotEqualTo(ByteView.of(DATA, 4, 4)).isNotEqualTo(ByteView.of(DATA, 3, 5));
        assertThat(ByteView.of(new byte[0])).isEqualTo(ByteView.empty());
        assertThat(c.toArray()).containsExactly(0xff, 0xfe, 0x12, 0x34, 0x56);
        assertThat(direct.position()).as("absolute reads leave the buffer alone").isEqualTo(7);
        assertThat(direct.limit()).isEqualTo(8);
    }

    @Test
    @DisplayName("toArray copies: changing the copy leaves the view alone")
    void toArrayCopies() {
        byte[] backing = DATA.clone();
        ByteView v = ByteView.of(backing, 1, 3);
        byte[] copy = v.toArray();
        copy[0] = 99;
        assertThat(v.get(0)).isEqualTo((byte) 0x01);
        assertThat(copy).hasSize(3);
        backing[1] = 42;
        assertThat(v.get(0)).as("a view does not copy").isEqualTo((byte) 42);
    }

    @Test
    @DisplayName("asReadOnlyBuffer covers exactly the view, from position 0, and cannot write")
    void readOnlyBuffer() {
        ByteView v = ByteView.of(DATA, 6, 3);
        ByteBuffer b = v.asReadOnlyBuffer();
        assertThat(b.isReadOnly()).isTrue();
        assertThat(b.position()).isZero();
        assertThat(b.remaining()).isEqualTo(3);
        assertThat(b.get(0)).isEqualTo((byte) 0x12);
        assertThat(b.get(2)).isEqualTo((byte) 0x56);
        assertThatThrownBy(() -> b.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
        b.get();
        assertThat(v.asReadOnlyBuffer().position()).as("each call gives a fresh buffer").isZero();
    }

    @Test
    @DisplayName("limit keeps at most the first n bytes")
    void limit() {
        ByteView v = ByteView.of(DATA, 1, 5);
        assertThat(v.limit(10)).isSameAs(v);
        assertThat(v.limit(5)).isSameAs(v);
        assertThat(v.limit(2).toArray()).containsExactly(0x01, 0x7f);
        assertThat(v.limit(0).isEmpty()).isTrue();
        assertThat(v.limit(-3).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("indexOf and startsWith search only inside the view")
    void search() {
        ByteView v = ByteView.of(DATA, 2, 5); // 7f 80 ff fe 12
        assertThat(v.indexOf((byte) 0xff, 0)).isEqualTo(2);
        assertThat(v.indexOf((byte) 0xff, 3)).isEqualTo(-1);
        assertThat(v.indexOf((byte) 0x7f, -5)).isZero();
        assertThat(v.indexOf((byte) 0x00, 0)).as("byte before the view").isEqualTo(-1);
        assertThat(v.indexOf((byte) 0x34, 0)).as("byte after the view").isEqualTo(-1);
        assertThat(v.indexOf((byte) 0x12, 99)).isEqualTo(-1);
        assertThat(v.startsWith(bytes(0x7f, 0x80))).isTrue();
        assertThat(v.startsWith(new byte[0])).isTrue();
        assertThat(v.startsWith(bytes(0x7f, 0x81))).isFalse();
        assertThat(v.startsWith(Arrays.copyOfRange(DATA, 2, 8))).as("longer than the view").isFalse();
    }

    @Test
    @DisplayName("tells its source and offset, and makes views of the source beyond its own range")
    void source() {
        ByteView v = ByteView.of(DATA, 2, 5);
        ByteView slice = v.slice(1, 3);

        assertThat(slice.sameSource(v)).isTrue();
        assertThat(slice.sameSource(ByteView.of(DATA.clone(), 2, 5))).as("an equal copy is another source").isFalse();
        assertThat(v.sourceOffset()).isEqualTo(2);
        assertThat(slice.sourceOffset()).isEqualTo(3);
        ByteView rebuilt = v.sourceView(slice.sourceOffset(), slice.length());
        assertThat(rebuilt).isEqualTo(slice);
        assertThat(rebuilt.sameSource(slice)).isTrue();
        assertThat(slice.sourceView(0, DATA.length).toArray()).as("the whole source").isEqualTo(DATA);
        assertThatThrownBy(() -> slice.sourceView(DATA.length - 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        buffer.put(7, (byte) 42);
        assertThat(ByteView.of(buffer, 4, 2).sourceView(7, 1).getUnsignedByte(0)).isEqualTo(42);
    }

    @Test
    @DisplayName("toString shows the length and at most 32 bytes")
    void toStringShort() {
        assertThat(ByteView.of(bytes(1, 2, 0xab))).hasToString("ByteView[3 bytes: 0102ab]");
        assertThat(ByteView.of(new byte[40]).toString()).isEqualTo("ByteView[40 bytes: " + "00".repeat(32) + "…]");
    }
}
