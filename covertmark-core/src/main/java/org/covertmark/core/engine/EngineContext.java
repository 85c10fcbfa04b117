package org.covertmark.core.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.PacketField;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.strategy.RecordUpdate;
import org.covertmark.api.strategy.Sample;
import org.covertmark.api.strategy.Split;
import org.covertmark.api.strategy.StrategyContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's side of a strategy run: loaded traces, records, timing and blocked addresses. */
final class EngineContext implements StrategyContext {

    /** A trace in the store with the input filter of this run. */
    record LoadedTrace(String id, PacketFilter inputFilter, List<Subnet> subnets, List<Subnet> clients) {
    }

    private final DetectionStrategy strategy;
    private final TraceStore store;
    private final LoadedTrace positive;
    private final LoadedTrace negative;
    private final LoadedTrace recallTrace;
    private final boolean reversed;
    private final Map<String, Object> parameters;
    private final long seed;
    private final SplittableRandom random;
    private final Logger log;

    private final Map<Config, PerformanceRecord> records = new LinkedHashMap<>();
    private final Map<String, EnumMap<Sample, double[]>> distributions = new LinkedHashMap<>();
    private ProgressListener progress = ProgressListener.NONE;
    private final Set<Config> runConfigs = new HashSet<>();
    private final Map<Config, Set<IpAddress>> blocked = new HashMap<>();
    private Set<IpAddress> blocking;

    private PacketFilter strategic;
    private List<Packet> positives = List.of();
    private List<Packet> negatives = List.of();
    private List<Packet> recall = List.of();
    private Split split = Split.NONE;
    private final long positiveTotal;
    private final long negativeTotal;
    private final long recallTotal;
    private final Set<IpAddress> negativeDestinations;
    private List<Subnet> positiveMembers;
    private List<Subnet> negativeMembers;
    private Double recallRate;

    EngineContext(DetectionStrategy strategy, TraceStore store, LoadedTrace positive, LoadedTrace negative,
            LoadedTrace recall, boolean reversed, Map<String, Object> parameters, long seed) {
        this.strategy = strategy;
        this.store = store;
        this.positive = positive;
        this.negative = negative;
        this.recallTrace = recall;
        this.reversed = reversed;
        this.parameters = parameters;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.log = LoggerFactory.getLogger("covertmark.strategy." + strategy.name());
        this.positiveTotal = store.count(positive.id(), positive.inputFilter());
        this.negativeTotal = negative == null ? 0 : store.count(negative.id(), negative.inputFilter());
        this.recallTotal = recall == null ? 0 : store.count(recall.id(), recall.inputFilter());
        // First-seen order, not Set.copyOf's: its iteration order changes from one JVM to the next, and a
        // strategy that walks these addresses must give the same records in every process.
        this.negativeDestinations = negative == null ? Set.of() : Collections.unmodifiableSet(
                new LinkedHashSet<>(store.distinct(negative.id(), PacketField.DESTINATION, negative.inputFilter())));
        this.positiveMembers = positive.subnets();
        this.negativeMembers = negative == null ? List.of() : negative.subnets();
    }

    /** Reports each newly run configuration to {@code listener}, in a task already started. */
    void reportTo(ProgressListener listener) {
        this.progress = listener;
    }

    void load(PacketFilter filter) {
        this.strategic = filter;
        positives = store.load(positive.id(), positive.inputFilter().and(filter));
        negatives = negative == null ? List.of() : store.load(negative.id(), negative.inputFilter().and(filter));
        recall = recallTrace == null ? List.of() : store.load(recallTrace.id(), recallTrace.inputFilter().and(filter));
        split = Split.NONE;
        log.debug("loaded under {}: {} positive, {} negative, {} recall packets", filter, positives.size(),
                negatives.size(), recall.size());
    }

    @Override
    public List<Packet> positives() {
        return positives;
    }

    @Override
    public long positiveTotal() {
        return positiveTotal;
    }

    @Override
    public List<Packet> positiveTest() {
        return split == Split.NONE ? positives : split.test();
    }

    @Override
    public List<Packet> positiveValidation() {
        return split.validation();
    }

    @Override
    public boolean hasNegative() {
        return negative != null;
    }

    @Override
    public List<Packet> negatives() {
        return negatives;
    }

    @Override
    public long negativeTotal() {
        return negativeTotal;
    }

    @Override
    public Set<IpAddress> negativeDestinations() {
        return negativeDestinations;
    }

    @Override
    public boolean hasRecall() {
        return recallTrace != null;
    }

    @Override
    public List<Packet> recall() {
        return recall;
    }

    @Override
    public long recallTotal() {
        return recallTotal;
    }

    @Override
    public List<Subnet> positiveClients() {
        return positive.clients();
    }

    @Override
    public List<Subnet> negativeClients() {
        return negative == null ? positive.clients() : negative.clients();
    }

    @Override
    public List<Subnet> recallClients() {
        return recallTrace == null ? positive.clients() : recallTrace.clients();
    }

    @Override
    public boolean reversed() {
        return reversed;
    }

    @Override
    public void setStrategicFilter(PacketFilter filter) {
        load(filter);
    }

    @Override
    public PacketFilter strategicFilter() {
        return strategic;
    }

