package org.covertmark.strategies.lengthclustering;

import static org.apiguardian.api.API.Status.MAINTAINED;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apiguardian.api.API;
import org.covertmark.analytics.traffic.LengthCluster;
import org.covertmark.analytics.traffic.LengthClusters;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.flow.AppProtocol;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.strategies.common.Exemptions;

/**
 * Length clustering: mean shift over the TCP payload lengths of the protocol's packets; the lengths of
 * the one or two largest clusters are taken as the protocol's, and any packet with such a length is
 * flagged. It catches transports that send many payloads of the same few lengths — polling transports
 * such as meek, or idle sessions with fixed-size keep-alives — and is blind to transports that pad
 * every payload to a random length.
 *
 * <p>Grid: bandwidth ∈ {1, 2, 3, 5, 10} × top clusters ∈ {1, 2}. The clusters are learnt on the
 * selection part's positive payloads (up to 1300 bytes); every payload whose length is in the set is
 * flagged. TLS mode {@code all}, {@code only} or {@code none}, or guessed: more than 95 % of positive
 * packets TLS → only (others set aside as {@code not-tls}), fewer than 5 % → none (TLS set aside as
 * {@code exempt:tls}), else all; a packet's protocol is its connection's ({@code tls_rule}).
 */
@AutoService(DetectionStrategy.class)
@API(status = MAINTAINED, since = "0.1")
public final class LengthClusteringStrategy implements DetectionStrategy {

    static final int[] BANDWIDTHS = {1, 2, 3, 5, 10};
    static final int[] TOP_CLUSTERS = {1, 2};
    /** The feature published for reports: the payload length of each packet clustered or tested. */
    static final String FEATURE = "TCP payload length (bytes)";

    /** Packets per batch of the parallel pass over a trace. */
    private static final int BATCH = 4096;

    static final Parameter<String> TLS_MODE = Parameter.choice("tls_mode", "guess",
            List.of("guess", "all", "only", "none"),
            "Which packets to cluster: all, only TLS, no TLS, or guess from the share of TLS positives.");

    private final Map<Role, String[]> setAside = new EnumMap<>(Role.class);
    private final Map<Role, int[]> payloadLengths = new EnumMap<>(Role.class);
    private List<LengthCluster> clusters = List.of();
    private List<Integer> clustersKey;
    private boolean[] flagged = new boolean[0];
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
        return List.of(TLS_MODE, Exemptions.RULE);
    }

    @Override
    public PacketFilter initialFilter() {
        return PacketFilter.tcp().and(PacketFilter.hasPayload());
    }

    @Override
    public void prepare(StrategyContext context) {
        mode = context.parameter(TLS_MODE);
        String rule = context.parameter(Exemptions.RULE);
        Exemptions.Rule judge = rule.equals("segment") ? Exemptions.Rule.SEGMENT
                : rule.equals("off") ? Exemptions.Rule.OFF : Exemptions.Rule.CONNECTION;
        if (mode.equals("guess")) {
            TraceView positives = context.trace(Role.POSITIVE);
            long tls = 0;
            for (int i = 0; i < positives.packets().size(); i++) {
                tls += Exemptions.protocol(judge, positives, i) == AppProtocol.TLS ? 1 : 0;
            }
            double share = positives.packets().isEmpty() ? 0 : (double) tls / positives.packets().size();
            mode = share > 0.95 ? "only" : share < 0.05 ? "none" : "all";
            context.log().info("{} of positive packets are TLS: TLS mode {}",
                    String.format(Locale.ROOT, "%.1f %%", share * 100), mode);
        }
        for (Role role : Role.values()) {
            if (!context.has(role)) {
                continue;
            }
            TraceView trace = context.trace(role);
            int n = trace.packets().size();
            String[] reasons = new String[n];
            int[] sizes = new int[n];
            String only = "not-tls";
            String none = Decisions.exempt(AppProtocol.TLS);
            boolean keepOnly = mode.equals("only");
            boolean keepNone = mode.equals("none");
            // Each packet read once, in batches on every processor.
            IntStream.range(0, (n + BATCH - 1) / BATCH).parallel().forEach(b -> {
                for (int i = b * BATCH, end = Math.min(n, i + BATCH); i < end; i++) {
                    boolean tls = Exemptions.protocol(judge, trace, i) == AppProtocol.TLS;
                    if (keepOnly && !tls) {
                        reasons[i] = only;
                    } else if (keepNone && tls) {
                        reasons[i] = none;
                    }
                    sizes[i] = trace.packets().get(i).tcpPayloadLength();
                }
            });
            setAside.put(role, reasons);
            payloadLengths.put(role, sizes);
            if (role != Role.RECALL) {
                context.publishDistribution(FEATURE, role, IntStream.range(0, n).filter(i -> reasons[i] == null)
                        .mapToDouble(i -> sizes[i]).toArray());
            }
        }
    }

    @Override
    public List<Config> configurations(StrategyContext context) {
        List<Config> out = new ArrayList<>();
        for (int bandwidth : BANDWIDTHS) {
            for (int top : TOP_CLUSTERS) {
                out.add(Config.of(bandwidth, top));
            }
        }
        return out;
    }

    /** Clusters the selection part's positive payload lengths (up to the MTU-avoidance limit) and keeps the top clusters' lengths. */
    @Override
    public void learn(StrategyContext context, Config config) {
        int bandwidth = config.intValue(0);
        List<Integer> key = List.of(bandwidth, context.trial());
        if (!key.equals(clustersKey)) {
            TraceView positives = context.trace(Role.POSITIVE);
            String[] reasons = setAside.get(Role.POSITIVE);
            int[] sizes = payloadLengths.get(Role.POSITIVE);
            int[] clustered = IntStream.range(0, sizes.length)
                    .filter(i -> reasons[i] == null && positives.selected(i) && sizes[i] <= LengthClusters.MTU_AVOIDANCE)
                    .map(i -> sizes[i]).toArray();
            clusters = LengthClusters.meanShift(clustered, bandwidth);
            clustersKey = key;
        }
        lengths = new HashSet<>();
        clusters.stream().limit(config.intValue(1)).forEach(c -> lengths.addAll(c.lengths()));
        flagged = new boolean[lengths.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        lengths.forEach(l -> flagged[l] = true);
    }

    @Override
    public Decisions decide(StrategyContext context, TraceView trace, Config config) {
        Decisions.Builder d = Decisions.packets(trace);
        String[] reasons = setAside.get(trace.role());
        int[] sizes = payloadLengths.get(trace.role());
        for (int i = 0; i < sizes.length; i++) {
            if (reasons[i] != null) {
                d.setAside(i, reasons[i]);
            } else if (sizes[i] < flagged.length && flagged[sizes[i]]) {
                d.flag(i);
            } else {
                d.pass(i);
            }
        }
        return d.build();
    }

    @Override
    public String interpretConfig(Config config) {
        return "bandwidth " + config.get(0) + ", top " + config.get(1) + " cluster" + (config.intValue(1) == 1 ? "" : "s");
    }

    /** The lengths flagged by the last configuration run, for tests. */
    Set<Integer> flaggedLengths() {
        return lengths.stream().collect(Collectors.toUnmodifiableSet());
    }
}
