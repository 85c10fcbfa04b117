package org.covertmark.examples.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.covertmark.api.packet.Packet;

/**
 * The TSV table of {@code covertmark packets}: a header row, then one row per packet of a reader,
 * written as UTF-8. Public so that other tools (the benchmark) can produce exactly the command's
 * output.
 *
 * <p>The calling thread reads the packets and writes the output; with more than one thread, the
 * rows are formatted by a pool of threads, a batch of packets at a time, and written in capture
 * order. When reading fails (a capture cut short), the rows of every packet read before the failure
 * are written first, then the failure is thrown.
 */
public final class PacketTsv {

    /** Packets formatted together, by one thread, into one write of output. */
    static final int BATCH = 4096;

    /** The bytes a batch of rows is expected to take, to size its buffer once. */
    private static final int BATCH_BYTES = BATCH * 128;

    private static final AtomicInteger POOLS = new AtomicInteger();

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

    private static void writeInParallel(Iterator<Packet> reader, OutputStream out, int threads, Batch first)
            throws IOException {
        int pool = POOLS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService formatters = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "covertmark-tsv-" + pool + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ConcurrentLinkedQueue<TsvRows> free = new ConcurrentLinkedQueue<>();
        ArrayDeque<Future<TsvRows>> pending = new ArrayDeque<>();
        int maxPending = 2 * threads + 2;
        try {
            Batch batch = first;
            while (true) {
                Batch formatted = batch;
                pending.add(formatters.submit(() -> formatBatch(formatted, free)));
                if (batch.failure() != null || !batch.more()) {
                    break;
                }
                while (!pending.isEmpty() && (pending.size() > maxPending || pending.peek().isDone())) {
                    writeOldest(pending, out, free);
                }
                batch = Batch.read(reader, new Packet[BATCH]);
            }
            while (!pending.isEmpty()) {
                writeOldest(pending, out, free);
            }
            if (batch.failure() != null) {
                throw batch.failure();
            }
        } finally {
            formatters.shutdownNow();
        }
    }

    private static TsvRows formatBatch(Batch batch, ConcurrentLinkedQueue<TsvRows> free) {
        TsvRows rows = free.poll();
        if (rows == null) {
            rows = new TsvRows(BATCH_BYTES);
        }
        batch.format(rows);
        return rows;
    }

    private static void writeOldest(ArrayDeque<Future<TsvRows>> pending, OutputStream out,
            ConcurrentLinkedQueue<TsvRows> free) throws IOException {
        TsvRows rows;
        try {
            rows = pending.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while formatting packets");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
        out.write(rows.bytes(), 0, rows.length());
        rows.clear();
        free.add(rows);
    }
}
