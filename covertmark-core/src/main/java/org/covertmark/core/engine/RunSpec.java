package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.covertmark.api.net.Subnet;

/**
 * Everything one evaluation run needs besides the strategy: the traces, the addresses that become
 * their input filters, the direction, the user's parameters and the seed. Build one with
 * {@link #builder(TraceSource)}.
 *
 * @param positive the protocol's trace
 * @param negative ordinary traffic, if given
 * @param recall an unseen trace of the protocol for a recall test, if given
 * @param clients the protocol's client addresses in the positive trace
 * @param servers the protocol's server addresses in the positive trace
 * @param negativeClients the client addresses of the negative trace (default: {@code clients})
 * @param recallClients the client addresses of the recall trace (default: {@code clients})
 * @param reversed whether to run server to client, with SRC and DST swapped
 * @param parameters the user's strategy parameters as text, by name
 * @param seed the seed of every random choice
 * @param trials how many times to split, learn, choose and test, with seeds derived from {@code seed}
 * @param hostRule when a remote host counts as blocked
 * @param holdOut whether to split each trace into a selection and a test part (the default); without,
 *     configurations are chosen and reported on the whole traces, and the result says so
 */
@API(status = MAINTAINED, since = "0.1")
public record RunSpec(TraceSource positive, Optional<TraceSource> negative, Optional<TraceSource> recall,
        List<Subnet> clients, List<Subnet> servers, List<Subnet> negativeClients, List<Subnet> recallClients,
        boolean reversed, Map<String, String> parameters, long seed, int trials,
        @API(status = EXPERIMENTAL, since = "0.1") HostRule hostRule, boolean holdOut) {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 1;
    /** The number of trials when none is given. */
    public static final int DEFAULT_TRIALS = 5;
    /** The most trials a run may ask for. */
    public static final int MAX_TRIALS = 1000;

    /** Copies the lists and map. */
    public RunSpec {
        Objects.requireNonNull(positive, "positive");
        Objects.requireNonNull(negative, "negative");
        Objects.requireNonNull(recall, "recall");
        clients = List.copyOf(clients);
        servers = List.copyOf(servers);
        negativeClients = List.copyOf(negativeClients);
        recallClients = List.copyOf(recallClients);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        Objects.requireNonNull(hostRule, "hostRule");
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new IllegalArgumentException("the number of trials is from 1 to " + MAX_TRIALS + ", not " + trials);
        }
    }

    /** A builder for a run on {@code positive}. */
    public static Builder builder(TraceSource positive) {
        return new Builder(positive);
    }

    /** This run in the other direction. */
    public RunSpec reverse() {
        return new RunSpec(positive, negative, recall, clients, servers, negativeClients, recallClients, !reversed,
                parameters, seed, trials, hostRule, holdOut);
    }

    /** Builds a {@link RunSpec}. */
    @API(status = MAINTAINED, since = "0.1")
    public static final class Builder {
        private final TraceSource positive;
        private TraceSource negative;
        private TraceSource recall;
        private final List<Subnet> clients = new ArrayList<>();
        private final List<Subnet> servers = new ArrayList<>();
        private List<Subnet> negativeClients;
        private List<Subnet> recallClients;
        private boolean reversed;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private long seed = DEFAULT_SEED;
        private int trials = DEFAULT_TRIALS;
        private HostRule hostRule = HostRule.FIRST_FLAG;
        private boolean holdOut = true;

        private Builder(TraceSource positive) {
            this.positive = Objects.requireNonNull(positive, "positive");
        }

        /** Ordinary traffic to measure false positives on. */
        public Builder negative(TraceSource source) {
            this.negative = source;
            return this;
        }

        /** An unseen protocol trace for a recall test. */
        public Builder recall(TraceSource source) {
            this.recall = source;
            return this;
        }

        /** Adds client addresses of the positive trace. */
        public Builder client(String... subnets) {
            for (String s : subnets) {
                clients.add(Subnet.parse(s));
            }
            return this;
        }

        /** Adds client subnets of the positive trace. */
        public Builder clients(List<Subnet> subnets) {
            clients.addAll(subnets);
            return this;
        }

        /** Adds server addresses of the positive trace. */
        public Builder server(String... subnets) {
            for (String s : subnets) {
                servers.add(Subnet.parse(s));
            }
            return this;
        }

        /** Adds server subnets of the positive trace. */
        public Builder servers(List<Subnet> subnets) {
            servers.addAll(subnets);
            return this;
        }

        /** The client subnets of the negative trace, if not those of the positive. */
        public Builder negativeClients(List<Subnet> subnets) {
            this.negativeClients = List.copyOf(subnets);
            return this;
        }

        /** The client subnets of the recall trace, if not those of the positive. */
        public Builder recallClients(List<Subnet> subnets) {
            this.recallClients = List.copyOf(subnets);
            return this;
        }

        /** Whether to run server to client. */
        public Builder reversed(boolean reversed) {
            this.reversed = reversed;
            return this;
        }

        /** A strategy parameter as text, validated by the engine against the strategy's declaration. */
        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        /** The seed of every random choice. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How many trials to run (default {@value RunSpec#DEFAULT_TRIALS}). */
        public Builder trials(int trials) {
            this.trials = trials;
            return this;
        }

        /** When a remote host counts as blocked (default: at its first flagged connection). */
        @API(status = EXPERIMENTAL, since = "0.1")
        public Builder hostRule(HostRule rule) {
            this.hostRule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * Whether to hold out a test part (default true). Without, the whole traces serve to choose and
         * to report: for unit tests of a strategy's decisions on a handful of connections, never for
         * rates to publish.
         */
        public Builder holdOut(boolean holdOut) {
            this.holdOut = holdOut;
            return this;
        }

        /** The spec. */
        public RunSpec build() {
            return new RunSpec(positive, Optional.ofNullable(negative), Optional.ofNullable(recall), clients, servers,
                    negativeClients == null || negativeClients.isEmpty() ? clients : negativeClients,
                    recallClients == null || recallClients.isEmpty() ? clients : recallClients, reversed, parameters,
                    seed, trials, hostRule, holdOut);
        }
    }
}
