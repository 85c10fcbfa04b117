package org.covertmark.analytics.stream;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
