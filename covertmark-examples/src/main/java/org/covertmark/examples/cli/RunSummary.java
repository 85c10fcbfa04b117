package org.covertmark.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Interval;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.RateFormat;
import org.covertmark.core.measure.UnitRates;

/**
 * A run as the console shows it: every configuration's connection-level rates on the test part, then
 * the chosen configuration's counts at every unit level with their intervals and reasons, the trials'
 * spread, the warnings, and the verdict.
 */
final class RunSummary {

    private RunSummary() {
    }

    static void print(RunResult r, PrintWriter w) {
        w.printf(Locale.ROOT, "%s (%s), deciding per %s; %d trial%s, seed %d%n", r.strategy(), r.direction(),
                r.unit().label(), r.trials().size(), r.trials().size() == 1 ? "" : "s", r.spec().seed());
        for (Map.Entry<String, RunResult.TraceSummary> e : r.traces().entrySet()) {
            RunResult.TraceSummary t = e.getValue();
            RunResult.SplitSummary s = r.selection().get(e.getKey());
            w.printf(Locale.ROOT, "  %-8s %d packets, %d connections, %d hosts; %s%n", e.getKey(), t.packets(),
                    t.connections(), t.hosts(), s == null ? "judged whole"
                            : "split by " + s.split() + ": selection " + s.selectionFlows() + ", test " + s.testFlows()
                                    + " connections");
        }
        int width = Math.max(13, r.records().stream().mapToInt(c -> c.description().length()).max().orElse(0));
        w.printf(Locale.ROOT, "%-" + width + "s  %-28s  %-28s  %-28s%n", "configuration (test part)",
                "connections flagged: TPR", "FPR", "hosts blocked");
        for (RunResult.ConfigRecord c : r.records()) {
            boolean chosen = r.verdict().best().map(b -> b.equals(c.config())).orElse(false);
            w.printf(Locale.ROOT, "%-" + width + "s  %-28s  %-28s  %-28s%s%n", c.description(),
                    rate(c.test().flow(), true), rate(c.test().flow(), false), rate(c.test().host(), false),
                    chosen ? "  <- chosen" : "");
        }
        Optional<RunResult.ConfigRecord> best = r.best();
        RunResult.ConfigRecord shown = best.orElse(r.records().get(0));
        w.println((best.isPresent() ? "chosen on the selection part: " : "no acceptable configuration; the first: ")
                + shown.description());
        units(shown.test(), w);
        UnitRates flow = shown.test().flow();
        w.println("  precision per connection at base rate λ: " + java.util.stream.Stream.of(1L, 1_000L, 1_000_000L)
                .map(l -> "λ=" + l + " " + (flow.precisionAt(l).isPresent()
                        ? RateFormat.percent(flow.precisionAt(l).getAsDouble()) + " "
                                + RateFormat.interval(flow.precisionCi95(l)) : "-"))
                .collect(Collectors.joining("; ")));
        r.recall().ifPresent(m -> {
            UnitRates u = m.units().values().iterator().next();
            w.println("  recall   " + m.units().keySet().iterator().next() + " flagged " + rate(u, true)
                    + " of the unseen trace");
        });
        if (r.trials().size() > 1) {
            double min = r.trials().stream().mapToDouble(RunResult.Trial::score).min().orElse(0);
            double max = r.trials().stream().mapToDouble(RunResult.Trial::score).max().orElse(0);
            double mean = r.trials().stream().mapToDouble(RunResult.Trial::score).average().orElse(0);
            w.printf(Locale.ROOT, "trials: score mean %.2f, from %.2f to %.2f; %s%n", mean, min, max,
                    r.trials().stream().collect(Collectors.groupingBy(RunResult.Trial::band,
                            java.util.TreeMap::new, Collectors.counting())).entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
        for (String warning : r.warnings()) {
            w.println("warning: " + warning);
        }
        RunResult.Verdict v = r.verdict();
        if (v.score().isPresent()) {
            w.printf(Locale.ROOT, "score %.2f (95 %% range %.2f–%.2f): %s%n", v.score().getAsDouble(), v.scoreLower(),
                    v.scoreUpper(), v.band());
        } else {
            w.println("no score: " + v.band());
        }
    }

    /** Each unit level of a measurement: flagged / examined, tested, the reasons, the rate and its interval. */
    static void units(Measurement m, PrintWriter w) {
        for (Map.Entry<String, UnitRates> e : m.units().entrySet()) {
            UnitRates u = e.getValue();
            w.printf(Locale.ROOT, "  %-7s protocol %s%n", e.getKey(), counts(u.positives(), u.tpr(), u.tprCi95()));
            w.printf(Locale.ROOT, "  %-7s ordinary %s%n", "", counts(u.negatives(), u.fpr(), u.fprCi95()));
        }
    }

    private static String counts(Count c, OptionalDouble rate, Optional<Interval> ci) {
        String reasons = c.byReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return c.flagged() + "/" + c.examined() + " flagged, " + c.tested() + " tested"
                + (c.examined() > 0 && c.tested() == 0 ? " (NEVER TESTED)" : "") + ": "
                + (rate.isPresent() ? RateFormat.percent(rate.getAsDouble()) + " " + RateFormat.interval(ci)
                        : "no rate (no unit)")
                + (reasons.isEmpty() ? "" : " [" + reasons + "]");
    }

    private static String rate(UnitRates u, boolean tpr) {
        return RateFormat.of(tpr ? u.positives() : u.negatives());
    }

    /** The lines of a summary, for tests. */
    static List<String> lines(RunResult r) {
        java.io.StringWriter s = new java.io.StringWriter();
        PrintWriter w = new PrintWriter(s);
        print(r, w);
        w.flush();
        return s.toString().lines().toList();
    }
}
