package org.covertmark.core.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.packet.Packet;
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
 * <p>Packets are kept as the {@link Packet} views the capture reader delivered, so storing a trace
 * copies no payload bytes: the bytes stay in the reader's memory-mapped file. Ids are short decimal
 * numbers, {@code "1"}, {@code "2"}, …, counted per store instance and never reused. Two traces may
 * share a description; the id tells them apart. The store is safe for concurrent use.
 */
final class MemoryTraceStore implements TraceStore {

    static final String URI = "memory:";

    /** One trace; {@code packets} is null while the import is running. */
    private record Entry(long sequence, StoredTrace trace, Packet[] packets) {
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
            Packet[] kept = read(packets, spec.inputFilter());
            StoredTrace done = new StoredTrace(id, pending.description(), pending.created(), pending.inputFilter(),
                    pending.source(), pending.sourceBytes(), kept.length, true);
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

    private static Packet[] read(PacketStream packets, InputFilter filter) {
        try (packets) {
            List<Packet> kept = new ArrayList<>();
            while (packets.hasNext()) {
                Packet p = packets.next();
                if (filter.test(p)) {
                    kept.add(p);
                }
            }
            return kept.toArray(new Packet[0]);
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

    @Override
    public long count(String id, PacketFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Packet[] packets = complete(id);
        if (filter == PacketFilter.all()) {
            return packets.length;
        }
        long n = 0;
        for (Packet p : packets) {
            if (filter.test(p)) {
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
        for (Packet p : complete(id)) {
            if (filter.test(p)) {
                field.valueOf(p).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The packets of a complete trace. */
    private Packet[] complete(String id) {
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

    /** Walks a stored array, testing the filter only as packets are asked for. */
    private static final class Matching implements PacketStream {

        private final Packet[] packets;
        private final PacketFilter filter;
        private int at;
        private Packet next;

        Matching(Packet[] packets, PacketFilter filter) {
            this.packets = packets;
            this.filter = filter;
        }

        @Override
        public boolean hasNext() {
            while (next == null && at < packets.length) {
                Packet p = packets[at++];
                if (filter.test(p)) {
                    next = p;
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
            // Nothing is held but the array, which stays valid; later reads simply end.
            at = packets.length;
            next = null;
        }
    }
}
