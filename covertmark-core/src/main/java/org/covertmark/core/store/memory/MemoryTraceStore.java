package org.covertmark.core.store.memory;

import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.PacketColumns;
import org.covertmark.api.store.PacketField;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.UnknownTraceException;

/**
 * The embedded trace store: traces live on the heap of this process and are forgotten when it
 * ends or the store is closed.
 *
 * <p>A trace is kept as columns of primitive arrays ({@link PackedTrace}): per packet its frame number,
 * time, wire length, where its IP bytes lie in the buffer the capture reader mapped, and what the
 * common strategic filters and the connection index ask of it — 39 bytes of heap a packet, and no copy of any packet byte.
 * Filters on protocol, payload and IPv4 addresses are evaluated on the columns ({@link RowFilter}).
 * Reading a trace rebuilds each packet from its columns as it is asked for: {@link #load} returns a
 * list that holds only the indices of the packets it selected (4 bytes each) and makes a packet on
 * each {@code get}, so a loaded trace costs little beside the stored one; the list also answers
 * header questions from the columns ({@link PacketColumns}). Ids are short decimal numbers, {@code "1"}, {@code "2"}, …, counted per store
 * instance and never reused. Two traces may share a description; the id tells them apart. The store
 * is safe for concurrent use.
 */
final class MemoryTraceStore implements TraceStore {

    static final String URI = "memory:";

    /** One trace; {@code packets} is null while the import is running. */
    private record Entry(long sequence, StoredTrace trace, PackedTrace packets) {
    }

    private final AtomicLong lastId = new AtomicLong();
    private final ConcurrentMap<String, Entry> traces = new ConcurrentHashMap<>();

    @Override
    public String describe() {
        return URI;
    }

