package org.covertmark.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.store.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark traces}: the traces in a store. */
@Command(name = "traces", mixinStandardHelpOptions = true,
        description = {"List the traces in a store: id, packets, whether complete, created, source, description.",
            "The default memory: store lives only as long as one command; use a mongodb:// store to keep traces."},
        footer = {"", "Examples:", "  covertmark traces --store mongodb://localhost:27017/covertmark",
            "  covertmark traces --store mongodb://localhost:27017/covertmark | grep INCOMPLETE"})
final class TracesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "URI", defaultValue = TraceStores.DEFAULT_URI,
            description = "Trace store (default: ${DEFAULT-VALUE}).")
    String store;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (TraceStore traces = TraceStores.open(store)) {
            out.println("id\tpackets\tstatus\tcreated\tsource\tdescription");
            for (StoredTrace t : traces.list()) {
                out.println(t.id() + "\t" + t.packetCount() + "\t" + (t.complete() ? "complete" : "INCOMPLETE") + "\t"
                        + t.created() + "\t" + t.source() + "\t" + t.description());
            }
        }
        out.flush();
        return 0;
    }
}
