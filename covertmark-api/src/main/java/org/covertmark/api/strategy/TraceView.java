package org.covertmark.api.strategy;

import java.util.List;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;

/**
 * One trace of a run as a strategy sees it: the packets of the run's direction under the input and
 * strategic filters, each with its connection, and which of them the strategy may learn from in the
 * trial under way. The same view serves the positive, negative and recall traces; {@link #role()}
 * says which it is.
 */
public interface TraceView {

    /** Which trace this is. */
    Role role();

    /** The packets under the input and strategic filters, in capture order (the original's {@code _pt_packets}). */
    List<Packet> packets();

    /**
     * The connection of {@code packets().get(i)}, judged from both of its directions whatever the run's
     * direction; null for a packet with no TCP or UDP header.
     */
    Connection connection(int i);

    /** Every connection of the trace under the input filter, in first-seen order ({@link Connection#id()} is the index). */
    List<Connection> connections();

    /**
     * Whether {@code packets().get(i)} is in the selection part of the trial under way — the part a
     * strategy may learn from. Outside a trial (in {@link DetectionStrategy#prepare}) every packet is.
     */
    boolean selected(int i);

    /** Whether a connection is in the selection part of the trial under way. */
    boolean selected(Connection connection);

    /** The client subnets the user gave for this trace. */
    List<Subnet> clients();

    /**
     * Whether an address is in this trace's client or server subnets, or in those set by
     * {@link StrategyContext#setCaseMembership} (the original's {@code in_positive_filter} and
     * {@code in_negative_filter}).
     */
    boolean inFilter(IpAddress address);

    /** The number of packets under the input filter alone, both parts (the original's {@code _pt_collection_total}). */
    long total();
}
