package org.covertmark.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.capture.LiveCapture;
import org.covertmark.core.capture.PcapngWriter;
import org.covertmark.core.engine.Version;
import org.covertmark.core.store.TraceStores;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code covertmark capture --interface IF [--filter BPF] [--duration S | --count N] (--write FILE |
 * --store URI)}: records traffic from a network interface through libpcap into a pcapng file or a
 * trace store. Ctrl-C (SIGINT) or SIGTERM stops it cleanly: the frames so far are written and the
 * file completed (it is written beside its name and moved into place only when whole), or stored as a
 * complete trace.
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Record traffic from a network interface (through libpcap) into a pcapng file or a "
            + "trace store, until --duration or --count is reached or Ctrl-C is pressed; the file or trace is "
            + "complete either way. Needs libpcap and the right to capture (root, or the capabilities cap_net_raw "
            + "and cap_net_admin)."},
        footer = {"", "Examples:",
            "  covertmark capture --interface eth0 --filter 'tcp port 443' --duration 60 \\",
            "      --write https.pcapng",
            "  covertmark capture --interface lo --count 1000 \\",
            "      --store mongodb://localhost:27017/covertmark"})
final class CaptureCommand implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CaptureCommand.class);

    /** How often the frames so far are reported. */
    private static final long REPORT_NANOS = 10_000_000_000L;

    /** Printed on standard error once the capture runs: the moment traffic starts being recorded. */
    static final String STARTED = "covertmark: capturing on ";

    @Spec
    CommandSpec spec;

    @Option(names = "--interface", required = true, paramLabel = "IF", description = "The network interface, e.g. eth0 or lo.")
    String interfaceName;

    @Option(names = "--filter", paramLabel = "BPF", description = "A capture filter in tcpdump's syntax, e.g. 'tcp port 443'.")
    String filter;

    @Option(names = "--duration", paramLabel = "S", description = "Stop after this many seconds.")
    Double duration;

    @Option(names = "--count", paramLabel = "N", description = "Stop after this many frames.")
    Long count;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "262144",
            description = "The most bytes kept of a frame (default: ${DEFAULT-VALUE}).")
    int snapLength;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    /** Where the frames go: one of the two. */
    static final class Destination {
        @Option(names = "--write", paramLabel = "FILE", description = "Write a pcapng capture here.")
        Path file;

        @Option(names = "--store", paramLabel = "URI", description = "Store as a trace, e.g. mongodb://localhost:27017/covertmark.")
        String store;
    }

    private volatile boolean stopRequested;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (duration != null && !(duration > 0)) {
            throw new UserError("--duration must be a positive number of seconds, not " + duration);
        }
        if (count != null && count <= 0) {
            throw new UserError("--count must be a positive number of frames, not " + count);
        }
        if (snapLength <= 0) {
            throw new UserError("--snaplen must be a positive number of bytes, not " + snapLength);
        }
        Path target = destination.file;
        if (target != null && Files.isDirectory(target)) {
            throw new UserError("--write " + target + " is a folder; give a file name, e.g. " + target.resolve("capture.pcapng"));
        }
        Path parent = target == null ? null : target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError("--write " + target + ": the folder " + parent + " does not exist");
        }
        TraceStore store = destination.store == null ? null : TraceStores.open(destination.store);
        try {
            LiveCapture capture = open();
            Path partial = target != null ? target.resolveSibling(target.getFileName() + ".part")
                    : Files.createTempFile("covertmark-capture", ".pcapng");
            long frames;
            long start = System.nanoTime();
            try (capture) {
                frames = record(capture, partial, err);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (target != null) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                err.printf(Locale.ROOT, "covertmark: captured %d frames on %s in %.1f s; wrote %s%n", frames,
                        interfaceName, seconds, target);
            } else {
                try {
                    StoredTrace t = store(store, partial, err);
                    if (t == null) {
                        return ImportCommand.INTERRUPTED;
                    }
                    spec.commandLine().getOut().println(t.id());
                    spec.commandLine().getOut().flush();
                    err.printf(Locale.ROOT, "covertmark: captured %d frames on %s in %.1f s; stored %d packets as "
                            + "trace %s in %s%n", frames, interfaceName, seconds, t.packetCount(), t.id(),
                            store.describe());
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            err.flush();
            return 0;
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /**
     * Imports the recorded file into the store, as {@code covertmark import} does: Ctrl-C during the
     * import removes the incomplete trace (null is returned then).
     */
    private StoredTrace store(TraceStore store, Path recorded, PrintWriter err) {
        CaptureReader reader = CaptureReader.open(recorded, InputFilter.all());
        TraceImport what = new TraceImport("capture on " + interfaceName + (filter == null ? "" : " (" + filter + ")"),
                InputFilter.all(), "live:" + interfaceName, reader.sizeBytes());
        return ImportInterruption.importWatched(store, what, reader, err);
    }

    private LiveCapture open() {
        try {
            return LiveCapture.open(interfaceName, filter, snapLength);
        } catch (LiveCapture.StartException e) {
            LOG.debug("cannot start the capture on {}", interfaceName, e);
            throw new UserError(switch (e.failure()) {
                case NO_LIBPCAP -> "capture needs libpcap, which could not be loaded: install it (Debian: "
                        + "apt-get install libpcap0.8; --verbose shows why it failed to load)";
                case NO_PERMISSION -> "no permission to capture on " + interfaceName + ": run as root, or give java "
                        + "the capabilities cap_net_raw and cap_net_admin (setcap cap_net_raw,cap_net_admin=eip "
                        + "$(readlink -f $(command -v java)))";
                case NO_SUCH_INTERFACE -> "no interface named " + interfaceName
                        + (e.interfaces().isEmpty() ? "" : "; the interfaces are: " + String.join(", ", e.interfaces()));
                case BAD_FILTER -> "--filter '" + filter + "' is not a valid capture filter: " + e.getMessage();
                case OTHER -> "cannot capture on " + interfaceName + ": " + e.getMessage();
            });
        }
    }

    /** Records until a limit is reached or a stop is asked for; returns the frames written. */
    private long record(LiveCapture capture, Path file, PrintWriter err) throws IOException {
        long start = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : start + (long) (duration * 1e9);
        long limit = count == null ? Long.MAX_VALUE : count;
        long nextReport = start + REPORT_NANOS;
        boolean quiet = Main.quiet();
        try (PcapngWriter writer = PcapngWriter.create(file, capture.linkType(), capture.snapLength(), interfaceName,
                "covertmark " + Version.current());
                StopSignals signals = StopSignals.install(() -> stopRequested = true)) {
            err.println(STARTED + interfaceName + (filter == null ? "" : " (" + filter + ")")
                    + signals.howToStop());
            err.flush();
            while (writer.packets() < limit && !stopRequested) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                LiveCapture.Frame f = capture.next();
                if (f != null) {
                    writer.write(f.epochSecond(), f.nanos(), f.wireLength(), f.data());
                }
                if (!quiet && now >= nextReport) {
                    err.printf(Locale.ROOT, "covertmark: %d frames, %,d bytes, %.0f s%n", writer.packets(),
                            writer.bytes(), (now - start) / 1e9);
                    err.flush();
                    nextReport = now + REPORT_NANOS;
                }
            }
            // What libpcap holds already is written too: read until a read times out, for half a second at most
            // (on a busy interface there is always more).
            long drainUntil = System.nanoTime() + 500_000_000L;
            LiveCapture.Frame f;
            while (writer.packets() < limit && System.nanoTime() < drainUntil && (f = capture.next()) != null) {
                writer.write(f.epochSecond(), f.nanos(), f.wireLength(), f.data());
            }
            return writer.packets();
        }
    }

    /** Ctrl-C and SIGTERM ask the capture to stop, rather than ending the JVM; the usual handlers are back after. */
    private static final class StopSignals implements AutoCloseable {
        private final java.util.List<Object[]> previous = new java.util.ArrayList<>();

        private boolean interrupt;

        static StopSignals install(Runnable stop) {
            StopSignals s = new StopSignals();
            for (String name : new String[] {"INT", "TERM"}) {
                try {
                    sun.misc.Signal signal = new sun.misc.Signal(name);
                    s.previous.add(new Object[] {signal, sun.misc.Signal.handle(signal, x -> stop.run())});
                    s.interrupt |= name.equals("INT");
                } catch (IllegalArgumentException | LinkageError e) {
                    // not handled here (ignored when the JVM started, -Xrs, not POSIX): the limits still stop it
                }
            }
            return s;
        }

        /** How the capture can be stopped besides its limits, for the first line. */
        String howToStop() {
            return interrupt ? "; Ctrl-C stops" : previous.isEmpty() ? "" : "; SIGTERM stops";
        }

        @Override
        public void close() {
            for (Object[] p : previous) {
                sun.misc.Signal.handle((sun.misc.Signal) p[0], (sun.misc.SignalHandler) p[1]);
            }
        }
    }
}
