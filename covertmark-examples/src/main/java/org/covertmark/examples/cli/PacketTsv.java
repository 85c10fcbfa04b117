package org.covertmark.examples.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.covertmark.api.packet.Packet;

/**
 * The TSV table of {@code covertmark packets}: a header row, then one row per packet of a reader,
 * written as UTF-8. Public so that other tools (the benchmark) can produce exactly the command's
 * output.
 *
 * <p>With one thread, the calling thread reads, formats and writes. With more, each thread of a
 * pool takes the reader in turn to read a batch of packets, which it then formats, and the calling
 * thread writes the batches in the order they were read. When reading fails (a capture cut short),
 * the rows of every packet read before the failure are written first, then the failure is thrown.
 */
public final class PacketTsv {

    /** Packets formatted together, by one thread, into one write of output. */
    static final int BATCH = 1024;

    /** The bytes a batch of rows is expected to take, to size its buffer once. */
    private static final int BATCH_BYTES = BATCH * 128;

    private PacketTsv() {
    }

    /**
     * Writes the header row and one row per remaining packet of {@code reader} to {@code out},
     * formatting rows on as many threads as there are processors. {@code out} is not flushed or
     * closed; it receives large writes, so it needs no buffer of its own.
     */
    public static void write(Iterator<Packet> reader, OutputStream out) throws IOException {
        write(reader, out, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Writes the header row and one row per remaining packet of {@code reader} to {@code out},
     * formatting rows on {@code threads} threads besides the calling one when {@code threads} is
     * above 1, or on the calling thread alone.
     */
    public static void write(Iterator<Packet> reader, OutputStream out, int threads) throws IOException {
        out.write(TsvRows.header());
        Batch batch = Batch.read(reader, new Packet[BATCH]);
        if (threads <= 1 || !batch.more()) {
            writeSequentially(reader, out, batch);
        } else {
            writeInParallel(reader, out, threads, batch);
        }
    }

    /**
     * Packets read together.
     *
     * @param failure what reading the next packet threw, or null
     * @param more whether the reader has more packets after these
     */
    private record Batch(Packet[] packets, int count, RuntimeException failure, boolean more) {

        /** Reads up to {@code into.length} packets into {@code into}; a failure to read ends the batch. */
        static Batch read(Iterator<Packet> reader, Packet[] into) {
            int n = 0;
            try {
                while (n < into.length && reader.hasNext()) {
                    into[n++] = reader.next();
                }
                return new Batch(into, n, null, n == into.length && reader.hasNext());
            } catch (RuntimeException e) {
                return new Batch(into, n, e, false);
            }
        }

        void format(TsvRows rows) {
            for (int i = 0; i < count; i++) {
                rows.add(packets[i]);
            }
        }
    }

    /** Formats each packet as soon as it is read, while its bytes are in the processor's cache. */
    private static void writeSequentially(Iterator<Packet> reader, OutputStream out, Batch first)
            throws IOException {
        TsvRows rows = new TsvRows(BATCH_BYTES);
        first.format(rows);
        RuntimeException failure = first.failure();
        if (failure == null && first.more()) {
            try {
                while (reader.hasNext()) {
                    rows.add(reader.next());
                    if (rows.length() >= BATCH_BYTES) {
                        out.write(rows.bytes(), 0, rows.length());
                        rows.clear();
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        out.write(rows.bytes(), 0, rows.length());
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Each formatting thread takes the reader in turn, reads a batch of packets and formats it
     * while their bytes are still in its processor's cache; this thread writes the batches in the
     * order they were read. At most {@code 2 × threads} batches wait to be written.
     */
    private static void writeInParallel(Iterator<Packet> reader, OutputStream out, int threads, Batch first)
            throws IOException {
        Batches batches = new Batches(reader, 2 * threads);
        ExecutorService formatters = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "covertmark-packets-tsv");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < threads; i++) {
                formatters.execute(batches::formatUntilDone);
            }
            TsvRows rows = new TsvRows(BATCH_BYTES);
            first.format(rows);
            out.write(rows.bytes(), 0, rows.length());
            for (long seq = 1; ; seq++) {
                Formatted f = batches.take(seq);
                out.write(f.rows().bytes(), 0, f.rows().length());
                batches.written(f.rows());
                if (f.failure() != null) {
                    throw f.failure();
                }
                if (f.error() instanceof RuntimeException e) {
                    throw e;
                }
                if (f.error() != null) {
                    throw (Error) f.error();
                }
                if (f.last()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while formatting packets");
        } finally {
            batches.stop();
            formatters.shutdownNow();
            awaitTermination(formatters);
        }
    }

    /** Waits until no formatting thread touches the reader any more, so that the caller may close it. */
    private static void awaitTermination(ExecutorService formatters) {
        boolean interrupted = false;
        while (true) {
            try {
                if (formatters.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A batch's rows, with what reading after it threw, what formatting it threw, and whether it is
     * the last.
     */
    private record Formatted(TsvRows rows, RuntimeException failure, Throwable error, boolean last) {
    }

    /** The reader shared by the formatting threads, and their batches in reading order. */
    private static final class Batches {
        private final Iterator<Packet> reader;
        private final Semaphore room;
        private final Map<Long, Formatted> formatted = new HashMap<>();
        private final ConcurrentLinkedQueue<TsvRows> free = new ConcurrentLinkedQueue<>();
        /** The number of the next batch to read; guarded by {@code reader}. */
        private long next = 1;
        /** Whether no batch is to be read any more; guarded by {@code reader}. */
        private boolean done;

        Batches(Iterator<Packet> reader, int waiting) {
            this.reader = reader;
            this.room = new Semaphore(waiting);
        }

        /** The loop of a formatting thread. */
        void formatUntilDone() {
            try {
                while (true) {
                    room.acquire();
                    long seq;
                    Batch batch;
                    Throwable error = null;
                    synchronized (reader) {
                        if (done) {
                            return;
                        }
                        seq = next++;
                        try {
                            batch = Batch.read(reader, new Packet[BATCH]);
                        } catch (Error e) {
                            // not a fault of the capture (which Batch.read keeps) but of the reading
                            batch = new Batch(new Packet[0], 0, null, false);
                            error = e;
                        }
                        done = error != null || batch.failure() != null || !batch.more();
                    }
                    TsvRows rows = free.poll();
                    try {
                        if (rows == null) {
                            rows = new TsvRows(BATCH_BYTES);
                        }
                        if (error == null) {
                            batch.format(rows);
                        }
                    } catch (RuntimeException | Error e) {
                        error = e;
                        stop();
                    }
                    // every batch numbered is handed over, so that the writer never waits in vain
                    put(seq, new Formatted(rows == null ? new TsvRows(0) : rows, batch.failure(), error,
                            !batch.more()));
                }
            } catch (InterruptedException e) {
                // stopped: the writer has gone
            }
        }

        private synchronized void put(long seq, Formatted f) {
            formatted.put(seq, f);
            notifyAll();
        }

        /** Waits for batch {@code seq} to be formatted. */
        synchronized Formatted take(long seq) throws InterruptedException {
            while (!formatted.containsKey(seq)) {
                wait();
            }
            return formatted.remove(seq);
        }

        /** Hands back the rows of a written batch, making room for another. */
        void written(TsvRows rows) {
            rows.clear();
            free.add(rows);
            room.release();
        }

        /** Reads no more batches. */
        void stop() {
            synchronized (reader) {
                done = true;
            }
        }
    }
}
