package org.covertmark.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.PacketStream;
import org.covertmark.core.store.TraceStores;
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
        description = {"Print one row per IP packet of a pcap or pcapng capture or a stored trace, header row first.",
            "Frames without IP (ARP, CDP, ...) are skipped; undecodable packets are skipped and counted."},
        footer = {"", "Columns: frame time_us ip_version src dst ip_len ttl proto sport dport seq ack flags "
                + "payload_len tls_types tls_version http_method http_uri",
            "", "Examples:",
            "  covertmark packets data/public/http-packets2.pcap | head",
            "  covertmark packets capture.pcapng --client 10.0.0.0/8 --format jsonl",
            "  covertmark packets trace:3 --store mongodb://localhost:27017/covertmark | head"},
        mixinStandardHelpOptions = true)
final class PacketsCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(PacketsCommand.class);

    enum Format { tsv, jsonl }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|trace:ID",
            description = "A pcap or pcapng capture, or a trace stored by covertmark import.")
    String input;

    @Option(names = "--store", paramLabel = "URI", defaultValue = TraceStores.DEFAULT_URI,
            description = "Trace store holding trace:ID (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--client", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Keep only packets to or from these addresses or subnets (repeatable).")
    List<Subnet> clients = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tsv",
            description = "tsv (default) or jsonl.")
    Format format;

    @Override
    public Integer call() throws IOException {
        OutputStream stdout = Main.stdout();
        try (PacketInput in = PacketInput.open(input, clients, store)) {
            if (LOG.isDebugEnabled()) {
                // the description is built only when it is logged: its text costs a start-up's worth of classes
                in.capture().ifPresent(r -> LOG.debug("reading {} as {}", input, r.format()));
            }
            try {
                if (format == Format.tsv) {
                    PacketTsv.write(in.packets(), stdout);
                } else {
                    Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
                    try {
                        writeJsonLines(in.packets(), out);
                    } finally {
                        out.flush();
                    }
                }
            } finally {
                stdout.flush();
            }
            in.capture().ifPresent(r -> {
                CaptureStats stats = r.stats();
                LOG.debug("{}: {} records, {} packets, skipped {}", input, stats.records(), stats.packets(),
                        stats.skipped());
                SkippedPackets.report(spec.commandLine().getErr(), input, stats);
            });
        }
        return 0;
    }

    private static void writeJsonLines(PacketStream reader, Writer out) throws IOException {
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
