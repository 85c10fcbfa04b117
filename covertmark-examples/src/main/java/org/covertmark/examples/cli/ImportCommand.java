package org.covertmark.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.store.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark import FILE --store URI}: parses a capture once into a store, printing the trace's id. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Parse a capture into a trace store once and print the new trace's id.",
            "Later commands read it as trace:ID without parsing the capture again.",
            "--client and --server keep only packets to or from those networks, in both",
            "directions, so that run and run --reverse can both use the trace; run's own",
            "--client and --server then pick the direction."},
        footer = {"", "Examples:",
            "  S=mongodb://localhost:27017/covertmark",
            "  covertmark import obfs4.pcap --client 10.1.0.0/24 --description 'obfs4, lab' --store $S",
            "  covertmark run --strategy entropy-dist --positive trace:1 --negative trace:2 \\",
            "      --client 10.1.0.0/24 --store $S"})
final class ImportCommand implements Callable<Integer> {

    /** The exit status after Ctrl-C, as the JVM (and the shell) give it: 128 + SIGINT. */
    static final int INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A pcap or pcapng capture.")
    Path file;

    @Option(names = "--client", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Keep only packets to or from these addresses or subnets (repeatable).")
    List<Subnet> clients = new ArrayList<>();

    @Option(names = "--server", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Also keep packets to or from these addresses or subnets (repeatable).")
    List<Subnet> servers = new ArrayList<>();

    @Option(names = "--description", paramLabel = "TEXT",
            description = "What the trace is, for covertmark traces (default: the file name).")
    String description;

    @Option(names = "--store", required = true, paramLabel = "URI",
            description = "Trace store, e.g. mongodb://localhost:27017/covertmark.")
    String store;

    @Override
    public Integer call() {
        List<InputRule> rules = Stream.concat(clients.stream(), servers.stream())
                .map(s -> new InputRule(s, Direction.EITHER)).toList();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InputFilter filter = InputFilter.of(rules);
        try (TraceStore traces = TraceStores.open(store)) {
            long start = System.nanoTime();
            CaptureReader reader = CaptureReader.open(file, filter);
            TraceImport what = TraceStores.captureImport(reader, filter, description);
            reader.reportProgress(Main.progress(), "importing " + what.source());
            StoredTrace t = ImportInterruption.importWatched(traces, what, reader, err);
            if (t == null) {
                return INTERRUPTED;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.println(t.id());
            out.flush();
            err.printf(Locale.ROOT, "covertmark: stored %d packets of %s as trace %s in %s (%.1f s, %.0f packets/s)%n",
                    t.packetCount(), t.source(), t.id(), traces.describe(), seconds,
                    seconds > 0 ? t.packetCount() / seconds : 0.0);
            if (traces.describe().startsWith("memory:")) {
                err.println("covertmark: note: the memory: store forgets the trace when this command ends; "
                        + "use --store mongodb://HOST:PORT/DATABASE to keep it");
            }
            SkippedPackets.report(err, file.toString(), reader.stats());
        }
        return 0;
    }
}
