package com.example.embed;

import java.nio.file.Path;
import java.util.List;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.export.ResultFiles;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.store.TraceStores;

/**
 * Runs a built-in strategy on a protocol's capture and an ordinary one, in the embedded store, and
 * writes the run's files:
 *
 * <pre>
 * java -cp ... com.example.embed.ScoreCaptures STRATEGY POSITIVE.pcap CLIENT NEGATIVE.pcap NEGATIVE_CLIENT OUT
 * </pre>
 */
public final class ScoreCaptures {

    private ScoreCaptures() {
    }

    /**
     * Runs the strategy and writes its files.
     *
     * @param strategy a built-in strategy's name, such as {@code entropy-est}
     * @param positive the protocol's capture
     * @param client the protocol's clients, such as {@code 10.1.0.0/24}
     * @param negative ordinary traffic's capture
     * @param negativeClient ordinary traffic's clients
     * @param out the folder for the run's files
     * @return the run's result
     */
    public static RunResult score(String strategy, Path positive, String client, Path negative,
            String negativeClient, Path out) {
        DetectionStrategy s = StrategyRegistry.discover(ScoreCaptures.class.getClassLoader()).create(strategy);
        RunSpec spec = RunSpec.builder(new TraceSource.Capture(positive))
                .negative(new TraceSource.Capture(negative))
                .client(client)
                .negativeClients(List.of(Subnet.parse(negativeClient)))
                .seed(1)
                .build();
        try (TraceStore store = TraceStores.open("memory:")) {
            RunResult result = Evaluation.run(s, spec, store);
            ResultFiles.write(result, out);
            return result;
        }
    }

    /**
     * The command line: {@code STRATEGY POSITIVE CLIENT NEGATIVE NEGATIVE_CLIENT OUT}.
     *
     * @param args the six arguments
     */
    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: ScoreCaptures STRATEGY POSITIVE CLIENT NEGATIVE NEGATIVE_CLIENT OUT");
            System.exit(2);
        }
        RunResult r = score(args[0], Path.of(args[1]), args[2], Path.of(args[3]), args[4], Path.of(args[5]));
        System.out.println(r.strategy() + ": " + r.verdict().band() + " (CovertMark " + r.version() + ")");
    }
}
