package org.covertmark.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.net.Subnet;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.capture.CaptureStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark packets}: one row per IP packet of a capture, as tshark would show it. */
@Command(name = "packets",
        description = {"Print one row per IP packet of a pcap or pcapng capture, header row first.",
            "Frames without IP (ARP, CDP, ...) are skipped; undecodable packets are skipped and counted."},
        footer = {"", "Columns: frame time_us ip_version src dst ip_len ttl proto sport dport seq ack flags "
                + "payload_len tls_types tls_version http_method http_uri",
            "", "Examples:",
            "  covertmark packets data/public/http-packets2.pcap | head",
            "  covertmark packets capture.pcapng --client 10.0.0.0/8 --format jsonl"},
        mixinStandardHelpOptions = true)
final class PacketsCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(PacketsCommand.class);

    enum Format { tsv, jsonl }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A pcap or pcapng capture.")
    Path file;

    @Option(names = "--client", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Keep only packets to or from these addresses or subnets (repeatable).")
    List<Subnet> clients = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tsv",
            description = "tsv (default) or jsonl.")
    Format format;

    @Override
    public Integer call() throws IOException {
        List<InputRule> rules = clients.stream().map(s -> new InputRule(s, Direction.EITHER)).toList();
        Writer out = new BufferedWriter(new OutputStreamWriter(Main.stdout(), StandardCharsets.UTF_8), 1 << 16);
        try (CaptureReader reader = CaptureReader.open(file, InputFilter.of(rules))) {
            LOG.debug("reading {} as {}", file, reader.format());
            try {
                if (format == Format.tsv) {
                    PacketTsv.write(reader, out);
                } else {
                    writeJsonLines(reader, out);
                }
            } finally {
                out.flush();
                report(reader.stats());
            }
        }
        return 0;
    }

    private void report(CaptureStats stats) {
        LOG.debug("{}: {} records, {} packets, skipped {}", file, stats.records(), stats.packets(), stats.skipped());
        for (Map.Entry<String, Long> e : stats.skipped().entrySet()) {
            if (e.getKey().startsWith("malformed") || e.getKey().contains("not supported")
                    || e.getKey().contains("undeclared")) {
                spec.commandLine().getErr().println("covertmark: " + file + ": skipped " + e.getValue()
                        + " packet" + (e.getValue() == 1 ? "" : "s") + ": " + e.getKey());
            }
        }
    }

    private static void writeJsonLines(CaptureReader reader, Writer out) throws IOException {
        PacketColumn[] columns = PacketColumn.values();
        String[] values = new String[columns.length];
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            json.setRootValueSeparator(null);
            while (reader.hasNext()) {
                PacketColumn.values(reader.next(), values);
                json.writeStartObject();
                for (PacketColumn c : columns) {
                    String v = values[c.ordinal()];
                    json.writeFieldName(c.header);
                    if (v == null) {
                        json.writeNull();
                    } else if (c.numeric) {
                        json.writeNumber(v);
                    } else {
                        json.writeString(v);
                    }
                }
                json.writeEndObject();
                json.flush();
                out.write('\n');
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
