package org.covertmark.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Role;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.store.TraceStores;
import org.covertmark.strategies.common.Exemptions;

/**
 * The benchmark stages of the embedded store and the built-in strategies: importing the capture into
 * the embedded store, retrieving the packets a strategy asks for from the stored trace, and each
 * built-in strategy's run on the stored capture.
 *
 * <p>The capture is the positive trace, its clients those given with {@code --client} or, by default,
 * the client subnets of the captures {@code covertmark bench --generate} writes
 * ({@link BenchCaptureGenerator#clientSubnets()}). The strategies that look at one direction look at
 * the server-to-client one, which carries most payload bytes, with the TLS/HTTP inclusion rule off
 * ({@code tls_rule=off}): the capture mixes TLS and HTTP streams (each over 10 % of the packets), so
 * by stream or by segment the rule keeps the TLS packets alone, a seventh of the server's payloads
 * (and client to server, only packets that are both, none at all). With the rule off every payload is
 * examined: the heaviest case. The negative trace is a small capture generated with
 * another seed, 1/32 of the capture's size, with the same client subnets; SGD needs it to train on, the
 * other strategies to measure a false positive rate. Both are imported into one embedded store before the
 * stages run (not measured), and each strategy stage is {@link Evaluation#run} on the two stored traces:
 * loading them under the strategy's filters, the strategy's whole procedure — for the payload strategies
 * the TLS/HTTP inclusion rule, the per-payload tests and every configuration's decisions; for SGD the
 * window features of both traces and the training and testing of its 25 classifiers — and the negative
 * side, on the small negative trace. Packets/s counts the positive packets under the strategy's input
 * filter, the packets a censor running the strategy sees.
 */
final class StrategyStages implements AutoCloseable {

    static final String IMPORT = "import into embedded store";
    static final String RETRIEVAL = "strategic filter retrieval";
    static final String PREFIX = "positive run: ";
    /** The original system's window statistics throughput on this machine kind, packets/s. */
    static final double ORIGINAL_PACKETS_PER_SECOND = 9_000;

    /** The built-in strategies, in the order measured. */
    static final List<String> STRATEGIES = List.of("entropy-dist", "entropy-est", "length-clustering", "sgd");

    /** The work of one stage, as {@code BenchCommand} runs it: returns a checksum, fills the counters. */
    @FunctionalInterface
    interface Body {
        long run(long[] counters) throws Exception;
    }

    /** Where the stages go: a name, whether MB/s counts payload bytes, and the work. */
    @FunctionalInterface
    interface Sink {
        void add(String name, boolean payloadBytes, Body body);
    }

    private final Path capture;
    private final List<Subnet> clients;
    private final int iterations;
    private final StrategyRegistry registry = StrategyRegistry.discover(StrategyStages.class.getClassLoader());
    private final List<String> strategies;
    private final List<long[]> times = new ArrayList<>();
    private final long[] positives;
    private final RunResult[] results;
    private final long[] examined;
    private Path negativeFile;
    private TraceStore store;
    private String positiveId;
    private String negativeId;
    private long negativePackets;

    /**
     * Stages for {@code capture}, whose clients are {@code clients} (the generator's when empty);
     * {@code iterations} is the number of measured runs after the warm-up, for the notes' medians.
     */
    StrategyStages(Path capture, List<Subnet> clients, int iterations) {
        this(capture, clients, iterations, STRATEGIES);
    }

    StrategyStages(Path capture, List<Subnet> clients, int iterations, List<String> strategies) {
        this.capture = capture;
        this.clients = clients.isEmpty() ? BenchCaptureGenerator.clientSubnets() : List.copyOf(clients);
        this.iterations = iterations;
        this.strategies = List.copyOf(strategies);
        this.positives = new long[strategies.size()];
        this.results = new RunResult[strategies.size()];
        this.examined = new long[strategies.size()];
        // the strategies log what they decide at INFO; the table is the output here
        if (System.getProperty("org.slf4j.simpleLogger.log.covertmark.strategy") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.covertmark.strategy", "warn");
        }
    }

    /** Adds the stages to {@code sink}, in the order they run. */
    void addTo(Sink sink) {
        sink.add(IMPORT, false, timed(this::importCapture));
        sink.add(RETRIEVAL, false, timed(this::retrieval));
        for (int i = 0; i < strategies.size(); i++) {
            int index = i;
            sink.add(PREFIX + strategies.get(i), false, timed(c -> positiveRun(index, c)));
        }
    }

    private Body timed(Body body) {
        long[] runs = new long[0];
        times.add(runs);
        int slot = times.size() - 1;
        return c -> {
            long start = System.nanoTime();
            long sum = body.run(c);
            long[] t = times.get(slot);
            t = Arrays.copyOf(t, t.length + 1);
            t[t.length - 1] = System.nanoTime() - start;
            times.set(slot, t);
            return sum;
        };
    }

    /** Imports the whole capture into a new embedded store and forgets it. */
    long importCapture(long[] counters) {
        try (TraceStore fresh = TraceStores.open(TraceStores.DEFAULT_URI)) {
            StoredTrace t = TraceStores.importCapture(fresh, capture, InputFilter.all(), "bench");
            counters[0] = t.packetCount();
            counters[1] = t.sourceBytes();
            counters[2] = t.packetCount();
            return t.packetCount();
        }
    }

