package org.covertmark.core.engine;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's side of a strategy run: the traces by role, the parameters, the seeds and the published distributions. */
final class EngineContext implements StrategyContext {

    private final DetectionStrategy strategy;
    private final Map<Role, TraceData> traces;
    private final boolean reversed;
    private final Map<String, Object> parameters;
    private final long seed;
    private final Logger log;
    private final Map<String, EnumMap<Role, double[]>> distributions = new LinkedHashMap<>();

    private int trial = -1;
    private SplittableRandom random;
    private PacketFilter strategic;
    private boolean preparing;

    EngineContext(DetectionStrategy strategy, Map<Role, TraceData> traces, boolean reversed,
            Map<String, Object> parameters, long seed) {
        this.strategy = strategy;
        this.traces = new EnumMap<>(traces);
        this.reversed = reversed;
        this.parameters = parameters;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.log = LoggerFactory.getLogger("covertmark.strategy." + strategy.name());
        this.strategic = strategy.initialFilter();
    }

    /** Loads every trace's strategic view under a filter. */
    void load(PacketFilter filter) {
        this.strategic = filter;
        traces.values().forEach(t -> t.applyStrategicFilter(filter));
        log.debug("loaded under {}: {}", filter, traces.entrySet().stream()
                .map(e -> e.getValue().packets().size() + " " + e.getKey().label()).toList());
    }

    /** Marks the strategy's preparation, the only time it may change the strategic filter. */
    void preparing(boolean preparing) {
        this.preparing = preparing;
    }

    /** Starts trial {@code number} (from 0) with its seed; traces' selection parts are set by the caller. */
    void beginTrial(int number, long trialSeed) {
        this.trial = number;
        this.random = new SplittableRandom(trialSeed);
    }

    @Override
    public boolean has(Role role) {
        return traces.containsKey(role);
    }

    @Override
    public TraceView trace(Role role) {
        TraceData t = traces.get(Objects.requireNonNull(role, "role"));
        if (t == null) {
            throw new IllegalStateException("the run has no " + role.label() + " trace");
        }
        return t;
    }

    TraceData data(Role role) {
        return traces.get(role);
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
    public int trial() {
        return trial;
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
    public boolean reversed() {
        return reversed;
    }

    @Override
    public void setStrategicFilter(PacketFilter filter) {
        if (!preparing) {
            throw new IllegalStateException("the strategic filter may only change in prepare(): a trial's traces "
                    + "must stay the same for every configuration");
        }
        load(Objects.requireNonNull(filter, "filter"));
    }

    @Override
    public PacketFilter strategicFilter() {
        return strategic;
    }

    @Override
    public void setCaseMembership(Role role, List<Subnet> subnets) {
        TraceData t = traces.get(role);
        if (t != null) {
            t.setMembers(subnets);
        }
    }

    @Override
    public void publishDistribution(String feature, Role role, double[] values) {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(role, "role");
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        distributions.computeIfAbsent(feature, f -> new EnumMap<>(Role.class))
                .merge(role, finite, (a, b) -> {
                    double[] joined = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, joined, a.length, b.length);
                    return joined;
                });
    }

    /** The published distributions as histograms of positives against negatives, in the order first published. */
    Map<String, FeatureHistogram> histograms() {
        Map<String, FeatureHistogram> out = new LinkedHashMap<>();
        distributions.forEach((feature, roles) -> out.put(feature, FeatureHistogram.of(feature,
                roles.getOrDefault(Role.POSITIVE, new double[0]),
                roles.getOrDefault(Role.NEGATIVE, new double[0]))));
        return out;
    }
}
