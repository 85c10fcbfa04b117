package org.covertmark.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.flow.Transport;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.Unit;

/**
 * Wireshark display filters selecting what a configuration flagged in ordinary traffic — the false
 * positives to look at (the original's {@code report_blocked_ips}, which selected every packet to a
 * blocked destination instead).
 */
final class WiresharkFilters {

    /** A filter that matches no packet. */
    static final String NOTHING = "frame.number == 0";

    private WiresharkFilters() {
    }

    /**
     * The flagged packets by frame number (packet decisions), or the flagged connections by their
     * addresses and ports (window and flow decisions); {@link #NOTHING} when nothing was flagged.
     */
    static String flagged(TraceData trace, Decisions d, Unit unit) {
        if (unit == Unit.PACKET) {
            TreeSet<Long> frames = new TreeSet<>();
            for (int i = 0; i < d.size(); i++) {
                if (d.kind(i) == Decisions.Kind.FLAGGED) {
                    frames.add(trace.packets().get(i).frame());
                }
            }
            return frames.isEmpty() ? NOTHING : "frame.number in {" + ranges(frames) + "}";
        }
        TreeSet<Integer> connections = new TreeSet<>();
        if (unit == Unit.FLOW) {
            for (int c = 0; c < d.size(); c++) {
                // A connection with no packet in the run's direction is no unit of the run: not reported.
                if (d.kind(c) == Decisions.Kind.FLAGGED && trace.examined(c)) {
                    connections.add(c);
                }
            }
        } else {
            for (int w = 0; w < d.windowCount(); w++) {
                if (d.windowKind(w) == Decisions.Kind.FLAGGED) {
                    for (int p : d.window(w)) {
                        Connection c = trace.connection(p);
                        if (c != null && trace.examined(c.id())) {
                            connections.add(c.id());
                        }
                    }
                }
            }
        }
        if (connections.isEmpty()) {
            return NOTHING;
        }
        List<String> terms = new ArrayList<>();
        for (int id : connections) {
            terms.add(connection(trace.connections().get(id)));
        }
        return String.join(" || ", terms);
    }

    /** One connection: both addresses and both ports, either way round. */
    static String connection(Connection c) {
        String ip = c.client().isIpv4() ? "ip.addr" : "ipv6.addr";
        String port = c.transport() == Transport.TCP ? "tcp.port" : "udp.port";
        return "(" + ip + " == " + c.client() + " && " + ip + " == " + c.server() + " && " + port + " == "
                + c.clientPort() + " && " + port + " == " + c.serverPort() + ")";
    }

    /** Ascending numbers as a Wireshark set body: runs of three or more as {@code a..b}. */
    static String ranges(TreeSet<Long> numbers) {
        StringBuilder sb = new StringBuilder();
        Long start = null;
        long prev = 0;
        for (long n : numbers) {
            if (start != null && n == prev + 1) {
                prev = n;
                continue;
            }
            if (start != null) {
                append(sb, start, prev);
            }
            start = n;
            prev = n;
        }
        append(sb, start, prev);
        return sb.toString();
    }

    private static void append(StringBuilder sb, long from, long to) {
        if (sb.length() > 0) {
            sb.append(", ");
        }
        if (to - from >= 2) {
            sb.append(from).append("..").append(to);
        } else {
            sb.append(from);
            if (to > from) {
                sb.append(", ").append(to);
            }
        }
    }
}
