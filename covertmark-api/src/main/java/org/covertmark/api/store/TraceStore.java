package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
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
@API(status = EXPERIMENTAL, since = "0.1")
public interface TraceStore extends AutoCloseable {

    /**
     * {@return a description of the store for messages, such as its URI, without credentials (e.g.
     * {@code memory:})}
     */
    String describe();

    /**
     * Stores the packets of {@code packets} that pass the import's input filter, and closes the
     * stream.
     *
     * @param spec the description, input filter and source to record with the trace
     * @param packets the packets to store, in capture order; closed when this returns or fails
     * @return the stored trace, complete
     * @throws TraceStoreException if the packets could not be stored; nothing is left that looks
     *     complete
     */
    StoredTrace importTrace(TraceImport spec, PacketStream packets);

    /** {@return every trace, complete or not, oldest first; empty for an empty store} */
    List<StoredTrace> list();

    /**
     * The trace with this id, complete or not.
     *
     * @param id the trace's identifier, as {@link StoredTrace#id()} gives it
     * @return the trace; empty when the store holds none with this id
     */
    Optional<StoredTrace> get(String id);

    /**
     * Deletes a trace, complete or not.
     *
     * @param id the trace's identifier
     * @return whether there was a trace with this id
     */
    boolean delete(String id);

    /**
     * The trace's packets that {@code filter} selects, in capture order, read as they are consumed.
     *
     * @param id the identifier of a complete trace
     * @param filter the packets wanted, with the meaning of {@link PacketFilter#test}
     * @return an open stream of the selected packets; the caller closes it
     * @throws UnknownTraceException if there is no complete trace {@code id}
     */
    PacketStream packets(String id, PacketFilter filter);

    /**
     * The trace's packets that {@code filter} selects, in a list. A store may return a list that also
     * implements {@link PacketColumns}.
     *
     * @param id the identifier of a complete trace
     * @param filter the packets wanted, with the meaning of {@link PacketFilter#test}
     * @return the selected packets in capture order
     * @throws UnknownTraceException if there is no complete trace {@code id}
     */
    default List<Packet> load(String id, PacketFilter filter) {
        return packets(id, filter).toList();
    }

    /**
     * The number of the trace's packets that {@code filter} selects.
     *
     * @param id the identifier of a complete trace
     * @param filter the packets to count, with the meaning of {@link PacketFilter#test}
     * @return the number of packets selected, 0 or more
     * @throws UnknownTraceException if there is no complete trace {@code id}
     */
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

    /**
     * The distinct values of {@code field} among the packets {@code filter} selects, in first-seen order.
     *
     * @param <T> the type of the field's values
     * @param id the identifier of a complete trace
     * @param field the field to read, with the meaning of {@link PacketField#valueOf}
     * @param filter the packets to read it from, with the meaning of {@link PacketFilter#test}
     * @return the values, each once, in the order of the first packet holding it; packets without the
     *     field add nothing
     * @throws UnknownTraceException if there is no complete trace {@code id}
     */
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
