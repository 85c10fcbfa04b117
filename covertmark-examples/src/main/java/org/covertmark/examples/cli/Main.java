package org.covertmark.examples.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.core.capture.CaptureException;
import org.covertmark.core.engine.InvalidRunException;
import org.covertmark.core.engine.Suggestions;
import org.covertmark.core.plugin.UnknownStrategyException;
import org.covertmark.examples.bench.BenchCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.covertmark.api.progress.ProgressListener;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The {@code covertmark} command: evaluates how easily a censor could detect a circumvention
 * protocol from packet captures. Exit status 0 on success, 2 on a user's mistake or bad input, 1 on
 * an internal failure.
 */
@Command(name = "covertmark",
        description = "Measure how easily a censor could detect a proxy protocol from packet captures.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        footer = {"", "Examples:",
            "  covertmark run --strategy entropy-dist --client 127.0.0.1 \\",
            "      --positive data/public/shadowsocks.pcap --negative data/public/tls2.pcap \\",
            "      --negative-client 192.168.0.17 --out results/ss",
            "  covertmark plot results/ss --x \"Block Size\" --y fpr --out fpr.svg",
            "  source <(covertmark completion)     # tab completion in bash or zsh",
            "", "Progress bars show on an interactive terminal only; --quiet hides them",
            "and informational logs. Run 'covertmark COMMAND --help' for a command's",
            "options and examples."})
public final class Main implements Runnable {

    /** Exit status of a user's mistake or bad input. */
    public static final int USAGE = 2;

    private static OutputStream stdout = new FileOutputStream(FileDescriptor.out);

    /**
     * The commands' names, in the order the help lists them. Building a command's model costs
     * picocli reflection, so a run builds only the command it runs (see {@link #commandLine}).
     */
    private static final List<String> COMMANDS = List.of("demo", "packets", "features", "run", "procedure", "plot",
            "strategies", "traces", "delete", "import", "capture", "bench", "help");

