package org.covertmark.strategies.common;

import java.util.List;
import java.util.function.Predicate;
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
 * available as {@code tls_rule=segment}.
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

    /** How a packet is judged TLS or HTTP. */
    public enum Rule {
        /** By the first payload of its TCP stream. */
        STREAM,
        /** By the start of its own payload (the original's rule). */
        SEGMENT
    }

    /** The user parameter choosing the rule. */
    public static final Parameter<String> RULE = Parameter.choice("tls_rule", "stream", List.of("stream", "segment"),
            "Judge a packet TLS or HTTP by its TCP stream's first payload (stream) or by its own payload (segment, "
                    + "as the original did).");

    /** Decides inclusion from the positive packets. */
    public static Inclusion decide(List<Packet> positives, Rule rule) {
        Judge judge = new Judge(positives, rule);
        long tls = positives.stream().filter(judge::isTls).count();
        long http = positives.stream().filter(judge::isHttp).count();
        double n = Math.max(1, positives.size());
        return new Inclusion(tls / n >= THRESHOLD, http / n >= THRESHOLD, rule, tls / n, http / n);
    }

    /** The rule named by the parameter's value. */
    public static Rule rule(String value) {
        return value.equals("segment") ? Rule.SEGMENT : Rule.STREAM;
    }

    /** The packets this decision keeps, judged within their own trace. */
    public List<Packet> apply(List<Packet> packets) {
        Judge judge = new Judge(packets, rule);
        Predicate<Packet> tls = keepTls ? judge::isTls : p -> !judge.isTls(p);
        Predicate<Packet> http = keepHttp ? judge::isHttp : p -> !judge.isHttp(p);
        return packets.stream().filter(tls).filter(http).toList();
    }

    /** A Wireshark display filter clause saying which side was kept. */
    public String wiresharkClause() {
        return (keepTls ? "tls" : "!tls") + " && " + (keepHttp ? "http.request" : "!http.request");
    }

    /** A description for logs and reports. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s TLS (%.1f %% of positives), %s HTTP requests (%.1f %%), judged by %s",
                keepTls ? "only" : "no", tlsShare * 100, keepHttp ? "only" : "no", httpShare * 100,
                rule == Rule.STREAM ? "stream" : "segment");
    }

    /** Judges packets TLS or HTTP by the rule, with a stream index over the packets' own trace. */
    private static final class Judge {
        private final Rule rule;
        private final StreamIndex streams;

        Judge(List<Packet> packets, Rule rule) {
            this.rule = rule;
            this.streams = rule == Rule.STREAM ? StreamIndex.of(packets) : null;
        }

        boolean isTls(Packet p) {
            return rule == Rule.SEGMENT ? p.isTlsSegment() : streams.protocolOf(p) == AppProtocol.TLS;
        }

        boolean isHttp(Packet p) {
            return rule == Rule.SEGMENT ? p.httpRequest().isPresent() : streams.protocolOf(p) == AppProtocol.HTTP;
        }
    }
}
