package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import org.apiguardian.api.API;
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
@API(status = MAINTAINED, since = "0.1")
public interface TraceView {

    /** {@return which trace this is: positive, negative or recall} */
    Role role();

    /**
     * {@return the packets of the run's direction under the input and strategic filters, in capture
     * order (the original's {@code _pt_packets})} The list is unmodifiable, and its indices are the
     * ones every other method and {@link Decisions} take.
     */
    List<Packet> packets();

    /**
     * The connection of {@code packets().get(i)}, judged from both of its directions whatever the run's
     * direction; null for a packet with no TCP or UDP header.
     *
     * @param i an index into {@link #packets()}
     * @return the packet's connection, one of {@link #connections()}, or null
     */
    Connection connection(int i);

    /**
     * {@return every connection of the trace under the input filter, in first-seen order
     * ({@link Connection#id()} is the index)} Connections with no packet under the strategic filter are
     * listed too.
     */
    List<Connection> connections();

    /**
     * Whether {@code packets().get(i)} is in the selection part of the trial under way — the part a
     * strategy may learn from. Outside a trial (in {@link DetectionStrategy#prepare}) every packet is.
     *
     * @param i an index into {@link #packets()}
     * @return whether the packet may be learnt from; in a trial the split is by connection, so this is
     *     whether its connection is selected, and a packet of no connection is not
     */
    boolean selected(int i);

    /**
     * Whether a connection is in the selection part of the trial under way.
     *
     * @param connection one of {@link #connections()}
     * @return whether its packets may be learnt from; true outside a trial
     */
    boolean selected(Connection connection);

    /** {@return the client subnets the user gave for this trace; empty when none were given} */
    List<Subnet> clients();

    /**
     * Whether an address is in this trace's client or server subnets, or in those set by
     * {@link StrategyContext#setCaseMembership} (the original's {@code in_positive_filter} and
     * {@code in_negative_filter}).
     *
     * @param address the address to look up
     * @return whether it lies in one of those subnets
     */
    boolean inFilter(IpAddress address);

    /**
     * {@return the number of packets under the input filter alone, both parts (the original's
     * {@code _pt_collection_total})}
     */
    long total();
}
