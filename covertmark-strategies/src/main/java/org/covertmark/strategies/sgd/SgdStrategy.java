package org.covertmark.strategies.sgd;

import static org.apiguardian.api.API.Status.MAINTAINED;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apiguardian.api.API;
import org.covertmark.analytics.classify.LinearClassifier;
import org.covertmark.analytics.classify.SgdClassifier;
import org.covertmark.analytics.classify.StandardScaler;
import org.covertmark.analytics.stats.Percentile;
import org.covertmark.analytics.traffic.Conversation;
import org.covertmark.analytics.traffic.FeatureExtractor;
import org.covertmark.analytics.traffic.FeatureSet;
import org.covertmark.analytics.traffic.WindowFeatures;
import org.covertmark.analytics.traffic.WindowStatistics;
import org.covertmark.analytics.traffic.Windows;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.api.strategy.Unit;

/**
 * A linear classifier of traffic windows, trained by stochastic gradient descent (hinge loss, L1
 * penalty, balanced class weights), as the original's SGD strategy. Each trace is cut into 60 s time
 * windows and, per client and remote host, into windows of {@code window_size} packets; each window
 * becomes one row of entropy, PSH-ratio, interval-bin and length-bin features (a window with an
 * undefined value is set aside as {@code incomplete-features}). A window never mixes the selection and
 * test parts: within a trial, a conversation's packets are windowed per part.
 *
 * <p>Each trial trains one classifier, on the standardised windows of the selection part of both
 * traces. A censor blocks a remote address only once it has been flagged in more than a threshold
 * number of windows: the p-th percentile, p ∈ {0, 25, 50, 75, 90}, of the number of selection windows
 * each remote appears in. A window is flagged when the classifier flags it and its remote's flagged
 * windows in the same part exceed the threshold. Each percentile step costs 25 % × p / 100 of the
 * score. The original's five runs per percentile, with the median-FPR run kept, are what the engine's
 * trials now do for every strategy.
 */
@AutoService(DetectionStrategy.class)
@API(status = MAINTAINED, since = "0.1")
public final class SgdStrategy implements DetectionStrategy {

    static final int[] PERCENTILES = {0, 25, 50, 75, 90};
    static final Set<FeatureSet> FEATURES = EnumSet.of(FeatureSet.ENTROPY, FeatureSet.PSH, FeatureSet.INTERVAL_BINS,
            FeatureSet.TCP_LEN_BINS);

    static final Parameter<Integer> WINDOW_SIZE = Parameter.integer("window_size", FeatureExtractor.DEFAULT_WINDOW_SIZE,
            "Packets per window and conversation.").atLeast(10).atMost(100_000);

    /** The reason of a window with an undefined feature value. */
    static final String INCOMPLETE = "incomplete-features";

    /** The feature published for reports: the classifier's decision value of each window of the first trial. */
    static final String FEATURE = "classifier decision value of windows (> 0: flagged)";

    /** One window: its packets (indices into the trace's packets), remote host, part and features. */
    private record Window(int[] members, IpAddress remote, boolean selected, double[] features) {
    }

    /** The windows of a trace in one trial, with the classifier's decision on each. */
    private record Judged(List<Window> windows, boolean[] flagged) {
    }

    private final Map<Role, Judged> judged = new EnumMap<>(Role.class);
    private int trained = Integer.MIN_VALUE;
    private LinearClassifier model;
    private StandardScaler scaler;
    private double[] appearances = new double[0];
    private double threshold;

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String description() {
        return "Classifies 50-packet windows of each client-remote conversation by entropy, PSH ratio, interval and "
                + "length features with a linear SGD classifier, blocking remotes flagged in many windows.";
    }

