package org.covertmark.core.capture;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Writes a pcapng capture of one interface: a section header, one interface description (its link
 * type, snap length, name and nanosecond timestamps), then an enhanced packet block per frame, in the
 * order given. Little-endian, as the hosts that capture mostly are. What the reader and tshark read.
 *
 * <p>Written by hand rather than through pcap4j, whose dumper writes the classic format only.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PcapngWriter implements AutoCloseable {

    private static final int SECTION_HEADER = 0x0a0d0d0a;
    private static final int INTERFACE = 1;
    private static final int ENHANCED_PACKET = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final short OPT_END = 0;
    private static final short SHB_USERAPPL = 4;
    private static final short IF_NAME = 2;
    private static final short IF_TSRESOL = 9;
    /** Zeros to pad a frame's bytes to a multiple of 4. */
    private static final byte[] PADDING = new byte[3];

    private final OutputStream out;
    /** An enhanced packet block's header, and its trailing length, reused for every frame. */
    private final ByteBuffer header = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private long packets;
    private long bytes;

    private PcapngWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Creates (or replaces) {@code file} and writes the section header and the interface description.
     *
     * @param linkType the LINKTYPE_ number of the frames
     * @param snapLength the most bytes kept of a frame
     * @param interfaceName the interface's name, written as its {@code if_name} option
     * @param application the writing application, written as the section's {@code shb_userappl}
     */
    public static PcapngWriter create(Path file, int linkType, int snapLength, String interfaceName,
            String application) throws IOException {
        Objects.requireNonNull(interfaceName, "interfaceName");
        PcapngWriter w = new PcapngWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        try {
            w.block(SECTION_HEADER, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(BYTE_ORDER_MAGIC)
                    .putShort((short) 1).putShort((short) 0).putLong(-1).array(), option(SHB_USERAPPL, application));
            byte[] resolution = {9};
            w.block(INTERFACE, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) linkType)
                    .putShort((short) 0).putInt(snapLength).array(), concat(option(IF_NAME, interfaceName),
                            option(IF_TSRESOL, resolution)));
        } catch (IOException | RuntimeException e) {
            w.out.close();
            throw e;
        }
        return w;
    }

    /**
     * Appends one frame.
     *
     * @param epochSecond capture time, seconds since the epoch
     * @param nanos nanoseconds within the second
     * @param wireLength the frame's length on the wire
     * @param data the bytes captured of it
     */
    public void write(long epochSecond, int nanos, int wireLength, byte[] data) throws IOException {
        long units = epochSecond * 1_000_000_000L + nanos;
        header.clear();
        int padded = (data.length + 3) & ~3;
        int length = 32 + padded;
        header.putInt(ENHANCED_PACKET).putInt(length).putInt(0).putInt((int) (units >>> 32)).putInt((int) units)
                .putInt(data.length).putInt(wireLength);
        out.write(header.array(), 0, 28);
        out.write(data);
        out.write(PADDING, 0, padded - data.length);
        out.write(trailer.putInt(0, length).array());
        packets++;
        bytes += data.length;
    }

    /** The frames written so far. */
    public long packets() {
        return packets;
    }

    /** The frame bytes written so far. */
    public long bytes() {
        return bytes;
    }

    /** Writes what is buffered and closes the file: it is then a complete capture. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    private void block(int type, byte[] body, byte[] options) throws IOException {
        byte[] end = option(OPT_END, new byte[0]);
        int length = 12 + body.length + options.length + end.length;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(length).put(body).put(options).put(end).putInt(length);
        out.write(b.array());
    }

    private static byte[] option(short code, String value) {
        return option(code, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] option(short code, byte[] value) {
        int padded = (value.length + 3) & ~3;
        return ByteBuffer.allocate(4 + padded).order(ByteOrder.LITTLE_ENDIAN).putShort(code)
                .putShort((short) value.length).put(value).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
