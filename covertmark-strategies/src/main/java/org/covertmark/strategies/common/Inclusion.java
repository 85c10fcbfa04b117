package org.covertmark.strategies.common;

import java.util.Arrays;
import java.util.List;
import org.covertmark.analytics.stream.AppProtocol;
import org.covertmark.analytics.stream.StreamIndex;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Parameter;

/**
 * The original system's TLS and HTTP inclusion rule: if at least 10 % of the positive packets are
 * TLS, positive and negative packets are reduced to TLS packets, otherwise TLS packets are dropped
 * from both; then the same for HTTP requests.
 *
 * <p>By default a packet is TLS (HTTP) when its TCP stream is — when the stream's first payload
 * began with a TLS record (an HTTP request). The original judged each segment by itself, so the
 * continuation segments of long TLS records counted as non-TLS, random-looking data; that rule stays
 * available as {@code tls_rule=segment}. With {@code tls_rule=off} no packet is judged TLS or HTTP, so
 * the rule keeps every packet: for traces that mix protocols, and to measure a strategy on every payload.
 *
 * <p>Packets are judged once, in one pass over their trace ({@link #judge}), into one byte per packet;
 * the decision and the packets kept are computed from those bytes.
 *
 * @param keepTls whether TLS packets are kept (and others dropped) rather than dropped
 * @param keepHttp whether HTTP request packets are kept (and others dropped) rather than dropped
 * @param rule how a packet is judged TLS or HTTP
 * @param tlsShare the share of positive packets judged TLS
 * @param httpShare the share of positive packets judged HTTP requests
 */
public record Inclusion(boolean keepTls, boolean keepHttp, Rule rule, double tlsShare, double httpShare) {

    /** The share of TLS (HTTP) positives at which TLS (HTTP) packets are kept rather than dropped. */
    public static final double THRESHOLD = 0.10;

    /** The bit of a judgement that says the packet is TLS. */
    public static final byte TLS = 1;
    /** The bit of a judgement that says the packet is an HTTP request. */
    public static final byte HTTP = 2;

    /** How a packet is judged TLS or HTTP. */
    public enum Rule {
        /** By the first payload of its TCP stream. */
        STREAM,
        /** By the start of its own payload (the original's rule). */
        SEGMENT,
        /** Not at all: no packet is TLS or HTTP, and every packet is kept. */
        OFF
    }

    /** The user parameter choosing the rule. */
    public static final Parameter<String> RULE = Parameter.choice("tls_rule", "stream",
            List.of("stream", "segment", "off"),
            "Judge a packet TLS or HTTP by its TCP stream's first payload (stream) or by its own payload (segment, "
                    + "as the original did), or not at all (off: every packet is examined).");

    /** The rule named by the parameter's value. */
    public static Rule rule(String value) {
        return switch (value) {
            case "segment" -> Rule.SEGMENT;
            case "off" -> Rule.OFF;
            default -> Rule.STREAM;
        };
    }

    /**
     * Judges each packet of a trace by the rule, in one pass: element i holds {@link #TLS} and
     * {@link #HTTP} bits for {@code packets.get(i)}. Streams are those of this trace alone.
     */
    public static byte[] judge(List<Packet> packets, Rule rule) {
        byte[] out = new byte[packets.size()];
        if (rule == Rule.OFF) {
            return out;
        }
        if (rule == Rule.STREAM) {
            AppProtocol[] protocols = StreamIndex.protocols(packets);
            for (int i = 0; i < out.length; i++) {
                out[i] = protocols[i] == AppProtocol.TLS ? TLS : protocols[i] == AppProtocol.HTTP ? HTTP : 0;
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                Packet p = packets.get(i);
                out[i] = (byte) ((p.isTlsSegment() ? TLS : 0) | (p.httpRequest().isPresent() ? HTTP : 0));
            }
        }
        return out;
    }

    /** Decides inclusion from the judgements of the positive packets. */
    public static Inclusion decide(byte[] positives, Rule rule) {
        long tls = 0;
        long http = 0;
        for (byte b : positives) {
            tls += b & TLS;
            http += (b & HTTP) >> 1;
        }
        double n = Math.max(1, positives.length);
        return new Inclusion(tls / n >= THRESHOLD, http / n >= THRESHOLD, rule, tls / n, http / n);
    }

    /** The share of judged packets that are TLS; 0 for none. */
    public static double tlsShare(byte[] judged) {
        long tls = 0;
        for (byte b : judged) {
            tls += b & TLS;
        }
        return judged.length == 0 ? 0 : (double) tls / judged.length;
    }

    /** The indices, ascending, of the packets this decision keeps, from their judgements. */
    public int[] kept(byte[] judged) {
        int[] out = new int[judged.length];
        int n = 0;
        for (int i = 0; i < judged.length; i++) {
            boolean tls = (judged[i] & TLS) != 0;
            boolean http = (judged[i] & HTTP) != 0;
            if (tls == keepTls && http == keepHttp) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A Wireshark display filter clause saying which side was kept; empty when the rule is off. */
    public String wiresharkClause() {
        return rule == Rule.OFF ? "" : (keepTls ? "tls" : "!tls") + " && " + (keepHttp ? "http.request" : "!http.request");
    }

    /** A description for logs and reports. */
    public String describe() {
        if (rule == Rule.OFF) {
            return "every packet, TLS and HTTP not judged";
        }
        return String.format(java.util.Locale.ROOT, "%s TLS (%.1f %% of positives), %s HTTP requests (%.1f %%), judged by %s",
                keepTls ? "only" : "no", tlsShare * 100, keepHttp ? "only" : "no", httpShare * 100,
                rule == Rule.STREAM ? "stream" : "segment");
    }
}
