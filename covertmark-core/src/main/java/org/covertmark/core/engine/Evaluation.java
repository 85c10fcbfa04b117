package org.covertmark.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.capture.CaptureStats;
import org.covertmark.core.score.Score;
import org.covertmark.core.score.Scoring;
import org.covertmark.core.store.TraceStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one strategy on the traces of a {@link RunSpec}: parses capture files into the store (and
 * removes them afterwards), loads the traces under the strategy's filters, runs its procedure, and
 * scores its records. The same strategy, traces and seed always give the same records.
 *
 * <pre>{@code
 * RunResult r = Evaluation.run(new MyStrategy(), RunSpec.builder(TraceSource.parse("obfs4.pcap"))
 *         .negative(TraceSource.parse("https.pcap")).client("10.0.0.0/24").build(), store);
 * }</pre>
 */
public final class Evaluation {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

    private Evaluation() {
    }

    /**
     * Runs the strategy.
     *
     * @throws InvalidRunException when the spec does not suit the strategy (unknown or ill-typed
     *     parameter, missing negative trace)
     * @throws TraceStoreException when a stored trace is unknown ({@link UnknownTraceException}) or
     *     incomplete, or a capture cannot be imported
     */
    public static RunResult run(DetectionStrategy strategy, RunSpec spec, TraceStore store) {
        return run(strategy, spec, store, ProgressListener.NONE);
    }

    /**
     * Runs the strategy, telling {@code progress} how far reading each capture file and then the
     * strategy's configurations have got (one task each; the number of configurations is not known
     * in advance).
     *
     * @throws InvalidRunException as {@link #run(DetectionStrategy, RunSpec, TraceStore)} does
     */
    public static RunResult run(DetectionStrategy strategy, RunSpec spec, TraceStore store,
            ProgressListener progress) {
        Objects.requireNonNull(progress, "progress");
        Map<String, Object> parameters = checked(strategy, spec);
        List<String> temporary = new ArrayList<>();
        Map<String, CaptureStats> captures = new LinkedHashMap<>();
        try {
            InputFilter positiveFilter = InputFilters.of(strategy.inputMode(), spec.clients(), spec.servers(),
                    spec.reversed());
            EngineContext.LoadedTrace positive = resolve(store, "positive", spec.positive(), positiveFilter,
                    concat(spec.clients(), spec.servers()), spec.clients(), temporary, captures, progress);
            EngineContext.LoadedTrace negative = spec.negative().isEmpty() ? null
                    : resolve(store, "negative", spec.negative().get(), InputFilters.of(strategy.inputMode(),
                            spec.negativeClients(), List.of(), spec.reversed()), spec.negativeClients(),
                            spec.negativeClients(), temporary, captures, progress);
            EngineContext.LoadedTrace recall = spec.recall().isEmpty() ? null
                    : resolve(store, "recall", spec.recall().get(), InputFilters.of(strategy.inputMode(),
                            spec.recallClients(), List.of(), spec.reversed()), spec.recallClients(),
                            spec.recallClients(), temporary, captures, progress);

            EngineContext context = new EngineContext(strategy, store, positive, negative, recall, spec.reversed(),
                    parameters, spec.seed());
            // Not an error — a run may legitimately find nothing — but the likeliest cause is a mistyped address.
            if (context.positiveTotal() == 0) {
                LOG.warn(nothingPasses("--positive", spec.positive(), positiveFilter, store, positive.id()));
            }
            if (negative != null && context.negativeTotal() == 0) {
                LOG.warn(nothingPasses("--negative", spec.negative().get(),
                        InputFilters.of(strategy.inputMode(), spec.negativeClients(), List.of(), spec.reversed()),
                        store, negative.id()));
            }
            context.load(strategy.initialFilter());
            if (context.positives().isEmpty()) {
                LOG.warn("{}: no positive packet passes the input and strategic filters; check --client/--server",
                        strategy.name());
            }
            progress.started(strategy.name() + " " + RunResult.direction(strategy.inputMode(), spec.reversed()),
                    "configurations", ProgressListener.UNKNOWN);
            try {
                context.reportTo(progress);
                strategy.run(context);
            } finally {
                context.reportTo(ProgressListener.NONE);
                progress.finished();
            }
            context.destroyTraces();
            return result(strategy, spec, context, captures);
        } finally {
            for (String id : temporary) {
                store.delete(id);
            }
        }
    }

    /**
     * Checks, without reading any trace, that the spec suits the strategy: its parameters are declared
     * and valid, and a negative trace is given if the strategy needs one.
     *
     * @throws InvalidRunException naming what does not suit
     */
    public static void check(DetectionStrategy strategy, RunSpec spec) {
        checked(strategy, spec);
    }

    private static Map<String, Object> checked(DetectionStrategy strategy, RunSpec spec) {
        Map<String, Object> parameters = parameters(strategy, spec.parameters());
        if (strategy.needsNegative() && spec.negative().isEmpty()) {
            throw new InvalidRunException("strategy " + strategy.name() + " needs a negative trace of ordinary "
                    + "traffic (--negative FILE)");
        }
        return parameters;
    }

