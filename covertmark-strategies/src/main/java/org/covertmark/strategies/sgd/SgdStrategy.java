package org.covertmark.strategies.sgd;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.covertmark.analytics.classify.BinaryClassifier;
import org.covertmark.analytics.classify.LinearClassifier;
import org.covertmark.analytics.classify.SgdClassifier;
import org.covertmark.analytics.classify.StandardScaler;
import org.covertmark.analytics.classify.TrainTestSplit;
import org.covertmark.analytics.stats.Percentile;
import org.covertmark.analytics.traffic.FeatureExtractor;
import org.covertmark.analytics.traffic.Conversation;
import org.covertmark.analytics.traffic.FeatureSet;
import org.covertmark.analytics.traffic.WindowFeatures;
import org.covertmark.analytics.traffic.WindowStatistics;
import org.covertmark.analytics.traffic.Windows;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Sample;
import org.covertmark.api.strategy.StrategyContext;

/**
 * A linear classifier of traffic windows, trained by stochastic gradient descent (hinge loss, L1
 * penalty, balanced class weights), as the original's SGD strategy. Both traces are cut into 60 s
 * time windows and, per client and remote host, into windows of {@code window_size} packets; each
 * window becomes one row of entropy, PSH-ratio, interval-bin and length-bin features (rows with an
 * undefined value are dropped). The rows are standardised, split 50/50 at random, and the classifier
 * trained on one half is judged on the other.
 *
 * <p>A censor blocks a remote address only once it has been flagged in more than a threshold number
 * of windows: the p-th percentile of the number of test windows each remote address appears in, for
 * p ∈ {0, 25, 50, 75, 90}. Each p is run five times with different splits and the run with the
 * median FPR is recorded; p stops rising once the TPR falls below 0.75 or the FPR below 0.001.
 * TPR (FPR) is the share of positive (negative) test windows that are flagged and whose remote
 * address is blocked. With a recall trace, the share of its windows the classifier flags is the
 * recall.
 */
@AutoService(DetectionStrategy.class)
public final class SgdStrategy implements DetectionStrategy {

    static final int[] PERCENTILES = {0, 25, 50, 75, 90};
    static final int RUNS = 5;
    static final double MIN_TPR = 0.75;
    static final double MIN_FPR = 0.001;
    static final Set<FeatureSet> FEATURES = EnumSet.of(FeatureSet.ENTROPY, FeatureSet.PSH, FeatureSet.INTERVAL_BINS,
            FeatureSet.TCP_LEN_BINS);

    static final Parameter<Integer> WINDOW_SIZE = Parameter.integer("window_size", FeatureExtractor.DEFAULT_WINDOW_SIZE,
            "Packets per window and conversation.").atLeast(10).atMost(100_000);
    static final Parameter<String> SPLIT = Parameter.choice("split", "random", List.of("random", "host"),
            "Split windows at random (as the original), or by remote host so that no host is on both sides.");

    /** Windows of one trace: feature rows, labels and remote hosts. */
    private record Rows(List<double[]> features, List<IpAddress> remotes) {
    }

    /** What one run (one split) found, with the classifier's decision values of its test windows. */
    private record Outcome(Detection positives, Detection negatives, Set<IpAddress> blocked, double blockRate,
            double seconds, BinaryClassifier model, StandardScaler scaler, double[] positiveScores,
            double[] negativeScores) {
    }

    /** The feature published for reports: the decision value of each test window of the first recorded run. */
    static final String FEATURE = "classifier decision value of test windows (> 0: flagged)";

