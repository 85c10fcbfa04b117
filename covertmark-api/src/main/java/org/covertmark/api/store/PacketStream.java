package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apiguardian.api.API;
import org.covertmark.api.packet.Packet;

/**
 * A one-pass stream of packets read from a capture or a stored trace, in capture order. Close it
 * when done; closing twice does nothing. Packets stay valid after the stream is closed.
 */
@API(status = MAINTAINED, since = "0.1")
public interface PacketStream extends Iterator<Packet>, AutoCloseable {

    /** Releases files, cursors or connections held by the stream. */
    @Override
    void close();

    /**
     * {@return the rest of the stream as a sequential, ordered {@link Stream}; closing that closes
     * this} Use it in try-with-resources, since a terminal operation alone does not close it.
     */
    default Stream<Packet> stream() {
        Spliterator<Packet> s = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(s, false).onClose(this::close);
    }

    /**
     * Reads the rest of the stream into a list and closes it, also when reading fails.
     *
     * @return the packets not yet read, in stream order, in a new mutable list
     */
    default List<Packet> toList() {
        try (this) {
            List<Packet> out = new ArrayList<>();
            forEachRemaining(out::add);
            return out;
        }
    }

    /**
     * A stream over packets already in memory.
     *
     * @param packets the packets, in the order the stream gives them; iterated once, lazily
     * @return a stream whose {@code close} does nothing
     */
    static PacketStream of(Iterable<Packet> packets) {
        Iterator<Packet> it = packets.iterator();
        return new PacketStream() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Packet next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
