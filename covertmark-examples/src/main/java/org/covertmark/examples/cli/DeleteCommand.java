package org.covertmark.examples.cli;

import java.util.concurrent.Callable;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.store.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark delete ID}: removes a stored trace. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a stored trace, complete or not.",
        footer = {"", "Examples:", "  covertmark delete 3 --store mongodb://localhost:27017/covertmark",
            "  covertmark traces --store mongodb://localhost:27017/covertmark   # find the id first"})
final class DeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The trace's id (see: covertmark traces).")
    String id;

    @Option(names = "--store", paramLabel = "URI", defaultValue = TraceStores.DEFAULT_URI,
            description = "Trace store (default: ${DEFAULT-VALUE}).")
    String store;

    @Override
    public Integer call() {
        try (TraceStore traces = TraceStores.open(store)) {
            if (!traces.delete(id)) {
                throw new UserError("no trace '" + id + "' in " + traces.describe() + " (list them with: covertmark traces)");
            }
            spec.commandLine().getOut().println("deleted trace " + id);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