    private Outcome current;
    private BinaryClassifier recallModel;
    private StandardScaler recallScaler;

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
        return List.of("Occurrence Threshold (%ile)", "Run #");
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(WINDOW_SIZE, SPLIT);
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
    public void run(StrategyContext context) {
        int windowSize = context.parameter(WINDOW_SIZE);
        List<Packet> positives = context.positives();
        if (positives.isEmpty()) {
            context.log().warn("no positive TCP packets: nothing to learn");
            return;
        }
        List<Packet> negatives = Windows.synchronise(context.negatives(), positives.get(0).timestamp(), false);
        Rows pos = windows(positives, context.positiveClients(), windowSize);
        Rows neg = windows(negatives, context.negativeClients(), windowSize);
        context.log().info("{} positive and {} negative windows of {} packets", pos.features().size(),
                neg.features().size(), windowSize);
        if (pos.features().size() < 2 || neg.features().size() < 2) {
            context.log().warn("too few windows to train and test a classifier");
            return;
        }
        List<double[]> all = new ArrayList<>(pos.features());
        all.addAll(neg.features());
        List<IpAddress> remotes = new ArrayList<>(pos.remotes());
        remotes.addAll(neg.remotes());
        boolean[] labels = new boolean[all.size()];
        Arrays.fill(labels, 0, pos.features().size(), true);
        double[][] x = all.toArray(double[][]::new);
        Set<IpAddress> negativeRemotes = new LinkedHashSet<>(neg.remotes());
        boolean byHost = context.parameter(SPLIT).equals("host");

        for (int p : PERCENTILES) {
            // The runs are independent once their seeds are drawn: they train on both processors at once.
            long[] seeds = new long[RUNS];
            for (int run = 0; run < RUNS; run++) {
                seeds[run] = context.random().nextLong();
            }
            int percentile = p;
            List<Outcome> outcomes = IntStream.range(0, RUNS).parallel().mapToObj(run -> {
                long seed = seeds[run];
                TrainTestSplit split = byHost ? TrainTestSplit.byGroup(remotes, 0.5, seed)
                        : TrainTestSplit.random(x.length, 0.5, seed);
                return evaluate(x, labels, remotes, split, percentile, seed, negativeRemotes);
            }).toList();
            int median = medianByFpr(outcomes);
            current = outcomes.get(median);
            Config config = Config.of(p, median + 1);
            context.runOnPositive(config);
            context.record(config).timeSeconds(current.seconds());
            context.runOnNegative(config);
            context.record(config).blockRate(current.blockRate());
            if (recallModel == null) {
                recallModel = current.model();
                recallScaler = current.scaler();
                context.publishDistribution(FEATURE, Sample.POSITIVE, current.positiveScores());
                context.publishDistribution(FEATURE, Sample.NEGATIVE, current.negativeScores());
            }
            if (current.positives().rate() < MIN_TPR || current.negatives().rate() < MIN_FPR) {
                break;
            }
        }
        if (context.hasRecall() && recallModel != null) {
            context.runOnRecall();
        }
    }

    private Outcome evaluate(double[][] x, boolean[] labels, List<IpAddress> remotes, TrainTestSplit split, int p,
            long seed, Set<IpAddress> negativeRemotes) {
        long start = System.nanoTime();
        double[][] train = select(x, split.train());
        boolean[] trainLabels = new boolean[split.train().length];
        for (int i = 0; i < trainLabels.length; i++) {
            trainLabels[i] = labels[split.train()[i]];
        }
        StandardScaler scaler = StandardScaler.fit(train);
        LinearClassifier model = SgdClassifier.strategyDefaults(seed).train(scaler.transform(train), trainLabels);

        int[] test = split.test();
        boolean[] flagged = new boolean[test.length];
        double[] scores = new double[test.length];
        Map<IpAddress, Integer> appearances = new HashMap<>();
        Map<IpAddress, Integer> flags = new HashMap<>();
        for (int i = 0; i < test.length; i++) {
            IpAddress remote = remotes.get(test[i]);
            appearances.merge(remote, 1, Integer::sum);
            double[] row = scaler.transform(x[test[i]]);
            scores[i] = model.decisionFunction(row);
            flagged[i] = scores[i] > 0; // as BinaryClassifier.predict
            if (flagged[i]) {
                flags.merge(remote, 1, Integer::sum);
            }
        }
        double threshold = Percentile.of(appearances.values().stream().mapToDouble(Integer::doubleValue).toArray(), p);
        Set<IpAddress> blocked = new LinkedHashSet<>();
        flags.forEach((ip, n) -> {
            if (n > threshold) {
                blocked.add(ip);
            }
        });
        long tp = 0;
        long positives = 0;
        long fp = 0;
        long negatives = 0;
        for (int i = 0; i < test.length; i++) {
            boolean hit = flagged[i] && blocked.contains(remotes.get(test[i]));
            if (labels[test[i]]) {
                positives++;
                tp += hit ? 1 : 0;
            } else {
                negatives++;
                fp += hit ? 1 : 0;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Set<IpAddress> wronglyBlocked = new LinkedHashSet<>(blocked);
        wronglyBlocked.retainAll(negativeRemotes);
        double blockRate = negativeRemotes.isEmpty() ? 0 : (double) wronglyBlocked.size() / negativeRemotes.size();
        double[] positiveScores = new double[(int) positives];
        double[] negativeScores = new double[(int) negatives];
        int np = 0;
        int nn = 0;
        for (int i = 0; i < test.length; i++) {
            if (labels[test[i]]) {
                positiveScores[np++] = scores[i];
            } else {
                negativeScores[nn++] = scores[i];
            }
        }
        return new Outcome(Detection.of(tp, positives), Detection.of(fp, negatives), wronglyBlocked, blockRate, seconds,
                model, scaler, positiveScores, negativeScores);
    }

    private static double[][] select(double[][] x, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = x[rows[i]];
        }
        return out;
    }

    /** The index of the run with the median FPR (the lower middle one of an even count; ties by run order). */
    private static int medianByFpr(List<Outcome> outcomes) {
        Integer[] order = new Integer[outcomes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(outcomes.get(a).negatives().rate(), outcomes.get(b).negatives().rate()));
        return order[(order.length - 1) / 2];
    }

    /**
     * The feature rows of a trace, as {@link FeatureExtractor} delivers them, with the windows computed on
     * every processor: one pass assigns each TCP packet to its time window and conversation as the
     * extractor does (the time windows start at the first packet with a client address and never go back),
     * then the windows — independent of one another — are computed in parallel batches, and the rows kept
     * in the extractor's order: time window by time window, conversations in first-seen order, each
     * conversation's windows in order.
     */
    private static Rows windows(List<Packet> packets, List<Subnet> clients, int windowSize) {
        List<double[]> features = new ArrayList<>();
        List<IpAddress> remotes = new ArrayList<>();
        if (clients.isEmpty()) {
            return new Rows(features, remotes);
        }
        List<int[]> windows = new ArrayList<>();
        List<Conversation> owners = new ArrayList<>();
        Map<Conversation, IntList> open = new LinkedHashMap<>();
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
                close(open, windowSize, windows, owners);
                segment = index;
            }
            open.computeIfAbsent(c, k -> new IntList()).add(i);
        }
        close(open, windowSize, windows, owners);

