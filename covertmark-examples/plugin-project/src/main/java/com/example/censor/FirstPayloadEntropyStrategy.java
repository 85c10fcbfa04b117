package com.example.censor;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.covertmark.analytics.entropy.ByteEntropy;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.flow.AppProtocol;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.strategy.Unit;

/**
 * A censor that blocks a TCP flow when the first payload its client sends looks random: its byte
 * entropy is at least a threshold, in bits per byte, and it opens neither TLS nor HTTP. A fully
 * encrypted protocol's first message is close to 8 bits per byte when long; a TLS ClientHello or an
 * HTTP request is far below.
 *
 * <p>The connections come from the trace ({@link TraceView#connection(int)}), the TLS or HTTP opening
 * from the connection ({@link Connection#protocol()}), and the entropy from covertmark-analytics
 * ({@link ByteEntropy}), which covertmark shares with every plugin. The configurations try the
 * thresholds of the {@code thresholds} parameter.
 */
@AutoService(DetectionStrategy.class)
public final class FirstPayloadEntropyStrategy implements DetectionStrategy {

    static final Parameter<Double> LOWEST = Parameter.decimal("lowest_threshold", 6.0,
            "The lowest entropy threshold tried, in bits per byte; the configurations add 0.5 up to 7.5.")
            .atLeast(0).atMost(7.5);

    static final Parameter<Integer> MIN_BYTES = Parameter.integer("min_bytes", 32,
            "First payloads shorter than this are not judged: the entropy of a few bytes says little.")
            .atLeast(1).atMost(65_535);

    @Override
    public String name() {
        return "first-payload-entropy";
    }

    @Override
    public String description() {
        return "Flags TCP flows whose client's first payload has high byte entropy and is neither TLS nor HTTP.";
    }

    @Override
    public List<String> configColumns() {
        return List.of("Entropy Threshold");
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(LOWEST, MIN_BYTES);
    }

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp().and(PacketFilter.hasPayload());
    }

    @Override
    public Unit unit() {
        return Unit.FLOW;
    }

    @Override
    public List<Config> configurations(StrategyContext context) {
        List<Config> out = new ArrayList<>();
        for (double t = context.parameter(LOWEST); t <= 7.5 + 1e-9; t += 0.5) {
            out.add(Config.of(t));
        }
        return out;
    }

    @Override
    public Decisions decide(StrategyContext context, TraceView trace, Config config) {
        double threshold = config.doubleValue(0);
        int minBytes = context.parameter(MIN_BYTES);
        double[] firstEntropy = new double[trace.connections().size()];
        int[] firstLength = new int[firstEntropy.length];
        boolean[] seen = new boolean[firstEntropy.length];
        for (int i = 0; i < trace.packets().size(); i++) {
            Connection c = trace.connection(i);
            if (c == null || seen[c.id()]) {
                continue;
            }
            Packet p = trace.packets().get(i);
            seen[c.id()] = true;
            firstLength[c.id()] = p.tcpPayloadLength();
            firstEntropy[c.id()] = ByteEntropy.of(p.tcp().orElseThrow().payload());
        }
        Decisions.Builder d = Decisions.flows(trace);
        for (Connection c : trace.connections()) {
            int id = c.id();
            if (!seen[id]) {
                d.setAside(id, Decisions.NO_PAYLOAD);
            } else if (firstLength[id] < minBytes) {
                d.setAside(id, Decisions.TOO_SHORT);
            } else if (c.protocol() == AppProtocol.TLS || c.protocol() == AppProtocol.HTTP) {
                d.pass(id, Decisions.exempt(c.protocol()));
            } else if (firstEntropy[id] >= threshold) {
                d.flag(id, "random-looking-first-payload");
            } else {
                d.pass(id, "structured-first-payload");
            }
        }
        return d.build();
    }

    @Override
    public String interpretConfig(Config config) {
        return "first payloads of at least " + config.doubleValue(0) + " bits per byte flagged";
    }
}
