package org.covertmark.core.capture;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.Timestamp;

/**
 * The pcapng format: sections, each with its own byte order and interfaces, each interface with its
 * own link type and timestamp resolution. Enhanced, simple and obsolete packet blocks are read;
 * every other block (statistics, name resolution, comments, custom blocks) is stepped over.
 */
final class PcapngReader extends CaptureReader {

    static final long SECTION_HEADER = 0x0a0d0d0aL;
    private static final long INTERFACE = 1;
    private static final long OBSOLETE_PACKET = 2;
    private static final long SIMPLE_PACKET = 3;
    private static final long ENHANCED_PACKET = 6;
    private static final long BYTE_ORDER_MAGIC = 0x1a2b3c4dL;

    private final List<Interface> interfaces = new ArrayList<>();
    /** Whether any interface of any section so far has a link type the reader decodes. */
    private boolean anySupported;
    /** The link types of the packets skipped for an unsupported link type, in the order met. */
    private final java.util.Set<Integer> unsupported = new java.util.LinkedHashSet<>();
    private long position;
    private int sections;

    /** One interface description: its link type (null if unsupported) and clock. */
    private record Interface(int linkNumber, LinkType link, long snapLength, boolean binary, int exponent,
            long offsetSeconds) {

        Timestamp time(long units) {
            long seconds;
            long nanos;
            if (binary) {
                seconds = exponent == 0 ? units : units >>> exponent;
                long rest = exponent == 0 ? 0 : units & ((1L << exponent) - 1);
                nanos = exponent <= 33 ? (rest * 1_000_000_000L) >>> exponent
                        : BigInteger.valueOf(rest).multiply(BigInteger.valueOf(1_000_000_000L))
                                .shiftRight(exponent).longValue();
            } else {
                long perSecond = pow10(exponent);
                seconds = Long.divideUnsigned(units, perSecond);
                long rest = Long.remainderUnsigned(units, perSecond);
                nanos = exponent <= 9 ? rest * pow10(9 - exponent) : rest / pow10(exponent - 9);
            }
            return new Timestamp(seconds + offsetSeconds, (int) nanos);
        }

        private static long pow10(int e) {
            long v = 1;
            for (int i = 0; i < e; i++) {
                v *= 10;
            }
            return v;
        }
    }

    PcapngReader(FileBytes file, InputFilter filter) {
        super(file, filter);
        position = 0;
        readSectionHeader();
    }

    @Override
    public String format() {
        return (file.compression() == null ? "" : file.compression() + "-compressed ") + "pcapng (" + (file.order() == ByteOrder.BIG_ENDIAN ? "big" : "little") + "-endian, "
                + sections + " section" + (sections == 1 ? "" : "s") + ", " + interfaces.size()
                + " interface" + (interfaces.size() == 1 ? "" : "s") + " in the last)";
    }

    private void readSectionHeader() {
        if (!file.has(position, 12)) {
            throw new TruncatedCaptureException(file.path(), position, "a section header block", records());
        }
        ByteOrder order;
        file.order(ByteOrder.BIG_ENDIAN);
        long magic = file.u32(position + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (magic == Long.reverseBytes(BYTE_ORDER_MAGIC) >>> 32) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new CaptureException(file.path(), position + 8,
                    String.format("pcapng section header has no byte-order magic (found %08x)", magic));
        }
        file.order(order);
        long length = blockLength();
        if (length < 28) {
            throw new CaptureException(file.path(), position, "pcapng section header block of " + length
                    + " bytes is shorter than 28");
        }
        int major = file.u16(position + 12);
        if (major != 1) {
            throw new CaptureException(file.path(), position + 12, "pcapng major version " + major + " is not 1");
        }
        interfaces.clear();
        sections++;
        position += length;
    }

    /** The length of the block at {@link #position}, checked against the file and its trailer. */
    private long blockLength() {
        long length = file.u32(position + 4);
        if (length < 12 || length % 4 != 0) {
            throw new CaptureException(file.path(), position + 4, "pcapng block length " + length
                    + " is not a multiple of 4 of at least 12: the file is corrupt");
        }
        if (!file.has(position, length)) {
            throw new TruncatedCaptureException(file.path(), position, "a block of " + length + " bytes",
                    records());
        }
        long trailer = file.u32(position + length - 4);
        if (trailer != length) {
            throw new CaptureException(file.path(), position + length - 4, "pcapng block length " + length
                    + " does not match its trailing copy " + trailer + ": the file is corrupt");
        }
        return length;
    }

