package org.covertmark.strategies.lengthclustering;

import com.google.auto.service.AutoService;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.covertmark.analytics.stream.AppProtocol;
import org.covertmark.analytics.stream.StreamIndex;
import org.covertmark.analytics.traffic.LengthCluster;
import org.covertmark.analytics.traffic.LengthClusters;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Sample;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.strategies.common.Inclusion;

/**
 * Length clustering: mean shift over the TCP payload lengths of the protocol's packets; the lengths of
 * the one or two largest clusters are taken as the protocol's, and any packet with such a length is
 * flagged. It catches transports that send many payloads of the same few lengths — polling transports
 * such as meek, or idle sessions with fixed-size keep-alives — and is blind to transports that pad
 * every payload to a random length.
 *
 * <p>Grid: bandwidth ∈ {1, 2, 3, 5, 10} × top clusters ∈ {1, 2}. TPR is the share of the examined
 * positive packets (TCP with payload) whose length is in the set; FPR the share of all negative
 * packets under the input filter with such a length. TLS mode {@code all}, {@code only} or
 * {@code none}, or guessed: more than 95 % of positive packets TLS → only, fewer than 5 % → none,
 * else all.
 */
@AutoService(DetectionStrategy.class)
public final class LengthClusteringStrategy implements DetectionStrategy {

    static final int[] BANDWIDTHS = {1, 2, 3, 5, 10};
    static final int[] TOP_CLUSTERS = {1, 2};
    /** The feature published for reports: the payload length of each packet clustered or tested. */
    static final String FEATURE = "TCP payload length (bytes)";

    static final Parameter<String> TLS_MODE = Parameter.choice("tls_mode", "guess",
            List.of("guess", "all", "only", "none"),
            "Which packets to cluster: all, only TLS, no TLS, or guess from the share of TLS positives.");

    private List<Packet> positives = List.of();
    private List<Packet> negatives = List.of();
    private Set<Integer> lengths = Set.of();
    private String mode = "all";

    @Override
    public String name() {
        return "length-clustering";
    }

    @Override
    public String description() {
        return "Flags TCP payloads whose length falls in the most common mean-shift clusters of the protocol's "
                + "payload lengths; aimed at polling transports such as meek.";
    }

    @Override
    public List<String> configColumns() {
        return List.of("Bandwidth", "Top Clusters");
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(TLS_MODE, Inclusion.RULE);
    }

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp().and(PacketFilter.hasPayload());
    }

    @Override
    public void run(StrategyContext context) {
        Inclusion.Rule rule = Inclusion.rule(context.parameter(Inclusion.RULE));
        mode = context.parameter(TLS_MODE);
        if (mode.equals("guess")) {
            double share = tlsShare(context.positives(), rule);
            mode = share > 0.95 ? "only" : share < 0.05 ? "none" : "all";
            context.log().info("{} of positive packets are TLS: TLS mode {}",
                    String.format(Locale.ROOT, "%.1f %%", share * 100), mode);
        }
        positives = select(context.positives(), rule, mode);
        negatives = select(context.negatives(), rule, mode);
        context.publishDistribution(FEATURE, Sample.POSITIVE,
                positives.stream().mapToDouble(LengthClusteringStrategy::length).toArray());
        context.publishDistribution(FEATURE, Sample.NEGATIVE,
                negatives.stream().mapToDouble(LengthClusteringStrategy::length).toArray());
        int[] positiveLengths = positives.stream().mapToInt(LengthClusteringStrategy::length)
                .filter(l -> l <= LengthClusters.MTU_AVOIDANCE).toArray();
        for (int bandwidth : BANDWIDTHS) {
            List<LengthCluster> clusters = LengthClusters.meanShift(positiveLengths, bandwidth);
            for (int top : TOP_CLUSTERS) {
                lengths = new HashSet<>();
                clusters.stream().limit(top).forEach(c -> lengths.addAll(c.lengths()));
                Config config = Config.of(bandwidth, top);
                context.runOnPositive(config);
                if (context.hasNegative()) {
                    context.runOnNegative(config);
                }
            }
        }
    }

    private static double tlsShare(List<Packet> packets, Inclusion.Rule rule) {
        if (packets.isEmpty()) {
            return 0;
        }
        StreamIndex streams = rule == Inclusion.Rule.STREAM ? StreamIndex.of(packets) : null;
        long tls = packets.stream().filter(p -> rule == Inclusion.Rule.SEGMENT ? p.isTlsSegment()
                : streams.protocolOf(p) == AppProtocol.TLS).count();
        return (double) tls / packets.size();
    }

    private static List<Packet> select(List<Packet> packets, Inclusion.Rule rule, String mode) {
        if (mode.equals("all")) {
            return packets;
        }
        StreamIndex streams = rule == Inclusion.Rule.STREAM ? StreamIndex.of(packets) : null;
        boolean only = mode.equals("only");
        return packets.stream().filter(p -> (rule == Inclusion.Rule.SEGMENT ? p.isTlsSegment()
                : streams.protocolOf(p) == AppProtocol.TLS) == only).toList();
    }

    private static int length(Packet p) {
        return p.tcp().orElseThrow().payloadLength();
    }

    @Override
    public Detection positiveRun(StrategyContext context, Config config) {
        long hits = positives.stream().filter(p -> lengths.contains(length(p))).count();
        return Detection.of(hits, positives.size());
    }

    @Override
    public Detection negativeRun(StrategyContext context, Config config) {
        long hits = 0;
        for (Packet p : negatives) {
            if (lengths.contains(length(p))) {
                hits++;
                context.block(p.destination());
            }
        }
        return Detection.of(hits, Math.max(hits, context.negativeTotal()));
    }

    @Override
    public String interpretConfig(Config config) {
        return "bandwidth " + config.get(0) + ", top " + config.get(1) + " cluster" + (config.intValue(1) == 1 ? "" : "s");
    }

    @Override
    public String blockedReport(Set<IpAddress> blocked) {
        String tls = mode.equals("only") ? " && tls" : mode.equals("none") ? " && !tls" : "";
        return "(" + WiresharkFilters.destinations(blocked) + ") && tcp.len > 0" + tls;
    }

    /** The lengths flagged by the last configuration run, for tests. */
    Set<Integer> flaggedLengths() {
        return lengths.stream().collect(Collectors.toUnmodifiableSet());
    }
}
