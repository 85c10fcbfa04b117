package org.covertmark.core.export;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.MAINTAINED;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.covertmark.api.flow.Connection;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.core.score.ProtocolSummary;

/**
 * Writes a run's results to a folder: {@code results.csv} (the original's CSV), {@code results.json},
 * {@code flows.csv}, {@code wireshark-filter.txt} and {@code report.html}; and the summary of several runs. Each file is
 * written under a temporary name and renamed when complete.
 *
 * <p>The CSV has one column per configuration element, then {@code TPR}, {@code FPR},
 * {@code positive_run_time_s} and {@code ip_block_rate}; rates are percentages with five decimals,
 * as the original wrote them, and the time is in seconds.
 */
@API(status = MAINTAINED, since = "0.1")
public final class ResultFiles {

    /** The CSV's metric columns, after the configuration columns. */
    public static final List<String> METRIC_COLUMNS = List.of("TPR", "FPR", "positive_run_time_s", "ip_block_rate");

    /** Leaves the writer open when a generator closes, so that a newline can follow the JSON. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private ResultFiles() {
    }

    /** Writes every result file of the run into {@code folder} (created if needed). */
    public static void write(RunResult result, Path folder) {
        AtomicFiles.write(folder.resolve("results.csv"), w -> csv(result, w));
        AtomicFiles.write(folder.resolve("results.json"), w -> json(result, w));
        AtomicFiles.write(folder.resolve("flows.csv"), w -> flows(result, w));
        AtomicFiles.write(folder.resolve("wireshark-filter.txt"), w -> w.write(result.wiresharkFilter() + "\n"));
        AtomicFiles.write(folder.resolve("report.html"), w -> HtmlReport.write(result, w));
    }

    /**
     * Writes the files of several runs taken together into {@code folder} (created if needed):
     * {@code summary.json} and {@code summary.txt} (the protocol summary) and one {@code report.html}
     * of every run, failed ones with their error.
     */
    public static void writeSummary(ProtocolSummary summary, Path folder) {
        writeSummary(summary, null, folder);
    }

    /**
     * Writes the files of several runs taken together, as {@link #writeSummary(ProtocolSummary, Path)}
     * does, with a description of what the runs were for at the top of the report (null for none).
     */
    public static void writeSummary(ProtocolSummary summary, String description, Path folder) {
        AtomicFiles.write(folder.resolve("summary.json"), summary::writeJson);
        AtomicFiles.write(folder.resolve("summary.txt"), summary::writeText);
        AtomicFiles.write(folder.resolve("report.html"), w -> HtmlReport.write(summary, description, w));
    }

    /** Writes {@code text} to {@code file}, under a temporary name renamed when complete. */
    @API(status = INTERNAL, since = "0.1")
    public static void writeText(Path file, String text) {
        AtomicFiles.write(file, w -> w.write(text));
    }

    /**
     * The original's CSV of a run's records: the configuration's columns, then the test part's TPR and
     * FPR at the strategy's own unit, its time and the blocked-host rate, as percentages with five
     * decimals (empty where a rate is over no unit); then the connection-level TPR and FPR.
     */
    public static void csv(RunResult result, Writer w) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String c : result.configColumns()) {
            line.append(csvField(c)).append(',');
        }
        line.append(String.join(",", METRIC_COLUMNS)).append(",flow_TPR,flow_FPR\n");
        w.write(line.toString());
        for (RunResult.ConfigRecord r : result.records()) {
            line.setLength(0);
            for (Object v : r.config().values()) {
                line.append(csvField(String.valueOf(v))).append(',');
            }
            UnitRates primary = ResultJson.primary(r.test());
            line.append(ResultJson.percent(primary.tpr())).append(',').append(ResultJson.percent(primary.fpr()))
                    .append(',')
                    .append(Double.isNaN(r.timeSeconds()) ? "" : String.format(Locale.ROOT, "%.6f", r.timeSeconds()))
                    .append(',').append(ResultJson.percent(r.test().host().fpr()))
                    .append(',').append(ResultJson.percent(r.test().flow().tpr()))
                    .append(',').append(ResultJson.percent(r.test().flow().fpr())).append('\n');
            w.write(line.toString());
        }
    }

    /** The columns of {@code flows.csv}. */
    public static final List<String> FLOW_COLUMNS = List.of("role", "client", "client_port", "server", "server_port",
            "transport", "packets", "examined", "flagged", "reason", "part", "protocol");

    /** {@code flows.csv}: one row per connection of each trace, with the chosen configuration's decision. */
    public static void flows(RunResult result, Writer w) throws IOException {
        w.write(String.join(",", FLOW_COLUMNS) + "\n");
        StringBuilder line = new StringBuilder();
        for (RunResult.FlowRow f : result.flows()) {
            Connection c = f.connection();
            line.setLength(0);
            line.append(f.role().label()).append(',').append(c.client()).append(',').append(c.clientPort()).append(',')
                    .append(c.server()).append(',').append(c.serverPort()).append(',')
                    .append(c.transport().name().toLowerCase(Locale.ROOT)).append(',').append(c.packets()).append(',')
                    .append(f.examined()).append(',').append(f.flagged()).append(',').append(csvField(f.reason()))
                    .append(',').append(f.part()).append(',').append(c.protocol().label()).append('\n');
            w.write(line.toString());
        }
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /**
     * Writes the run as {@code results.json} holds it: one JSON object, indented, then a newline;
     * rates are fractions in [0, 1], null over no unit. The writer is left open.
     *
     * @param r the run's result
     * @param w where to write
     * @throws IOException if the writer fails
     */
    public static void json(RunResult r, Writer w) throws IOException {
        // The generator must not close the writer: the newline after it would then fail.
        try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
            ResultJson.write(r, g);
        }
        w.write('\n');
    }
}
