package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.store.IncompleteTraceException;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.capture.CaptureStats;
import org.covertmark.core.store.TraceStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one strategy on the traces of a {@link RunSpec} and measures it: parses capture files into
 * the store (and removes them afterwards), loads each trace in both directions and indexes its
 * connections, lets the strategy prepare, then for every trial splits the traces into selection and
 * test parts, lets the strategy learn and decide each configuration, counts the decisions, chooses a
 * configuration on the selection part and reports it on the test part. The same strategy, traces,
 * options and seed always give the same result, measured times aside.
 *
 * <pre>{@code
 * RunResult r = Evaluation.run(new MyStrategy(), RunSpec.builder(TraceSource.parse("obfs4.pcap"))
 *         .negative(TraceSource.parse("https.pcap")).client("10.0.0.0/24").build(), store);
 * }</pre>
 */
@API(status = MAINTAINED, since = "0.1")
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
     *     incomplete ({@link IncompleteTraceException}), or a capture cannot be imported
     */
    public static RunResult run(DetectionStrategy strategy, RunSpec spec, TraceStore store) {
        return run(strategy, spec, store, ProgressListener.NONE);
    }

    /**
     * Runs the strategy, telling {@code progress} how far reading each capture file and then the
     * strategy's trials have got (one task each).
     *
     * @throws InvalidRunException as {@link #run(DetectionStrategy, RunSpec, TraceStore)} does
     */
    public static RunResult run(DetectionStrategy strategy, RunSpec spec, TraceStore store,
            ProgressListener progress) {
        Objects.requireNonNull(progress, "progress");
        Map<String, Object> parameters = checked(strategy, spec);
        List<String> temporary = new ArrayList<>();
        Map<String, CaptureStats> captures = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        try {
            Map<Role, TraceData> traces = new EnumMap<>(Role.class);
            traces.put(Role.POSITIVE, resolve(store, Role.POSITIVE, spec.positive(),
                    InputFilters.of(strategy.inputMode(), spec.clients(), spec.servers(), spec.reversed()),
                    spec.clients(), concat(spec.clients(), spec.servers()), strategy.initialFilter(), temporary, captures,
                    progress, warnings));
            spec.negative().ifPresent(n -> traces.put(Role.NEGATIVE, resolve(store, Role.NEGATIVE, n,
                    InputFilters.of(strategy.inputMode(), spec.negativeClients(), List.of(), spec.reversed()),
                    spec.negativeClients(), spec.negativeClients(), strategy.initialFilter(), temporary, captures,
                    progress, warnings)));
            spec.recall().ifPresent(r -> traces.put(Role.RECALL, resolve(store, Role.RECALL, r,
                    InputFilters.of(strategy.inputMode(), spec.recallClients(), List.of(), spec.reversed()),
                    spec.recallClients(), spec.recallClients(), strategy.initialFilter(), temporary, captures,
                    progress, warnings)));
            EngineContext context = new EngineContext(strategy, traces, spec.reversed(), parameters, spec.seed());
            if (traces.get(Role.POSITIVE).packets().isEmpty() && traces.get(Role.POSITIVE).total() > 0) {
                warnings.add("no positive packet passes the strategy's own filter ("
                        + strategy.initialFilter() + "): there is nothing of the protocol to judge");
            }
            return new Trials(strategy, spec, context, progress, warnings, captures).run();
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
            throw new InvalidRunException(InvalidRunException.Problem.NEGATIVE_TRACE_MISSING, "strategy "
                    + strategy.name() + " needs a negative trace of ordinary traffic");
        }
        return parameters;
    }

    /**
     * Loads a trace in both directions: its packets under the widened filter (every rule made EITHER),
     * so that each connection is seen whole; the run's direction is {@code direction}.
     */
    private static TraceData resolve(TraceStore store, Role role, TraceSource source, InputFilter direction,
            List<Subnet> clients, List<Subnet> members, PacketFilter strategic, List<String> temporary,
            Map<String, CaptureStats> captures, ProgressListener progress, List<String> warnings) {
        InputFilter widened = InputFilters.widened(direction);
        List<Packet> packets;
        if (source instanceof TraceSource.Stored s) {
            TraceStores.complete(store, s.id());
            packets = store.load(s.id(), InputFilters.asPacketFilter(widened));
        } else {
            TraceSource.Capture c = (TraceSource.Capture) source;
            CaptureReader reader = CaptureReader.open(c.path(), widened);
            reader.reportProgress(progress, "importing " + c.path().getFileName());
            StoredTrace t = store.importTrace(TraceStores.captureImport(reader, widened,
                    "run input " + c.path().getFileName()), reader);
            temporary.add(t.id());
            captures.put(role.label(), reader.stats());
            packets = store.load(t.id(), PacketFilter.all());
        }
        long start = System.nanoTime();
        TraceData data = new TraceData(role, source.toString(), packets, direction, clients, members, strategic);
        LOG.debug("{} trace: {} packets of both directions, {} connections, indexed in {} ms", role.label(),
                packets.size(), data.connections().size(), (System.nanoTime() - start) / 1_000_000);
        if (data.total() == 0) {
            String message = nothingPasses(role, source, direction, store, packets);
            LOG.warn(message);
            warnings.add(message);
        }
        return data;
    }

    /** How many of the busiest addresses a "no packet passes" message names. */
    private static final int ADDRESSES_SHOWN = 5;
    /** How many packets are read to find them. */
    private static final long ADDRESS_SAMPLE = 1_000_000;

    /**
     * A message for an input filter that selects nothing: which trace, which filter, and the busiest
     * addresses that are in the trace, so that the user can correct the addresses.
     */
    static String nothingPasses(Role role, TraceSource source, InputFilter filter, TraceStore store,
            List<Packet> loaded) {
        Map<IpAddress, Long> counts = new HashMap<>();
        try (PacketStream packets = source instanceof TraceSource.Capture c
                ? CaptureReader.open(c.path()) : store.packets(((TraceSource.Stored) source).id(), PacketFilter.all())) {
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
        return "the " + role.label() + " trace " + source + ": no packet passes the input filter " + filter
                + (busiest.isEmpty() ? "; the trace holds no IP packet"
                : "; its busiest addresses (packets) are " + busiest + "; check the client and server subnets");
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
                throw new InvalidRunException(InvalidRunException.Problem.PARAMETER, "strategy " + strategy.name()
                        + " has no parameter '" + e.getKey() + "'; " + hint + (declared.isEmpty() ? "it takes none"
                        : "it takes " + String.join(", ", declared.keySet())));
            }
            try {
                values.put(p.name(), p.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new InvalidRunException(InvalidRunException.Problem.PARAMETER, ex.getMessage());
            }
        }
        return values;
    }

    private static List<Subnet> concat(List<Subnet> a, List<Subnet> b) {
        List<Subnet> out = new ArrayList<>(a);
        out.addAll(b);
        return new ArrayList<>(new LinkedHashSet<>(out));
    }
}
