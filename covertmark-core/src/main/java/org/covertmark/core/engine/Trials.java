package org.covertmark.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.Unit;
import org.covertmark.core.capture.CaptureStats;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.core.score.Scoring;

/**
 * The measured part of a run, once the traces are loaded: the strategy's preparation, then each
 * trial — split, learn, decide, count, choose — and the result of them all.
 */
final class Trials {

    /** Below this many negative hosts the blocked-host rate moves in coarse steps. */
    static final int FEW_HOSTS = 10;

    private final DetectionStrategy strategy;
    private final RunSpec spec;
    private final EngineContext context;
    private final ProgressListener progress;
    private final List<String> warnings;
    private final Map<String, CaptureStats> captures;
    private final TraceData positive;
    private final TraceData negative;
    private final TraceData recall;
    private final Unit unit;

    Trials(DetectionStrategy strategy, RunSpec spec, EngineContext context, ProgressListener progress,
            List<String> warnings, Map<String, CaptureStats> captures) {
        this.strategy = strategy;
        this.spec = spec;
        this.context = context;
        this.progress = progress;
        this.warnings = warnings;
        this.captures = captures;
        this.positive = context.data(Role.POSITIVE);
        this.negative = context.data(Role.NEGATIVE);
        this.recall = context.data(Role.RECALL);
        this.unit = strategy.unit();
    }

    /** What one configuration came to in one trial. */
    private record Outcome(Measurement selection, Measurement test, double seconds) {
    }

    RunResult run() {
        long start = System.nanoTime();
        context.preparing(true);
        try {
            call("prepare", null, () -> {
                strategy.prepare(context);
                return null;
            });
        } finally {
            context.preparing(false);
        }
        double prepareSeconds = (System.nanoTime() - start) / 1e9;
        context.log().debug("prepared in {} ms", Math.round(prepareSeconds * 1000));
        List<Config> configs = configurations();
        Tally.Units positiveUnits = Tally.Units.of(positive);
        Tally.Units negativeUnits = negative == null ? null : Tally.Units.of(negative);

        progress.started(strategy.name() + " " + RunResult.direction(strategy.inputMode(), spec.reversed()),
                "configurations", (long) configs.size() * spec.trials());
        List<RunResult.Trial> trials = new ArrayList<>();
        List<RunResult.ConfigRecord> records = new ArrayList<>();
        Map<String, RunResult.SplitSummary> selection = new LinkedHashMap<>();
        Shown shown = null;
        Scoring.Choice firstChoice = null;
        List<Outcome> firstOutcomes = null;
        long done = 0;
        try {
            for (int t = 0; t < spec.trials(); t++) {
                long trialStart = System.nanoTime();
                long trialSeed = trialSeed(spec.seed(), t);
                Partition pp = spec.holdOut() ? Partition.of(positive, mix(trialSeed, 1)) : Partition.none(positive);
                Partition np = negative == null ? null
                        : spec.holdOut() ? Partition.of(negative, mix(trialSeed, 2)) : Partition.none(negative);
                positive.select(pp.whole() ? null : pp.selected());
                if (negative != null) {
                    negative.select(np.whole() ? null : np.selected());
                }
                context.beginTrial(t, trialSeed);
                List<Outcome> outcomes = new ArrayList<>();
                for (Config config : configs) {
                    outcomes.add(measure(config, pp, np, positiveUnits, negativeUnits));
                    progress.advanced(++done);
                }
                context.log().debug("trial {}: {} configurations in {} ms", t + 1, configs.size(),
                        (System.nanoTime() - trialStart) / 1_000_000);
                Scoring.Choice choice = Scoring.choose(candidates(configs, outcomes, true), false);
                trials.add(trial(t, trialSeed, configs, outcomes, choice));
                if (t == 0) {
                    firstChoice = choice;
                    firstOutcomes = outcomes;
                    for (int i = 0; i < configs.size(); i++) {
                        Outcome o = outcomes.get(i);
                        records.add(new RunResult.ConfigRecord(configs.get(i), strategy.interpretConfig(configs.get(i)),
                                o.selection(), o.test(), o.seconds(), strategy.configPenalty(configs.get(i))));
                    }
                    selection.put(Role.POSITIVE.label(), summary(pp));
                    if (np != null) {
                        selection.put(Role.NEGATIVE.label(), summary(np));
                    }
                    splitWarnings(pp, np);
                    shown = decisionsShown(configs.get(choice.best().orElse(0)), pp, np, positiveUnits,
                            negativeUnits);
                }
            }
        } finally {
            progress.finished();
        }
        positive.select(null);
        if (negative != null) {
            negative.select(null);
        }
        RunResult.Verdict verdict = verdict(configs, firstOutcomes, firstChoice, trials);
        evidenceWarnings(configs, firstOutcomes, firstChoice);
        Map<String, RunResult.TraceSummary> traces = new LinkedHashMap<>();
        for (TraceData t : new TraceData[] {positive, negative, recall}) {
            if (t != null) {
                traces.put(t.role().label(), traceSummary(t));
            }
        }
        List<String> shownWarnings = warnings.stream().distinct().toList();
        return new RunResult(strategy.name(), strategy.description(), strategy.configColumns(), spec,
                strategy.inputMode(), unit, records, verdict, trials, selection, shown.recall(), shown.flows(),
                shown.wiresharkFilter(), shownWarnings, context.histograms(), captures, traces, prepareSeconds, Version.current());
    }

