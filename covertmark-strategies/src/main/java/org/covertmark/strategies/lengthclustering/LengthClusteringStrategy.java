package org.covertmark.strategies.lengthclustering;

import com.google.auto.service.AutoService;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

    private int[] positiveLengths = new int[0];
    private int[] negativeLengths = new int[0];
    private int[] negativeRows = new int[0];
    private List<Packet> negatives = List.of();
    private IpAddress[] negativeDestinations = new IpAddress[0];
    private Set<Integer> lengths = Set.of();
    private boolean[] flagged = new boolean[0];
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
        byte[] positiveJudged = mode.equals("all") ? null : Inclusion.judge(context.positives(), rule);
        if (mode.equals("guess")) {
            double share = Inclusion.tlsShare(positiveJudged);
            mode = share > 0.95 ? "only" : share < 0.05 ? "none" : "all";
            context.log().info("{} of positive packets are TLS: TLS mode {}",
                    String.format(Locale.ROOT, "%.1f %%", share * 100), mode);
        }
        int[] positiveRows = select(positiveJudged, context.positives().size(), mode);
        positiveLengths = lengths(context.positives(), positiveRows);
        negatives = context.negatives();
        negativeRows = select(mode.equals("all") ? null : Inclusion.judge(negatives, rule), negatives.size(), mode);
        negativeLengths = lengths(negatives, negativeRows);
        negativeDestinations = new IpAddress[negativeRows.length];
        context.publishDistribution(FEATURE, Sample.POSITIVE, Arrays.stream(positiveLengths).asDoubleStream().toArray());
        context.publishDistribution(FEATURE, Sample.NEGATIVE, Arrays.stream(negativeLengths).asDoubleStream().toArray());
        int[] clustered = Arrays.stream(positiveLengths).filter(l -> l <= LengthClusters.MTU_AVOIDANCE).toArray();
        for (int bandwidth : BANDWIDTHS) {
            List<LengthCluster> clusters = LengthClusters.meanShift(clustered, bandwidth);
            for (int top : TOP_CLUSTERS) {
                lengths = new HashSet<>();
                clusters.stream().limit(top).forEach(c -> lengths.addAll(c.lengths()));
                flagged = new boolean[lengths.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
                lengths.forEach(l -> flagged[l] = true);
                Config config = Config.of(bandwidth, top);
                context.runOnPositive(config);
                if (context.hasNegative()) {
                    context.runOnNegative(config);
                }
            }
        }
    }

    /** The indices of the packets the TLS mode keeps, from their judgements (null: every packet). */
    private static int[] select(byte[] judged, int size, String mode) {
        if (judged == null || mode.equals("all")) {
            return IntStream.range(0, size).toArray();
        }
        boolean only = mode.equals("only");
        return IntStream.range(0, size).filter(i -> ((judged[i] & Inclusion.TLS) != 0) == only).toArray();
    }

    /**
     * The TCP payload lengths, as the IP header announces them, of the packets at {@code rows}: one pass,
     * in batches on every processor.
     */
    private static int[] lengths(List<Packet> packets, int[] rows) {
        int[] out = new int[rows.length];
        int batch = 4096;
        IntStream.range(0, (rows.length + batch - 1) / batch).parallel().forEach(b -> {
            for (int i = b * batch, end = Math.min(rows.length, i + batch); i < end; i++) {
                out[i] = packets.get(rows[i]).tcp().orElseThrow().payloadLength();
            }
        });
        return out;
    }

    private boolean isFlagged(int length) {
        return length < flagged.length && flagged[length];
    }

    @Override
    public Detection positiveRun(StrategyContext context, Config config) {
        long hits = 0;
        for (int length : positiveLengths) {
            if (isFlagged(length)) {
                hits++;
            }
        }
        return Detection.of(hits, positiveLengths.length);
    }

    @Override
    public Detection negativeRun(StrategyContext context, Config config) {
        long hits = 0;
        for (int i = 0; i < negativeLengths.length; i++) {
            if (isFlagged(negativeLengths[i])) {
                hits++;
                if (negativeDestinations[i] == null) {
                    negativeDestinations[i] = negatives.get(negativeRows[i]).destination();
                }
                context.block(negativeDestinations[i]);
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
