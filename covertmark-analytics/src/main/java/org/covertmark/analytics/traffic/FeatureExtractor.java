package org.covertmark.analytics.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;

/**
 * Window features of a packet stream, computed as packets arrive, the way the original's SGD
 * strategy prepared its data: the TCP packets are cut into time windows (60 s by default), inside
 * each time window grouped by conversation between a client and a remote host into windows of a
 * fixed number of packets (the last, shorter window of each conversation kept), and each window
 * turned into one row of {@link WindowStatistics}.
 *
 * <p>Memory holds only the open windows of the current time window, never the whole trace. Rows of a
 * time window are delivered when it closes, conversation by conversation in first-seen order. Packets
 * are taken in the order given; one stamped before the current time window (reordered across a
 * boundary) counts in the current one.
 */
public final class FeatureExtractor {

    /** The original's time window: 60 seconds. */
    public static final long DEFAULT_TIME_WINDOW_MICROS = 60_000_000L;
    /** The original's packet window: 50 packets. */
    public static final int DEFAULT_WINDOW_SIZE = 50;

    private final List<Subnet> clients;
    private final int windowSize;
    private final long timeWindowMicros;
    private final Set<FeatureSet> features;
    private final Consumer<FeatureRow> sink;
    private final Map<Conversation, Open> open = new LinkedHashMap<>();
    private TimeWindowing clock;
    private long segment = -1;

    /** What is kept of a conversation in the current time window. */
    private static final class Open {
        final List<Packet> packets;
        final List<WindowFeatures> done = new ArrayList<>();

        Open(int windowSize) {
            packets = new ArrayList<>(windowSize);
        }
    }

    /**
     * An extractor delivering rows to {@code sink}.
     *
     * @throws IllegalArgumentException for a window size or time window below 1, or no client
     */
    public FeatureExtractor(List<Subnet> clients, int windowSize, long timeWindowMicros, Set<FeatureSet> features,
            Consumer<FeatureRow> sink) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("at least one client address or subnet is needed");
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1 packet, not " + windowSize);
        }
        if (timeWindowMicros < 1) {
            throw new IllegalArgumentException("time window must be at least 1 microsecond, not " + timeWindowMicros);
        }
        this.clients = List.copyOf(clients);
        this.windowSize = windowSize;
        this.timeWindowMicros = timeWindowMicros;
        this.features = Set.copyOf(features);
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The column names of the rows' features. */
    public List<String> featureNames() {
        return WindowStatistics.featureNames(features);
    }

    /** Takes the next packet; packets without TCP or without a client address are ignored. */
    public void accept(Packet p) {
        if (!p.isTcp()) {
            return;
        }
        Conversation c = Windows.conversationOf(p, clients);
        if (c == null) {
            return;
        }
        long t = p.timeMicros();
        if (clock == null) {
            clock = new TimeWindowing(t, timeWindowMicros);
        }
        long index = clock.index(t);
        if (index != segment) {
            flush();
            segment = index;
        }
        Open o = open.computeIfAbsent(c, k -> new Open(windowSize));
        o.packets.add(p);
        if (o.packets.size() == windowSize) {
            o.done.add(WindowStatistics.compute(o.packets, clients, features));
            o.packets.clear();
        }
    }

    /** Closes the last time window, delivering its rows. */
    public void finish() {
        flush();
    }

    private void flush() {
        for (Map.Entry<Conversation, Open> e : open.entrySet()) {
            Open o = e.getValue();
            if (!o.packets.isEmpty()) {
                o.done.add(WindowStatistics.compute(o.packets, clients, features));
            }
            for (int w = 0; w < o.done.size(); w++) {
                sink.accept(new FeatureRow(e.getKey(), Math.toIntExact(segment), w, o.done.get(w)));
            }
        }
        open.clear();
    }
}
