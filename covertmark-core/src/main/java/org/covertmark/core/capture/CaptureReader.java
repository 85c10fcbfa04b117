package org.covertmark.core.capture;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apiguardian.api.API;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.packet.MalformedPacketException;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.Timestamp;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.store.PacketStream;

/**
 * Reads the IP packets of a classic pcap or pcapng capture file, in pure Java, streaming from
 * memory-mapped windows of the file: no native library, no heap copy of packet bytes, and memory
 * that does not grow with the file.
 *
 * <p>Frames that hold no IP packet (ARP, CDP, …) and IP packets that cannot be decoded are skipped
 * and counted in {@link #stats()}. A fault in the file as a whole throws a {@link CaptureException}
 * naming the file and byte offset; a file cut short throws a {@link TruncatedCaptureException}
 * after every packet before the cut has been delivered.
 *
 * <pre>{@code
 * try (CaptureReader reader = CaptureReader.open(path, InputFilter.of(InputRule.src("10.0.0.0/8")))) {
 *     reader.forEachRemaining(packet -> ...);
 * }
 * }</pre>
 */
@API(status = MAINTAINED, since = "0.1")
public abstract class CaptureReader implements PacketStream {

    /** Records larger than this are taken as corruption rather than allocated or mapped. */
    static final int MAX_RECORD = 16 << 20;

    /** Progress is reported each time this many more bytes of the file have been read. */
    static final long REPORT_EVERY_BYTES = 1 << 20;

    final FileBytes file;
    private final InputFilter filter;
    /** Records skipped per reason, each count in an array of one so that counting boxes nothing. */
    private final Map<String, long[]> skipped = new HashMap<>();
    /** Packets delivered although their IP header had to be read by a repairing rule, per rule. */
    private final Map<String, long[]> repaired = new HashMap<>();

    /** {@link CaptureStats#repaired()} reason: an IPv4 total length of 0, read to the end of the frame. */
    static final String TOTAL_LENGTH_ZERO = "IPv4 total length 0 (segmentation offload): read to the end of the frame";
    /** {@link CaptureStats#repaired()} reason: an IPv4 total length beyond the frame, payload cut to the frame. */
    static final String TOTAL_LENGTH_BEYOND_FRAME = "IPv4 total length beyond the frame: payload cut to what the frame held";
    private long records;
    private long packets;
    private Packet next;
    private boolean done;
    private ProgressListener progress = ProgressListener.NONE;
    private long nextReport;

    CaptureReader(FileBytes file, InputFilter filter) {
        this.file = file;
        this.filter = filter;
    }

    /** Opens a capture, detecting pcap or pcapng from its first bytes. */
    public static CaptureReader open(Path path) {
        return open(path, InputFilter.all());
    }