    @Override
    public List<String> configColumns() {
        return List.of("Occurrence Threshold (%ile)");
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(WINDOW_SIZE);
    }

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
        return Unit.WINDOW;
    }

    @Override
    public List<Config> configurations(StrategyContext context) {
        List<Config> out = new ArrayList<>();
        for (int p : PERCENTILES) {
            out.add(Config.of(p));
        }
        return out;
    }

    /**
     * Trains the trial's classifier once, on the selection windows of both traces, and sets the
     * configuration's occurrence threshold from the selection windows' remotes.
     */
    @Override
    public void learn(StrategyContext context, Config config) {
        if (trained != context.trial()) {
            train(context);
            trained = context.trial();
        }
        threshold = appearances.length == 0 ? 0 : Percentile.of(appearances, config.intValue(0));
    }

    private void train(StrategyContext context) {
        int windowSize = context.parameter(WINDOW_SIZE);
        judged.clear();
        List<Window> positives = windows(context.trace(Role.POSITIVE), windowSize, true);
        List<Window> negatives = context.has(Role.NEGATIVE) ? windows(context.trace(Role.NEGATIVE), windowSize, true)
                : List.of();
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        Map<IpAddress, Integer> seen = new LinkedHashMap<>();
        for (List<Window> ws : List.of(positives, negatives)) {
            for (Window w : ws) {
                if (w.selected() && w.features() != null) {
                    rows.add(w.features());
                    labels.add(ws == positives);
                    seen.merge(w.remote(), 1, Integer::sum);
                }
            }
        }
        appearances = seen.values().stream().mapToDouble(Integer::doubleValue).toArray();
        boolean both = labels.contains(true) && labels.contains(false);
        if (!both) {
            context.log().warn("trial {}: the selection part has {} positive and {} negative windows: no classifier",
                    context.trial() + 1, labels.stream().filter(b -> b).count(), labels.stream().filter(b -> !b).count());
            model = null;
            scaler = null;
        } else {
            double[][] x = rows.toArray(double[][]::new);
            boolean[] y = new boolean[labels.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels.get(i);
            }
            scaler = StandardScaler.fit(x);
            model = SgdClassifier.strategyDefaults(context.random().nextLong()).train(scaler.transform(x), y);
        }
        judged.put(Role.POSITIVE, judge(positives));
        judged.put(Role.NEGATIVE, judge(negatives));
        if (context.trial() == 0) {
            context.publishDistribution(FEATURE, Role.POSITIVE, decisionValues(positives));
            context.publishDistribution(FEATURE, Role.NEGATIVE, decisionValues(negatives));
        }
    }

    private Judged judge(List<Window> windows) {
        boolean[] flagged = new boolean[windows.size()];
        for (int i = 0; i < flagged.length; i++) {
            double[] f = windows.get(i).features();
            flagged[i] = model != null && f != null && model.predict(scaler.transform(f));
        }
        return new Judged(windows, flagged);
    }

    private double[] decisionValues(List<Window> windows) {
        if (model == null) {
            return new double[0];
        }
        return windows.stream().filter(w -> w.features() != null)
                .mapToDouble(w -> model.decisionFunction(scaler.transform(w.features()))).toArray();
    }

    @Override
    public Decisions decide(StrategyContext context, TraceView trace, Config config) {
        Judged j = judged.get(trace.role());
        if (j == null) {
            // A trace that is never split (recall) is windowed once, whole, and judged by the current classifier.
            j = judge(windows(trace, context.parameter(WINDOW_SIZE), false));
            judged.put(trace.role(), j);
        }
        Map<IpAddress, int[]> flaggedPerRemote = new HashMap<>();
        for (int i = 0; i < j.windows().size(); i++) {
            if (j.flagged()[i]) {
                Window w = j.windows().get(i);
                flaggedPerRemote.computeIfAbsent(w.remote(), k -> new int[2])[w.selected() ? 0 : 1]++;
            }
        }
        Decisions.Builder d = Decisions.windows(trace);
        for (int i = 0; i < j.windows().size(); i++) {
            Window w = j.windows().get(i);
            if (w.features() == null) {
                d.window(w.members(), Decisions.Kind.SET_ASIDE, INCOMPLETE);
                continue;
            }
            int[] counts = flaggedPerRemote.get(w.remote());
            boolean blocked = counts != null && counts[w.selected() ? 0 : 1] > threshold;
            d.window(w.members(), j.flagged()[i] && blocked);
        }
        return d.build();
    }

    /**
     * The windows of a trace, as {@link FeatureExtractor} forms them — time window by time window (60 s
     * from the first packet with a client address), conversations in first-seen order, each cut into
     * windows of {@code windowSize} packets — with each conversation's packets of the selection and of
     * the test part windowed apart when {@code byPart}. The windows' statistics are computed in
     * parallel batches.
     */
    private static List<Window> windows(TraceView trace, int windowSize, boolean byPart) {
        List<Packet> packets = trace.packets();
        List<Subnet> clients = trace.clients();
        List<Window> out = new ArrayList<>();
        if (clients.isEmpty()) {
            return out;
        }
        List<int[]> members = new ArrayList<>();
        List<Conversation> owners = new ArrayList<>();
        List<Boolean> parts = new ArrayList<>();
        Map<Key, IntList> open = new LinkedHashMap<>();
        long start = 0;
        long segment = -1;
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            if (!p.isTcp()) {
                continue;
            }
            Conversation c = Windows.conversationOf(p, clients);
            if (c == null) {
                continue;
            }
            long t = p.timeMicros();
            if (segment < 0) {
                start = t;
                segment = 0;
            }
            long index = t <= start ? 0 : (t - start) / FeatureExtractor.DEFAULT_TIME_WINDOW_MICROS;
            if (index > segment) {
                close(open, windowSize, members, owners, parts);
                segment = index;
            }
            boolean selected = !byPart || trace.selected(i);
            open.computeIfAbsent(new Key(c, selected), k -> new IntList()).add(i);
        }
        close(open, windowSize, members, owners, parts);

        double[][] rows = new double[members.size()][];
        int batches = (rows.length + WINDOW_BATCH - 1) / WINDOW_BATCH;
        IntStream.range(0, batches).parallel().forEach(b -> {
            for (int w = b * WINDOW_BATCH, end = Math.min(rows.length, w + WINDOW_BATCH); w < end; w++) {
                int[] m = members.get(w);
                List<Packet> window = new ArrayList<>(m.length);
                for (int i : m) {
                    window.add(packets.get(i));
                }
                WindowFeatures f = WindowStatistics.compute(window, clients, FEATURES);
                rows[w] = f.hasMissing() ? null : f.values();
            }
        });
        for (int w = 0; w < rows.length; w++) {
            out.add(new Window(members.get(w), owners.get(w).remote(), parts.get(w), rows[w]));
        }
        return out;
    }

    /** A conversation in one part. */
    private record Key(Conversation conversation, boolean selected) {
    }

    /** Windows per batch handed to a processor. */
    private static final int WINDOW_BATCH = 64;

    /** Cuts the conversations of a time window into windows of packets, in the extractor's order. */
    private static void close(Map<Key, IntList> open, int windowSize, List<int[]> windows, List<Conversation> owners,
            List<Boolean> parts) {
        for (Map.Entry<Key, IntList> e : open.entrySet()) {
            IntList m = e.getValue();
            for (int from = 0; from < m.size; from += windowSize) {
                windows.add(Arrays.copyOfRange(m.values, from, Math.min(m.size, from + windowSize)));
                owners.add(e.getKey().conversation());
                parts.add(e.getKey().selected());
            }
        }
        open.clear();
    }

    /** A growable list of ints. */
    private static final class IntList {
        int[] values = new int[8];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    @Override
    public double configPenalty(Config config) {
        return 0.25 * config.intValue(0) / 100.0;
    }

    @Override
    public String interpretConfig(Config config) {
        return "remote blocked after more windows flagged than the " + config.get(0) + "th percentile of its windows";
    }
}
