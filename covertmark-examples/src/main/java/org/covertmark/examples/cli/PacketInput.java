package org.covertmark.examples.cli;

import java.util.List;
import java.util.Optional;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.capture.CaptureReader;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.store.TraceStores;

/**
 * The packets a command reads: a capture file, parsed as it is read, or a stored trace
 * ({@code trace:ID}), read from its store without parsing anything, under the same client filter.
 */
final class PacketInput implements AutoCloseable {

    private final PacketStream packets;
    private final CaptureReader capture;
    private final TraceStore store;
    private final String name;

    private PacketInput(PacketStream packets, CaptureReader capture, TraceStore store, String name) {
        this.packets = packets;
        this.capture = capture;
        this.store = store;
        this.name = name;
    }

    /**
     * Opens {@code FILE} or {@code trace:ID}, keeping the packets to or from {@code clients} (all
     * packets when empty).
     *
     * @param storeUri the store that holds {@code trace:ID}
     */
    static PacketInput open(String input, List<Subnet> clients, String storeUri) {
        TraceSource source;
        try {
            source = TraceSource.parse(input);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (source instanceof TraceSource.Capture c) {
            List<InputRule> rules = clients.stream().map(s -> new InputRule(s, Direction.EITHER)).toList();
            CaptureReader reader = CaptureReader.open(c.path(), InputFilter.of(rules));
            return new PacketInput(reader, reader, null, c.path().toString());
        }
        String id = ((TraceSource.Stored) source).id();
        PacketFilter filter = PacketFilter.all();
        if (!clients.isEmpty()) {
            filter = new PacketFilter.Or(clients.stream()
                    .<PacketFilter>map(s -> new PacketFilter.Address(Direction.EITHER, s)).toList());
        }
        TraceStore store = TraceStores.open(storeUri);
        try {
            return new PacketInput(store.packets(id, filter), null, store, source.toString());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The packets, in capture order. */
    PacketStream packets() {
        return packets;
    }

    /** The capture reader, when the input is a capture file. */
    Optional<CaptureReader> capture() {
        return Optional.ofNullable(capture);
    }

    /** The file name or {@code trace:ID}, for messages. */
    String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            packets.close();
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }
}
