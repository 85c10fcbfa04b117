package org.covertmark.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.HostRule;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.store.TraceStores;

/**
 * Runs a detection strategy on packets held in memory, the way {@code covertmark run} runs it on
 * captures, so that a strategy's unit test needs no capture file:
 *
 * <pre>{@code
 * RunResult result = StrategyTestKit.run(new MyStrategy())
 *         .positive(Traces.flow("10.0.0.1:40000", "192.0.2.9:443", 20, Traces.randomPayloads(7, 600)))
 *         .negative(Traces.flow("10.0.0.2:40001", "198.51.100.7:443", 20, i -> new byte[100]))
 *         .client("10.0.0.0/8")
 *         .execute();
 * assertThat(result.records()).allSatisfy(r -> assertThat(r.test().flow().tpr().orElseThrow()).isGreaterThan(0.9));
 * }</pre>
 *
 * <p>{@link #execute()} stores the packets in a fresh {@code memory:} trace store and runs
 * {@link Evaluation#run} on them as stored traces: the input filters from {@link #client} and
 * {@link #server}, the strategy's strategic filter, its parameters and the seed all apply exactly
 * as on the command line. A kit may be executed more than once; each execution has its own store.
 */
public final class StrategyTestKit {

    private final DetectionStrategy strategy;
    private List<Packet> positive = List.of();
    private List<Packet> negative;
    private List<Packet> recall;
    private final List<String> clients = new ArrayList<>();
    private final List<String> servers = new ArrayList<>();
    private final List<String> negativeClients = new ArrayList<>();
    private final List<String> recallClients = new ArrayList<>();
    private final List<String[]> parameters = new ArrayList<>();
    private long seed = RunSpec.DEFAULT_SEED;
    private int trials = RunSpec.DEFAULT_TRIALS;
    private boolean holdOut = true;
    private HostRule hostRule = HostRule.FIRST_FLAG;
    private boolean reversed;

    private StrategyTestKit(DetectionStrategy strategy) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    /** A kit that runs {@code strategy}; give it at least the positive packets. */
    public static StrategyTestKit run(DetectionStrategy strategy) {
        return new StrategyTestKit(strategy);
    }

    /** The protocol's packets, in capture order. */
    public StrategyTestKit positive(List<Packet> packets) {
        this.positive = List.copyOf(packets);
        return this;
    }

    /** Ordinary traffic, to measure false positives and blocked addresses on. */
    public StrategyTestKit negative(List<Packet> packets) {
        this.negative = List.copyOf(packets);
        return this;
    }

    /** An unseen trace of the protocol, for the strategy's recall test. */
    public StrategyTestKit recall(List<Packet> packets) {
        this.recall = List.copyOf(packets);
        return this;
    }

    /** Adds client addresses or subnets, such as {@code 10.0.0.0/8} (the {@code --client} option). */
    public StrategyTestKit client(String... subnets) {
        clients.addAll(List.of(subnets));
        return this;
    }

    /** Adds server addresses or subnets of the positive trace (the {@code --server} option). */
    public StrategyTestKit server(String... subnets) {
        servers.addAll(List.of(subnets));
        return this;
    }

    /** Adds client subnets of the negative trace, when not those of {@link #client} ({@code --negative-client}). */
    public StrategyTestKit negativeClient(String... subnets) {
        negativeClients.addAll(List.of(subnets));
        return this;
    }

    /** Adds client subnets of the recall trace, when not those of {@link #client} ({@code --recall-client}). */
    public StrategyTestKit recallClient(String... subnets) {
        recallClients.addAll(List.of(subnets));
        return this;
    }

    /** A strategy parameter as text, validated against the strategy's declaration ({@code --param name=value}). */
    public StrategyTestKit parameter(String name, String value) {
        parameters.add(new String[] {Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")});
        return this;
    }

    /** The seed of every random choice (default {@value RunSpec#DEFAULT_SEED}). */
    public StrategyTestKit seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** How many trials to run (default {@value RunSpec#DEFAULT_TRIALS}; the {@code --trials} option). */
    public StrategyTestKit trials(int trials) {
        this.trials = trials;
        return this;
    }

    /**
     * One trial on the whole traces, nothing held out: every connection's decision counts in the rates,
     * which suits a test of a strategy's decisions on a handful of connections — never rates to publish.
     */
    public StrategyTestKit wholeTraces() {
        this.holdOut = false;
        this.trials = 1;
        return this;
    }

    /**
     * When a remote host counts as blocked: after {@code minFlagged} flagged connections that are at
     * least a share {@code minShare} of its connections ({@code --host-min-flagged}, {@code --host-min-share}).
     */
    public StrategyTestKit hostRule(int minFlagged, double minShare) {
        this.hostRule = new HostRule(minFlagged, minShare);
        return this;
    }

    /** Whether to run server to client, SRC and DST rules swapped ({@code --reverse}). */
    public StrategyTestKit reversed(boolean reversed) {
        this.reversed = reversed;
        return this;
    }

    /**
     * Stores the packets in a fresh {@code memory:} store and runs the strategy on them.
     *
     * @throws org.covertmark.core.engine.InvalidRunException when the run does not suit the
     *     strategy, as {@link Evaluation#run} says
     * @throws IllegalArgumentException for a malformed subnet
     */
    public RunResult execute() {
        try (TraceStore store = TraceStores.open(TraceStores.DEFAULT_URI)) {
            RunSpec.Builder spec = RunSpec.builder(store(store, "positive", positive))
                    .client(clients.toArray(String[]::new))
                    .server(servers.toArray(String[]::new))
                    .negativeClients(subnets(negativeClients))
                    .recallClients(subnets(recallClients))
                    .reversed(reversed)
                    .seed(seed)
                    .trials(trials)
                    .holdOut(holdOut)
                    .hostRule(hostRule);
            if (negative != null) {
                spec.negative(store(store, "negative", negative));
            }
            if (recall != null) {
                spec.recall(store(store, "recall", recall));
            }
            parameters.forEach(p -> spec.parameter(p[0], p[1]));
            return Evaluation.run(strategy, spec.build(), store);
        }
    }

    private static List<Subnet> subnets(List<String> texts) {
        return texts.stream().map(Subnet::parse).toList();
    }

    private static TraceSource store(TraceStore store, String role, List<Packet> packets) {
        StoredTrace t = store.importTrace(new TraceImport(role + " packets of a StrategyTestKit run",
                InputFilter.all(), "StrategyTestKit", 0), PacketStream.of(packets));
        return new TraceSource.Stored(t.id());
    }
}
