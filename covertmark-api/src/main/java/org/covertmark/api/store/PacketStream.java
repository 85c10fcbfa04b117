package org.covertmark.api.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.covertmark.api.packet.Packet;

/**
 * A one-pass stream of packets read from a capture or a stored trace, in capture order. Close it
 * when done; closing twice does nothing. Packets stay valid after the stream is closed.
 */
public interface PacketStream extends Iterator<Packet>, AutoCloseable {

    /** Releases files, cursors or connections held by the stream. */
    @Override
    void close();

    /** The rest of the stream as a {@link Stream}; closing that closes this. */
    default Stream<Packet> stream() {
        Spliterator<Packet> s = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(s, false).onClose(this::close);
    }

    /** Reads the rest of the stream into a list and closes it. */
    default List<Packet> toList() {
        try (this) {
            List<Packet> out = new ArrayList<>();
            forEachRemaining(out::add);
            return out;
        }
    }

    /** A stream over packets already in memory. */
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
