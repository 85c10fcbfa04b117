package org.covertmark.core.engine;

import java.util.AbstractList;
import java.util.BitSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.flow.Connections;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.PacketColumns;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.TraceView;

/**
 * One trace of a run as the engine holds it: every packet touching its subnets in both directions
 * (so that each connection is judged from both), the connections they form, the packets of the run's
 * direction, and the strategic view a strategy sees. The selection part of the trial under way is a
 * flag per connection.
 */
final class TraceData implements TraceView {

    private final Role role;
    private final String source;
    private final List<Packet> all;
    private final Connections connections;
    private final List<Subnet> clients;
    private List<Subnet> members;
    /** For each packet of {@link #all}: whether it is in the run's direction. */
    private final boolean[] inRun;
    /** For each packet of {@link #all}: whether it carries TCP or UDP payload (as {@link PacketFilter#hasPayload()}). */
    private final boolean[] payload;
    /** The connections with at least one packet in the run's direction. */
    private final boolean[] examined;
    private final long total;
    private final double durationSeconds;
    /** Packets per batch of the parallel pass. */
    private static final int BATCH = 4096;

    private PacketFilter strategic;
    /** Index into {@link #all} of each packet of the strategic view. */
    private int[] view = new int[0];
    private List<Packet> viewPackets = List.of();
    /** Whether each connection is in the selection part; null outside a trial (all are). */
    private boolean[] selection;

    /**
     * Indexes a trace: its connections; which packets are in the run's direction, decided per
     * connection and way; and, reading each packet of that direction once more (or the store's
     * {@link PacketColumns}), which carry payload and which the strategic filter {@code strategic}
     * passes.
     */
    TraceData(Role role, String source, List<Packet> all, InputFilter direction, List<Subnet> clients,
            List<Subnet> members, PacketFilter strategic) {
        this.role = role;
        this.source = source;
        this.all = all;
        this.clients = List.copyOf(clients);
        this.members = List.copyOf(members);
        this.connections = Connections.of(all, clients);
        this.inRun = new boolean[all.size()];
        this.payload = new boolean[all.size()];
        this.examined = new boolean[connections.size()];
        this.strategic = strategic;
        // Whether a packet is in the run's direction depends on its two addresses only: decided once per
        // connection and way, and per packet only for packets without a connection (no TCP or UDP header).
        List<Connection> list = connections.all();
        boolean[] clientToServer = new boolean[list.size()];
        boolean[] serverToClient = new boolean[list.size()];
        for (Connection c : list) {
            clientToServer[c.id()] = direction.test(c.client(), c.server());
            serverToClient[c.id()] = direction.test(c.server(), c.client());
        }
        // Then one read of each packet of the run's direction, in batches on every processor: payload and
        // the strategic filter, from the store's columns when it keeps them.
        PacketFilter hasPayload = PacketFilter.hasPayload();
        boolean every = strategic.equals(PacketFilter.all());
        PacketColumns columns = all instanceof PacketColumns c ? c : null;
        IntPredicate strategicColumns = columns == null || every ? null : columns.matcher(strategic);
        boolean[] passes = new boolean[all.size()];
        int batches = (all.size() + BATCH - 1) / BATCH;
        IntStream.range(0, batches).parallel().forEach(b -> {
            for (int i = b * BATCH, end = Math.min(all.size(), i + BATCH); i < end; i++) {
                int c = connections.connectionOf(i);
                Packet p = null;
                boolean run;
                if (c >= 0) {
                    run = connections.fromClient(i) ? clientToServer[c] : serverToClient[c];
                } else {
                    p = all.get(i);
                    run = direction.test(p);
                }
                if (run && columns != null) {
                    inRun[i] = true;
                    payload[i] = (columns.kind(i) & PacketColumns.PAYLOAD) != 0;
                    passes[i] = every || strategicColumns.test(i);
                } else if (run) {
                    p = p == null ? all.get(i) : p;
                    inRun[i] = true;
                    payload[i] = hasPayload.test(p);
                    passes[i] = every || strategic.test(p);
                }
            }
        });
        int m = 0;
        long n = 0;
        for (int i = 0; i < inRun.length; i++) {
            if (!inRun[i]) {
                continue;
            }
            n++;
            int c = connections.connectionOf(i);
            if (c >= 0) {
                examined[c] = true;
            }
            if (passes[i]) {
                m++;
            }
        }
        this.total = n;
        int[] passing = new int[m];
        for (int i = 0, k = 0; k < m; i++) {
            if (passes[i]) {
                passing[k++] = i;
            }
        }
        // From the first to the last packet in capture order, as a capture's summary gives them.
        this.durationSeconds = all.size() < 2 ? 0
                : Math.max(0, all.get(all.size() - 1).timeMicros() - all.get(0).timeMicros()) / 1e6;
        setView(passing);
    }

