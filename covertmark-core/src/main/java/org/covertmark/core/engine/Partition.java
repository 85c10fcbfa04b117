package org.covertmark.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.net.IpAddress;

/**
 * How one trace is divided, for one trial, into a selection part (what a strategy learns from and a
 * configuration is chosen on) and a test part (what rates are reported on): by remote host when the
 * trace has at least {@value #MIN_HOSTS} servers, else by connection, never by packet. A trace with
 * fewer than two connections cannot be divided; both parts are then the whole trace.
 *
 * <p>Asked for each unit of every configuration, so whether the trace is whole is decided once.
 */
final class Partition {

    /** The fewest servers a trace needs to be split by host: two on each side. */
    static final int MIN_HOSTS = 4;
    static final String HOST = "host";
    static final String FLOW = "flow";
    static final String NONE = "none";

    private final String split;
    private final boolean whole;
    private final boolean[] selected;
    private final int selectionFlows;
    private final int testFlows;
    private final int selectionHosts;
    private final int testHosts;

    /**
     * @param split {@code host}, {@code flow}, or {@code none}
     * @param selected for each connection, whether it is in the selection part
     * @param selectionFlows connections in the selection part
     * @param testFlows connections in the test part
     * @param selectionHosts servers in the selection part
     * @param testHosts servers in the test part
     */
    Partition(String split, boolean[] selected, int selectionFlows, int testFlows, int selectionHosts, int testHosts) {
        this.split = split;
        this.whole = split.equals(NONE);
        this.selected = selected;
        this.selectionFlows = selectionFlows;
        this.testFlows = testFlows;
        this.selectionHosts = selectionHosts;
        this.testHosts = testHosts;
    }

    String split() {
        return split;
    }

    /** Whether both parts are the whole trace. */
    boolean whole() {
        return whole;
    }

    boolean[] selected() {
        return selected;
    }

    int selectionFlows() {
        return selectionFlows;
    }

    int testFlows() {
        return testFlows;
    }

    int selectionHosts() {
        return selectionHosts;
    }

    int testHosts() {
        return testHosts;
    }

    /** Whether connection {@code c} is in the selection part. */
    boolean inSelection(int c) {
        return whole || selected[c];
    }

    /** Whether connection {@code c} is in the test part. */
    boolean inTest(int c) {
        return whole || !selected[c];
    }

    /** The whole trace as the test part: for recall traces, which are never learnt from. */
    static Partition wholeAsTest(TraceData trace) {
        int flows = 0;
        java.util.Set<IpAddress> hosts = new java.util.HashSet<>();
        for (Connection c : trace.connections()) {
            if (trace.examined(c.id())) {
                flows++;
                hosts.add(c.server());
            }
        }
        return new Partition(NONE, new boolean[trace.connections().size()], 0, flows, 0, hosts.size());
    }

    /** No division: both parts are the whole trace. */
    static Partition none(TraceData trace) {
        Partition whole = wholeAsTest(trace);
        return new Partition(NONE, whole.selected(), whole.testFlows(), whole.testFlows(), whole.testHosts(),
                whole.testHosts());
    }

    /** Divides the examined connections of a trace with a random source seeded for this trial and trace. */
    static Partition of(TraceData trace, long seed) {
        List<Connection> connections = trace.connections();
        Map<IpAddress, List<Integer>> byHost = new LinkedHashMap<>();
        List<Integer> examined = new ArrayList<>();
        for (Connection c : connections) {
            if (trace.examined(c.id())) {
                examined.add(c.id());
                byHost.computeIfAbsent(c.server(), k -> new ArrayList<>()).add(c.id());
            }
        }
        boolean[] selected = new boolean[connections.size()];
        SplittableRandom random = new SplittableRandom(seed);
        if (byHost.size() >= MIN_HOSTS) {
            // Hosts in a fixed order (their addresses), shuffled by the seed, each dealt to the part with
            // fewer connections so far: parts of about equal size whatever the hosts' sizes.
            List<IpAddress> hosts = new ArrayList<>(byHost.keySet());
            hosts.sort(null);
            shuffle(hosts, random);
            int inSelection = 0;
            int inTest = 0;
            int selectionHosts = 0;
            for (IpAddress h : hosts) {
                List<Integer> ids = byHost.get(h);
                if (inSelection <= inTest) {
                    ids.forEach(id -> selected[id] = true);
                    inSelection += ids.size();
                    selectionHosts++;
                } else {
                    inTest += ids.size();
                }
            }
            return new Partition(HOST, selected, inSelection, inTest, selectionHosts, hosts.size() - selectionHosts);
        }
        if (examined.size() >= 2) {
            shuffle(examined, random);
            int half = (examined.size() + 1) / 2;
            for (int i = 0; i < half; i++) {
                selected[examined.get(i)] = true;
            }
            return new Partition(FLOW, selected, half, examined.size() - half, hostsOf(trace, selected, true),
                    hostsOf(trace, selected, false));
        }
        return new Partition(NONE, selected, examined.size(), examined.size(), byHost.size(), byHost.size());
    }

    private static int hostsOf(TraceData trace, boolean[] selected, boolean part) {
        java.util.Set<IpAddress> hosts = new java.util.HashSet<>();
        for (Connection c : trace.connections()) {
            if (trace.examined(c.id()) && selected[c.id()] == part) {
                hosts.add(c.server());
            }
        }
        return hosts.size();
    }

    /** Fisher–Yates, so that the order depends on the seed alone. */
    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
