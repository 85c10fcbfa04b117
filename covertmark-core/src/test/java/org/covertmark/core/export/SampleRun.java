package org.covertmark.core.export;

import java.nio.file.Path;
import java.util.List;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.store.TraceStores;

/**
 * A run on the sample captures whose decisions depend on the seed: obfs4 (clients 10.1.0.0/24)
 * against HTTPS and HTTP (clients 10.3.0.0/24). Its {@link #main} writes the result files to the
 * folder it is given, for tests that compare runs in separate processes.
 */
public final class SampleRun {

    static final Path SAMPLES = Path.of("..", "covertmark-examples", "samples");
    static final Path POSITIVE = SAMPLES.resolve("obfs4-iat0.pcap");
    static final Path NEGATIVE = SAMPLES.resolve("https-http.pcap");
    static final String CLIENTS = "10.1.0.0/24";
    static final String NEGATIVE_CLIENTS = "10.3.0.0/24";

    private SampleRun() {
    }

    /** Flags each packet with payload with the configuration's probability, drawn from the run's random source. */
    public static final class RandomShare implements DetectionStrategy {
        @Override
        public String name() {
            return "random-share";
        }

        @Override
        public String description() {
            return "Flags a random share of the packets with payload.";
        }

        @Override
        public List<String> configColumns() {
            return List.of("share");
        }

        @Override
        public List<Config> configurations(StrategyContext context) {
            return List.of(Config.of(0.02), Config.of(0.5));
        }

        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            Decisions.Builder d = Decisions.packets(trace);
            List<Packet> packets = trace.packets();
            for (int i = 0; i < packets.size(); i++) {
                if (trace.connection(i) == null || packets.get(i).payload().isEmpty()) {
                    continue;
                }
                if (context.random().nextDouble() < config.doubleValue(0)) {
                    d.flag(i);
                } else {
                    d.pass(i);
                }
            }
            return d.build();
        }
    }

    static RunResult run(long seed) {
        try (TraceStore store = TraceStores.open("memory:")) {
            return Evaluation.run(new RandomShare(), RunSpec.builder(new TraceSource.Capture(POSITIVE)).client(CLIENTS)
                    .negative(new TraceSource.Capture(NEGATIVE)).negativeClients(List.of(
                            org.covertmark.api.net.Subnet.parse(NEGATIVE_CLIENTS))).seed(seed).trials(3).build(), store);
        }
    }

    /** Runs with seed {@code args[1]} and writes the result files into the folder {@code args[0]}. */
    public static void main(String[] args) {
        ResultFiles.write(run(Long.parseLong(args[1])), Path.of(args[0]));
    }
}