    /**
     * Opens a capture whose packets are delivered only when they pass {@code filter}.
     *
     * @throws CaptureException if the file is missing, unreadable, or not a pcap or pcapng capture
     */
    public static CaptureReader open(Path path, InputFilter filter) {
        FileBytes file = openFile(path);
        try {
            if (file.has(0, 4)) {
                StreamedFile.Codec codec = StreamedFile.Codec.of(file.u32(0));
                if (codec != null) {
                    file.close();
                    file = StreamedFile.open(path, codec);
                }
            }
            if (!file.has(0, 4)) {
                if (file instanceof StreamedFile streamed && streamed.cutShort()) {
                    throw new TruncatedCaptureException(path, 0, "the first block of its " + file.compression()
                            + " stream", 0);
                }
                String what = file.compression() == null ? "file" : "decompressed " + file.compression() + " content";
                throw new CaptureException(path, -1, file.knownLength() == 0 ? what + " is empty, not a capture"
                        : what + " of " + file.knownLength() + " bytes is too short to be a capture");
            }
            long magic = file.u32(0);
            if (magic == PcapngReader.SECTION_HEADER) {
                return new PcapngReader(file, filter);
            }
            if (PcapReader.isMagic(magic)) {
                return new PcapReader(file, filter);
            }
            throw new CaptureException(path, 0, String.format(
                    "not a pcap or pcapng capture%s (starts with bytes %08x)",
                    file.compression() == null ? "" : " once " + file.compression() + "-decompressed", magic));
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static FileBytes openFile(Path path) {
        try {
            if (Files.isDirectory(path)) {
                throw new CaptureException(path, -1, "is a directory, not a capture file");
            }
            return new MappedFile(path);
        } catch (NoSuchFileException e) {
            throw new CaptureException(path, -1, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new CaptureException(path, -1, "permission denied", e);
        } catch (IOException e) {
            throw new CaptureException(path, -1, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The capture file being read. */
    public Path path() {
        return file.path();
    }

    /** The capture file's size in bytes (compressed, for a compressed capture). */
    public long sizeBytes() {
        return file.sizeOnDisk();
    }

    /** The compression the capture is read through ({@code gzip}, {@code zstd}, {@code lz4}), if any. */
    public java.util.Optional<String> compression() {
        return java.util.Optional.ofNullable(file.compression());
    }

    /** {@code pcap} or {@code pcapng}, with byte order and timestamp resolution where they apply. */
    public abstract String format();

    /** What has been read so far: records, packets delivered and records skipped, with reasons. */
    public CaptureStats stats() {
        Map<String, Long> counts = new HashMap<>();
        skipped.forEach((reason, count) -> counts.put(reason, count[0]));
        Map<String, Long> repairs = new HashMap<>();
        repaired.forEach((reason, count) -> repairs.put(reason, count[0]));
        return new CaptureStats(records, packets, counts, repairs);
    }

    /**
     * Reports to {@code listener} how many bytes of the file have been read: one task named
     * {@code task} (e.g. {@code reading tls2.pcap}) in {@link ProgressListener#BYTES}, advanced about
     * once per megabyte and finished at the end of the file or on {@link #close}.
     *
     * @return this reader
     */
    public CaptureReader reportProgress(ProgressListener listener, String task) {
        java.util.Objects.requireNonNull(listener, "listener");
        finishProgress();
        if (listener != ProgressListener.NONE) {
            listener.started(task, ProgressListener.BYTES, sizeBytes());
            progress = listener;
            nextReport = file.consumed(bytesRead()) + REPORT_EVERY_BYTES;
        }
        return this;
    }

    private void finishProgress() {
        ProgressListener p = progress;
        progress = ProgressListener.NONE;
        p.finished();
    }

    /** The bytes of the content read so far: the offset of the next record or block. */
    abstract long bytesRead();

    /**
     * Reads records until one holds an IP packet that passes the filter, and returns it; null at
     * the end of the file.
     */
    abstract Packet readNext();

    /** Counts a packet record that cannot be decoded at all; returns null. */
    final Packet skipRecord(String reason) {
        records++;
        skip(reason);
        return null;
    }

    /**
     * Decodes the packet record whose {@code length} captured bytes lie at {@code at} of the file;
     * null when it is skipped (and then counted). Only the IP packet gets a view of its own.
     *
     * @param epochSecond the capture time's seconds ({@link Timestamp#UNKNOWN}'s when the record has
     *     no time)
     * @param nanos the capture time's nanoseconds within the second
     */
    final Packet decode(LinkType link, long frame, long epochSecond, int nanos, int wireLength, long at,
            int length, int trailer) {
        records++;
        int index = file.ensure(at, length);
        int ip = link.ipOffset(file.bigEndianWindow(), index, length);
        if (ip == LinkType.NOT_IP) {
            skip(link.whyNotIp(file.bigEndianWindow(), index, length));
            return null;
        }
        Packet p;
        try {
            p = Packet.parse(frame, epochSecond, nanos, wireLength, ip + trailer, file.view(at + ip, length - ip));
        } catch (MalformedPacketException e) {
            return skipMalformed(e);
        }
        noteRepairs(p);
        if (!filter.test(p)) {
            skip("outside the input filter");
            return null;
        }
        packets++;
        return p;
    }

    /** Counts the packets read by a rule that repairs what their IP header says. */
    private void noteRepairs(Packet p) {
        if (p.ipVersion() == 4 && p.lengthFromFrame()) {
            count(repaired, p.bytes().getUnsignedShort(2) == 0 ? TOTAL_LENGTH_ZERO : TOTAL_LENGTH_BEYOND_FRAME);
        }
    }

    /**
     * Counts a packet that cannot be decoded under its reason, its numbers replaced by N so that
     * packets with the same fault count together (names such as IPv4 keep their digits); returns null.
     */
    private Packet skipMalformed(MalformedPacketException e) {
        skip("malformed IP: " + e.getMessage().replaceAll("(?<![A-Za-z])\\d+", "N"));
        return null;
    }

    private void skip(String reason) {
        count(skipped, reason);
    }

    private static void count(Map<String, long[]> counts, String reason) {
        counts.computeIfAbsent(reason, r -> new long[1])[0]++;
    }

    final long records() {
        return records;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            try {
                next = readNext();
            } catch (RuntimeException e) {
                done = true;
                throw e;
            }
            done = next == null;
            if (progress != ProgressListener.NONE) {
                if (done) {
                    progress.advanced(sizeBytes());
                    finishProgress();
                } else if (file.consumed(bytesRead()) >= nextReport) {
                    long at = file.consumed(bytesRead());
                    progress.advanced(at);
                    nextReport = at + REPORT_EVERY_BYTES;
                }
            }
        }
        return next != null;
    }

    @Override
    public final Packet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Packet p = next;
        next = null;
        return p;
    }

    @Override
    public void close() {
        finishProgress();
        done = true;
        next = null;
        file.close();
    }
}
