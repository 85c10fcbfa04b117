package org.covertmark.api.store;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.packet.Packet;

/**
 * Where parsed traces are kept so that many strategy runs can read them without parsing the
 * capture again. Implementations are chosen by URI ({@code memory:}, {@code mongodb://…}) and
 * found through {@link TraceStoreProvider}.
 *
 * <p>Every store gives the same answers as the reference meaning of {@link PacketFilter#test} and
 * {@link PacketField#valueOf}; the trace store compatibility kit checks that. An import is atomic to
 * readers: until it completes, the trace is neither loaded nor listed as complete.
 */
public interface TraceStore extends AutoCloseable {

    /** A description of the store for messages, without credentials (e.g. {@code memory:}). */
    String describe();

    /**
     * Stores the packets of {@code packets} that pass the import's input filter, and closes the
     * stream.
     *
     * @return the stored trace, complete
     * @throws TraceStoreException if the packets could not be stored; nothing is left that looks
     *     complete
     */
    StoredTrace importTrace(TraceImport spec, PacketStream packets);

    /** Every trace, complete or not, oldest first. */
    List<StoredTrace> list();

    /** The trace with this id, complete or not. */
    Optional<StoredTrace> get(String id);

    /** Deletes a trace, complete or not; returns whether there was one. */
    boolean delete(String id);

    /**
     * The trace's packets that {@code filter} selects, in capture order, read as they are consumed.
     *
     * @throws UnknownTraceException if there is no complete trace {@code id}
     */
    PacketStream packets(String id, PacketFilter filter);

    /** The trace's packets that {@code filter} selects, in a list. */
    default List<Packet> load(String id, PacketFilter filter) {
        return packets(id, filter).toList();
    }

    /** The number of the trace's packets that {@code filter} selects. */
    default long count(String id, PacketFilter filter) {
        try (PacketStream s = packets(id, filter)) {
            long n = 0;
            while (s.hasNext()) {
                s.next();
                n++;
            }
            return n;
        }
    }

    /** The distinct values of {@code field} among the packets {@code filter} selects, in first-seen order. */
    default <T> Set<T> distinct(String id, PacketField<T> field, PacketFilter filter) {
        Set<T> out = new LinkedHashSet<>();
        try (PacketStream s = packets(id, filter)) {
            s.forEachRemaining(p -> field.valueOf(p).ifPresent(out::add));
        }
        return out;
    }

    /** Releases the store's resources; a memory store forgets its traces. */
    @Override
    void close();
}
