package org.covertmark.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.synthetic.Traces;
import org.covertmark.core.store.TraceStores;

/** Generated traffic for engine tests, and runs on it from a fresh in-memory store. */
final class Generated {

    /** The clients of every generated trace: 10.0.0.0/8. */
    static final String CLIENTS = "10.0.0.0/8";

    private Generated() {
    }

    /** A 100-byte payload whose first byte is {@code marker}. */
    static byte[] marked(int marker) {
        byte[] b = new byte[100];
        b[0] = (byte) marker;
        return b;
    }

    /**
     * {@code perServer} connections to each of {@code servers} servers 172.(16 + {@code net}).x.y, each
     * a handshake and one client payload marked {@code marker}, from distinct clients 10.{@code net}.x.y.
     */
    static List<Packet> connections(int net, int servers, int perServer, int marker) {
        List<List<Packet>> flows = new ArrayList<>();
        int n = 0;
        for (int s = 0; s < servers; s++) {
            for (int k = 0; k < perServer; k++, n++) {
                String client = "10." + net + "." + (n / 250) + "." + (n % 250 + 1) + ":" + (40000 + k);
                String server = "172." + (16 + net) + "." + (s / 250) + "." + (s % 250 + 1) + ":443";
                flows.add(Traces.conversation(client, server).startingAt(10_000L * n).send(marked(marker)).packets());
            }
        }
        @SuppressWarnings("unchecked")
        List<Packet>[] all = flows.toArray(new List[0]);
        return Traces.merge(all);
    }

    /** Runs a strategy on generated positive and negative packets (negative may be null), clients 10.0.0.0/8. */
    static RunResult run(DetectionStrategy strategy, List<Packet> positive, List<Packet> negative,
            Consumer<RunSpec.Builder> options) {
        try (TraceStore store = TraceStores.open("memory:")) {
            RunSpec.Builder spec = RunSpec.builder(store(store, positive)).client(CLIENTS);
            if (negative != null) {
                spec.negative(store(store, negative));
            }
            options.accept(spec);
            return Evaluation.run(strategy, spec.build(), store);
        }
    }

    private static TraceSource store(TraceStore store, List<Packet> packets) {
        StoredTrace t = store.importTrace(new TraceImport("generated", InputFilter.all(), "test", 0),
                PacketStream.of(packets));
        return new TraceSource.Stored(t.id());
    }

    /** Flags the packets with payload whose first byte is 1 and passes the other packets with payload. */
    static class Marker implements DetectionStrategy {
        @Override
        public String name() {
            return "marker";
        }

        @Override
        public String description() {
            return "Flags payloads that begin with byte 1.";
        }

        boolean flags(StrategyContext context, TraceView trace, int i) {
            return trace.packets().get(i).payload().getUnsignedByte(0) == 1;
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            Decisions.Builder d = Decisions.packets(trace);
            for (int i = 0; i < trace.packets().size(); i++) {
                if (trace.connection(i) == null || trace.packets().get(i).payload().isEmpty()) {
                    continue;
                }
                if (flags(context, trace, i)) {
                    d.flag(i);
                } else {
                    d.pass(i);
                }
            }
            return d.build();
        }
    }
}
