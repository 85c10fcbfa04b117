package org.covertmark.strategies.common;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.covertmark.api.flow.AppProtocol;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;

/**
 * Which traffic a censor sets aside before testing: the protocols it recognises from a connection's
 * first bytes and lets pass. This generalises the original's TLS and HTTP inclusion rule — if at
 * least 10 % of the protocol's packets are TLS, examine only TLS, otherwise set TLS aside; then the
 * same for HTTP — to every protocol the engine recognises (TLS, HTTP, SSH, DNS, QUIC): a censor
 * hunting a protocol that hides in one of them examines that one only; otherwise it exempts them all.
 *
 * <p>A packet's protocol is its connection's, judged from the first payload of both directions
 * whatever the run's direction ({@code tls_rule=connection}, the default). The original judged each
 * segment by itself — TLS if the segment began with a TLS record, HTTP if it began a request — so the
 * continuation segments of long TLS records, and every server response, counted as unrecognised
 * random-looking data; that rule stays available as {@code tls_rule=segment}. {@code tls_rule=off}
 * examines every packet.
 *
 * <p>Decided once per run from the positive trace's packets ({@link #decide}); every set-aside
 * packet carries its reason, {@code exempt:<protocol>} or {@code not-<protocols>}.
 */
@API(status = INTERNAL, since = "0.1")
public final class Exemptions {

    /** The share of positive packets of a protocol at which it is examined alone rather than exempted. */
    public static final double THRESHOLD = 0.10;

    /** The protocols a censor recognises from a connection's first bytes. */
    public static final List<AppProtocol> RECOGNISED = List.of(AppProtocol.TLS, AppProtocol.HTTP, AppProtocol.SSH,
            AppProtocol.DNS, AppProtocol.QUIC);

    /** The user parameter choosing how a packet's protocol is judged. */
    public static final Parameter<String> RULE = Parameter.choice("tls_rule", "connection",
            List.of("connection", "stream", "segment", "off"),
            "Judge a packet's protocol by its connection's first bytes in both directions (connection; stream is "
                    + "the same), by its own first bytes as the original did (segment: TLS and HTTP requests only), "
                    + "or not at all (off: every packet is examined).");

    /** The user parameter choosing which recognised protocols are set aside. */
    public static final Parameter<String> EXEMPT = Parameter.set("exempt", "auto", List.of("auto", "none"),
            RECOGNISED.stream().map(AppProtocol::label).toList(),
            "Protocols set aside untested: auto (every recognised protocol, except those making up at least 10 % "
                    + "of the positive packets, which are then examined alone), none, or a list such as tls,ssh.");

    /** How a packet's protocol is judged. */
    @API(status = INTERNAL, since = "0.1")
    public enum Rule {
        /** By its connection, both directions. */
        CONNECTION,
        /** By its own first bytes: TLS records or an HTTP request (the original's rule). */
        SEGMENT,
        /** Not at all. */
        OFF
    }

    private final Rule rule;
    private final Set<AppProtocol> exempt;
    private final Set<AppProtocol> required;
    private final Map<AppProtocol, Double> shares;
    private final String requiredReason;

    private Exemptions(Rule rule, Set<AppProtocol> exempt, Set<AppProtocol> required, Map<AppProtocol, Double> shares) {
        this.rule = rule;
        this.exempt = exempt;
        this.required = required;
        this.shares = shares;
        this.requiredReason = "not-" + required.stream().map(AppProtocol::label).collect(Collectors.joining("-or-"));
    }