        // Only the values are kept: a window's statistics object (names, address sets) is dropped at once.
        double[][] rows = new double[windows.size()][];
        int batches = (rows.length + WINDOW_BATCH - 1) / WINDOW_BATCH;
        IntStream.range(0, batches).parallel().forEach(b -> {
            for (int w = b * WINDOW_BATCH, end = Math.min(rows.length, w + WINDOW_BATCH); w < end; w++) {
                int[] members = windows.get(w);
                List<Packet> window = new ArrayList<>(members.length);
                for (int i : members) {
                    window.add(packets.get(i));
                }
                WindowFeatures f = WindowStatistics.compute(window, clients, FEATURES);
                rows[w] = f.hasMissing() ? null : f.values();
            }
        });
        for (int w = 0; w < rows.length; w++) {
            if (rows[w] != null) {
                features.add(rows[w]);
                remotes.add(owners.get(w).remote());
            }
        }
        return new Rows(features, remotes);
    }

    /** Windows per batch handed to a processor. */
    private static final int WINDOW_BATCH = 64;

    /** Cuts the conversations of a time window into windows of packets, in the extractor's order. */
    private static void close(Map<Conversation, IntList> open, int windowSize, List<int[]> windows,
            List<Conversation> owners) {
        for (Map.Entry<Conversation, IntList> e : open.entrySet()) {
            IntList members = e.getValue();
            for (int from = 0; from < members.size; from += windowSize) {
                windows.add(Arrays.copyOfRange(members.values, from, Math.min(members.size, from + windowSize)));
                owners.add(e.getKey());
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
    public Detection positiveRun(StrategyContext context, Config config) {
        return current.positives();
    }

    @Override
    public Detection negativeRun(StrategyContext context, Config config) {
        current.blocked().forEach(context::block);
        return current.negatives();
    }

    @Override
    public double recallRun(StrategyContext context) {
        Rows recall = windows(context.recall(), context.recallClients(), context.parameter(WINDOW_SIZE));
        if (recall.features().isEmpty()) {
            return 0;
        }
        long hits = recall.features().stream().filter(f -> recallModel.predict(recallScaler.transform(f))).count();
        return (double) hits / recall.features().size();
    }

    @Override
    public double configPenalty(Config config) {
        return 0.25 * config.intValue(0) / 100.0;
    }

    @Override
    public String interpretConfig(Config config) {
        return "occurrence threshold at the " + config.get(0) + "th percentile, median-FPR run " + config.get(1) + " of "
                + RUNS;
    }
}