    /** Every connection's decision, the filter of the flagged negatives and the recall rates, of one configuration. */
    private record Shown(List<RunResult.FlowRow> flows, String wiresharkFilter, Optional<Measurement> recall) {
    }

    /**
     * Decides the chosen configuration (or, with none, the first) once more, with what the first trial
     * learnt: to list every connection's decision, to write the Wireshark filter of the negatives it
     * flagged, and to judge the recall trace, which is never split.
     */
    private Shown decisionsShown(Config config, Partition pp, Partition np, Tally.Units positiveUnits,
            Tally.Units negativeUnits) {
        learn(config);
        List<RunResult.FlowRow> flows = new ArrayList<>(flowRows(positive, pp, decide(positive, config), positiveUnits));
        String wireshark = WiresharkFilters.NOTHING;
        if (negative != null) {
            Decisions d = decide(negative, config);
            flows.addAll(flowRows(negative, np, d, negativeUnits));
            wireshark = WiresharkFilters.flagged(negative, d, unit);
        }
        Optional<Measurement> recallRates = Optional.empty();
        if (recall != null) {
            Partition whole = Partition.wholeAsTest(recall);
            recall.select(null);
            Tally.Part part = Tally.count(recall, Tally.Units.of(recall), decide(recall, config), unit, whole,
                    spec.hostRule()).test();
            recallRates = Optional.of(measurement(part, null));
            flows.addAll(rows(recall, part));
        }
        return new Shown(flows, wireshark, recallRates);
    }

    /** The configurations a strategy offers, once each, in its order. */
    private List<Config> configurations() {
        List<Config> configs = new ArrayList<>(new LinkedHashSet<>(call("configurations", null,
                () -> strategy.configurations(context))));
        if (configs.isEmpty()) {
            throw new IllegalStateException("strategy " + strategy.name() + " offered no configuration to run");
        }
        return configs;
    }

    /** The seed of trial {@code t}: the run's seed for the first, a mix of it and {@code t} after. */
    static long trialSeed(long seed, int t) {
        return t == 0 ? seed : mix(seed, t);
    }