    @Override
    public StoredTrace importTrace(TraceImport spec, PacketStream packets) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(packets, "packets");
        long sequence = lastId.incrementAndGet();
        String id = Long.toString(sequence);
        StoredTrace pending = new StoredTrace(id, spec.description(), Instant.now(), spec.inputFilter(),
                spec.source(), spec.sourceBytes(), 0, false);
        // Listed at once, as incomplete, so that readers see an import in progress but never load it.
        traces.put(id, new Entry(sequence, pending, null));
        boolean stored = false;
        try {
            PackedTrace kept = read(packets, spec.inputFilter());
            StoredTrace done = new StoredTrace(id, pending.description(), pending.created(), pending.inputFilter(),
                    pending.source(), pending.sourceBytes(), kept.size(), true);
            if (traces.replace(id, new Entry(sequence, done, kept)) == null) {
                throw new TraceStoreException("cannot import '" + spec.source() + "': trace '" + id
                        + "' was deleted while it was being imported");
            }
            stored = true;
            return done;
        } catch (TraceStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            throw new TraceStoreException("cannot import '" + spec.source() + "': " + reason, e);
        } finally {
            if (!stored) {
                traces.remove(id);
            }
        }
    }

    private static PackedTrace read(PacketStream packets, InputFilter filter) {
        try (packets) {
            PackedTrace.Builder kept = new PackedTrace.Builder();
            boolean all = filter.isEmpty();
            while (packets.hasNext()) {
                Packet p = packets.next();
                if (all || filter.test(p)) {
                    kept.add(p);
                }
            }
            return kept.build();
        }
    }

    @Override
    public List<StoredTrace> list() {
        return traces.values().stream().sorted(Comparator.comparingLong(Entry::sequence)).map(Entry::trace)
                .toList();
    }

    @Override
    public Optional<StoredTrace> get(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(traces.get(id)).map(Entry::trace);
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        return traces.remove(id) != null;
    }

    @Override
    public PacketStream packets(String id, PacketFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return new Matching(complete(id), filter);
    }

    /**
     * The selected packets as an unmodifiable list that holds their indices and rebuilds a packet on
     * each {@code get}: the same fields and bytes each time, not the same object.
     */
    @Override
    public List<Packet> load(String id, PacketFilter filter) {
        Objects.requireNonNull(filter, "filter");
        PackedTrace packets = complete(id);
        if (filter == PacketFilter.all()) {
            return new PacketList(packets, null, packets.size());
        }
        // Counted first, so that the rows take exactly their 4 bytes each and no more while they are found;
        // a filter that keeps every packet needs no rows at all.
        RowFilter selected = RowFilter.of(filter, packets);
        int n = 0;
        for (int i = 0; i < packets.size(); i++) {
            if (selected.test(i)) {
                n++;
            }
        }
        if (n == packets.size()) {
            return new PacketList(packets, null, n);
        }
        int[] rows = new int[n];
        for (int i = 0, k = 0; k < n; i++) {
            if (selected.test(i)) {
                rows[k++] = i;
            }
        }
        return new PacketList(packets, rows, n);
    }

    @Override
    public long count(String id, PacketFilter filter) {
        Objects.requireNonNull(filter, "filter");
        PackedTrace packets = complete(id);
        if (filter == PacketFilter.all()) {
            return packets.size();
        }
        RowFilter selected = RowFilter.of(filter, packets);
        long n = 0;
        for (int i = 0; i < packets.size(); i++) {
            if (selected.test(i)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public <T> Set<T> distinct(String id, PacketField<T> field, PacketFilter filter) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(filter, "filter");
        Set<T> out = new LinkedHashSet<>();
        PackedTrace packets = complete(id);
        RowFilter selected = RowFilter.of(filter, packets);
        for (int i = 0; i < packets.size(); i++) {
            if (selected.test(i)) {
                field.valueOf(packets.packet(i)).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Bytes of heap a stored packet of trace {@code id} takes, for tests and documentation. */
    double bytesPerPacket(String id) {
        return complete(id).bytesPerPacket();
    }

    /** The packets of a complete trace. */
    private PackedTrace complete(String id) {
        Entry e = traces.get(Objects.requireNonNull(id, "id"));
        if (e == null || e.packets() == null) {
            throw new UnknownTraceException(id, URI);
        }
        return e.packets();
    }

    @Override
    public void close() {
        traces.clear();
    }

    @Override
    public String toString() {
        return URI;
    }

    /**
     * Packets of a stored trace, by index: all of them, or the rows a filter selected. Their header
     * facts are read from the trace's columns.
     */
    private static final class PacketList extends AbstractList<Packet> implements RandomAccess, PacketColumns {

        private final PackedTrace packets;
        private final int[] rows;
        private final int size;

        PacketList(PackedTrace packets, int[] rows, int size) {
            this.packets = packets;
            this.rows = rows;
            this.size = size;
        }

        @Override
        public Packet get(int index) {
            return packets.packet(row(index));
        }

        @Override
        public int size() {
            return size;
        }

        private int row(int index) {
            Objects.checkIndex(index, size);
            return rows == null ? index : rows[index];
        }

        @Override
        public int kind(int index) {
            return packets.kind(row(index));
        }

        @Override
        public int source4(int index) {
            return packets.source4(row(index));
        }

        @Override
        public int destination4(int index) {
            return packets.destination4(row(index));
        }

        @Override
        public int sourcePort(int index) {
            return packets.sourcePort(row(index));
        }

        @Override
        public int destinationPort(int index) {
            return packets.destinationPort(row(index));
        }

        @Override
        public int tcpFlags(int index) {
            return packets.tcpFlags(row(index));
        }

        @Override
        public IntPredicate matcher(PacketFilter filter) {
            RowFilter f = RowFilter.of(filter, packets);
            return rows == null ? f::test : index -> f.test(rows[index]);
        }
    }

    /** Walks a stored trace, testing the filter only as packets are asked for. */
    private static final class Matching implements PacketStream {

        private final PackedTrace packets;
        private final RowFilter filter;
        private int at;
        private Packet next;

        Matching(PackedTrace packets, PacketFilter filter) {
            this.packets = packets;
            this.filter = RowFilter.of(filter, packets);
        }

        @Override
        public boolean hasNext() {
            while (next == null && at < packets.size()) {
                int row = at++;
                if (filter.test(row)) {
                    next = packets.packet(row);
                }
            }
            return next != null;
        }

        @Override
        public Packet next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Packet p = next;
            next = null;
            return p;
        }

        @Override
        public void close() {
            // Nothing is held but the columns, which stay valid; later reads simply end.
            at = packets.size();
            next = null;
        }
    }
}
