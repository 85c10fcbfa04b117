package org.covertmark.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.covertmark.core.plugin.PluginJars.services;
import static org.covertmark.core.plugin.PluginJars.strategy;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.covertmark.api.strategy.DetectionStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

@DisplayName("Strategies from plugin directories")
class StrategyRegistryPluginsTest {

    /** Says which Version class the strategy sees, and whether the application's own classes are visible. */
    private static final String REPORT = "\"version \" + com.example.shared.Version.value() + \", core \" + "
            + "com.example.shared.Version.visible(\"org.covertmark.core.plugin.StrategyRegistry\") + \", api \" + "
            + "com.example.shared.Version.visible(\"org.covertmark.api.strategy.Config\")";

    private static String version(String value) {
        return "package com.example.shared;\n"
                + "public final class Version {\n"
                + "  public static String value() { return \"" + value + "\"; }\n"
                + "  public static String visible(String c) {\n"
                + "    try { Class.forName(c, false, Version.class.getClassLoader()); return \"visible\"; }\n"
                + "    catch (ClassNotFoundException e) { return \"hidden\"; }\n"
                + "  }\n"
                + "}\n";
    }

    @TempDir
    static Path root;
    static Path plugins;

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = Files.createDirectories(root.resolve("plugins"));
        jar(plugins.resolve("alpha.jar"), Map.of(
                "com.example.shared.Version", version("1"),
                "com.example.alpha.AlphaStrategy", strategy("com.example.alpha.AlphaStrategy", "alpha", REPORT)),
                services("com.example.alpha.AlphaStrategy"));
        jar(plugins.resolve("beta.jar"), Map.of(
                "com.example.shared.Version", version("2"),
                "com.example.beta.BetaStrategy", strategy("com.example.beta.BetaStrategy", "beta", REPORT)),
                services("com.example.beta.BetaStrategy"));
        // A plugin of two jars sharing one loader: the strategy in one, its helper in the other.
        // Its strategy claims the name "alpha" again.
        jar(plugins.resolve("gamma/gamma-helper.jar"), Map.of(
                "com.example.shared.Version", version("3")), Map.of());
        Path both = root.resolve("gamma-all/both.jar");
        jar(both, Map.of(
                "com.example.shared.Version", version("3"),
                "com.example.gamma.GammaStrategy", strategy("com.example.gamma.GammaStrategy", "gamma", REPORT),
                "com.example.gamma.ImpostorStrategy",
                strategy("com.example.gamma.ImpostorStrategy", "alpha", "\"impostor\"")), Map.of());
        // gamma-strategy.jar holds the strategy classes but not Version, which only gamma-helper.jar has.
        jarWithout(both, plugins.resolve("gamma/gamma-strategy.jar"),
                "com/example/shared/", services("com.example.gamma.GammaStrategy", "com.example.gamma.ImpostorStrategy"));
        jar(plugins.resolve("empty.jar"), Map.of("com.example.empty.Nothing",
                "package com.example.empty; public final class Nothing { }"), Map.of());
        jar(plugins.resolve("broken.jar"), Map.of("com.example.broken.BrokenStrategy",
                strategy("com.example.broken.BrokenStrategy", "broken", "\"\"").replace("public String name()",
                        "public BrokenStrategy() { throw new IllegalStateException(\"no licence key\"); }\n"
                                + "  public String name()")),
                services("com.example.broken.BrokenStrategy"));
        Files.createDirectories(plugins.resolve("notes"));
        Files.writeString(plugins.resolve("README.txt"), "not a plugin");
    }

    /** Copies a jar, leaving out entries under {@code prefix} and adding {@code extra} entries. */
    private static void jarWithout(Path from, Path to, String prefix, Map<String, String> extra) throws Exception {
        Files.createDirectories(to.getParent());
        try (var in = new java.util.jar.JarFile(from.toFile());
                var out = new java.util.jar.JarOutputStream(Files.newOutputStream(to))) {
            for (var e : java.util.Collections.list(in.entries())) {
                if (e.getName().startsWith(prefix)) {
                    continue;
                }
                out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
            for (var e : extra.entrySet()) {
                out.putNextEntry(new java.util.jar.JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    private static Path jar(Path jar, Map<String, String> sources, Map<String, String> resources) {
        return PluginJars.jar(root.resolve("build"), jar, sources, resources);
    }

    private static StrategyRegistry registry() {
        return StrategyRegistry.discover(StrategyRegistryPluginsTest.class.getClassLoader(), List.of(plugins));
    }

    @Nested
    @DisplayName("one plugin named by its path")
    class OnePlugin {

        @Test
        @DisplayName("a jar among the plugin paths is one plugin, beside the class path's strategies")
        void jarAmongPluginPaths() {
            StrategyRegistry r = StrategyRegistry.discover(getClass().getClassLoader(),
                    List.of(plugins.resolve("beta.jar")));
            assertThat(r.names()).contains("beta").doesNotContain("alpha", "gamma");
            assertThat(r.origin("beta")).endsWith("in plugin " + plugins.resolve("beta.jar"));
            assertThat(r.problems()).isEmpty();
        }

        @Test
        @DisplayName("plugin() holds that plugin's strategies alone, from a jar or a directory of jars")
        void pluginAlone() {
            ClassLoader app = getClass().getClassLoader();
            assertThat(StrategyRegistry.plugin(plugins.resolve("alpha.jar"), app).names()).containsExactly("alpha");
            StrategyRegistry gamma = StrategyRegistry.plugin(plugins.resolve("gamma"), app);
            assertThat(gamma.names()).containsExactly("alpha", "gamma");
            assertThat(gamma.create("gamma").description()).isEqualTo("version 3, core hidden, api visible");
        }

        @Test
        @DisplayName("a path that is neither a jar nor a directory is a problem")
        void neither() {
            Path notes = plugins.resolve("README.txt");
            assertThat(StrategyRegistry.plugin(notes, getClass().getClassLoader()).problems())
                    .containsExactly("plugin " + notes + " is neither a jar nor a directory; build the jar first");
            assertThat(StrategyRegistry.discover(getClass().getClassLoader(), List.of(notes)).problems())
                    .containsExactly("plugin path " + notes + " is neither a directory nor a jar; name a directory "
                            + "of plugins or a plugin's .jar");
        }
    }

    @Nested
    @DisplayName("two plugins that bundle different classes of the same name")
    class SideBySide {

        @Test
        @DisplayName("load side by side, each strategy seeing its own helper class")
        void eachSeesItsOwnHelper() {
            StrategyRegistry r = registry();
            assertThat(r.names()).contains("alpha", "beta", "gamma");
            assertThat(r.create("alpha").description()).startsWith("version 1,");
            assertThat(r.create("beta").description()).startsWith("version 2,");
            assertThat(r.create("gamma").description()).startsWith("version 3,");
        }

        @Test
        @DisplayName("see the covertmark API of the application but none of its other classes")
        void seeOnlyTheApi() {
            assertThat(registry().create("alpha").description()).isEqualTo("version 1, core hidden, api visible");
        }

        @Test
        @DisplayName("are the application's DetectionStrategy and Logger, not copies")
        void shareApiClasses() throws Exception {
            try (PluginClassLoader a = new PluginClassLoader("alpha.jar",
                    List.of(plugins.resolve("alpha.jar").toUri().toURL()), getClass().getClassLoader());
                    PluginClassLoader b = new PluginClassLoader("beta.jar",
                            List.of(plugins.resolve("beta.jar").toUri().toURL()), getClass().getClassLoader())) {
                assertThat(a.loadClass(DetectionStrategy.class.getName())).isSameAs(DetectionStrategy.class);
                assertThat(a.loadClass(Logger.class.getName())).isSameAs(Logger.class);
                assertThat(a.loadClass("com.example.shared.Version"))
                        .isNotSameAs(b.loadClass("com.example.shared.Version"));
                assertThat(a.loadClass("com.example.shared.Version").getClassLoader()).isSameAs(a);
                assertThat(a.loadClass("java.util.List")).isSameAs(List.class);
            }
        }

        @Test
        @DisplayName("find only their own service entries, not the application's")
        void ownServiceEntriesOnly() throws Exception {
            try (PluginClassLoader a = new PluginClassLoader("alpha.jar",
                    List.of(plugins.resolve("alpha.jar").toUri().toURL()), getClass().getClassLoader())) {
                List<URL> entries = java.util.Collections.list(
                        a.getResources("META-INF/services/" + DetectionStrategy.class.getName()));
                assertThat(entries).singleElement().asString().contains("alpha.jar");
            }
        }

        @Test
        @DisplayName("say where each strategy was found")
        void origins() {
            assertThat(registry().origin("beta")).isEqualTo("com.example.beta.BetaStrategy in plugin "
                    + plugins.resolve("beta.jar"));
        }
    }

    @Nested
    @DisplayName("problems")
    class Problems {

        @Test
        @DisplayName("a jar with no provider is named with the jars searched")
        void jarWithoutProvider() {
            assertThat(registry().problems()).contains("plugin " + plugins.resolve("empty.jar")
                    + " provides no strategy: no META-INF/services/org.covertmark.api.strategy.DetectionStrategy"
                    + " in empty.jar; list the strategy classes in that file (or annotate them with"
                    + " @AutoService(DetectionStrategy.class))");
        }

        @Test
        @DisplayName("a provider that fails to instantiate is reported with its cause, and hides no other")
        void failingProvider() {
            StrategyRegistry r = registry();
            assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("strategy class com.example.broken.BrokenStrategy in plugin "
                            + plugins.resolve("broken.jar") + " could not be created: ")
                    .contains("no licence key").endsWith("; its constructor, name() or description() threw: fix that "
                            + "in the strategy").doesNotContain("\n"));
            assertThat(r.names()).doesNotContain("broken").contains("alpha", "beta");
        }

        @Test
        @DisplayName("a class without a no-argument constructor, with a name --strategy cannot take, or with a "
                + "parameter default its declaration refuses, is a problem that says what to fix")
        void constructorAndName() {
            Path more = root.resolve("more-plugins");
            jar(more.resolve("noctor.jar"), Map.of("com.example.noctor.NoCtor",
                    strategy("com.example.noctor.NoCtor", "noctor", "\"\"").replace("public String name()",
                            "public NoCtor(int x) { }\n  public String name()")),
                    services("com.example.noctor.NoCtor"));
            jar(more.resolve("badname.jar"), Map.of("com.example.badname.BadName",
                    strategy("com.example.badname.BadName", "Bad Name", "\"\"")), services("com.example.badname.BadName"));
            jar(more.resolve("baddefault.jar"), Map.of("com.example.baddefault.BadDefault",
                    strategy("com.example.baddefault.BadDefault", "bad-default", "\"\"").replace("public String name()",
                            "public java.util.List<Parameter<?>> parameters() {\n"
                                    + "    return java.util.List.of(Parameter.integer(\"window\", 0, \"w\").atLeast(1));\n  }\n"
                                    + "  public String name()")),
                    services("com.example.baddefault.BadDefault"));
            StrategyRegistry r = StrategyRegistry.discover(getClass().getClassLoader(), List.of(more));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("strategy class com.example.baddefault.BadDefault in plugin " + more.resolve("baddefault.jar")
                            + " declares parameter 'window' with the default 0, which it refuses (")
                    .endsWith("; change the default or the limits"));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("a strategy in plugin " + more.resolve("noctor.jar") + " could not be loaded: ")
                    .contains("NoCtor").endsWith("; it needs a public no-argument constructor"));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("strategy class com.example.badname.BadName in plugin " + more.resolve("badname.jar")
                            + " is named 'Bad Name', which is not a valid strategy name"));
            assertThat(r.names()).isEmpty();
        }

        @Test
        @DisplayName("a name claimed in two plugins is reported, and the first found is kept")
        void duplicateNames() {
            StrategyRegistry r = registry();
            assertThat(r.problems()).contains("two strategies are named 'alpha': com.example.alpha.AlphaStrategy "
                    + "in plugin " + plugins.resolve("alpha.jar") + " and com.example.gamma.ImpostorStrategy in plugin "
                    + plugins.resolve("gamma") + "; the first is used; rename one, or remove one of them");
            assertThat(r.create("alpha").description()).startsWith("version 1");
        }

        @Test
        @DisplayName("a missing plugin directory is a problem, not an exception")
        void missingDirectory() {
            Path missing = root.resolve("no-such-dir");
            StrategyRegistry r = StrategyRegistry.discover(getClass().getClassLoader(), List.of(missing, plugins));
            assertThat(r.problems()).first().isEqualTo("plugin directory " + missing
                    + " does not exist; check the path, or create it and put strategy jars in it");
            assertThat(r.names()).contains("alpha", "beta");
        }

        @Test
        @DisplayName("a directory holding no jar is a problem")
        void noJar() throws Exception {
            Path bare = Files.createDirectories(root.resolve("bare/sub"));
            StrategyRegistry r = StrategyRegistry.discover(getClass().getClassLoader(), List.of(bare.getParent()));
            assertThat(r.problems()).containsExactly("plugin directory " + bare.getParent() + " holds no jar; put "
                    + "each strategy jar in it, or one subdirectory per plugin holding its jars");
        }

        @Test
        @DisplayName("no more problems than those planted")
        void onlyPlanted() {
            assertThat(registry().problems()).hasSize(3);
        }
    }
}