    /** SplitMix64's finaliser over {@code a} and {@code b}: nearby inputs give unrelated seeds. */
    static long mix(long a, long b) {
        long z = a + 0x9e3779b97f4a7c15L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private Outcome measure(Config config, Partition pp, Partition np, Tally.Units positiveUnits,
            Tally.Units negativeUnits) {
        learn(config);
        long start = System.nanoTime();
        Decisions dp = decide(positive, config);
        double seconds = (System.nanoTime() - start) / 1e9;
        Tally.Parts p = Tally.count(positive, positiveUnits, dp, unit, pp, spec.hostRule());
        Tally.Parts n = null;
        if (negative != null) {
            n = Tally.count(negative, negativeUnits, decide(negative, config), unit, np, spec.hostRule());
        }
        return new Outcome(measurement(p.selection(), n == null ? null : n.selection()),
                measurement(p.test(), n == null ? null : n.test()), seconds);
    }

    private void learn(Config config) {
        call("learn", config, () -> {
            strategy.learn(context, config);
            return null;
        });
    }

    /**
     * Runs strategy code with the strategy's class loader as the thread's context loader (a plugin's
     * libraries may look themselves up through it); what it throws, or a class it cannot load, becomes a
     * {@link StrategyFailedException} naming the step and the configuration.
     */
    private <T> T call(String step, Config config, java.util.function.Supplier<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(strategy.getClass().getClassLoader());
        try {
            return body.get();
        } catch (RuntimeException | LinkageError e) {
            throw new StrategyFailedException(strategy.name(), step, config, e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private Decisions decide(TraceData trace, Config config) {
        Decisions d = call("decide", config, () -> strategy.decide(context, trace, config));
        if (d == null) {
            throw new IllegalStateException("strategy " + strategy.name() + " returned no decisions for "
                    + trace.role().label() + " traffic");
        }
        if (d.unit() != unit) {
            throw new IllegalStateException("strategy " + strategy.name() + " declares " + unit.label()
                    + " decisions but returned " + d.unit().label() + " decisions");
        }
        int expected = unit == Unit.FLOW ? trace.connections().size() : trace.packets().size();
        if (d.size() != expected) {
            throw new IllegalStateException("strategy " + strategy.name() + " returned decisions about "
                    + d.size() + " " + (unit == Unit.FLOW ? "connections" : "packets") + " of the " + trace.role().label()
                    + " trace, which has " + expected + ": decisions must be built from the trace judged");
        }
        return d;
    }

    private static Measurement measurement(Tally.Part positives, Tally.Part negatives) {
        Map<String, UnitRates> units = new LinkedHashMap<>();
        positives.levels().forEach((level, count) -> units.put(level, new UnitRates(count,
                negatives == null ? Count.NONE : negatives.levels().getOrDefault(level, Count.NONE))));
        return new Measurement(units);
    }

    private List<Scoring.Candidate> candidates(List<Config> configs, List<Outcome> outcomes, boolean selectionPart) {
        List<Scoring.Candidate> out = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Outcome o = outcomes.get(i);
            out.add(new Scoring.Candidate(Scoring.Rates.of(selectionPart ? o.selection() : o.test()),
                    strategy.configPenalty(configs.get(i)), o.seconds()));
        }
        return out;
    }

    /** The chosen configuration's score on the test part, against the best test TPR of the grid. */
    private double testScore(List<Config> configs, List<Outcome> outcomes, int chosen, boolean withTime) {
        List<Scoring.Candidate> test = candidates(configs, outcomes, false);
        Scoring.Choice onTest = Scoring.choose(test, withTime);
        Optional<Scoring.Rates> rates = test.get(chosen).rates();
        if (rates.isEmpty() || !rates.get().acceptable()) {
            return 0;
        }
        return Scoring.score(rates.get(), onTest.bestTpr(), 0, strategy.configPenalty(configs.get(chosen)), false);
    }

    private RunResult.Trial trial(int t, long seed, List<Config> configs, List<Outcome> outcomes,
            Scoring.Choice choice) {
        if (choice.best().isEmpty()) {
            return new RunResult.Trial(t + 1, seed, Optional.empty(), Optional.empty(), 0, Scoring.band(0));
        }
        int i = choice.best().getAsInt();
        double score = testScore(configs, outcomes, i, false);
        return new RunResult.Trial(t + 1, seed, Optional.of(configs.get(i)), Optional.of(outcomes.get(i).test()),
                score, Scoring.band(score));
    }

    private RunResult.Verdict verdict(List<Config> configs, List<Outcome> outcomes, Scoring.Choice choice,
            List<RunResult.Trial> trials) {
        boolean measured = candidates(configs, outcomes, true).stream().anyMatch(c -> c.rates().isPresent());
        double withTime = Scoring.choose(candidates(configs, outcomes, false), true).score();
        if (!measured) {
            String why = negative == null ? "no negative trace" : "no configuration examined both a positive and a "
                    + "negative connection";
            return new RunResult.Verdict(OptionalDouble.empty(), "not measured: " + why, Optional.empty(), Double.NaN,
                    Double.NaN, Double.NaN, withTime);
        }
        OptionalInt best = choice.best();
        double point = best.isEmpty() ? 0 : testScore(configs, outcomes, best.getAsInt(), false);
        double lower = point;
        double upper = point;
        String inconclusive = null;
        if (best.isPresent()) {
            int i = best.getAsInt();
            double bestTpr = Scoring.choose(candidates(configs, outcomes, false), false).bestTpr();
            Optional<Scoring.Bounds> bounds = Scoring.scoreInterval(outcomes.get(i).test(),
                    Double.isNaN(bestTpr) ? 1 : bestTpr, strategy.configPenalty(configs.get(i)));
            if (bounds.isEmpty()) {
                inconclusive = "the chosen configuration's test part has no positive or no negative connection";
            } else {
                lower = bounds.get().lower();
                upper = bounds.get().upper();
                if (!bounds.get().oneBand()) {
                    inconclusive = String.format(Locale.ROOT, "the test rates' 95 %% intervals allow scores from %.1f "
                            + "(%s) to %.1f (%s)", lower, Scoring.band(lower), upper, Scoring.band(upper));
                }
            }
        }
        Set<String> bands = trials.stream().map(RunResult.Trial::band).collect(Collectors.toCollection(TreeSet::new));
        if (inconclusive == null && bands.size() > 1) {
            Map<String, Long> byBand = trials.stream().collect(Collectors.groupingBy(RunResult.Trial::band,
                    TreeMap::new, Collectors.counting()));
            inconclusive = "trials disagree: " + byBand.entrySet().stream()
                    .map(e -> e.getValue() + " of " + trials.size() + " " + e.getKey()).collect(Collectors.joining(", "));
        }
        Optional<Config> chosen = best.isEmpty() ? Optional.empty() : Optional.of(configs.get(best.getAsInt()));
        if (inconclusive != null) {
            return new RunResult.Verdict(OptionalDouble.empty(), "inconclusive: " + inconclusive, chosen, lower, upper,
                    point, withTime);
        }
        return new RunResult.Verdict(OptionalDouble.of(point), Scoring.band(point), chosen, lower, upper, point,
                withTime);
    }

    private static RunResult.SplitSummary summary(Partition p) {
        return new RunResult.SplitSummary(p.split(), p.selectionFlows(), p.testFlows(), p.selectionHosts(),
                p.testHosts());
    }

    private void splitWarnings(Partition pp, Partition np) {
        if (!spec.holdOut()) {
            warnings.add("nothing was held out, as the run asked: every rate is measured on the data the "
                    + "configuration was chosen on");
            return;
        }
        for (Partition p : np == null ? List.of(pp) : List.of(pp, np)) {
            String role = p == pp ? "positive" : "negative";
            int flows = p.selectionFlows() + (p.whole() ? 0 : p.testFlows());
            if (p.whole()) {
                warnings.add("the " + role + " trace has " + flows + " connection" + (flows == 1 ? "" : "s")
                        + ": nothing of it could be held out, so its rates are measured on the data the configuration "
                        + "was chosen on");
            } else if (p.split().equals(Partition.FLOW)) {
                int hosts = distinctServers(p == pp ? positive : negative);
                warnings.add("the " + role + " trace has " + hosts + " server" + (hosts == 1 ? "" : "s") + " (fewer than "
                        + Partition.MIN_HOSTS + "): its parts are split by connection, so they share servers");
            }
        }
        if (negative != null) {
            int hosts = distinctServers(negative);
            if (hosts < FEW_HOSTS) {
                warnings.add("the negative trace has " + hosts + " server" + (hosts == 1 ? "" : "s") + " (fewer than "
                        + FEW_HOSTS + "): its blocked-host rate moves in coarse steps and its interval is wide");
            }
            Set<IpAddress> shared = servers(positive);
            shared.retainAll(servers(negative));
            if (!shared.isEmpty()) {
                warnings.add("server address" + (shared.size() == 1 ? " " : "es ") + new TreeSet<>(shared).stream()
                        .map(IpAddress::toString).collect(Collectors.joining(", ")) + " of the positive trace also "
                        + (shared.size() == 1 ? "appears" : "appear") + " in the negative trace: blocking "
                        + (shared.size() == 1 ? "it" : "them") + " blocks both");
            }
        } else {
            warnings.add("without a negative trace there is no false positive rate and no score");
        }
    }

    private void evidenceWarnings(List<Config> configs, List<Outcome> outcomes, Scoring.Choice choice) {
        if (negative == null) {
            return;
        }
        long notMeasured = candidates(configs, outcomes, true).stream().filter(c -> c.rates().isEmpty()).count();
        if (notMeasured > 0) {
            warnings.add(notMeasured + " of " + configs.size() + " configurations examined no positive or no negative "
                    + "connection on the selection part and were not measured");
        }
        int shown = choice.best().orElse(0);
        String level = unit == Unit.PACKET ? Measurement.PACKET : unit == Unit.WINDOW ? Measurement.WINDOW
                : Measurement.FLOW;
        Count negatives = outcomes.get(shown).test().unit(level).map(UnitRates::negatives).orElse(Count.NONE);
        if (negatives.examined() > 0 && negatives.tested() == 0) {
            warnings.add("no negative " + level + " of the " + (choice.best().isPresent() ? "chosen" : "first")
                    + " configuration was tested: all " + negatives.examined() + " were set aside ("
                    + negatives.byReason().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed().thenComparing(Map.Entry.comparingByKey()))
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                    + "), so its false positive rate shows what the rules let pass, not what the test would flag");
        }
    }

    private static int distinctServers(TraceData t) {
        return servers(t).size();
    }

    private static Set<IpAddress> servers(TraceData t) {
        Set<IpAddress> out = new HashSet<>();
        for (Connection c : t.connections()) {
            if (t.examined(c.id())) {
                out.add(c.server());
            }
        }
        return out;
    }

    private List<RunResult.FlowRow> flowRows(TraceData trace, Partition p, Decisions d, Tally.Units units) {
        Tally.Parts parts = Tally.count(trace, units, d, unit, p, spec.hostRule());
        List<RunResult.FlowRow> out = new ArrayList<>();
        boolean whole = p.whole();
        for (Connection c : trace.connections()) {
            if (!trace.examined(c.id())) {
                continue;
            }
            boolean selected = p.inSelection(c.id()) && !whole;
            Tally.Part part = selected ? parts.selection() : parts.test();
            out.add(new RunResult.FlowRow(trace.role(), c, whole ? "both" : selected ? "selection" : "test",
                    part.flowUnits()[c.id()], part.flowKinds()[c.id()] == Decisions.Kind.FLAGGED,
                    part.flowReasons()[c.id()]));
        }
        return out;
    }

    private static List<RunResult.FlowRow> rows(TraceData trace, Tally.Part part) {
        List<RunResult.FlowRow> out = new ArrayList<>();
        for (Connection c : trace.connections()) {
            if (trace.examined(c.id())) {
                out.add(new RunResult.FlowRow(trace.role(), c, "test", part.flowUnits()[c.id()],
                        part.flowKinds()[c.id()] == Decisions.Kind.FLAGGED, part.flowReasons()[c.id()]));
            }
        }
        return out;
    }

    private static RunResult.TraceSummary traceSummary(TraceData t) {
        long connections = 0;
        Map<String, Long> protocols = new TreeMap<>();
        for (Connection c : t.connections()) {
            if (t.examined(c.id())) {
                connections++;
                protocols.merge(c.protocol().label(), 1L, Long::sum);
            }
        }
        Map<String, Long> byShare = new LinkedHashMap<>();
        protocols.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> byShare.put(e.getKey(), e.getValue()));
        return new RunResult.TraceSummary(t.source(), t.total(), connections, distinctServers(t), t.durationSeconds(),
                byShare);
    }
}
