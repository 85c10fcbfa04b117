package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.covertmark.api.strategy.DetectionStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * A strategy that fails during {@code covertmark run} — it throws, or its plugin lacks a library it
 * uses — ends the run with one line naming the strategy, where it came from, the step and what went
 * wrong, and exit status 2; the stack trace only with --verbose.
 */
@DisplayName("run with a failing strategy")
class PluginFailuresTest {

    @TempDir
    Path dir;

    private static final String[] INPUTS = {"--positive", "samples/obfs4-iat0.pcap", "--negative",
        "samples/https-http.pcap", "--client", "10.1.0.0/24", "--trials", "1"};

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        all.addAll(List.of(INPUTS));
        all.addAll(List.of("--out", dir.resolve("out-" + System.nanoTime()).toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    @DisplayName("a strategy that throws: one line with its name, origin, step and error, even under -q; exit 2")
    void throwing() {
        for (String quiet : List.of("-q", "--seed=1")) {
            CliRun r = run(quiet, "--strategy", "test-throwing");
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("covertmark: strategy test-throwing (")
                    .contains("failed in decide: IllegalStateException: deliberate failure in the positive run")
                    .endsWith("(run with --verbose for the stack trace)")
                    .doesNotContain("\n").doesNotContain("internal error").doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("a plugin missing a library: what plugins can see and how to bundle it, in one line; exit 2")
    void missingClass() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path classes = dir.resolve("classes");
        Path src = dir.resolve("src");
        String strategy = "package plug;\n"
                + "import org.covertmark.api.strategy.*;\n"
                + "public final class UsesLibrary implements DetectionStrategy {\n"
                + "  public String name() { return \"uses-library\"; }\n"
                + "  public String description() { return \"needs helper.Library\"; }\n"
                + "  public void prepare(StrategyContext c) { helper.Library.work(); }\n"
                + "  public Decisions decide(StrategyContext c, TraceView t, Config config) {\n"
                + "    return Decisions.packets(t).build();\n"
                + "  }\n"
                + "}\n";
        String library = "package helper;\npublic final class Library { public static void work() { } }\n";
        Files.createDirectories(src.resolve("plug"));
        Files.createDirectories(src.resolve("helper"));
        Files.writeString(src.resolve("plug/UsesLibrary.java"), strategy);
        Files.writeString(src.resolve("helper/Library.java"), library);
        Files.createDirectories(classes);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, "--release", "17",
                "-proc:none", "-d", classes.toString(), "-classpath",
                location(DetectionStrategy.class) + File.pathSeparator + location(Logger.class),
                src.resolve("plug/UsesLibrary.java").toString(), src.resolve("helper/Library.java").toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        // the plugin's jar holds the strategy and its registration, not the library it uses
        try (OutputStream o = Files.newOutputStream(plugins.resolve("uses-library.jar"));
                JarOutputStream jar = new JarOutputStream(o)) {
            jar.putNextEntry(new JarEntry("plug/UsesLibrary.class"));
            jar.write(Files.readAllBytes(classes.resolve("plug/UsesLibrary.class")));
            jar.putNextEntry(new JarEntry("META-INF/services/" + DetectionStrategy.class.getName()));
            jar.write("plug.UsesLibrary\n".getBytes(StandardCharsets.UTF_8));
        }

        CliRun r = run("--plugins", plugins.toString(), "--strategy", "uses-library");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("covertmark: strategy uses-library (")
                .contains("uses-library.jar").contains("failed in prepare: class helper.Library could not be loaded")
                .contains("A plugin sees only its own jars, the covertmark API and analytics "
                        + "(org.covertmark.api, org.covertmark.analytics) and SLF4J")
                .contains("bundle the library into the plugin's jar").doesNotContain("\n")
                .doesNotContain("NoClassDefFoundError\n").doesNotContain("\tat ");
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
