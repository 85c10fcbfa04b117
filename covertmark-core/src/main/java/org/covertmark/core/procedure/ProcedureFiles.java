package org.covertmark.core.procedure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import org.apiguardian.api.API;
import org.covertmark.core.export.HtmlReport;
import org.covertmark.core.export.ResultFiles;

/**
 * Writes a procedure's results to a folder: each run's files into {@code NN-strategy-direction/}
 * (those of {@link ResultFiles#write}, or {@code error.txt} for a failed run), and
 * {@code summary.json}, {@code summary.txt} and one {@code report.html} of all runs at the top.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ProcedureFiles {

    private ProcedureFiles() {
    }

    /** Writes every file of the procedure's results into {@code folder}. */
    public static void write(ProcedureResult result, Path folder) {
        result.outcomes().forEach(o -> writeRun(o, folder));
        writeSummary(result, folder);
    }

    /** Writes one run's folder; call it as each run finishes so that finished work is on disk early. */
    public static void writeRun(RunOutcome outcome, Path folder) {
        Path runFolder = folder.resolve(outcome.folderName());
        if (outcome.failed()) {
            ResultFiles.writeText(runFolder.resolve("error.txt"), outcome.error().get() + "\n");
        } else {
            ResultFiles.write(outcome.result().get(), runFolder);
        }
    }

    /** Writes {@code summary.json}, {@code summary.txt} and the combined {@code report.html}. */
    public static void writeSummary(ProcedureResult result, Path folder) {
        ResultFiles.writeSummary(result.summary(), result.procedure().description().orElse(null), folder);
    }

    /** Writes the HTML report of every run of the procedure, as {@code report.html} holds it. */
    public static void writeReport(ProcedureResult result, Writer w) throws IOException {
        HtmlReport.write(result.summary(), result.procedure().description().orElse(null), w);
    }
}
