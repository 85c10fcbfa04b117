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
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.covertmark.analytics.entropy.ByteEntropy;
import org.covertmark.api.strategy.DetectionStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * A strategy that fails during {@code covertmark run} — it throws, or its plugin lacks a library it
 * uses — ends the run with one line naming the strategy, where it came from, the step and what went
 * wrong, and exit status 2; the stack trace only with --verbose. What a plugin may leave out of its
 * jar, the analytics, it is given.
 */
@DisplayName("run with a plugin's strategy that fails, or that leans on what plugins share")
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
        // the plugin's jar holds the strategy and its registration, not the library it uses
        Path plugins = plugin("uses-library.jar", Map.of("plug.UsesLibrary", strategy, "helper.Library", library),
                List.of("plug.UsesLibrary"), List.of(DetectionStrategy.class, Logger.class));

        CliRun r = run("--plugins", plugins.toString(), "--strategy", "uses-library");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("covertmark: strategy uses-library (")
                .contains("uses-library.jar").contains("failed in prepare: class helper.Library could not be loaded")
                .contains("A plugin sees only its own jars, the covertmark API and analytics "
                        + "(org.covertmark.api, org.covertmark.analytics) and SLF4J")
                .contains("bundle the library into the plugin's jar").doesNotContain("\n")
                .doesNotContain("NoClassDefFoundError\n").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("a plugin that uses the analytics without bundling them runs: the application shares them")
    void analyticsShared() throws Exception {
        String strategy = "package plug;\n"
                + "import org.covertmark.api.strategy.*;\n"
                + "import org.covertmark.analytics.entropy.ByteEntropy;\n"
                + "public final class UsesAnalytics implements DetectionStrategy {\n"
                + "  public String name() { return \"uses-analytics\"; }\n"
                + "  public String description() { return \"flags payloads of high entropy\"; }\n"
                + "  public Decisions decide(StrategyContext c, TraceView t, Config config) {\n"
                + "    Decisions.Builder d = Decisions.packets(t);\n"
                + "    for (int i = 0; i < t.packets().size(); i++) {\n"
                + "      var p = t.packets().get(i).payload();\n"
                + "      if (p.length() >= 64 && ByteEntropy.of(p) > 7.0) { d.flag(i); } else { d.pass(i); }\n"
                + "    }\n"
                + "    return d.build();\n"
                + "  }\n"
                + "}\n";
        Path plugins = plugin("uses-analytics.jar", Map.of("plug.UsesAnalytics", strategy),
                List.of("plug.UsesAnalytics"), List.of(DetectionStrategy.class, Logger.class, ByteEntropy.class));
        Path out = dir.resolve("analytics");

        CliRun r = CliRun.of(concat(List.of("run", "--plugins", plugins.toString(), "--strategy", "uses-analytics",
                "--out", out.toString()), INPUTS));

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(out.resolve("results.json")).content().contains("\"strategy\" : \"uses-analytics\"");
        // obfs4's payloads are random bytes: the strategy flags some of its packets
        assertThat(Files.readAllLines(out.resolve("flows.csv"))).anyMatch(l -> l.startsWith("positive,")
                && l.contains(",true,"));
    }

    /**
     * Builds a plugin jar in a plugin directory of its own: compiles {@code sources} (class name to
     * code) against the jars of {@code classPath}, and packs the classes named in {@code packed} with
     * a registration of the first of them.
     *
     * @return the plugin directory
     */
    private Path plugin(String jarName, Map<String, String> sources, List<String> packed, List<Class<?>> classPath)
            throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins-" + jarName));
        Path classes = Files.createDirectories(dir.resolve("classes-" + jarName));
        Path src = dir.resolve("src-" + jarName);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                "-classpath", String.join(File.pathSeparator, classPath.stream().map(PluginFailuresTest::location)
                        .toList())));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                args.toArray(String[]::new));
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        try (OutputStream o = Files.newOutputStream(plugins.resolve(jarName));
                JarOutputStream jar = new JarOutputStream(o)) {
            for (String c : packed) {
                String entry = c.replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                jar.write(Files.readAllBytes(classes.resolve(entry)));
            }
            jar.putNextEntry(new JarEntry("META-INF/services/" + DetectionStrategy.class.getName()));
            jar.write((packed.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return plugins;
    }

    private static String[] concat(List<String> a, String[] b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
