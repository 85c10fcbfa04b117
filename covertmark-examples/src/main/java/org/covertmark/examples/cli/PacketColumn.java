package org.covertmark.examples.cli;

import java.util.List;
import java.util.stream.Collectors;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.TlsRecord;

/**
 * The columns of {@code covertmark packets}, in output order. The names are a contract: scripts
 * select columns by them. Values agree with tshark's fields of the same meaning (see docs/cli.md).
 */
enum PacketColumn {
    FRAME("frame", true),
    TIME_US("time_us", true),
    IP_VERSION("ip_version", true),
    SRC("src", false),
    DST("dst", false),
    IP_LEN("ip_len", true),
    TTL("ttl", true),
    PROTO("proto", true),
    SPORT("sport", true),
    DPORT("dport", true),
    SEQ("seq", true),
    ACK("ack", true),
    FLAGS("flags", false),
    PAYLOAD_LEN("payload_len", true),
    TLS_TYPES("tls_types", false),
    TLS_VERSION("tls_version", false),
    HTTP_METHOD("http_method", false),
    HTTP_URI("http_uri", false);

    final String header;
    final boolean numeric;

    PacketColumn(String header, boolean numeric) {
        this.header = header;
        this.numeric = numeric;
    }

    /**
     * The values of one packet's row, index by ordinal; null where the packet has no such field.
     * The TCP segment and TLS records are decoded once for the whole row.
     */
    static void values(Packet p, String[] out) {
        out[FRAME.ordinal()] = Long.toString(p.frame());
        String time = p.timestamp().microsText();
        out[TIME_US.ordinal()] = time.isEmpty() ? null : time;
        out[IP_VERSION.ordinal()] = Integer.toString(p.ipVersion());
        out[SRC.ordinal()] = p.source().toString();
        out[DST.ordinal()] = p.destination().toString();
        out[IP_LEN.ordinal()] = Integer.toString(p.ipLength());
        out[TTL.ordinal()] = Integer.toString(p.ttl());
        out[PROTO.ordinal()] = Integer.toString(p.protocol());
        for (int i = SPORT.ordinal(); i <= HTTP_URI.ordinal(); i++) {
            out[i] = null;
        }
        if (p.isTcp()) {
            TcpSegment t = p.tcp().orElseThrow();
            out[SPORT.ordinal()] = Integer.toString(t.sourcePort());
            out[DPORT.ordinal()] = Integer.toString(t.destinationPort());
            out[SEQ.ordinal()] = Long.toString(t.sequenceNumber());
            out[ACK.ordinal()] = Long.toString(t.acknowledgementNumber());
            out[FLAGS.ordinal()] = hex4(t.flags());
            out[PAYLOAD_LEN.ordinal()] = Integer.toString(t.payloadLength());
            List<TlsRecord> tls = p.tlsRecords();
            if (!tls.isEmpty()) {
                out[TLS_TYPES.ordinal()] = tls.size() == 1 ? Integer.toString(tls.get(0).contentType())
                        : tls.stream().map(r -> Integer.toString(r.contentType())).collect(Collectors.joining(","));
                out[TLS_VERSION.ordinal()] = hex4(tls.get(0).version());
            }
            p.httpRequest().ifPresent(h -> {
                out[HTTP_METHOD.ordinal()] = h.method();
                out[HTTP_URI.ordinal()] = h.uri();
            });
        } else if (p.isUdp()) {
            var u = p.udp().orElseThrow();
            out[SPORT.ordinal()] = Integer.toString(u.sourcePort());
            out[DPORT.ordinal()] = Integer.toString(u.destinationPort());
        } else if (p.protocol() == Packet.TCP || p.protocol() == Packet.UDP) {
            cutHeader(p, out);
        }
    }

    /**
     * The fields a TCP or UDP header cut short by the snap length still holds: ports from 4 bytes, and
     * of TCP the sequence number from 8, the acknowledgement number from 12, and the flags and the
     * payload length the IP header announces (less the announced header length) from 14.
     */
    private static void cutHeader(Packet p, String[] out) {
        ByteView h = p.transportBytes();
        if (h.length() >= 4) {
            out[SPORT.ordinal()] = Integer.toString(h.getUnsignedShort(0));
            out[DPORT.ordinal()] = Integer.toString(h.getUnsignedShort(2));
        }
        if (p.protocol() != Packet.TCP) {
            return;
        }
        if (h.length() >= 8) {
            out[SEQ.ordinal()] = Long.toString(h.getUnsignedInt(4));
        }
        if (h.length() >= 12) {
            out[ACK.ordinal()] = Long.toString(h.getUnsignedInt(8));
        }
        if (h.length() >= 14) {
            out[FLAGS.ordinal()] = hex4(h.getUnsignedShort(12) & 0x0fff);
            out[PAYLOAD_LEN.ordinal()] = Integer.toString(p.tcpPayloadLength());
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code String.format("0x%04x", v)} for 0 ≤ v ≤ 0xffff, without the formatter's cost. */
    static String hex4(int v) {
        if (v < 0 || v > 0xffff) {
            return String.format("0x%04x", v);
        }
        return new String(new char[] {'0', 'x', HEX[v >>> 12], HEX[(v >>> 8) & 0xf], HEX[(v >>> 4) & 0xf],
            HEX[v & 0xf]});
    }
}
