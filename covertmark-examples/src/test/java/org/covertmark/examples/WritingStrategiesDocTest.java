package org.covertmark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Keeps docs/writing-strategies.md true: its Java listings are the test sources of
 * {@code com.example.censor} (which run with the build), its pom asks for this build's versions,
 * and its shell commands run.
 */
@DisplayName("docs/writing-strategies.md")
class WritingStrategiesDocTest {

    static final Path PAGE = Path.of("..", "docs", "writing-strategies.md");
    static final Path SOURCES = Path.of("src", "test", "java", "com", "example", "censor");
    static final Path TEST_CLASSES = Path.of("target", "test-classes");

    static String section() throws IOException {
        String page = Files.readString(PAGE);
        assertThat(page).as(PAGE + " is the page \"Writing a strategy\"").startsWith("# Writing a strategy\n");
        return page;
    }

    static List<String> listings(String language) throws IOException {
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section());
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The file from its second line on: the first says that the documentation shows it. */
    static String afterFirstLine(Path file) throws IOException {
        String text = Files.readString(file);
        return text.substring(text.indexOf('\n') + 1);
    }

    @Test
    @DisplayName("shows the strategy and its test exactly as the compiled test sources hold them")
    void javaListingsAreTheTestSources() throws IOException {
        assertThat(listings("java")).containsExactly(
                afterFirstLine(SOURCES.resolve("PayloadLengthStrategy.java")),
                afterFirstLine(SOURCES.resolve("PayloadLengthStrategyTest.java")));
    }

    @Test
    @DisplayName("gives a pom that asks for this build's versions of covertmark, JUnit, AssertJ, AutoService and the plugins")
    void pomVersionsAreThisBuilds() throws Exception {
        assertThat(listings("xml")).hasSize(1);
        Element pom = parse(listings("xml").get(0));
        Element root = parse(Files.readString(Path.of("..", "pom.xml")));
        Map<String, String> properties = properties(root);

        Map<String, String> ours = properties(pom);
        assertThat(ours.get("covertmark.version")).isEqualTo(text(root, "version"));
        assertThat(ours.get("maven.compiler.release")).isEqualTo(properties.get("maven.compiler.release"));

        Map<String, String[]> deps = new HashMap<>();
        for (Element d : children(child(pom, "dependencies"), "dependency")) {
            deps.put(text(d, "artifactId"), new String[] {resolve(text(d, "version"), ours), text(d, "scope")});
        }
        assertThat(deps).containsOnlyKeys("covertmark-api", "covertmark-testkit", "auto-service-annotations",
                "junit-jupiter", "assertj-core");
        assertThat(deps.get("covertmark-api")).containsExactly(text(root, "version"), null);
        assertThat(deps.get("covertmark-testkit")).containsExactly(text(root, "version"), "test");
        assertThat(deps.get("auto-service-annotations")).containsExactly(properties.get("auto-service.version"),
                "provided");
        assertThat(deps.get("junit-jupiter")).containsExactly(properties.get("junit.version"), "test");
        assertThat(deps.get("assertj-core")).containsExactly(properties.get("assertj.version"), "test");

        Map<String, Element> managed = plugins(child(child(root, "build"), "pluginManagement"));
        Map<String, Element> used = plugins(child(pom, "build"));
        assertThat(used).containsOnlyKeys("maven-compiler-plugin", "maven-surefire-plugin");
        for (String plugin : used.keySet()) {
            assertThat(text(used.get(plugin), "version")).as(plugin).isEqualTo(text(managed.get(plugin), "version"));
        }
        Element processor = children(child(child(used.get("maven-compiler-plugin"), "configuration"),
                "annotationProcessorPaths"), "path").get(0);
        assertThat(text(processor, "artifactId")).isEqualTo("auto-service");
        assertThat(text(processor, "version")).isEqualTo(properties.get("auto-service.version"));
    }

