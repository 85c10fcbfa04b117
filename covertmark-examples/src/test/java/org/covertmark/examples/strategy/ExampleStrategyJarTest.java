package org.covertmark.examples.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.covertmark.examples.ChildJvm.applicationClassPath;
import static org.covertmark.examples.ChildJvm.applicationClassPathWith;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.examples.ChildJvm;
import org.covertmark.examples.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The example strategy as a third party ships it: the jar the build makes from
 * {@code src/example-strategy}, run by the command-line application in a JVM of its own, once on
 * the class path and once from a plugin directory.
 */
@DisplayName("The example strategy jar")
class ExampleStrategyJarTest {

    static final String NAME = "tls-handshake-absence";
    static final Path DATA = Path.of("..", "data", "public");

    static Path jar;

    @BeforeAll
    static void findJar() {
        jar = exampleJar();
    }

    /** The jar the build made before the tests ran (see this module's pom). */
    static Path exampleJar() {
        String property = System.getProperty("covertmark.exampleStrategyJar");
        assertThat(property).as("system property covertmark.exampleStrategyJar, set by surefire").isNotBlank();
        Path p = Path.of(property);
        assertThat(p).as("the example strategy jar, built at process-test-classes").isRegularFile();
        return p;
    }

    @Test
    @DisplayName("holds the strategy and its service entry, and nothing of the application")
    void contents() throws IOException {
        try (var j = new java.util.jar.JarFile(jar.toFile())) {
            List<String> names = j.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("META-INF/services/" + DetectionStrategy.class.getName(),
                    "org/covertmark/examples/strategy/TlsHandshakeAbsenceStrategy.class");
            assertThat(names).filteredOn(n -> n.endsWith(".class"))
                    .allMatch(n -> n.startsWith("org/covertmark/examples/strategy/"));
        }
    }

    @Test
    @DisplayName("has sources that compile against covertmark-api and slf4j-api alone")
    void compilesAgainstTheApiAlone(@TempDir Path out) throws IOException {
        Path sources = Path.of(System.getProperty("covertmark.exampleStrategySources"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", out.toString(),
                "-classpath", location(DetectionStrategy.class) + File.pathSeparator + location(Logger.class)));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                args.toArray(String[]::new));
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    @DisplayName("on the class path: covertmark strategies lists it")
    void listedOnTheClassPath() throws Exception {
        ChildJvm c = ChildJvm.run(applicationClassPathWith(jar), "strategies");
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(c.out()).contains(NAME + "\n", "--param min_payload_packets=1",
                "from org.covertmark.examples.strategy.TlsHandshakeAbsenceStrategy in the class path");
    }

    @Test
    @DisplayName("on the class path: covertmark run detects shadowsocks against HTTPS and writes its results")
    void runsOnTheClassPath(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("results");
        ChildJvm c = ChildJvm.run(applicationClassPathWith(jar), "run", "--strategy", NAME,
                "--positive", DATA.resolve("shadowsocks.pcap").toString(),
                "--negative", DATA.resolve("tls2.pcap").toString(),
                "--client", "127.0.0.1", "--negative-client", "192.168.0.0/16", "--out", out.toString());
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(c.out()).containsPattern("flows with at least 1 payload segment judged +100% 1/1 ");
        assertThat(out.resolve("results.csv")).content()
                .startsWith("Min Payload Packets,TPR,FPR,positive_run_time_s,ip_block_rate,flow_TPR,flow_FPR\n1,100.00000,");
        assertThat(out.resolve("results.json")).content().contains("\"strategy\" : \"" + NAME + "\"");
        // tls2.pcap was captured without the flows' SYNs, so with the default no HTTPS flow is judged.
        assertThat(c.out()).contains("warning: no negative flow of the chosen configuration was tested: all 99 were set "
                + "aside (no-handshake 99)");
    }

    @Test
    @DisplayName("from --plugins DIR, not on the class path: covertmark run loads it in its own class loader")
    void runsFromAPluginDirectory(@TempDir Path tmp) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        String classPath = applicationClassPath();
        assertThat(classPath).doesNotContain("example-strategy");

        ChildJvm list = ChildJvm.run(classPath, "strategies", "--plugins", plugins.toString());
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains(NAME + "\n", "in plugin " + plugins.resolve(jar.getFileName()));
        assertThat(list.err()).isEmpty();

        Path out = tmp.resolve("results");
        ChildJvm run = ChildJvm.run(classPath, "run", "--plugins", plugins.toString(), "--strategy", NAME,
                "--positive", DATA.resolve("shadowsocks.pcap").toString(),
                "--negative", DATA.resolve("tls2.pcap").toString(),
                "--client", "127.0.0.1", "--negative-client", "192.168.0.0/16",
                "--param", "require_handshake=false", "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(out.resolve("results.json")).content().contains("\"strategy\" : \"" + NAME + "\"",
                "\"config_description\" : \"flows with at least 8 payload segments judged\"");
        assertThat(out.resolve("results.csv")).isRegularFile();
        List<String> flagged = Files.readAllLines(out.resolve("flows.csv")).stream()
                .filter(l -> l.startsWith("negative,") && l.contains(",true,")).toList();
        String filter = Files.readString(out.resolve("wireshark-filter.txt")).strip();
        if (flagged.isEmpty()) {
            assertThat(filter).isEqualTo("frame.number == 0");
        } else {
            assertThat(filter.split(" \\|\\| ")).hasSize(flagged.size()).allMatch(t -> t.startsWith("(ip"));
        }
    }

    @Test
    @DisplayName("from --plugins JAR: the jar named directly is one plugin")
    void runsFromAPluginJar() throws Exception {
        ChildJvm list = ChildJvm.run(applicationClassPath(), "strategies", "--plugins", jar.toString());
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains(NAME + "\n", "in plugin " + jar);
    }

    @Test
    @DisplayName("--plugins naming a file that is not a jar is a user error of one line")
    void pluginPathNotAJar(@TempDir Path tmp) throws Exception {
        Path notes = Files.writeString(tmp.resolve("plugins.txt"), "not a plugin");
        StringWriter err = new StringWriter();
        int status = Main.execute(new ByteArrayOutputStream(), new PrintWriter(err, true), "strategies",
                "--plugins", notes.toString());
        assertThat(status).isEqualTo(Main.USAGE);
        assertThat(err.toString()).isEqualTo("covertmark: --plugins " + notes + ": neither a directory nor a .jar; "
                + "name a directory of plugins or a plugin's jar\n");
    }

    @Test
    @DisplayName("without it on the class path, the strategy is unknown")
    void unknownWithoutIt() throws Exception {
        ChildJvm c = ChildJvm.run(applicationClassPath(), "run", "--strategy", NAME,
                "--positive", DATA.resolve("shadowsocks.pcap").toString(), "--negative",
                DATA.resolve("tls2.pcap").toString());
        assertThat(c.status()).isEqualTo(2);
        assertThat(c.err()).startsWith("covertmark: no strategy named '" + NAME + "'");
    }

    @Test
    @DisplayName("--plugins naming a missing directory is a user error of one line")
    void missingPluginDirectory(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-plugins-here");
        StringWriter err = new StringWriter();
        int status = Main.execute(new ByteArrayOutputStream(), new PrintWriter(err, true), "strategies",
                "--plugins", missing.toString());
        assertThat(status).isEqualTo(Main.USAGE);
        assertThat(err.toString()).isEqualTo("covertmark: --plugins " + missing + ": no such directory or jar\n");
    }

    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
