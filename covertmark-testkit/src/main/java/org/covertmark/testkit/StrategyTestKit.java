package org.covertmark.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.MAINTAINED;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
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
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.store.TraceStores;

/**
 * Runs a detection strategy on packets held in memory or on capture files, the way
 * {@code covertmark run} runs it, so that a strategy's unit test needs no capture file:
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
 * <p>{@link #fromJar(Path, String)} loads the strategy from its built jar in a class loader of its
 * own, exactly as {@code covertmark run --plugins} does, so that a class the jar lacks (a library
 * not bundled) fails the test instead of the first run.
 *
 * <p>{@link #execute()} stores the packets in a fresh {@code memory:} trace store and runs
 * {@link Evaluation#run} on them as stored traces: the input filters from {@link #client} and
 * {@link #server}, the strategy's strategic filter, its parameters and the seed all apply exactly
 * as on the command line. A kit may be executed more than once; each execution has its own store.
 */
@API(status = MAINTAINED, since = "0.1")
public final class StrategyTestKit {

    private final DetectionStrategy strategy;
    private Input positive = new Input(List.of(), null);
    private Input negative;
    private Input recall;
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

    /** Packets given in memory, or a capture file to import; exactly one is set. */
    private record Input(List<Packet> packets, Path capture) {
    }

    /**
     * A kit that runs {@code strategy}; give it at least the positive packets.
     *
     * @param strategy the strategy to run, as constructed by the test
     * @return a kit with no traces yet, the default seed, trials and host rule
     */
    public static StrategyTestKit run(DetectionStrategy strategy) {
        return new StrategyTestKit(strategy);
    }

    /**
     * A kit that runs the strategy named {@code name} from the plugin at {@code plugin}, a jar (or a
     * directory of jars) as built for {@code covertmark run --plugins}. The plugin gets a class loader
     * of its own that shares only the covertmark API, {@code covertmark-analytics} and SLF4J with the
     * test, as on the command line; the test's own class path, where the strategy's classes and
     * libraries also are, is not seen by it.
     *
     * @param plugin the built jar, such as {@code target/my-strategy-1.0.jar}
     * @param name the strategy's {@link DetectionStrategy#name() name}
     * @return a kit running a new instance of that strategy
     * @throws IllegalStateException naming what is wrong when the plugin cannot be loaded or does
     *     not provide that strategy, in the words {@code covertmark run} would use
     */
    public static StrategyTestKit fromJar(Path plugin, String name) {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(name, "name");
        StrategyRegistry registry = StrategyRegistry.plugin(plugin, StrategyTestKit.class.getClassLoader());
        if (!registry.names().contains(name)) {
            String problems = registry.problems().isEmpty() ? ""
                    : ": " + String.join("; ", registry.problems());
            throw new IllegalStateException("plugin " + plugin + " provides no strategy named '" + name + "'"
                    + (registry.names().isEmpty() ? "" : " (it provides " + String.join(", ", registry.names()) + ")")
                    + problems);
        }
        return new StrategyTestKit(registry.create(name));
    }

    /**
     * The protocol's packets, in capture order.
     *
     * @param packets the packets, such as those {@link org.covertmark.api.synthetic.Traces} builds
     * @return this kit
     */
    public StrategyTestKit positive(List<Packet> packets) {
        this.positive = new Input(List.copyOf(packets), null);
        return this;
    }

    /**
     * The protocol's traffic, read from a capture file (pcap or pcapng, plain or compressed).
     *
     * @param capture the capture file
     * @return this kit
     */
    public StrategyTestKit positive(Path capture) {
        this.positive = new Input(null, Objects.requireNonNull(capture, "capture"));
        return this;
    }

    /**
     * Ordinary traffic, to measure false positives and blocked addresses on.
     *
     * @param packets the packets, in capture order
     * @return this kit
     */
    public StrategyTestKit negative(List<Packet> packets) {
        this.negative = new Input(List.copyOf(packets), null);
        return this;
    }

    /**
     * Ordinary traffic read from a capture file.
     *
     * @param capture the capture file
     * @return this kit
     */
    public StrategyTestKit negative(Path capture) {
        this.negative = new Input(null, Objects.requireNonNull(capture, "capture"));
        return this;
    }

    /**
     * An unseen trace of the protocol, for the strategy's recall test.
     *
     * @param packets the packets, in capture order
     * @return this kit
     */
    public StrategyTestKit recall(List<Packet> packets) {
        this.recall = new Input(List.copyOf(packets), null);
        return this;
    }

