package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.function.IntPredicate;
import org.apiguardian.api.API;
import org.covertmark.api.filter.PacketFilter;

/**
 * The header facts of every packet of a list, read from columns the list keeps, without building the
 * packet or reading its bytes. A list returned by {@link TraceStore#load} may also implement this
 * interface (the embedded store's do); code that reads the headers of every packet of a trace —
 * indexing its connections, filtering it — checks for it, as it would for {@link java.util.RandomAccess},
 * and builds only the packets whose bytes it needs. Over a trace of a gigabyte, reading the headers
 * from the capture's bytes costs a cache and TLB miss a packet; from columns, a pass over arrays.
 *
 * <p>Every method takes the packet's index in the list and answers exactly as the packet at that
 * index would: {@link #kind} as {@link org.covertmark.api.packet.Packet#ipVersion()},
 * {@code isTcp()}, {@code isUdp()} and {@link PacketFilter#hasPayload()}; the addresses, ports and
 * flags as the packet's fields. A value a packet does not have (the ports of an ICMP packet, the
 * IPv4 addresses of an IPv6 packet) is 0.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface PacketColumns {

    /** {@link #kind} bit: an IPv4 packet. */
    int IPV4 = 1;
    /** {@link #kind} bit: a TCP header was read. */
    int TCP = 2;
    /** {@link #kind} bit: a UDP header was read. */
    int UDP = 4;
    /** {@link #kind} bit: TCP or UDP payload, as {@link PacketFilter#hasPayload()}. */
    int PAYLOAD = 8;

    /**
     * What the packet is: the {@link #IPV4}, {@link #TCP}, {@link #UDP} and {@link #PAYLOAD} bits.
     *
     * @param index the packet's index in the list
     * @return the bits that hold for it
     */
    int kind(int index);

    /**
     * The source address of an IPv4 packet.
     *
     * @param index the packet's index in the list
     * @return its 32 bits, or 0 for a packet of another version
     */
    int source4(int index);

    /**
     * The destination address of an IPv4 packet.
     *
     * @param index the packet's index in the list
     * @return its 32 bits, or 0 for a packet of another version
     */
    int destination4(int index);

    /**
     * The source port of a TCP or UDP packet.
     *
     * @param index the packet's index in the list
     * @return the port, or 0 for a packet of neither
     */
    int sourcePort(int index);

    /**
     * The destination port of a TCP or UDP packet.
     *
     * @param index the packet's index in the list
     * @return the port, or 0 for a packet of neither
     */
    int destinationPort(int index);

    /**
     * The flags of a TCP segment, as {@link org.covertmark.api.packet.TcpSegment#flags()}.
     *
     * @param index the packet's index in the list
     * @return the 12 flag bits, or 0 for a packet that is not TCP
     */
    int tcpFlags(int index);

    /**
     * A test of {@code filter} by index, with the meaning of {@link PacketFilter#test}: evaluated on
     * the columns where they answer it, on the packet where they do not.
     *
     * @param filter the filter to evaluate
     * @return whether the packet at an index passes it
     */
    IntPredicate matcher(PacketFilter filter);
}
