// docs/writing-strategies.md shows this file from its package line on; WritingStrategiesDocTest checks.
package com.example.censor;

import com.google.auto.service.AutoService;
import java.util.List;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;

/** Flags TCP segments whose payload is at least min_length bytes long. */
@AutoService(DetectionStrategy.class)
public final class PayloadLengthStrategy implements DetectionStrategy {

    static final Parameter<Integer> MIN_LENGTH =
            Parameter.integer("min_length", 1000, "Payloads at least this long are flagged.").atLeast(1);

    @Override
    public String name() {
        return "payload-length";
    }

    @Override
    public String description() {
        return "Flags TCP segments whose payload is at least min_length bytes long.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(MIN_LENGTH);
    }

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp().and(PacketFilter.hasPayload());
    }

    /** Flags each payload of at least min_length bytes; the engine counts packets, connections and hosts. */
    @Override
    public Decisions decide(StrategyContext context, TraceView trace, Config config) {
        int min = context.parameter(MIN_LENGTH);
        Decisions.Builder decisions = Decisions.packets(trace);
        for (int i = 0; i < trace.packets().size(); i++) {
            if (trace.packets().get(i).tcpPayloadLength() >= min) {
                decisions.flag(i);
            } else {
                decisions.pass(i);
            }
        }
        return decisions.build();
    }
}
