package org.covertmark.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.StrategyFailedException;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a plugin's code runs, the thread's context class loader is the plugin's own (libraries that
 * look classes up through it find the plugin's); what the plugin throws reaches the caller as a {@link
 * StrategyFailedException} naming the step, and the caller's context loader is back afterwards.
 */
@DisplayName("A plugin strategy during a run")
class PluginContextLoaderTest {

    private static final Path TLS2 = Path.of("..", "data", "public", "tls2.pcap");

    @TempDir
    Path root;

    /** A strategy that fails unless the context loader is its own, in prepare, learn and decide. */
    private static String checking(String name, String failIn) {
        return "package com.example.ctx;\n"
                + "import org.covertmark.api.strategy.*;\n"
                + "public final class Checking implements DetectionStrategy {\n"
                + "  private void check(String step) {\n"
                + "    if (Thread.currentThread().getContextClassLoader() != getClass().getClassLoader())\n"
                + "      throw new IllegalStateException(\"context loader in \" + step + \": \"\n"
                + "          + Thread.currentThread().getContextClassLoader());\n"
                + "    if (step.equals(\"" + failIn + "\")) throw new IllegalArgumentException(\"planned in \" + step);\n"
                + "  }\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"checks its context loader\"; }\n"
                + "  public void prepare(StrategyContext c) { check(\"prepare\"); }\n"
                + "  public void learn(StrategyContext c, Config config) { check(\"learn\"); }\n"
                + "  public Decisions decide(StrategyContext c, TraceView trace, Config config) {\n"
                + "    check(\"decide\");\n"
                + "    return Decisions.packets(trace).build();\n"
                + "  }\n"
                + "}\n";
    }

    private DetectionStrategy plugin(String name, String failIn) throws Exception {
        Path plugins = Files.createDirectories(root.resolve("plugins-" + name));
        PluginJars.jar(root.resolve("build"), plugins.resolve(name + ".jar"),
                Map.of("com.example.ctx.Checking", checking(name, failIn)), PluginJars.services("com.example.ctx.Checking"));
        StrategyRegistry registry = StrategyRegistry.discover(getClass().getClassLoader(), List.of(plugins));
        assertThat(registry.problems()).isEmpty();
        return registry.create(name);
    }

    private static RunSpec spec() {
        return RunSpec.builder(new TraceSource.Capture(TLS2)).client("192.168.0.17/32")
                .negative(new TraceSource.Capture(TLS2.resolveSibling("many-protocols.pcap")))
                .negativeClients(List.of(org.covertmark.api.net.Subnet.parse("10.0.0.0/8"))).trials(1).build();
    }

    @Test
    @DisplayName("runs with its own class loader as the context loader, and the caller's is back after")
    void contextLoader() throws Exception {
        DetectionStrategy s = plugin("checking", "none");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        RunResult r;
        try (var store = TraceStores.open(TraceStores.DEFAULT_URI)) {
            r = Evaluation.run(s, spec(), store);
        }
        assertThat(r.records()).isNotEmpty();
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    @DisplayName("what it throws comes back as a StrategyFailedException naming the strategy and step")
    void failure() throws Exception {
        DetectionStrategy s = plugin("failing", "decide");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (var store = TraceStores.open(TraceStores.DEFAULT_URI)) {
            assertThatThrownBy(() -> Evaluation.run(s, spec(), store)).isInstanceOfSatisfying(
                    StrategyFailedException.class, e -> {
                        assertThat(e.strategy()).isEqualTo("failing");
                        assertThat(e.step()).isEqualTo("decide");
                        assertThat(e.config()).isPresent();
                        assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class)
                                .hasMessage("planned in decide");
                        assertThat(e.missingClass()).isEmpty();
                    });
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }
}
