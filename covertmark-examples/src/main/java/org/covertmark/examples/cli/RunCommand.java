package org.covertmark.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.HostRule;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.export.ResultFiles;
import org.covertmark.core.engine.StrategyFailedException;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.procedure.ProcedureRunner;
import org.covertmark.core.store.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark run}: one strategy on positive, negative and recall traces. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one detection strategy on a protocol's trace and ordinary traffic, print its records",
            "and score, and write results.csv, results.json, flows.csv, report.html and wireshark-filter.txt."},
        footer = {"", "Examples:",
            "  covertmark run --strategy length-clustering --positive obfs4.pcap --negative https.pcap \\",
            "      --client 10.1.0.0/24 --server 10.2.0.1 --out results/obfs4-lc",
            "  covertmark run --strategy sgd --positive trace:3 --negative trace:4 --client 10.1.0.0/24 --seed 7",
            "  covertmark run --plugins plugins/ --strategy tls-handshake-absence --positive shadowsocks.pcap \\",
            "      --negative https.pcap --client 127.0.0.1 --negative-client 192.168.0.0/16",
            "  covertmark plot results/obfs4-lc --x Bandwidth --y tpr     # chart a run's results"})
final class RunCommand implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--strategy", required = true, paramLabel = "NAME",
            description = "The strategy (see: covertmark strategies).")
    String strategy;

    @Option(names = "--positive", required = true, paramLabel = "FILE|trace:ID",
            description = "The protocol's trace: a capture file or a stored trace.")
    String positive;

    @Option(names = "--negative", paramLabel = "FILE|trace:ID", description = "Ordinary traffic.")
    String negative;

    @Option(names = "--recall", paramLabel = "FILE|trace:ID", description = "An unseen trace of the protocol.")
    String recall;

    @Option(names = "--client", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Client addresses of the positive trace (repeatable).")
    List<Subnet> clients = new ArrayList<>();

    @Option(names = "--server", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Server addresses of the positive trace (repeatable).")
    List<Subnet> servers = new ArrayList<>();

    @Option(names = "--negative-client", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Client addresses of the negative trace (default: --client).")
    List<Subnet> negativeClients = new ArrayList<>();

    @Option(names = "--recall-client", paramLabel = "NET", converter = Converters.SubnetConverter.class,
            description = "Client addresses of the recall trace (default: --client).")
    List<Subnet> recallClients = new ArrayList<>();

    @Option(names = "--reverse", description = "Run server to client: SRC and DST rules swapped.")
    boolean reverse;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A strategy parameter (repeatable).")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "" + RunSpec.DEFAULT_TRIALS,
            description = "How many times to split the traces, choose on one part and test on the other, with seeds "
                    + "derived from --seed (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--host-min-flagged", paramLabel = "N", defaultValue = "1",
            description = "A host counts as blocked once this many of its connections are flagged (default: "
                    + "${DEFAULT-VALUE}).")
    int hostMinFlagged;

    @Option(names = "--host-min-share", paramLabel = "F", defaultValue = "0",
            description = "… and at least this share of them, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double hostMinShare;

    @Option(names = "--store", paramLabel = "URI", defaultValue = TraceStores.DEFAULT_URI,
            description = "Trace store (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--plugins", paramLabel = "DIR|JAR",
            description = "A directory of strategy plugins, or a plugin's jar (repeatable; see: covertmark "
                + "strategies --help).")
    List<Path> pluginDirs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the result files (default: covertmark-results/STRATEGY-DIRECTION-TIME); must not hold results already.")
    Path out;

    @Override
    public Integer call() throws IOException {
        StrategyRegistry registry = Strategies.registry(pluginDirs);
        registry.problems().forEach(p -> spec.commandLine().getErr().println("covertmark: warning: " + p));
        DetectionStrategy s = registry.create(strategy);
        TraceSource positiveSource = source(positive, "--positive");
        if (trials < 1 || trials > RunSpec.MAX_TRIALS) {
            throw new UserError("--trials " + trials + ": give a number of trials from 1 to " + RunSpec.MAX_TRIALS);
        }
        HostRule hostRule;
        try {
            hostRule = new HostRule(hostMinFlagged, hostMinShare);
        } catch (IllegalArgumentException e) {
            throw new UserError("--host-min-flagged/--host-min-share: " + e.getMessage());
        }
        RunSpec.Builder b = RunSpec.builder(positiveSource).clients(clients).servers(servers)
                .negativeClients(negativeClients).recallClients(recallClients).reversed(reverse).seed(seed)
                .trials(trials).hostRule(hostRule);
        if (negative != null) {
            TraceSource negativeSource = source(negative, "--negative");
            if (sameTrace(positiveSource, negativeSource)) {
                throw new UserError("--positive and --negative name the same trace (" + negative
                        + "); the negative trace must be other traffic");
            }
            b.negative(negativeSource);
        }
        if (recall != null) {
            b.recall(source(recall, "--recall"));
        }
        parameters.forEach(b::parameter);
        RunSpec runSpec = b.build();
        try (OutputFolder folder = out != null ? OutputFolder.claim(out) : OutputFolder.claimNew(
                Path.of("covertmark-results", s.name() + "-" + RunResult.direction(s.inputMode(), reverse) + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))) {
            RunResult result;
            try (TraceStore traces = TraceStores.open(store)) {
                result = Evaluation.run(s, runSpec, traces, Main.progress());
            } catch (StrategyFailedException e) {
                LOG.debug("strategy {} failed", strategy, e);
                throw new UserError(failure(e, registry.origin(strategy)));
            }
            ResultFiles.write(result, folder.path());
            PrintWriter w = spec.commandLine().getOut();
            printSummary(result, w);
            w.println("results: " + folder.path());
            w.flush();
            reportSkipped(result, spec.commandLine().getErr());
        }
        return 0;
    }

    /**
     * A strategy's failure in one line: which strategy, where it came from, in which step and
     * configuration, what it threw; for a class it could not load, what a plugin can see and how to
     * bring a library along.
     */
    static String failure(StrategyFailedException e, String origin) {
        String where = "strategy " + e.strategy() + (origin == null ? "" : " (" + origin + ")") + " failed in "
                + e.step() + e.config().filter(c -> c.size() > 0).map(c -> " for configuration " + c).orElse("");
        if (e.missingClass().isPresent()) {
            return where + ": class " + e.missingClass().get() + " could not be loaded. A plugin sees only its own "
                    + "jars, the covertmark API and analytics (org.covertmark.api, org.covertmark.analytics) and "
                    + "SLF4J: bundle the library into the plugin's jar (e.g. with maven-shade-plugin), or make the "
                    + "plugin a folder holding its jar and the library's (run with --verbose for the stack trace)";
        }
        return where + ": " + ProcedureRunner.describe(e) + " (run with --verbose for the stack trace)";
    }

    /** The skip summaries of the capture files a run read. */
    static void reportSkipped(RunResult result, PrintWriter err) {
        result.captures().forEach((role, stats) -> SkippedPackets.report(err, input(result.spec(), role).toString(),
                stats.skipped()));
    }

    /** The input of a run in a role: {@code positive}, {@code negative} or {@code recall}. */
    static TraceSource input(RunSpec spec, String role) {
        return switch (role) {
            case "positive" -> spec.positive();
            case "negative" -> spec.negative().orElseThrow();
            case "recall" -> spec.recall().orElseThrow();
            default -> throw new IllegalArgumentException("no input role " + role);
        };
    }

    static TraceSource source(String text, String option) {
        TraceSource source;
        try {
            source = TraceSource.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
        if (source instanceof TraceSource.Capture c && !Files.isRegularFile(c.path())) {
            throw new UserError(option + ": " + c.path() + ": " + (Files.exists(c.path()) ? "not a regular file"
                    : "no such file"));
        }
        return source;
    }

    /** Whether two sources are the same stored trace or the same capture file (by any path or link). */
    static boolean sameTrace(TraceSource a, TraceSource b) throws IOException {
        if (a instanceof TraceSource.Capture x && b instanceof TraceSource.Capture y) {
            return Files.isSameFile(x.path(), y.path());
        }
        return a.equals(b);
    }

    /** The run's rates, counts, warnings and verdict, as the console shows them. */
    static void printSummary(RunResult r, PrintWriter w) {
        RunSummary.print(r, w);
    }
}
