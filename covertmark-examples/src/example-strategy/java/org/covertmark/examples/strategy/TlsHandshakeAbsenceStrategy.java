package org.covertmark.examples.strategy;

import java.util.ArrayList;
import java.util.List;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.flow.AppProtocol;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.strategy.Unit;

/**
 * A censor that blocks TCP flows which carry payload yet open, in each direction, with neither a
 * TLS handshake record nor an HTTP request. Fully encrypted "looks like nothing" protocols — obfs4,
 * shadowsocks, VMess — open with random bytes in both directions; web traffic opens with a TLS
 * ClientHello and ServerHello or an HTTP request. The Great Firewall of China has been measured
 * blocking fully encrypted flows with rules of this shape, TLS and HTTP openings among its exemptions
 * (Wu et al., "How the Great Firewall of China Detects and Blocks Fully Encrypted Traffic", USENIX
 * Security 2023).
 *
 * <p>It decides per <em>flow</em> (a connection, both directions), since that is what the censor
 * blocks; the engine counts the flows and their servers. A connection's opening is the engine's
 * judgement of its first payload bytes in each direction ({@link Connection#protocol()}). A flow is
 * set aside untested when its opening SYN is not in the capture (by default: a flow caught part way
 * through shows no opening bytes), when it carries no payload, or when it has fewer payload segments
 * than a configuration's threshold: the censor lets it pass.
 *
 * <p>The configurations try thresholds of {@code min_payload_packets} × 1, 2, 4 and 8: waiting for
 * longer flows spares short innocent exchanges but lets short proxy flows through.
 *
 * <p>This class is built into its own jar against covertmark-api alone; see the project's
 * docs/writing-strategies.md.
 */
public final class TlsHandshakeAbsenceStrategy implements DetectionStrategy {

    static final Parameter<Integer> MIN_PAYLOAD_PACKETS = Parameter.integer("min_payload_packets", 1,
            "Flows with fewer payload segments are not judged; the configurations try this, 2, 4 and 8 times it.")
            .atLeast(1).atMost(100_000);

    static final Parameter<Boolean> REQUIRE_HANDSHAKE = Parameter.flag("require_handshake", true,
            "Judge only flows whose SYN is in the capture; false judges a flow caught part way by its first "
                    + "captured payload.");

    private static final int[] MULTIPLIERS = {1, 2, 4, 8};

    @Override
    public String name() {
        return "tls-handshake-absence";
    }

    @Override
    public String description() {
        return "Flags TCP flows whose first payload in each direction is neither a TLS record nor HTTP, as fully "
                + "encrypted protocols (obfs4, shadowsocks) look. Decides per flow.";
    }

    @Override
    public List<String> configColumns() {
        return List.of("Min Payload Packets");
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(MIN_PAYLOAD_PACKETS, REQUIRE_HANDSHAKE);
    }

    /** Both directions of each flow are needed: clients and servers are EITHER rules. */
    @Override
    public InputMode inputMode() {
        return InputMode.EITHER;
    }

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp();
    }

    @Override
    public Unit unit() {
        return Unit.FLOW;
    }

    @Override
    public List<Config> configurations(StrategyContext context) {
        int min = context.parameter(MIN_PAYLOAD_PACKETS);
        List<Config> out = new ArrayList<>();
        for (int k : MULTIPLIERS) {
            out.add(Config.of(min * k));
        }
        return out;
    }

    @Override
    public Decisions decide(StrategyContext context, TraceView trace, Config config) {
        boolean requireHandshake = context.parameter(REQUIRE_HANDSHAKE);
        int min = config.intValue(0);
        int[] payloadSegments = new int[trace.connections().size()];
        for (int i = 0; i < trace.packets().size(); i++) {
            Packet p = trace.packets().get(i);
            Connection c = trace.connection(i);
            if (c != null && p.tcpPayloadLength() > 0) {
                payloadSegments[c.id()]++;
            }
        }
        Decisions.Builder d = Decisions.flows(trace);
        for (Connection c : trace.connections()) {
            int segments = payloadSegments[c.id()];
            if (requireHandshake && !c.handshakeSeen()) {
                d.setAside(c.id(), "no-handshake");
            } else if (segments == 0) {
                d.setAside(c.id(), Decisions.NO_PAYLOAD);
            } else if (segments < min) {
                d.setAside(c.id(), Decisions.TOO_SHORT);
            } else if (c.protocol() == AppProtocol.TLS || c.protocol() == AppProtocol.HTTP) {
                d.pass(c.id(), "opens-" + c.protocol().label());
            } else {
                d.flag(c.id(), "no-tls-or-http-opening");
            }
        }
        return d.build();
    }

    @Override
    public String interpretConfig(Config config) {
        int min = config.intValue(0);
        return "flows with at least " + min + " payload segment" + (min == 1 ? "" : "s") + " judged";
    }
}