    /**
     * Reads back from the stored capture the packets a payload strategy asks for: those sent by a
     * client (its input filter) that are TCP segments with payload (its strategic filter).
     */
    long retrieval(long[] counters) {
        prepare();
        PacketFilter fromClients = clients.stream().map(PacketFilter::sourceIn).reduce(PacketFilter::or)
                .orElseThrow();
        long sum = 0;
        long n = 0;
        try (PacketStream s = store.packets(positiveId, fromClients.and(PacketFilter.tcp().and(PacketFilter.hasPayload())))) {
            while (s.hasNext()) {
                Packet p = s.next();
                sum = sum * 31 + p.frame();
                n++;
            }
        }
        long stored = store.get(positiveId).orElseThrow().packetCount();
        counters[0] = stored;
        counters[1] = store.get(positiveId).orElseThrow().sourceBytes();
        counters[2] = n;
        return sum;
    }

    /**
     * Runs a strategy on the stored traces; the checksum covers its rates, not its times. Counts the
     * positive packets and the most positive units (payloads, windows) a configuration examined.
     */
    long positiveRun(int index, long[] counters) {
        prepare();
        DetectionStrategy strategy = registry.create(strategies.get(index));
        RunSpec.Builder spec = RunSpec.builder(new TraceSource.Stored(positiveId))
                .negative(new TraceSource.Stored(negativeId))
                .clients(clients)
                .negativeClients(BenchCaptureGenerator.clientSubnets())
                .reversed(strategy.inputMode() == InputMode.CLIENT_TO_SERVER)
                .trials(1);
        if (strategy.parameters().stream().anyMatch(p -> p.name().equals(Exemptions.RULE.name()))) {
            spec.parameter(Exemptions.RULE.name(), "off");
        }
        RunResult r = Evaluation.run(strategy, spec.build(), store);
        long sum = r.records().size();
        for (RunResult.ConfigRecord rec : r.records()) {
            for (UnitRates u : rec.test().units().values()) {
                sum = sum * 31 + u.positives().flagged();
                sum = sum * 31 + u.negatives().flagged();
            }
        }
        long positiveTotal = r.traces().get(Role.POSITIVE.label()).packets();
        positives[index] = positiveTotal;
        results[index] = r;
        counters[0] = positiveTotal;
        counters[1] = 0;
        counters[2] = r.records().stream().mapToLong(rec -> rec.test().units().values().iterator().next().positives()
                .tested() + rec.selection().units().values().iterator().next().positives().tested()).max().orElse(0);
        examined[index] = counters[2];
        return sum;
    }

    /** The result of the last run of a strategy, for tests. */
    RunResult lastResult(String strategy) {
        return results[strategies.indexOf(strategy)];
    }

    /** Imports the capture and a generated negative trace into the store the stages share, once. */
    private void prepare() {
        if (store != null) {
            return;
        }
        try {
            negativeFile = Files.createTempFile("covertmark-bench-negative", ".pcap");
            long size = Math.max(1 << 20, Files.size(capture) / 32);
            negativePackets = BenchCaptureGenerator.generate(negativeFile, size, 2).packets();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the negative trace: " + e.getMessage(), e);
        }
        store = TraceStores.open(TraceStores.DEFAULT_URI);
        positiveId = TraceStores.importCapture(store, capture, InputFilter.all(), "bench positive").id();
        negativeId = TraceStores.importCapture(store, negativeFile, InputFilter.all(), "bench negative").id();
    }

    /** Notes for the report: what the stages measure, and each strategy's speed-up over the original. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "Strategy stages: the capture is the positive trace (clients %s; "
                + "one-direction strategies server to client with tls_rule=off, so that every payload is "
                + "examined), "
                + "the negative a generated capture of %,d packets (seed 2, 1/32 of the size); each is "
                + "Evaluation.run on the two stored traces: loading them under the strategy's filters, its whole "
                + "procedure on the positives (inclusion rule, per-payload tests and every configuration's "
                + "decisions; for sgd the window features and the training and testing of its classifiers, with "
                + "the negative windows) and its negative side; packets/s counts the positive packets under the "
                + "strategy's input filter. Import: reading, decoding and storing every packet; retrieval: "
                + "the client-sent TCP segments with payload read back from the stored capture.",
                clients, negativePackets));
        for (int i = 0; i < strategies.size(); i++) {
            long[] t = times.get(i + 2);
            if (t.length == 0 || positives[i] == 0) {
                continue;
            }
            long[] measured = Arrays.copyOfRange(t, Math.max(0, t.length - iterations), t.length);
            Arrays.sort(measured);
            double seconds = measured[measured.length / 2] / 1e9;
            double rate = positives[i] / seconds;
            String unit = strategies.get(i).equals("sgd") ? "positive test windows" : "payloads examined";
            notes.add(String.format(Locale.ROOT, "%s: %,d positive packets in %.2f s (median): %,.0f packets/s, "
                    + "%.0f× the original system's %,.0f packets/s per packet; %,d %s, %.1f µs each.",
                    strategies.get(i), positives[i], seconds, rate, rate / ORIGINAL_PACKETS_PER_SECOND,
                    ORIGINAL_PACKETS_PER_SECOND, examined[i], unit, examined[i] == 0 ? 0 : seconds * 1e6 / examined[i]));
        }
        return notes;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
        if (negativeFile != null) {
            try {
                Files.deleteIfExists(negativeFile);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
            negativeFile = null;
        }
    }
}
