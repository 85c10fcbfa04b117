package org.covertmark.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.covertmark.core.procedure.Procedure;
import org.covertmark.core.procedure.ProcedureException;
import org.covertmark.core.store.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark demo}: every built-in strategy on the bundled real captures, with the verdicts. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run every built-in strategy, in both directions where it applies, on the bundled real captures",
            "of obfs4 and shadowsocks against ordinary HTTPS and HTTP traffic (covertmark-examples/samples); print",
            "each run's score and each protocol's covertness verdict, and write every result file and report.html."},
        footer = {"", "Examples:", "  covertmark demo", "  covertmark demo --out /tmp/demo --seed 7"})
final class DemoCommand implements Callable<Integer> {

    /** The procedure the demo runs, in the samples folder. */
    static final String PROCEDURE = "demo.json";

    @Spec
    CommandSpec spec;

    @Option(names = "--samples", paramLabel = "DIR",
            description = "The samples folder (default: covertmark-examples/samples of this checkout).")
    Path samples;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the results (default: covertmark-results/demo-TIME); must not hold results already.")
    Path out;

    @Option(names = "--store", paramLabel = "URI", defaultValue = TraceStores.DEFAULT_URI,
            description = "Trace store (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for every run (default: the procedure's).")
    Long seed;

    @Override
    public Integer call() throws IOException {
        Path folder = samples != null ? samples : defaultSamples();
        Path file = folder.resolve(PROCEDURE);
        if (!Files.isRegularFile(file)) {
            throw new UserError("no demo procedure at " + file + "; give the samples folder with --samples DIR");
        }
        Procedure procedure;
        try {
            procedure = Procedure.load(file);
        } catch (ProcedureException e) {
            throw new UserError(e.getMessage());
        }
        if (seed != null) {
            procedure = procedure.withSeed(seed);
        }
        Path results = out != null ? out : Path.of("covertmark-results",
                "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return ProcedureCommand.execute(spec, procedure, results, store, List.of(), out == null);
    }

    /** The samples of the checkout the launcher runs from, or of the working directory. */
    static Path defaultSamples() {
        String home = System.getProperty("covertmark.home");
        Path root = home != null ? Path.of(home) : Path.of("");
        return root.resolve("covertmark-examples").resolve("samples");
    }
}