    @Override
    public void splitPositives(double testShare) {
        if (!(testShare > 0 && testShare < 1)) {
            throw new IllegalArgumentException("test share must be in (0, 1), not " + testShare);
        }
        split = strategy.testValidationSplit(positives, testShare, random.split());
    }

    @Override
    public boolean inPositiveFilter(IpAddress address) {
        return positiveMembers.stream().anyMatch(s -> s.contains(address));
    }

    @Override
    public boolean inNegativeFilter(IpAddress address) {
        return negativeMembers.stream().anyMatch(s -> s.contains(address));
    }

    @Override
    public void setCaseMembership(List<Subnet> positiveSubnets, List<Subnet> negativeSubnets) {
        if (positiveSubnets != null) {
            positiveMembers = List.copyOf(positiveSubnets);
        }
        if (negativeSubnets != null) {
            negativeMembers = List.copyOf(negativeSubnets);
        }
    }

    @Override
    public Detection runOnPositive(Config config) {
        long start = System.nanoTime();
        Detection d = strategy.positiveRun(this, config);
        double seconds = (System.nanoTime() - start) / 1e9;
        records.put(config, recordOf(config).withPositive(d).withTime(seconds));
        if (runConfigs.add(config)) {
            progress.advanced(runConfigs.size());
        }
        log.debug("{}: positive {} = {} in {} s", strategy.interpretConfig(config), d, d.rate(), seconds);
        return d;
    }

    @Override
    public Detection runOnNegative(Config config) {
        if (negative == null) {
            throw new IllegalStateException("no negative trace was given");
        }
        blocking = new LinkedHashSet<>();
        Detection d;
        try {
            d = strategy.negativeRun(this, config);
        } finally {
            blocked.put(config, blocking);
            double rate = negativeDestinations.isEmpty() ? 0
                    : Math.min(1, (double) blocking.size() / negativeDestinations.size());
            records.put(config, recordOf(config).withBlockRate(rate));
            blocking = null;
        }
        records.put(config, recordOf(config).withNegative(d));
        log.debug("{}: negative {} = {}", strategy.interpretConfig(config), d, d.rate());
        return d;
    }

    @Override
    public double runOnRecall() {
        if (recallTrace == null) {
            throw new IllegalStateException("no recall trace was given");
        }
        recallRate = strategy.recallRun(this);
        return recallRate;
    }

    @Override
    public void block(IpAddress destination) {
        if (blocking == null) {
            throw new IllegalStateException("block() is for use during a negative run");
        }
        blocking.add(destination);
    }

    @Override
    public RecordUpdate record(Config config) {
        return new RecordUpdate() {
            private RecordUpdate set(PerformanceRecord r) {
                records.put(config, r);
                return this;
            }

            @Override
            public RecordUpdate tpr(double rate) {
                return set(recordOf(config).withTpr(rate));
            }

            @Override
            public RecordUpdate positives(Detection detection) {
                return set(recordOf(config).withPositive(detection));
            }

            @Override
            public RecordUpdate fpr(double rate) {
                return set(recordOf(config).withFpr(rate));
            }

            @Override
            public RecordUpdate negatives(Detection detection) {
                return set(recordOf(config).withNegative(detection));
            }

            @Override
            public RecordUpdate timeSeconds(double seconds) {
                return set(recordOf(config).withTime(seconds));
            }

            @Override
            public RecordUpdate blockRate(double rate) {
                return set(recordOf(config).withBlockRate(rate));
            }
        };
    }

    @Override
    public PerformanceRecord recordOf(Config config) {
        PerformanceRecord r = records.get(config);
        return r != null ? r : PerformanceRecord.worstCase(config);
    }

    @Override
    public <T> T parameter(Parameter<T> parameter) {
        if (!parameters.containsKey(parameter.name())) {
            throw new IllegalArgumentException("parameter " + parameter.name() + " is not declared by strategy "
                    + strategy.name() + " in parameters()");
        }
        return parameter.type().cast(parameters.get(parameter.name()));
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public SplittableRandom random() {
        return random;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public void publishDistribution(String feature, Sample sample, double[] values) {
        java.util.Objects.requireNonNull(feature, "feature");
        java.util.Objects.requireNonNull(sample, "sample");
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        distributions.computeIfAbsent(feature, f -> new EnumMap<>(Sample.class))
                .merge(sample, finite, (a, b) -> {
                    double[] joined = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, joined, a.length, b.length);
                    return joined;
                });
    }

    /** The published distributions as histograms, in the order their features were first published. */
    Map<String, FeatureHistogram> histograms() {
        Map<String, FeatureHistogram> out = new LinkedHashMap<>();
        distributions.forEach((feature, samples) -> out.put(feature, FeatureHistogram.of(feature,
                samples.getOrDefault(Sample.POSITIVE, new double[0]),
                samples.getOrDefault(Sample.NEGATIVE, new double[0]))));
        return out;
    }

    Map<Config, PerformanceRecord> records() {
        return records;
    }

    Map<Config, Set<IpAddress>> blocked() {
        return blocked;
    }

    Double recallRate() {
        return recallRate;
    }

    /** Releases the loaded packets (the original's {@code destroy_traces}); records stay. */
    void destroyTraces() {
        positives = List.of();
        negatives = List.of();
        recall = List.of();
        split = Split.NONE;
    }
}