    private void setView(int[] indices) {
        view = indices;
        viewPackets = new PacketsAt(all, indices);
    }

    /** Selects the strategic view anew: the packets of the run's direction that {@code filter} passes. */
    void applyStrategicFilter(PacketFilter filter) {
        this.strategic = filter;
        IntPredicate passes = all instanceof PacketColumns c ? c.matcher(filter) : i -> filter.test(all.get(i));
        BitSet kept = new BitSet(all.size());
        for (int i = 0; i < all.size(); i++) {
            if (inRun[i] && passes.test(i)) {
                kept.set(i);
            }
        }
        setView(kept.stream().toArray());
    }

    PacketFilter strategicFilter() {
        return strategic;
    }

    /** Sets the selection part of a trial (a flag per connection), or null outside a trial. */
    void select(boolean[] selectedConnections) {
        this.selection = selectedConnections;
    }

    /** Every packet of both directions under the widened input filter. */
    List<Packet> allPackets() {
        return all;
    }

    /** Whether packet {@code i} of {@link #allPackets()} is in the run's direction. */
    boolean inRun(int i) {
        return inRun[i];
    }

    /** Whether packet {@code i} of {@link #allPackets()} carries TCP or UDP payload. */
    boolean hasPayload(int i) {
        return payload[i];
    }

    /** The index into {@link #allPackets()} of packet {@code i} of the strategic view. */
    int fullIndex(int i) {
        return view[i];
    }

    /** The number of packets in the strategic view. */
    int viewSize() {
        return view.length;
    }

    Connections index() {
        return connections;
    }

    /** Whether connection {@code c} has a packet in the run's direction: whether it is a unit at all. */
    boolean examined(int c) {
        return examined[c];
    }

    /** From the first to the last packet of either direction, in capture order, in seconds. */
    double durationSeconds() {
        return durationSeconds;
    }

    /** Where the trace came from, for reports. */
    String source() {
        return source;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public List<Packet> packets() {
        return viewPackets;
    }

    @Override
    public Connection connection(int i) {
        int c = connections.connectionOf(view[i]);
        return c < 0 ? null : connections.get(c);
    }

    @Override
    public List<Connection> connections() {
        return connections.all();
    }

    @Override
    public boolean selected(int i) {
        if (selection == null) {
            return true;
        }
        int c = connections.connectionOf(view[i]);
        return c >= 0 && selection[c];
    }

    @Override
    public boolean selected(Connection connection) {
        return selection == null || selection[connection.id()];
    }

    @Override
    public List<Subnet> clients() {
        return clients;
    }

    @Override
    public boolean inFilter(IpAddress address) {
        for (Subnet s : members) {
            if (s.contains(address)) {
                return true;
            }
        }
        return false;
    }

    void setMembers(List<Subnet> subnets) {
        this.members = List.copyOf(subnets);
    }

    @Override
    public long total() {
        return total;
    }

    /** The packets of a list at some indices, without copying them. */
    private static final class PacketsAt extends AbstractList<Packet> implements RandomAccess {
        private final List<Packet> packets;
        private final int[] at;

        PacketsAt(List<Packet> packets, int[] at) {
            this.packets = packets;
            this.at = at;
        }

        @Override
        public Packet get(int index) {
            return packets.get(at[index]);
        }

        @Override
        public int size() {
            return at.length;
        }
    }
}