    @Override
    Packet readNext() {
        while (true) {
            if (file.atEnd(position)) {
                if (!anySupported && !unsupported.isEmpty()) {
                    // The classic format's rule, for a file as a whole: no interface can be read.
                    throw new CaptureException(file.path(), -1, "link type" + (unsupported.size() == 1 ? " " : "s ")
                            + unsupported.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                            + (unsupported.size() == 1 ? " is" : " are") + " not supported, and no interface of the "
                            + "capture has a supported one (supported: " + LinkType.supported() + ")");
                }
                return null;
            }
            if (!file.has(position, 8)) {
                throw new TruncatedCaptureException(file.path(), position, "a block header", records());
            }
            long type = file.u32(position);
            if (type == SECTION_HEADER) {
                readSectionHeader();
                continue;
            }
            long length = blockLength();
            long block = position;
            position += length;
            Packet p = null;
            if (type == INTERFACE) {
                readInterface(block, length);
            } else if (type == ENHANCED_PACKET) {
                p = readPacket(block, length, file.u32(block + 8), 12, 28);
            } else if (type == OBSOLETE_PACKET) {
                p = readPacket(block, length, file.u16(block + 8), 12, 28);
            } else if (type == SIMPLE_PACKET) {
                p = readSimplePacket(block, length);
            }
            if (p != null) {
                return p;
            }
        }
    }

    private void readInterface(long block, long length) {
        if (length < 20) {
            throw new CaptureException(file.path(), block, "pcapng interface block of " + length
                    + " bytes is shorter than 20");
        }
        int linkNumber = file.u16(block + 8);
        long snap = file.u32(block + 12);
        boolean binary = false;
        int exponent = 6;
        long offset = 0;
        long at = block + 16;
        long end = block + length - 4;
        while (at + 4 <= end) {
            int code = file.u16(at);
            int len = file.u16(at + 2);
            if (code == 0 || at + 4 + len > end) {
                break;
            }
            if (code == 9 && len >= 1) {
                int v = file.view(at + 4, 1).getUnsignedByte(0);
                binary = (v & 0x80) != 0;
                exponent = v & 0x7f;
                if (!binary && exponent > 18 || binary && exponent > 63) {
                    throw new CaptureException(file.path(), at + 4, "pcapng interface timestamp resolution "
                            + (binary ? "2^-" : "10^-") + exponent + " is out of range");
                }
            } else if (code == 14 && len >= 8) {
                boolean bigEndian = file.order() == ByteOrder.BIG_ENDIAN;
                offset = (file.u32(at + (bigEndian ? 4 : 8)) << 32) | file.u32(at + (bigEndian ? 8 : 4));
            }
            at += 4 + ((len + 3) & ~3);
        }
        interfaces.add(new Interface(linkNumber, LinkType.of(linkNumber), snap, binary, exponent, offset));
        anySupported |= LinkType.of(linkNumber) != null;
    }

    private Packet readPacket(long block, long length, long interfaceId, int timeAt, int dataAt) {
        long frame = records() + 1;
        if (length < dataAt + 4) {
            throw new CaptureException(file.path(), block, "pcapng packet block of " + length
                    + " bytes is too short for its header");
        }
        long captured = file.u32(block + 20);
        long wire = file.u32(block + 24);
        if (dataAt + captured + 4 > length) {
            throw new CaptureException(file.path(), block + 20, "captured length " + captured
                    + " overruns its pcapng block of " + length + " bytes: the file is corrupt");
        }
        if (interfaceId >= interfaces.size()) {
            return skipRecord("packet on an undeclared pcapng interface");
        }
        Interface in = interfaces.get((int) interfaceId);
        if (in.link() == null) {
            unsupported.add(in.linkNumber());
            return skipRecord("link type " + in.linkNumber() + " is not supported");
        }
        long units = (file.u32(block + timeAt) << 32) | file.u32(block + timeAt + 4);
        Timestamp time = in.time(units);
        return decode(in.link(), frame, time.epochSecond(), time.nanos(), (int) Math.min(wire, Integer.MAX_VALUE),
                block + dataAt, (int) captured, 0);
    }

    private Packet readSimplePacket(long block, long length) {
        long frame = records() + 1;
        if (interfaces.isEmpty()) {
            return skipRecord("packet on an undeclared pcapng interface");
        }
        Interface in = interfaces.get(0);
        if (in.link() == null) {
            unsupported.add(in.linkNumber());
            return skipRecord("link type " + in.linkNumber() + " is not supported");
        }
        long wire = file.u32(block + 8);
        long captured = Math.min(wire, length - 16);
        if (in.snapLength() > 0) {
            captured = Math.min(captured, in.snapLength());
        }
        return decode(in.link(), frame, Timestamp.UNKNOWN.epochSecond(), Timestamp.UNKNOWN.nanos(),
                (int) Math.min(wire, Integer.MAX_VALUE), block + 12, (int) captured, 0);
    }

    @Override
    long bytesRead() {
        return position;
    }
}