    /** Decides from the parameters and the positive trace of a run. */
    public static Exemptions decide(StrategyContext context) {
        String ruleName = context.parameter(RULE);
        Rule rule = switch (ruleName) {
            case "segment" -> Rule.SEGMENT;
            case "off" -> Rule.OFF;
            default -> Rule.CONNECTION;
        };
        String exempt = context.parameter(EXEMPT);
        TraceView positives = context.trace(Role.POSITIVE);
        Map<AppProtocol, Double> shares = new EnumMap<>(AppProtocol.class);
        if (rule == Rule.OFF) {
            return new Exemptions(rule, EnumSet.noneOf(AppProtocol.class), EnumSet.noneOf(AppProtocol.class), shares);
        }
        long[] counts = new long[AppProtocol.values().length];
        int n = positives.packets().size();
        for (int i = 0; i < n; i++) {
            counts[protocol(rule, positives, i).ordinal()]++;
        }
        for (AppProtocol p : RECOGNISED) {
            shares.put(p, n == 0 ? 0 : (double) counts[p.ordinal()] / n);
        }
        Set<AppProtocol> recognised = rule == Rule.SEGMENT ? EnumSet.of(AppProtocol.TLS, AppProtocol.HTTP)
                : EnumSet.copyOf(RECOGNISED);
        Set<AppProtocol> exempted = EnumSet.noneOf(AppProtocol.class);
        Set<AppProtocol> required = EnumSet.noneOf(AppProtocol.class);
        if (exempt.equals("auto")) {
            for (AppProtocol p : recognised) {
                (shares.get(p) >= THRESHOLD ? required : exempted).add(p);
            }
        } else if (!exempt.equals("none")) {
            for (String label : exempt.split(",")) {
                AppProtocol p = AppProtocol.ofLabel(label);
                if (recognised.contains(p)) {
                    exempted.add(p);
                }
            }
        }
        return new Exemptions(rule, exempted, required, shares);
    }

    /** The protocol of packet {@code i} of a trace, as the rule judges it. */
    public static AppProtocol protocol(Rule rule, TraceView trace, int i) {
        if (rule == Rule.OFF) {
            return AppProtocol.UNKNOWN;
        }
        if (rule == Rule.SEGMENT) {
            Packet p = trace.packets().get(i);
            return p.isTlsSegment() ? AppProtocol.TLS : p.isHttpRequest() ? AppProtocol.HTTP : AppProtocol.UNKNOWN;
        }
        Connection c = trace.connection(i);
        return c == null ? AppProtocol.UNKNOWN : c.protocol();
    }

    /**
     * Why packet {@code i} of a trace is set aside untested — {@code exempt:tls}, or
     * {@code not-tls} when only another protocol is examined — or null when it is to be tested.
     */
    public String reason(TraceView trace, int i) {
        if (rule == Rule.OFF || exempt.isEmpty() && required.isEmpty()) {
            return null;
        }
        AppProtocol p = protocol(rule, trace, i);
        if (exempt.contains(p)) {
            return Decisions.exempt(p);
        }
        return required.isEmpty() || required.contains(p) ? null : requiredReason;
    }

    /**
     * For each packet of a trace, why it is set aside (null: to be tested); computed once per trace
     * so that every configuration reads the same answers.
     */
    public String[] reasons(TraceView trace) {
        String[] out = new String[trace.packets().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = reason(trace, i);
        }
        return out;
    }

    /** A description for logs and reports. */
    public String describe() {
        if (rule == Rule.OFF) {
            return "every packet examined; protocols not judged";
        }
        List<String> parts = new ArrayList<>();
        if (!required.isEmpty()) {
            parts.add("only " + labels(required) + " examined");
        }
        parts.add(exempt.isEmpty() ? "nothing set aside" : labels(exempt) + " set aside");
        String mix = shares.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.1f %%", e.getKey().label(), e.getValue() * 100))
                .collect(Collectors.joining(", "));
        return String.join(", ", parts) + " (positive packets: " + (mix.isEmpty() ? "none recognised" : mix)
                + "; judged by " + rule.name().toLowerCase(Locale.ROOT) + ")";
    }

    private static String labels(Set<AppProtocol> protocols) {
        return protocols.stream().map(AppProtocol::label).collect(Collectors.joining(", "));
    }
}
