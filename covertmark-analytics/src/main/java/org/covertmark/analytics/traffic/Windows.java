package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.Timestamp;

/**
 * Cutting traces into windows, as a firewall sees traffic: fixed numbers of packets, fixed spans of
 * time, and fixed-size segments per client and remote host. The Java counterparts of the original
 * {@code window_packets_fixed_size}, {@code window_packets_time_series},
 * {@code group_packets_by_ip_fixed_size} and {@code synchronise_packets}.
 */
@API(status = MAINTAINED, since = "0.1")
public final class Windows {

    private static final Comparator<Packet> BY_TIME = Comparator.comparing(Packet::timestamp);

    private Windows() {
    }

    /**
     * Consecutive windows of exactly {@code windowSize} packets, in the given order; the remainder
     * that does not fill a window is discarded.
     *
     * @throws IllegalArgumentException if {@code windowSize} is below 1
     */
    public static List<List<Packet>> fixedSize(List<Packet> packets, int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1 packet, not " + windowSize);
        }
        List<List<Packet>> windows = new ArrayList<>(packets.size() / windowSize);
        for (int end = windowSize; end <= packets.size(); end += windowSize) {
            windows.add(List.copyOf(packets.subList(end - windowSize, end)));
        }
        return windows;
    }

    /**
     * Windows of {@code windowMicros} microseconds each, starting at the first packet's time: window
     * i holds the packets captured in [t0 + i·w, t0 + (i + 1)·w). Windows without packets between the
     * first and the last are included (empty), so a window's index tells its time.
     *
     * @param sort whether to order the packets by time first (stable: equal times keep their order);
     *     without it, packets are taken as given and a packet stamped before its predecessor's window
     *     goes into that window
     * @throws IllegalArgumentException if {@code windowMicros} is below 1
     */
    public static List<List<Packet>> timeSeries(List<Packet> packets, long windowMicros, boolean sort) {
        if (windowMicros < 1) {
            throw new IllegalArgumentException("time window must be at least 1 microsecond, not " + windowMicros);
        }
        List<Packet> ordered = packets;
        if (sort) {
            ordered = new ArrayList<>(packets);
            ordered.sort(BY_TIME);
        }
        List<List<Packet>> windows = new ArrayList<>();
        if (ordered.isEmpty()) {
            return windows;
        }
        TimeWindowing clock = new TimeWindowing(ordered.get(0).timeMicros(), windowMicros);
        for (Packet p : ordered) {
            int index = Math.toIntExact(clock.index(p.timeMicros()));
            while (windows.size() <= index) {
                windows.add(new ArrayList<>());
            }
            windows.get(index).add(p);
        }
        return windows;
    }

    /**
     * Groups packets by conversation between a client (an address in {@code clients}) and a remote
     * host, and cuts each conversation into segments of {@code windowSize} packets in the given order,
     * keeping the last, shorter segment. A packet whose source is a client belongs to (source,
     * destination); otherwise one whose destination is a client belongs to (destination, source);
     * packets without a client address are left out. Conversations appear in first-seen order.
     *
     * @throws IllegalArgumentException if {@code windowSize} is below 1
     */
    public static Map<Conversation, List<List<Packet>>> byClientAndRemote(List<Packet> packets,
            List<Subnet> clients, int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1 packet, not " + windowSize);
        }
        Map<Conversation, List<List<Packet>>> groups = new LinkedHashMap<>();
        for (Packet p : packets) {
            Conversation c = conversationOf(p, clients);
            if (c == null) {
                continue;
            }
            List<List<Packet>> segments = groups.computeIfAbsent(c, k -> new ArrayList<>());
            if (segments.isEmpty() || segments.get(segments.size() - 1).size() == windowSize) {
                segments.add(new ArrayList<>(windowSize));
            }
            segments.get(segments.size() - 1).add(p);
        }
        return groups;
    }

    /** The conversation a packet belongs to, or null when neither address is a client's. */
    public static Conversation conversationOf(Packet p, List<Subnet> clients) {
        IpAddress src = p.source();
        if (inAny(src, clients)) {
            return new Conversation(src, p.destination());
        }
        IpAddress dst = p.destination();
        return inAny(dst, clients) ? new Conversation(dst, src) : null;
    }

    static boolean inAny(IpAddress a, List<Subnet> subnets) {
        for (Subnet s : subnets) {
            if (s.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The packets shifted in time so that the first (the earliest, when {@code sort} is set) is
     * captured at {@code target}; the intervals between packets are unchanged.
     */
    public static List<Packet> synchronise(List<Packet> packets, Timestamp target, boolean sort) {
        Objects.requireNonNull(target, "target");
        List<Packet> ordered = packets;
        if (sort) {
            ordered = new ArrayList<>(packets);
            ordered.sort(BY_TIME);
        }
        if (ordered.isEmpty()) {
            return List.of();
        }
        Timestamp first = ordered.get(0).timestamp();
        long shiftSeconds = target.epochSecond() - first.epochSecond();
        long shiftNanos = target.nanos() - first.nanos();
        List<Packet> out = new ArrayList<>(ordered.size());
        for (Packet p : ordered) {
            Timestamp t = p.timestamp();
            long nanos = t.nanos() + shiftNanos;
            long seconds = t.epochSecond() + shiftSeconds + Math.floorDiv(nanos, 1_000_000_000L);
            out.add(p.withTimestamp(new Timestamp(seconds, (int) Math.floorMod(nanos, 1_000_000_000L))));
        }
        return out;
    }
}
