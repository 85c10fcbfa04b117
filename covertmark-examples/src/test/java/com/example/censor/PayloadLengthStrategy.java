// The README's "Writing a strategy" shows this file from its package line on; ReadmeWritingAStrategyTest checks.
package com.example.censor;

import com.google.auto.service.AutoService;
import java.util.List;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.StrategyContext;

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

    @Override
    public Detection positiveRun(StrategyContext context, Config config) {
        List<Packet> flagged = flagged(context, context.positives());
        return Detection.of(flagged.size(), context.positives().size());
    }

    @Override
    public Detection negativeRun(StrategyContext context, Config config) {
        List<Packet> flagged = flagged(context, context.negatives());
        flagged.forEach(p -> context.block(p.destination()));
        return Detection.of(flagged.size(), context.negatives().size());
    }

    private static List<Packet> flagged(StrategyContext context, List<Packet> packets) {
        int min = context.parameter(MIN_LENGTH);
        return packets.stream().filter(p -> p.tcp().orElseThrow().payloadLength() >= min).toList();
    }
}