    /** A new instance of the command named {@code name}, one of {@link #COMMANDS}. */
    private static Object command(String name) {
        return switch (name) {
            case "demo" -> new DemoCommand();
            case "packets" -> new PacketsCommand();
            case "features" -> new FeaturesCommand();
            case "run" -> new RunCommand();
            case "procedure" -> new ProcedureCommand();
            case "plot" -> new PlotCommand();
            case "strategies" -> new StrategiesCommand();
            case "traces" -> new TracesCommand();
            case "delete" -> new DeleteCommand();
            case "import" -> new ImportCommand();
            case "capture" -> new CaptureCommand();
            case "bench" -> new BenchCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log debug detail to standard error.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Print only results, warnings and errors: no progress bars, no informational logs.")
    boolean quiet;

    /** Whether --quiet was given; read from the arguments before picocli parses them, as the log level is. */
    private static boolean quietRun;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required");
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status, writing to standard output and error. */
    public static int execute(String... args) {
        return execute(new FileOutputStream(FileDescriptor.out), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line with the given output and error streams and returns its exit status.
     * Commands write their data to {@code out} unbuffered by the JVM, so a closed pipe stops them.
     */
    public static int execute(OutputStream out, PrintWriter err, String... args) {
        stdout = new OutputClosedException.Guard(out);
        quietRun = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-v") || a.equals("--verbose")) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            } else if (a.equals("-q") || a.equals("--quiet")) {
                quietRun = true;
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            }
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // The MongoDB driver reports connection attempts and retries at info level; a failure reaches
        // the user as one line from the store instead.
        System.setProperty("org.slf4j.simpleLogger.log.org.mongodb.driver", "warn");
        // pcap4j reports loading libpcap and listing interfaces at info level; capture says what matters.
        System.setProperty("org.slf4j.simpleLogger.log.org.pcap4j", "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        CommandLine cli = commandLine(args);
        cli.setErr(err);
        cli.setOut(new PrintWriter(out, true));
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter w = e.getCommandLine().getErr();
            CommandLine.ParameterException shown = unknownBeforeMissing(e);
            w.println("covertmark: " + shown.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(shown, w)) {
                nearestCommand(shown).ifPresent(c -> w.println("Did you mean: covertmark " + c + "?"));
            }
            w.println("Try 'covertmark " + commandPath(e.getCommandLine()) + "--help' for usage.");
            return USAGE;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // What the command held is unreachable now that its stack has unwound: there is room for a message.
            long heap = Runtime.getRuntime().maxMemory() >> 20;
            err.println("covertmark: out of memory: the Java heap of " + heap + " MB is too small for this work; "
                    + "give it more, e.g. JAVA_OPTS=-Xmx" + Math.max(256, 2 * heap) + "m covertmark ...");
            err.flush();
            return 1;
        }
    }

    /**
     * The command line for {@code args}: the main command with only the command that the arguments
     * name when they name one (help and completion need them all), or with every command.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        String named = commandName(args);
        if (named != null && !named.equals("help")) {
            cli.addSubcommand(named, command(named));
        } else {
            for (String name : COMMANDS) {
                cli.addSubcommand(name, command(name));
            }
            addCompletion(cli);
        }
        return cli;
    }

    /** The command the arguments name: the first that is not an option (the main command's take no value). */
    private static String commandName(String... args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return COMMANDS.contains(a) ? a : null;
            }
            if (a.equals("--")) {
                return null;
            }
        }
        return null;
    }

    /**
     * Adds {@code covertmark completion}, picocli's generator of a bash (and zsh) completion script
     * for every command and option, listed in the help with an example.
     */
    private static void addCompletion(CommandLine cli) {
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash completion script for covertmark (zsh can use it too, after "
                        + "'autoload -U +X bashcompinit && bashcompinit').")
                .footer("", "Examples:", "  source <(covertmark completion)          # this shell only",
                        "  covertmark completion > /etc/bash_completion.d/covertmark");
        cli.addSubcommand("completion", completion);
    }

    /**
     * Where long work reports progress: a progress bar on standard error on an interactive terminal,
     * nowhere on a pipe, in CI (the CI variable is set) or with --quiet.
     */
    static ProgressListener progress() {
        return ConsoleProgress.forTerminal(quietRun, System.getenv());
    }

    /** Whether the run was asked for results, warnings and errors only (-q). */
    static boolean quiet() {
        return quietRun;
    }

    /** Where commands write their data: standard output, or what a test gave {@link #execute}. */
    static OutputStream stdout() {
        return stdout;
    }

    /**
     * A mistyped option of a command with required options, {@code run --strategi x}, makes the
     * required one missing; the unknown option is the mistake to report, with its suggestions.
     */
    private static CommandLine.ParameterException unknownBeforeMissing(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.MissingParameterException) {
            ParseResult parsed = e.getCommandLine().getParseResult();
            List<String> unmatched = parsed == null ? List.of() : parsed.unmatched();
            if (!unmatched.isEmpty()) {
                return new CommandLine.UnmatchedArgumentException(e.getCommandLine(), unmatched);
            }
        }
        return e;
    }

    /** For an unknown command with no suggestion of picocli's, the nearest command by edit distance. */
    private static Optional<String> nearestCommand(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()
                || u.getCommandLine().getSubcommands().isEmpty() || u.getUnmatched().get(0).startsWith("-")) {
            return Optional.empty();
        }
        return Suggestions.nearest(u.getUnmatched().get(0), u.getCommandLine().getSubcommands().keySet());
    }

    private static String commandPath(CommandLine cl) {
        String path = "";
        for (CommandLine c = cl; c.getParent() != null; c = c.getParent()) {
            path = c.getCommandName() + " " + path;
        }
        return path;
    }

    private static int handle(Exception e, CommandLine cl, ParseResult parsed) {
        Logger log = LoggerFactory.getLogger(Main.class);
        PrintWriter err = cl.getErr();
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof TraceStoreException && t.getCause() instanceof CaptureException c) {
            // A store that could not import a capture because of a fault in the file: the file's fault
            // is the message, as for every other command that reads the file.
            t = c;
        }
        if (t instanceof CaptureException || t instanceof UserError || t instanceof TraceStoreException
                || t instanceof InvalidRunException || t instanceof UnknownStrategyException) {
            log.debug("user-facing failure", t);
            err.println("covertmark: " + Remedies.message(t));
            return USAGE;
        }
        if (t instanceof NoSuchFileException n) {
            log.debug("user-facing failure", t);
            err.println("covertmark: " + n.getFile() + ": no such file");
            return USAGE;
        }
        if (t instanceof OutputClosedException) {
            log.debug("standard output was closed; stopping", t);
            return 0;
        }
        log.error("internal error: {}", t.toString(), t);
        err.println("covertmark: internal error: " + t + " (run with --verbose for detail)");
        return 1;
    }


    /** The version from the jar manifest, or "development". */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"covertmark " + org.covertmark.core.engine.Version.current()};
        }
    }
}
