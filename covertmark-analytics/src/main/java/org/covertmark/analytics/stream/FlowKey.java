package org.covertmark.analytics.stream;

import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;

/**
 * A TCP stream regardless of direction: the two endpoints (address and port) in a canonical order,
 * so that both directions of a connection have the same key.
 *
 * @param lowAddress the smaller endpoint's address
 * @param lowPort the smaller endpoint's port
 * @param highAddress the larger endpoint's address
 * @param highPort the larger endpoint's port
 */
public record FlowKey(IpAddress lowAddress, int lowPort, IpAddress highAddress, int highPort) {

    /** The stream of a TCP packet, or null for a packet without TCP. */
    public static FlowKey of(Packet p) {
        if (!p.isTcp()) {
            return null;
        }
        TcpSegment t = p.tcp().orElseThrow();
        IpAddress s = p.source();
        IpAddress d = p.destination();
        int c = s.compareTo(d);
        if (c < 0 || c == 0 && t.sourcePort() <= t.destinationPort()) {
            return new FlowKey(s, t.sourcePort(), d, t.destinationPort());
        }
        return new FlowKey(d, t.destinationPort(), s, t.sourcePort());
    }
}
