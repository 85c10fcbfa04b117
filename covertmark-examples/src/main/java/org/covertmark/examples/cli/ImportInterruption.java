package org.covertmark.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.capture.CaptureReader;

/**
 * Ctrl-C (or any other request to end the JVM) during {@code covertmark import}: a shutdown hook
 * stops the import at its next packet, lets the store remove what it stored (as it does for any
 * failed import), removes the incomplete trace itself if the store could not, and says what became
 * of it in one line. The JVM then ends with the signal's status, 130 for Ctrl-C. No trace is ever
 * left marked complete by an interrupted import: the store marks a trace complete only at the end.
 */
final class ImportInterruption implements AutoCloseable {

    /** How long the hook waits for the import to stop and clean up before it reports what is left. */
    private static final long UNWIND_SECONDS = 20;

    private final TraceStore store;
    private final String source;
    private final PrintWriter err;
    private final Set<String> before;
    private final Thread hook;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile boolean interrupted;
    private volatile boolean finished;
    private volatile long delivered;
    private volatile boolean completed;
    private volatile String pendingId;

    private ImportInterruption(TraceStore store, String source, PrintWriter err) {
        this.store = store;
        this.source = source;
        this.err = err;
        this.before = ids(store.list());
        this.hook = new Thread(this::interrupt, "covertmark-import-interrupted");
    }

    /**
     * Watches for an interruption while the capture file {@code source} (a file name) is imported
     * into {@code store}.
     */
    static ImportInterruption install(TraceStore store, String source, PrintWriter err) {
        ImportInterruption i = new ImportInterruption(store, source, err);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /**
     * Imports {@code reader}'s packets into {@code store} as {@code what}, watching for an interruption
     * the whole time.
     *
     * @return the stored trace, or null when the import was interrupted (the incomplete trace is then
     *     removed and the report printed)
     */
    static StoredTrace importWatched(TraceStore store, TraceImport what, CaptureReader reader, PrintWriter err) {
        ImportInterruption watch;
        try {
            watch = install(store, what.source(), err);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        try {
            StoredTrace t = store.importTrace(what, watch.guard(reader));
            watch.completed();
            return t;
        } catch (RuntimeException e) {
            watch.close();
            if (watch.interrupted()) {
                watch.awaitReport();
                return null;
            }
            throw e;
        } finally {
            watch.close();
        }
    }

    /** The packets to import, ending in {@link Interrupted} once the JVM is asked to end. */
    PacketStream guard(PacketStream packets) {
        return new PacketStream() {
            private boolean first = true;

            @Override
            public boolean hasNext() {
                if (first) {
                    first = false;
                    // The store has registered the trace by now: note its id for the message.
                    pendingId = pending();
                }
                if (interrupted) {
                    throw new Interrupted();
                }
                return packets.hasNext();
            }

            @Override
            public Packet next() {
                if (interrupted) {
                    throw new Interrupted();
                }
                Packet p = packets.next();
                delivered++;
                return p;
            }

            @Override
            public void close() {
                packets.close();
            }
        };
    }

    /** Whether the import was stopped by an interruption. */
    boolean interrupted() {
        return interrupted;
    }

    /** Waits until the hook has said what became of the trace; the JVM ends then. */
    void awaitReport() {
        try {
            reported.await(UNWIND_SECONDS + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The import has completed: the trace is stored whole. */
    void completed() {
        completed = true;
    }

    /** The import has ended, completed or failed: the hook has nothing more to do. */
    @Override
    public void close() {
        finished = true;
        stopped.countDown();
        if (!interrupted) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now and sees that the import has finished
            }
        }
    }

    private void interrupt() {
        if (finished) {
            return;
        }
        interrupted = true;
        try {
            boolean unwound = stopped.await(UNWIND_SECONDS, TimeUnit.SECONDS);
            err.println("covertmark: interrupted: " + outcome(unwound));
            err.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reported.countDown();
        }
    }

    /** What became of the trace, after the import stopped (or did not within the time allowed). */
    private String outcome(boolean unwound) {
        String id = pendingId;
        if (completed) {
            return "the import of " + source + " had completed" + (id == null ? "" : " as trace '" + id + "'");
        }
        String stoppedAt = "the import of " + source + " stopped after " + delivered + " packets";
        if (!unwound) {
            return stoppedAt + " did not finish cleaning up"
                    + (id == null ? "; list the traces with: covertmark traces"
                    : "; trace '" + id + "' may be left incomplete (remove it with: covertmark delete " + id + ")");
        }
        try {
            List<StoredTrace> left = store.list().stream()
                    .filter(t -> !before.contains(t.id()) && !t.complete() && t.source().equals(source)).toList();
            for (StoredTrace t : left) {
                store.delete(t.id());
            }
            return stoppedAt + "; " + (id == null ? "nothing incomplete is left in " + store.describe()
                    : "its incomplete trace '" + id + "' was removed from " + store.describe());
        } catch (RuntimeException e) {
            return stoppedAt + "; cannot check " + store.describe() + " for what is left: " + e.getMessage()
                    + (id == null ? "" : " (remove trace '" + id + "' with: covertmark delete " + id + ")");
        }
    }

    /** The id of the incomplete trace this import added to the store, when there is exactly one. */
    private String pending() {
        try {
            List<String> added = store.list().stream()
                    .filter(t -> !before.contains(t.id()) && !t.complete() && t.source().equals(source))
                    .map(StoredTrace::id).toList();
            return added.size() == 1 ? added.get(0) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Set<String> ids(List<StoredTrace> traces) {
        return traces.stream().map(StoredTrace::id).collect(Collectors.toSet());
    }

    /** Ends an interrupted import; the store removes what it stored, as for any failed import. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("interrupted", null, false, false);
        }
    }
}
