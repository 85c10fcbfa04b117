package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;

/**
 * A packet field whose distinct values a trace store can list, such as the destination addresses of
 * a negative trace (the denominator of the blocked-IP rate).
 *
 * @param <T> the type of the field's values
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PacketField<T> {

    /** The source address. */
    public static final PacketField<IpAddress> SOURCE = new PacketField<>("src", IpAddress.class,
            p -> Optional.of(p.source()));
    /** The destination address. */
    public static final PacketField<IpAddress> DESTINATION = new PacketField<>("dst", IpAddress.class,
            p -> Optional.of(p.destination()));
    /** The transport protocol number. */
    public static final PacketField<Integer> PROTOCOL = new PacketField<>("proto", Integer.class,
            p -> Optional.of(p.protocol()));
    /** The TCP or UDP source port; absent for other packets. */
    public static final PacketField<Integer> SOURCE_PORT = new PacketField<>("sport", Integer.class,
            p -> p.isTcp() ? p.tcp().map(t -> t.sourcePort())
                    : p.udp().map(u -> u.sourcePort()));
    /** The TCP or UDP destination port; absent for other packets. */
    public static final PacketField<Integer> DESTINATION_PORT = new PacketField<>("dport", Integer.class,
            p -> p.isTcp() ? p.tcp().map(t -> t.destinationPort())
                    : p.udp().map(u -> u.destinationPort()));

    private static final List<PacketField<?>> ALL = List.of(SOURCE, DESTINATION, PROTOCOL, SOURCE_PORT,
            DESTINATION_PORT);

    private final String name;
    private final Class<T> type;
    private final Function<Packet, Optional<T>> extractor;

    private PacketField(String name, Class<T> type, Function<Packet, Optional<T>> extractor) {
        this.name = name;
        this.type = type;
        this.extractor = extractor;
    }

    /** {@return every field, in a stable order: source, destination, protocol, source port, destination port} */
    public static List<PacketField<?>> values() {
        return ALL;
    }

    /**
     * {@return the field's short name, as stored documents and the command line spell it:
     * {@code src}, {@code dst}, {@code proto}, {@code sport} or {@code dport}}
     */
    public String name() {
        return name;
    }

    /** {@return the Java type of the field's values: {@link IpAddress} or {@link Integer}} */
    public Class<T> type() {
        return type;
    }

    /**
     * The field's value in {@code packet}: the reference meaning a store's own reading of the field
     * must match.
     *
     * @param packet the packet to read
     * @return the value; empty when the packet has no such field (the ports of a packet without a
     *     TCP or UDP header)
     */
    public Optional<T> valueOf(Packet packet) {
        return extractor.apply(packet);
    }

    @Override
    public String toString() {
        return name;
    }
}