    /**
     * An unseen trace of the protocol read from a capture file.
     *
     * @param capture the capture file
     * @return this kit
     */
    public StrategyTestKit recall(Path capture) {
        this.recall = new Input(null, Objects.requireNonNull(capture, "capture"));
        return this;
    }

    /**
     * Adds client addresses or subnets of the traces (the {@code --client} option).
     *
     * @param subnets addresses or subnets, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}
     * @return this kit
     */
    public StrategyTestKit client(String... subnets) {
        clients.addAll(List.of(subnets));
        return this;
    }

    /**
     * Adds server addresses or subnets of the positive trace (the {@code --server} option).
     *
     * @param subnets addresses or subnets
     * @return this kit
     */
    public StrategyTestKit server(String... subnets) {
        servers.addAll(List.of(subnets));
        return this;
    }

    /**
     * Adds client subnets of the negative trace, when not those of {@link #client}
     * ({@code --negative-client}).
     *
     * @param subnets addresses or subnets
     * @return this kit
     */
    public StrategyTestKit negativeClient(String... subnets) {
        negativeClients.addAll(List.of(subnets));
        return this;
    }

    /**
     * Adds client subnets of the recall trace, when not those of {@link #client} ({@code --recall-client}).
     *
     * @param subnets addresses or subnets
     * @return this kit
     */
    public StrategyTestKit recallClient(String... subnets) {
        recallClients.addAll(List.of(subnets));
        return this;
    }

    /**
     * Sets a strategy parameter as text, validated against the strategy's declaration when the kit
     * executes ({@code --param name=value}).
     *
     * @param name the parameter's name
     * @param value its value as text, such as {@code 0.8} or {@code 64,128}
     * @return this kit
     */
    public StrategyTestKit parameter(String name, String value) {
        parameters.add(new String[] {Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")});
        return this;
    }

    /**
     * Sets the seed of every random choice (default {@value RunSpec#DEFAULT_SEED}).
     *
     * @param seed the seed; the same traces and seed give the same result
     * @return this kit
     */
    public StrategyTestKit seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Sets how many trials to run (default {@value RunSpec#DEFAULT_TRIALS}; the {@code --trials} option).
     *
     * @param trials the number of trials, at least 1
     * @return this kit
     */
    public StrategyTestKit trials(int trials) {
        this.trials = trials;
        return this;
    }

    /**
     * One trial on the whole traces, nothing held out: every connection's decision counts in the rates,
     * which suits a test of a strategy's decisions on a handful of connections — never rates to publish.
     *
     * @return this kit
     */
    public StrategyTestKit wholeTraces() {
        this.holdOut = false;
        this.trials = 1;
        return this;
    }

    /**
     * When a remote host counts as blocked: after {@code minFlagged} flagged connections that are at
     * least a share {@code minShare} of its connections ({@code --host-min-flagged}, {@code --host-min-share}).
     *
     * @param minFlagged the flagged connections a host needs, at least 1
     * @param minShare the share of its connections that must be flagged, in (0, 1]
     * @return this kit
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public StrategyTestKit hostRule(int minFlagged, double minShare) {
        this.hostRule = new HostRule(minFlagged, minShare);
        return this;
    }

    /**
     * Sets whether to run server to client, SRC and DST rules swapped ({@code --reverse}).
     *
     * @param reversed true to examine the server's packets to the client
     * @return this kit
     */
    public StrategyTestKit reversed(boolean reversed) {
        this.reversed = reversed;
        return this;
    }

    /**
     * Stores the packets in a fresh {@code memory:} store and runs the strategy on them.
     *
     * @return the run's result, as {@code covertmark run} would write it
     * @throws org.covertmark.core.engine.StrategyFailedException when the strategy's own code fails,
     *     naming the step and the configuration; a class missing from a plugin jar is among its causes
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

    private static TraceSource store(TraceStore store, String role, Input input) {
        StoredTrace t = input.capture() != null
                ? TraceStores.importCapture(store, input.capture(), InputFilter.all(), role + " capture")
                : store.importTrace(new TraceImport(role + " packets of a StrategyTestKit run",
                        InputFilter.all(), "StrategyTestKit", 0), PacketStream.of(input.packets()));
        return new TraceSource.Stored(t.id());
    }
}