    private static RunResult result(DetectionStrategy strategy, RunSpec spec, EngineContext context,
            Map<String, CaptureStats> captures) {
        List<PerformanceRecord> records = new ArrayList<>(context.records().values());
        Score score = Scoring.score(records, strategy::configPenalty);
        Map<Config, String> interpretations = new LinkedHashMap<>();
        records.forEach(r -> interpretations.put(r.config(), strategy.interpretConfig(r.config())));
        Map<Config, Set<IpAddress>> blocked = new LinkedHashMap<>();
        records.forEach(r -> {
            Set<IpAddress> ips = context.blocked().get(r.config());
            if (ips != null) {
                blocked.put(r.config(), ips);
            }
        });
        Set<IpAddress> reported = score.best().map(b -> blocked.getOrDefault(b.config(), Set.of()))
                .orElseGet(() -> blocked.values().stream().flatMap(Set::stream)
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
        Double recall = context.recallRate();
        return new RunResult(strategy.name(), strategy.description(), strategy.configColumns(), spec, records,
                interpretations, score, blocked, strategy.blockedReport(reported),
                recall == null ? OptionalDouble.empty() : OptionalDouble.of(recall), context.positiveTotal(),
                context.negativeTotal(), context.histograms(), strategy.inputMode(), captures);
    }

    private static EngineContext.LoadedTrace resolve(TraceStore store, String role, TraceSource source,
            InputFilter filter, List<Subnet> subnets, List<Subnet> clients, List<String> temporary,
            Map<String, CaptureStats> captures, ProgressListener progress) {
        PacketFilter input = InputFilters.asPacketFilter(filter);
        if (source instanceof TraceSource.Stored s) {
            Optional<StoredTrace> t = store.get(s.id());
            if (t.isEmpty()) {
                throw new UnknownTraceException(s.id(), store.describe());
            }
            if (!t.get().complete()) {
                throw new TraceStoreException("trace '" + s.id() + "' in " + store.describe() + " is incomplete: "
                        + "its import did not finish, so it is never read (remove it with: covertmark delete "
                        + s.id() + ")");
            }
            return new EngineContext.LoadedTrace(s.id(), input, subnets, clients);
        }
        TraceSource.Capture c = (TraceSource.Capture) source;
        CaptureReader reader = CaptureReader.open(c.path(), filter);
        reader.reportProgress(progress, "importing " + c.path().getFileName());
        StoredTrace t = store.importTrace(TraceStores.captureImport(reader, filter,
                "run input " + c.path().getFileName()), reader);
        temporary.add(t.id());
        captures.put(role, reader.stats());
        // The stored packets already passed the input filter.
        return new EngineContext.LoadedTrace(t.id(), PacketFilter.all(), subnets, clients);
    }

    /** How many of the busiest addresses a "no packet passes" message names. */
    private static final int ADDRESSES_SHOWN = 5;
    /** How many packets are read to find them. */
    private static final long ADDRESS_SAMPLE = 1_000_000;

    /**
     * A message for an input filter that selects nothing: which option, which filter, and the
     * busiest addresses that are in the trace, so that the user can correct the addresses.
     */
    static String nothingPasses(String option, TraceSource source, InputFilter filter, TraceStore store,
            String storedId) {
        Map<IpAddress, Long> counts = new HashMap<>();
        try (PacketStream packets = source instanceof TraceSource.Capture c
                ? CaptureReader.open(c.path()) : store.packets(storedId, PacketFilter.all())) {
            for (long n = 0; n < ADDRESS_SAMPLE && packets.hasNext(); n++) {
                Packet p = packets.next();
                counts.merge(p.source(), 1L, Long::sum);
                counts.merge(p.destination(), 1L, Long::sum);
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot list the addresses of {}", source, e);
        }
        String busiest = counts.entrySet().stream()
                .sorted(Map.Entry.<IpAddress, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(ADDRESSES_SHOWN).map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return option + " " + source + ": no packet passes the input filter " + filter
                + (busiest.isEmpty() ? "; the trace holds no IP packet"
                : "; its busiest addresses (packets) are " + busiest + "; check --client and --server");
    }

    private static Map<String, Object> parameters(DetectionStrategy strategy, Map<String, String> given) {
        Map<String, Parameter<?>> declared = new LinkedHashMap<>();
        strategy.parameters().forEach(p -> declared.put(p.name(), p));
        Map<String, Object> values = new HashMap<>();
        declared.forEach((name, p) -> values.put(name, p.defaultValue()));
        for (Map.Entry<String, String> e : given.entrySet()) {
            Parameter<?> p = declared.get(e.getKey());
            if (p == null) {
                String hint = Suggestions.nearest(e.getKey(), declared.keySet()).map(n -> "did you mean " + n + "? ")
                        .orElse("");
                throw new InvalidRunException("strategy " + strategy.name() + " has no parameter '" + e.getKey()
                        + "'; " + hint + (declared.isEmpty() ? "it takes none"
                        : "it takes " + String.join(", ", declared.keySet())));
            }
            try {
                values.put(p.name(), p.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new InvalidRunException(ex.getMessage());
            }
        }
        return values;
    }

    private static List<Subnet> concat(List<Subnet> a, List<Subnet> b) {
        List<Subnet> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
