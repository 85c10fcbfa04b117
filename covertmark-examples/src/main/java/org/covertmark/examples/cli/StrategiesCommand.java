package org.covertmark.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Parameter;
import org.covertmark.core.plugin.StrategyRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code covertmark strategies}: the strategies found, with their parameters. */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = "List the detection strategies found on the class path and in plugin directories, with their "
                + "parameters.",
        footer = {"", "Examples:", "  covertmark strategies", "  covertmark strategies --plugins plugins/"})
final class StrategiesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--plugins", paramLabel = "DIR|JAR",
            description = {"A directory of strategy plugins, or a plugin's jar (repeatable): each jar in a "
                + "directory is one plugin, each subdirectory of jars is one plugin; each plugin is loaded in a "
                + "class loader of its own, which sees the covertmark API and analytics and SLF4J, and nothing "
                + "else of the application."})
    List<Path> pluginDirs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StrategyRegistry registry = Strategies.registry(pluginDirs);
        for (DetectionStrategy s : registry.all()) {
            out.println(s.name());
            out.println("  " + s.description());
            out.println("  input: " + (s.inputMode() == InputMode.EITHER ? "clients and servers in both directions"
                    : "client to server (server to client with --reverse)")
                    + (s.needsNegative() ? "; needs --negative" : ""));
            if (!s.configColumns().isEmpty()) {
                out.println("  configurations: " + String.join(", ", s.configColumns()));
            }
            for (Parameter<?> p : s.parameters()) {
                out.println("  --param " + p.name() + "=" + p.defaultValue() + "  (" + p.typeDescription() + ") "
                        + p.description());
            }
            out.println("  from " + registry.origin(s.name()));
            out.println();
        }
        if (registry.names().isEmpty()) {
            out.println("no strategies were found on the class path" + (pluginDirs.isEmpty() ? ""
                    : " or in the plugin directories"));
        }
        for (String problem : registry.problems()) {
            spec.commandLine().getErr().println("covertmark: warning: " + problem);
        }
        out.flush();
        return 0;
    }
}
