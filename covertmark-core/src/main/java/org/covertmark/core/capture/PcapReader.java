package org.covertmark.core.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.packet.Packet;

/**
 * Classic libpcap format: a 24-byte file header, then records of a 16-byte header and the frame.
 * Both byte orders, microsecond and nanosecond variants.
 *
 * <p>A record is always walked by the length it stores (its captured length). As libpcap does, the
 * captured and wire lengths are read swapped only in files older than version 2.4, which wrote them
 * in the other order: always before 2.3 (and in DG/UX's version 543.0), and in 2.3 only when the
 * captured length exceeds the wire length. In a 2.4 file a captured length above the wire length
 * (Ethernet padding counted in the one and not the other, say) is kept as it is.
 */
final class PcapReader extends CaptureReader {

    private static final long MICROS = 0xa1b2c3d4L;
    private static final long NANOS = 0xa1b23c4dL;
    private static final long MICROS_SWAPPED = 0xd4c3b2a1L;
    private static final long NANOS_SWAPPED = 0x4d3cb2a1L;
    private static final long MODIFIED = 0xa1b2cd34L;
    private static final long MODIFIED_SWAPPED = 0x34cdb2a1L;

    /** How a record's two lengths are read: as written, swapped, or swapped when captured exceeds wire. */
    private enum Lengths { AS_WRITTEN, SWAPPED, MAYBE_SWAPPED }

    private final boolean nanosecond;
    private final Lengths lengths;
    private final LinkType link;
    private final int fcsLength;
    private long position = 24;

    static boolean isMagic(long magic) {
        return magic == MICROS || magic == NANOS || magic == MICROS_SWAPPED || magic == NANOS_SWAPPED
                || magic == MODIFIED || magic == MODIFIED_SWAPPED;
    }

    PcapReader(FileBytes file, InputFilter filter) {
        super(file, filter);
        long magic = file.u32(0);
        if (magic == MODIFIED || magic == MODIFIED_SWAPPED) {
            throw new CaptureException(file.path(), 0,
                    "modified (Kuznetzov) pcap format is not supported; convert it with: editcap -F pcap IN OUT");
        }
        if (magic == MICROS_SWAPPED || magic == NANOS_SWAPPED) {
            file.order(ByteOrder.LITTLE_ENDIAN);
        }
        nanosecond = magic == NANOS || magic == NANOS_SWAPPED;
        if (!file.has(0, 24)) {
            throw new TruncatedCaptureException(file.path(), file.knownLength(), "the pcap file header", 0);
        }
        int major = file.u16(4);
        int minor = file.u16(6);
        if (major != 2 && major != 543) {
            throw new CaptureException(file.path(), 4, "pcap major version " + major + " is not 2");
        }
        lengths = major == 543 || minor < 3 ? Lengths.SWAPPED : minor == 3 ? Lengths.MAYBE_SWAPPED : Lengths.AS_WRITTEN;
        long network = file.u32(20);
        int linkNumber = (int) (network & 0xffff);
        link = LinkType.of(linkNumber);
        if (link == null) {
            throw new CaptureException(file.path(), 20, "link type " + linkNumber
                    + " is not supported (supported: " + LinkType.supported() + ")");
        }
        fcsLength = (network & 0x04000000L) != 0 ? (int) ((network >>> 28) & 0xf) * 2 : 0;
    }

    @Override
    public String format() {
        return (file.compression() == null ? "" : file.compression() + "-compressed ") + "pcap (" + (file.order() == ByteOrder.BIG_ENDIAN ? "big" : "little") + "-endian, "
                + (nanosecond ? "nanosecond" : "microsecond") + " timestamps, link type " + link + ")";
    }

    @Override
    Packet readNext() {
        while (true) {
            if (file.atEnd(position)) {
                return null;
            }
            if (!file.has(position, 16)) {
                throw new TruncatedCaptureException(file.path(), position, "a record header", records());
            }
            // the record header in one window read
            int h = file.ensure(position, 16);
            ByteBuffer w = file.window();
            long seconds = w.getInt(h) & 0xffffffffL;
            long fraction = w.getInt(h + 4) & 0xffffffffL;
            long captured = w.getInt(h + 8) & 0xffffffffL;
            long wire = w.getInt(h + 12) & 0xffffffffL;
            if (lengths == Lengths.SWAPPED || lengths == Lengths.MAYBE_SWAPPED && captured > wire) {
                long swap = captured;
                captured = wire;
                wire = swap;
            }
            if (captured > MAX_RECORD) {
                throw new CaptureException(file.path(), position, "record of " + captured
                        + " bytes is larger than any frame (" + MAX_RECORD + "): the file is corrupt");
            }
            if (!file.has(position + 16, captured)) {
                throw new TruncatedCaptureException(file.path(), position, "a record of " + captured + " bytes",
                        records());
            }
            long perSecond = nanosecond ? 1_000_000_000L : 1_000_000L;
            if (fraction >= perSecond) {
                // an invalid fraction of a second, read as tshark reads it: whole seconds carry over
                seconds += fraction / perSecond;
                fraction %= perSecond;
            }
            int nanos = (int) (nanosecond ? fraction : fraction * 1000);
            int length = (int) captured;
            if (fcsLength > 0 && length >= fcsLength) {
                length -= fcsLength;
            }
            long frame = records() + 1;
            Packet p = decode(link, frame, seconds, nanos, (int) Math.min(wire, Integer.MAX_VALUE), position + 16,
                    length, length < captured ? fcsLength : 0);
            position += 16 + captured;
            if (p != null) {
                return p;
            }
        }
    }

    @Override
    long bytesRead() {
        return position;
    }
}
