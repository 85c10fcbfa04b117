package org.covertmark.analytics.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;

/**
 * The application protocol of every TCP stream in a set of packets, judged as a censor judges it:
 * by the first payload bytes of the stream (in either direction, earliest in the given order), not
 * by each segment. A long TLS record spans many segments of which only the first begins with a
 * record header; judged per segment, most of an HTTPS stream looks like random non-TLS data.
 */
public final class StreamIndex {

    private static final byte[] SSH = {'S', 'S', 'H', '-'};

    private final Map<FlowKey, AppProtocol> protocols;
    private final int streams;

    private StreamIndex(Map<FlowKey, AppProtocol> protocols, int streams) {
        this.protocols = protocols;
        this.streams = streams;
    }

    /** Indexes the streams of the packets, in the order given (capture order). */
    public static StreamIndex of(Iterable<Packet> packets) {
        Map<FlowKey, AppProtocol> protocols = new HashMap<>();
        Set<FlowKey> seen = new HashSet<>();
        for (Packet p : packets) {
            FlowKey k = FlowKey.of(p);
            if (k == null || !seen.add(k) && protocols.containsKey(k)) {
                continue;
            }
            ByteView payload = p.payload();
            if (!payload.isEmpty()) {
                protocols.put(k, classify(p, payload));
            }
        }
        return new StreamIndex(protocols, seen.size());
    }

    /**
     * The protocol of each packet's stream, as {@link #of} and {@link #protocolOf} judge it, for a
     * whole list at once: element i is the protocol of {@code packets.get(i)}'s stream. No object per
     * packet for IPv4 TCP packets: their streams are keyed by addresses and ports read from the header
     * bytes, on every processor at once; streams are then numbered in one sequential pass over those
     * numbers, and each stream's first payload is classified.
     */
    public static AppProtocol[] protocols(List<Packet> packets) {
        int n = packets.size();
        long[] addresses = new long[n];
        int[] ports = new int[n];
        byte[] kinds = new byte[n];
        int batches = (n + BATCH - 1) / BATCH;
        IntStream.range(0, batches).parallel().forEach(b -> {
            for (int i = b * BATCH, end = Math.min(n, i + BATCH); i < end; i++) {
                Packet p = packets.get(i);
                if (!p.isTcp()) {
                    continue;
                }
                if (p.ipVersion() != 4) {
                    kinds[i] = OTHER;
                    continue;
                }
                ByteView ip = p.bytes();
                int ihl = (ip.getUnsignedByte(0) & 0x0f) * 4;
                long src = ip.getUnsignedInt(12);
                long dst = ip.getUnsignedInt(16);
                int sport = ip.getUnsignedShort(ihl);
                int dport = ip.getUnsignedShort(ihl + 2);
                boolean forward = src < dst || src == dst && sport <= dport;
                addresses[i] = forward ? src << 32 | dst : dst << 32 | src;
                ports[i] = forward ? sport << 16 | dport : dport << 16 | sport;
                boolean payload = ip.length() - ihl - (ip.getUnsignedByte(ihl + 12) >>> 4) * 4 > 0;
                kinds[i] = payload ? IPV4_PAYLOAD : IPV4;
            }
        });
        int[] flow = ports; // each packet's ports are read once, just before its stream number replaces them
        FlowTable table = new FlowTable();
        Map<FlowKey, Integer> others = new HashMap<>();
        List<AppProtocol> protocols = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id;
            boolean payload;
            Packet p = null;
            if (kinds[i] == 0) {
                flow[i] = -1;
                continue;
            } else if (kinds[i] == OTHER) {
                p = packets.get(i);
                id = others.computeIfAbsent(FlowKey.of(p), k -> protocols.size());
                payload = !p.payload().isEmpty();
            } else {
                id = table.idOf(addresses[i], ports[i], protocols.size());
                payload = kinds[i] == IPV4_PAYLOAD;
            }
            if (id == protocols.size()) {
                protocols.add(null);
            }
            flow[i] = id;
            if (payload && protocols.get(id) == null) {
                p = p == null ? packets.get(i) : p;
                protocols.set(id, classify(p, p.payload()));
            }
        }
        AppProtocol[] out = new AppProtocol[n];
        for (int i = 0; i < n; i++) {
            AppProtocol a = flow[i] < 0 ? null : protocols.get(flow[i]);
            out[i] = a == null ? AppProtocol.UNKNOWN : a;
        }
        return out;
    }

    /** Packets per batch of the parallel pass. */
    private static final int BATCH = 4096;
    /** Kinds of packet in the parallel pass (0: no TCP). */
    private static final byte IPV4 = 1;
    private static final byte IPV4_PAYLOAD = 2;
    private static final byte OTHER = 3;

    /** Open addressing from an IPv4 stream's (addresses, ports) to its number. */
    private static final class FlowTable {
        private long[] addresses = new long[1024];
        private int[] ports = new int[1024];
        private int[] ids = new int[1024];
        private int size;

        FlowTable() {
            java.util.Arrays.fill(ids, -1);
        }

        /** The number of the stream, or {@code next} when it is new (and then it is numbered so). */
        int idOf(long a, int p, int next) {
            int mask = ids.length - 1;
            int slot = hash(a, p) & mask;
            while (ids[slot] >= 0) {
                if (addresses[slot] == a && ports[slot] == p) {
                    return ids[slot];
                }
                slot = (slot + 1) & mask;
            }
            addresses[slot] = a;
            ports[slot] = p;
            ids[slot] = next;
            if (++size * 2 > ids.length) {
                grow();
            }
            return next;
        }

        private static int hash(long a, int p) {
            long h = (a ^ (long) p * 0x9e3779b97f4a7c15L) * 0xbf58476d1ce4e5b9L;
            return (int) (h ^ (h >>> 31));
        }

        private void grow() {
            long[] oldAddresses = addresses;
            int[] oldPorts = ports;
            int[] oldIds = ids;
            addresses = new long[oldIds.length * 2];
            ports = new int[oldIds.length * 2];
            ids = new int[oldIds.length * 2];
            java.util.Arrays.fill(ids, -1);
            int mask = ids.length - 1;
            for (int i = 0; i < oldIds.length; i++) {
                if (oldIds[i] >= 0) {
                    int slot = hash(oldAddresses[i], oldPorts[i]) & mask;
                    while (ids[slot] >= 0) {
                        slot = (slot + 1) & mask;
                    }
                    addresses[slot] = oldAddresses[i];
                    ports[slot] = oldPorts[i];
                    ids[slot] = oldIds[i];
                }
            }
        }
    }

    /** The protocol a stream's first payload shows. */
    static AppProtocol classify(Packet p, ByteView payload) {
        if (payload.length() >= 5) {
            int type = payload.getUnsignedByte(0);
            if (type >= 20 && type <= 24 && payload.getUnsignedByte(1) == 3 && payload.getUnsignedByte(2) <= 4) {
                return AppProtocol.TLS;
            }
        }
        if (p.httpRequest().isPresent()) {
            return AppProtocol.HTTP;
        }
        return payload.startsWith(SSH) ? AppProtocol.SSH : AppProtocol.UNKNOWN;
    }

    /** The protocol of the packet's stream; UNKNOWN for packets without TCP or streams without payload. */
    public AppProtocol protocolOf(Packet p) {
        FlowKey k = FlowKey.of(p);
        return k == null ? AppProtocol.UNKNOWN : protocols.getOrDefault(k, AppProtocol.UNKNOWN);
    }

    /** The number of TCP streams seen. */
    public int streams() {
        return streams;
    }
}
