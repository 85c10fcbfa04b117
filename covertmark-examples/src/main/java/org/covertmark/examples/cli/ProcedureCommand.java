package org.covertmark.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.procedure.Procedure;
import org.covertmark.core.procedure.ProcedureException;
import org.covertmark.core.procedure.ProcedureFiles;
import org.covertmark.core.procedure.ProcedureListener;
import org.covertmark.core.procedure.ProcedureResult;
import org.covertmark.core.procedure.ProcedureRunner;
import org.covertmark.core.procedure.RunOutcome;
import org.covertmark.core.store.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark procedure}: the runs of a procedure file, one after another, and their protocol summary. */
@Command(name = "procedure", mixinStandardHelpOptions = true,
        description = {"Run the strategy runs a JSON procedure file lists, in order; print each run's outcome as it",
            "finishes, then the protocol summary (a protocol's verdict is its highest strategy score: the lower,",
            "the more covert). Writes each run's files into DIR/NN-strategy-direction/, and summary.json,",
            "summary.txt and one report.html of all runs into DIR. A run that fails does not stop the others."},
        footer = {"", "Procedure file (paths relative to its folder; see docs/cli.md for every field):",
            "  {\"runs\": [{\"strategy\": \"length-clustering\", \"protocol\": \"obfs4\", \"positive\": \"obfs4.pcap\",",
            "              \"negative\": \"https.pcap\", \"client\": [\"10.1.0.0/24\"], \"reverse\": \"both\"}]}",
            "", "Exit status: 0 if every run succeeded; 1 if some run failed (the others still ran and their",
            "results are written); 2 if the procedure file is bad (nothing is run then).",
            "", "Examples:", "  covertmark procedure obfs4.json --out results/obfs4",
            "  covertmark procedure obfs4.json --seed 7 --quiet > summary.txt"})
final class ProcedureCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The procedure file (JSON).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the results (default: covertmark-results/procedure-NAME-TIME); must not hold results already.")
    Path out;

    @Option(names = "--store", paramLabel = "URI", defaultValue = TraceStores.DEFAULT_URI,
            description = "Trace store for trace:ID inputs and temporary imports (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed for every run, replacing the seeds in the file.")
    Long seed;

    @Option(names = "--plugins", paramLabel = "DIR|JAR",
            description = "A directory of strategy plugins, or a plugin's jar (repeatable; see: covertmark "
                + "strategies --help).")
    List<Path> pluginDirs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Procedure procedure;
        try {
            procedure = Procedure.load(file);
        } catch (ProcedureException e) {
            throw new UserError(Remedies.message(e));
        }
        if (seed != null) {
            procedure = procedure.withSeed(seed);
        }
        Path folder = out != null ? out : Path.of("covertmark-results", "procedure-" + stem(file) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return execute(spec, procedure, folder, store, pluginDirs, out == null);
    }

    /**
     * Runs a procedure, printing each run's outcome as it finishes and the protocol summary at the
     * end, and writing every result file into {@code folder} (or, when it is a default name that is
     * taken, a numbered one beside it); 0 when every run succeeded, 1 otherwise.
     */
    static int execute(CommandSpec spec, Procedure procedure, Path folder, String store, List<Path> pluginDirs,
            boolean defaultFolder) throws IOException {
        try (OutputFolder claimed = defaultFolder ? OutputFolder.claimNew(folder) : OutputFolder.claim(folder)) {
            return execute(spec, procedure, claimed.path(), store, pluginDirs);
        }
    }

    private static int execute(CommandSpec spec, Procedure procedure, Path folder, String store, List<Path> pluginDirs)
            throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        ProcedureResult result;
        try (TraceStore traces = TraceStores.open(store)) {
            result = ProcedureRunner.run(procedure, traces, Strategies.registry(pluginDirs), new ProcedureListener() {
                private final ProgressListener progress = Main.progress();

                @Override
                public ProgressListener progress() {
                    return progress;
                }

                @Override
                public void finished(RunOutcome outcome) {
                    ProcedureFiles.writeRun(outcome, folder);
                    w.println(outcome.summaryLine());
                    w.flush();
                }
            });
        } catch (ProcedureException e) {
            throw new UserError(Remedies.message(e));
        }
        ProcedureFiles.writeSummary(result, folder);
        w.println();
        w.print(result.summary().toText());
        w.println();
        w.println("results: " + folder);
        w.flush();
        // Several runs read the same capture: its skip summary is printed once.
        Map<String, Map<String, Long>> skipped = new LinkedHashMap<>();
        for (RunOutcome o : result.outcomes()) {
            o.result().ifPresent(r -> r.captures().forEach((role, stats) -> skipped.putIfAbsent(
                    RunCommand.input(r.spec(), role).toString(), stats.skipped())));
        }
        skipped.forEach((file, reasons) -> SkippedPackets.report(spec.commandLine().getErr(), file, reasons));
        if (!result.allSucceeded()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("covertmark: " + result.failures().size() + " of " + result.outcomes().size()
                    + " runs failed: " + String.join(", ", result.failures().stream().map(RunOutcome::folderName)
                    .toList()) + " (error.txt in each; run with --verbose for the stack traces)");
            err.flush();
            return 1;
        }
        return 0;
    }

    private static String stem(Path p) {
        String name = p.getFileName() == null ? "procedure" : p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
