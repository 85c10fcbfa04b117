package org.covertmark.core.procedure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.covertmark.api.net.Subnet;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;

/**
 * One entry of a procedure: a strategy, the traces and addresses it runs on, the direction or
 * directions, its parameters and seed. Trace paths are kept as written; {@link Procedure} resolves
 * them against its folder.
 *
 * @param strategy the strategy's name
 * @param protocol the label of the protocol under test, for the summary
 * @param positive the protocol's trace: a capture file path or {@code trace:ID}
 * @param negative ordinary traffic, if given
 * @param recall an unseen trace of the protocol, if given
 * @param client client addresses of the positive trace
 * @param server server addresses of the positive trace
 * @param negativeClient client addresses of the negative trace (empty: {@code client})
 * @param recallClient client addresses of the recall trace (empty: {@code client})
 * @param reverse the direction or directions to run
 * @param params the strategy's parameters as text, by name, in the order written
 * @param seed the seed of every random choice
 * @param trials how many trials the engine runs (see {@link RunSpec#trials()})
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ProcedureRun(String strategy, String protocol, String positive, Optional<String> negative,
        Optional<String> recall, List<Subnet> client, List<Subnet> server, List<Subnet> negativeClient,
        List<Subnet> recallClient, Reverse reverse, Map<String, String> params, long seed, int trials) {

    /** Which directions to run, written {@code false}, {@code true} or {@code "both"}. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Reverse {
        /** Client to server only ({@code false}). */
        NO(List.of(false)),
        /** Server to client only ({@code true}). */
        YES(List.of(true)),
        /** Client to server, then server to client ({@code "both"}). */
        BOTH(List.of(false, true));

        private final List<Boolean> flags;

        Reverse(List<Boolean> flags) {
            this.flags = flags;
        }

        /** For each run in this order, whether it is reversed. */
        public List<Boolean> reversedFlags() {
            return flags;
        }
    }

    /** Checks for nulls and copies the collections. */
    public ProcedureRun {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(positive, "positive");
        Objects.requireNonNull(negative, "negative");
        Objects.requireNonNull(recall, "recall");
        Objects.requireNonNull(reverse, "reverse");
        client = List.copyOf(client);
        server = List.copyOf(server);
        negativeClient = List.copyOf(negativeClient);
        recallClient = List.copyOf(recallClient);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A run of {@code strategy} on {@code positive}, labelled with the positive's file name; add the rest with the {@code with} methods. */
    public static ProcedureRun of(String strategy, String positive) {
        return new ProcedureRun(strategy, defaultProtocol(positive), positive, Optional.empty(), Optional.empty(),
                List.of(), List.of(), List.of(), List.of(), Reverse.NO, Map.of(), RunSpec.DEFAULT_SEED,
                RunSpec.DEFAULT_TRIALS);
    }

    /** The protocol label used when none is given: the positive capture's file name without extension. */
    static String defaultProtocol(String positive) {
        if (positive.startsWith("trace:")) {
            return positive;
        }
        String name = Path.of(positive).getFileName() == null ? positive : Path.of(positive).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** This run with another protocol label. */
    public ProcedureRun withProtocol(String label) {
        return new ProcedureRun(strategy, label, positive, negative, recall, client, server, negativeClient,
                recallClient, reverse, params, seed, trials);
    }

    /** This run with a negative trace. */
    public ProcedureRun withNegative(String trace) {
        return new ProcedureRun(strategy, protocol, positive, Optional.of(trace), recall, client, server,
                negativeClient, recallClient, reverse, params, seed, trials);
    }

    /** This run with a recall trace. */
    public ProcedureRun withRecall(String trace) {
        return new ProcedureRun(strategy, protocol, positive, negative, Optional.of(trace), client, server,
                negativeClient, recallClient, reverse, params, seed, trials);
    }

    /** This run with these client and server addresses of the positive trace. */
    public ProcedureRun withAddresses(List<Subnet> clients, List<Subnet> servers) {
        return new ProcedureRun(strategy, protocol, positive, negative, recall, clients, servers, negativeClient,
                recallClient, reverse, params, seed, trials);
    }

    /** This run with these client addresses of the negative and recall traces. */
    public ProcedureRun withOtherClients(List<Subnet> negativeClients, List<Subnet> recallClients) {
        return new ProcedureRun(strategy, protocol, positive, negative, recall, client, server, negativeClients,
                recallClients, reverse, params, seed, trials);
    }

    /** This run in other directions. */
    public ProcedureRun withReverse(Reverse directions) {
        return new ProcedureRun(strategy, protocol, positive, negative, recall, client, server, negativeClient,
                recallClient, directions, params, seed, trials);
    }

    /** This run with these parameters. */
    public ProcedureRun withParams(Map<String, String> parameters) {
        return new ProcedureRun(strategy, protocol, positive, negative, recall, client, server, negativeClient,
                recallClient, reverse, parameters, seed, trials);
    }

    /** This run with another seed. */
    public ProcedureRun withSeed(long newSeed) {
        return new ProcedureRun(strategy, protocol, positive, negative, recall, client, server, negativeClient,
                recallClient, reverse, params, newSeed, trials);
    }

    /** This run with another number of trials. */
    public ProcedureRun withTrials(int newTrials) {
        return new ProcedureRun(strategy, protocol, positive, negative, recall, client, server, negativeClient,
                recallClient, reverse, params, seed, newTrials);
    }

    /**
     * The engine's spec of this run in one direction, with relative capture paths resolved against
     * {@code folder}.
     */
    public RunSpec spec(Path folder, boolean reversed) {
        RunSpec.Builder b = RunSpec.builder(source(folder, positive)).clients(client).servers(server)
                .negativeClients(negativeClient).recallClients(recallClient).reversed(reversed).seed(seed).trials(trials);
        negative.ifPresent(n -> b.negative(source(folder, n)));
        recall.ifPresent(r -> b.recall(source(folder, r)));
        params.forEach(b::parameter);
        return b.build();
    }

    /** {@code trace:ID} as a stored trace; a path resolved against {@code folder} unless absolute. */
    static TraceSource source(Path folder, String text) {
        TraceSource s = TraceSource.parse(text);
        if (s instanceof TraceSource.Capture c && !c.path().isAbsolute()) {
            return new TraceSource.Capture(folder.resolve(c.path()));
        }
        return s;
    }
}
