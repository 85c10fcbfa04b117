package org.covertmark.examples.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.covertmark.analytics.traffic.FeatureExtractor;
import org.covertmark.analytics.traffic.FeatureRow;
import org.covertmark.analytics.traffic.FeatureSet;
import org.covertmark.api.net.Subnet;
import org.covertmark.core.capture.TruncatedCaptureException;
import org.covertmark.core.store.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark features}: one CSV row of window statistics per window of a capture. */
@Command(name = "features",
        description = {"Print one CSV row of window statistics per window of a capture or stored trace, header first.",
            "TCP packets to or from the clients are cut into time windows, then per client and remote host",
            "into windows of N packets (the last, shorter one kept); empty cells are values the window does",
            "not define (e.g. no upstream payload for an entropy). For a capture cut short, the rows of the",
            "packets before the cut are printed, then the fault."},
        footer = {"", "Examples:",
            "  covertmark features data/public/tls2.pcap --client 192.168.0.17",
            "  covertmark features capture.pcap --client 10.0.0.0/8 --window 20 --time-window 30 --features entropy,psh",
            "  covertmark features trace:3 --client 10.0.0.0/8 --store mongodb://localhost:27017/covertmark"},
        mixinStandardHelpOptions = true)
final class FeaturesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|trace:ID",
            description = "A pcap or pcapng capture, or a trace stored by covertmark import.")
    String input;

    @Option(names = "--store", paramLabel = "URI", defaultValue = TraceStores.DEFAULT_URI,
            description = "Trace store holding trace:ID (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--client", paramLabel = "NET", required = true, converter = Converters.SubnetConverter.class,
            description = "Addresses or subnets of the suspected proxy clients (repeatable, at least one).")
    List<Subnet> clients = new ArrayList<>();

    @Option(names = "--window", paramLabel = "N", defaultValue = "50",
            description = "Packets per window and conversation (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--time-window", paramLabel = "SECONDS", defaultValue = "60",
            description = "Length of the time windows in seconds (default: ${DEFAULT-VALUE}).")
    double timeWindow;

    @Option(names = "--features", paramLabel = "SET", split = ",",
            description = "Feature sets: entropy, interval, interval-bins, tcp-len, tcp-len-bins, psh (default: all).")
    List<String> featureSets = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (window < 1) {
            throw new UserError("--window must be at least 1, not " + window);
        }
        if (!(timeWindow > 0) || timeWindow * 1e6 > Long.MAX_VALUE) {
            throw new UserError("--time-window must be a positive number of seconds, not " + timeWindow);
        }
        Set<FeatureSet> sets = EnumSet.noneOf(FeatureSet.class);
        try {
            featureSets.forEach(s -> sets.add(FeatureSet.parse(s)));
        } catch (IllegalArgumentException e) {
            throw new UserError("--features: " + e.getMessage());
        }
        if (sets.isEmpty()) {
            sets.addAll(FeatureSet.all());
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(Main.stdout(), StandardCharsets.UTF_8), 1 << 16);
        StringBuilder line = new StringBuilder(512);
        FeatureExtractor extractor = new FeatureExtractor(clients, window, Math.round(timeWindow * 1e6), sets,
                row -> write(row, line, out));
        line.append("client,remote,segment,window");
        extractor.featureNames().forEach(n -> line.append(',').append(n));
        out.append(line).append('\n');
        // A second core computes half of the payload entropies, the bulk of the work; the rows are the same.
        ExecutorService executor = Runtime.getRuntime().availableProcessors() > 1
                ? Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "covertmark-features-entropy");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        if (executor != null) {
            extractor.withExecutor(executor);
        }
        try (PacketInput in = PacketInput.open(input, clients, store)) {
            try {
                try {
                    in.packets().forEachRemaining(extractor::accept);
                } catch (TruncatedCaptureException e) {
                    try {
                        extractor.finish(); // the rows of the packets before the cut, then the message
                    } catch (RuntimeException failed) {
                        e.addSuppressed(failed);
                    }
                    throw e;
                }
                extractor.finish();
            } finally {
                out.flush();
            }
            Map<String, Long> skipped = new TreeMap<>();
            in.capture().ifPresent(r -> skipped.putAll(r.stats().skipped()));
            SkippedPackets.report(spec.commandLine().getErr(), input, skipped);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (executor != null) {
                executor.shutdown();
            }
        }
        return 0;
    }

    private static void write(FeatureRow row, StringBuilder line, Writer out) {
        line.setLength(0);
        line.append(row.conversation().client()).append(',').append(row.conversation().remote()).append(',')
                .append(row.segment()).append(',').append(row.window());
        double[] values = row.features().values();
        for (double v : values) {
            line.append(',');
            appendNumber(line, v);
        }
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Integers without a decimal point, other values in Java's shortest round-trip form, NaN as an empty cell. */
    static void appendNumber(StringBuilder line, double v) {
        if (Double.isNaN(v)) {
            return;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            line.append((long) v);
        } else {
            line.append(v);
        }
    }
}