    @Test
    @DisplayName("runs its shell commands: the strategy's jar from a plugin directory, then on the class path")
    void shellCommandsRun(@TempDir Path tmp) throws Exception {
        Element pom = parse(listings("xml").get(0));
        String jarName = text(pom, "artifactId") + "-" + text(pom, "version") + ".jar";
        List<String> shell = listings("sh");
        assertThat(shell).hasSize(2);

        // What `mvn package` of the page's project makes: the two classes and AutoService's entry.
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path jar = plugins.resolve(jarName);
        writeJar(jar, "com/example/censor/PayloadLengthStrategy.class",
                "META-INF/services/org.covertmark.api.strategy.DetectionStrategy");
        assertThat(Files.readAllLines(TEST_CLASSES.resolve(
                "META-INF/services/org.covertmark.api.strategy.DetectionStrategy")))
                .contains("com.example.censor.PayloadLengthStrategy");

        List<String> first = commands(shell.get(0));
        assertThat(first).hasSize(3);
        assertThat(first.get(0)).isEqualTo("mkdir -p plugins && cp ../my-strategy/target/" + jarName + " plugins/");
        for (String command : first.subList(1, 3)) {
            List<String> words = Arrays.asList(command.split(" +"));
            assertThat(words.get(0)).isEqualTo("./covertmark");
            String[] args = words.subList(1, words.size()).stream().map(w -> localise(w, plugins, tmp))
                    .toArray(String[]::new);
            ChildJvm c = ChildJvm.run(ChildJvm.applicationClassPath(), args);
            assertThat(c.status()).as(command + "\n" + c.err()).isZero();
            if (words.get(1).equals("strategies")) {
                assertThat(c.out()).contains("payload-length\n", "--param min_length=1000",
                        "from com.example.censor.PayloadLengthStrategy in plugin " + jar);
            } else {
                Path out = tmp.resolve(words.get(words.indexOf("--out") + 1));
                assertThat(out.resolve("results.json")).content().contains("\"strategy\" : \"payload-length\"");
            }
        }

        List<String> second = commands(shell.get(1));
        assertThat(second).hasSize(1);
        List<String> words = Arrays.asList(second.get(0).split(" +"));
        assertThat(words.subList(0, 3)).containsExactly("java", "-cp",
                "covertmark-examples/target/covertmark.jar:plugins/" + jarName);
        assertThat(words.get(3)).isEqualTo("org.covertmark.examples.cli.Main");
        ChildJvm c = ChildJvm.run(ChildJvm.applicationClassPathWith(jar),
                words.subList(4, words.size()).toArray(String[]::new));
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(c.out()).contains("payload-length\n", "from com.example.censor.PayloadLengthStrategy in the class path");
    }

    /** A listing's commands, continuation lines joined. */
    static List<String> commands(String listing) {
        return Arrays.stream(listing.replace("\\\n", " ").split("\n")).map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
    }

    /** A word of a documented command as it must be from this module's directory and a temporary folder. */
    static String localise(String word, Path plugins, Path tmp) {
        if (word.equals("plugins")) {
            return plugins.toString();
        }
        if (word.startsWith("data/")) {
            return Path.of("..").resolve(word).toString();
        }
        if (word.startsWith("results/")) {
            return tmp.resolve(word).toString();
        }
        return word;
    }

    static void writeJar(Path jar, String... entries) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String e : entries) {
            files.add(TEST_CLASSES.resolve(e));
        }
        try (Stream<Path> nested = Files.list(TEST_CLASSES.resolve("com/example/censor"))) {
            nested.filter(f -> f.getFileName().toString().startsWith("PayloadLengthStrategy$")).forEach(files::add);
        }
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
            for (Path f : files) {
                String name = TEST_CLASSES.relativize(f).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(f);
                if (name.startsWith("META-INF/services/")) {
                    // The test class path registers other test strategies too; the page's jar holds only its own.
                    bytes = "com.example.censor.PayloadLengthStrategy\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                j.putNextEntry(new JarEntry(name));
                j.write(bytes);
                j.closeEntry();
            }
        }
    }

    static Element parse(String xml) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml)));
        return d.getDocumentElement();
    }

    static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        assertThat(c).as("<" + name + "> in <" + parent.getTagName() + ">").hasSize(1);
        return c.get(0);
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name)) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }

    static String text(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0).getTextContent().strip();
    }

    static Map<String, String> properties(Element project) {
        Map<String, String> out = new HashMap<>();
        NodeList nodes = child(project, "properties").getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.put(nodes.item(i).getNodeName(), nodes.item(i).getTextContent().strip());
            }
        }
        return out;
    }

    static Map<String, Element> plugins(Element build) {
        Map<String, Element> out = new HashMap<>();
        for (Element p : children(child(build, "plugins"), "plugin")) {
            out.put(text(p, "artifactId"), p);
        }
        return out;
    }

    static String resolve(String value, Map<String, String> properties) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        return m.matches() ? properties.get(m.group(1)) : value;
    }
}
