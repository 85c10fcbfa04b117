package org.covertmark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation's examples compiled and its links whole: every {@code ```java} block of
 * README.md and of docs/**&#47;*.md is in a test source of the repository (compared with runs of
 * white space made one space), so a test compiles and runs it; and every relative link of those pages
 * leads to a file that exists, and to a heading of it when it names one ({@code #anchor}, as GitHub
 * makes anchors from headings).
 */
@DisplayName("The documentation")
class DocumentationExamplesTest {

    /** The repository's root, from this module's directory. */
    static final Path ROOT = Path.of("..");

    private static List<Path> pages;
    private static List<String> testSources;

    @BeforeAll
    static void read() throws IOException {
        pages = pages(ROOT);
        testSources = testSources(ROOT);
    }

    @Test
    @DisplayName("has pages: the README and docs/**/*.md")
    void hasPages() {
        assertThat(pages).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/cli.md"),
                ROOT.resolve("docs/method.md"), ROOT.resolve("docs/design/measurement-engine.md"));
        assertThat(testSources).hasSizeGreaterThan(100);
    }

    @Test
    @DisplayName("shows only Java that a test source of the repository holds, so that it is compiled and run")
    void everyJavaBlockIsInATestSource() throws IOException {
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (Path page : pages) {
            String text = Files.readString(page);
            blocks += javaBlocks(ROOT.relativize(page), text).size();
            problems.addAll(javaBlockProblems(ROOT.relativize(page), text, testSources));
        }
        assertThat(blocks).as("Java blocks in the documentation").isGreaterThanOrEqualTo(5);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    @DisplayName("links only to files that exist, and to headings that exist in them")
    void everyRelativeLinkResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            String text = Files.readString(page);
            links += links(text).size();
            problems.addAll(linkProblems(ROOT, page, text));
        }
        assertThat(links).as("links in the documentation").isGreaterThan(50);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Nested
    @DisplayName("checks that fail")
    class ChecksThatFail {

        @Test
        @DisplayName("on a Java block that differs from every test source, naming the page, the line and the block")
        void onAModifiedBlock() throws IOException {
            String readme = Files.readString(ROOT.resolve("README.md"));
            List<Block> blocks = javaBlocks(Path.of("README.md"), readme);
            assertThat(blocks).isNotEmpty();
            Block first = blocks.get(0);
            assertThat(javaBlockProblems(Path.of("README.md"), readme, testSources)).isEmpty();

            String changed = first.text().replaceFirst("\\(", "( /* changed */ ");
            String modified = readme.replace(first.text(), changed);
            assertThat(modified).isNotEqualTo(readme);
            List<String> problems = javaBlockProblems(Path.of("README.md"), modified, testSources);
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).startsWith("README.md:" + first.line() + ": ")
                    .contains(changed.strip().lines().findFirst().orElseThrow());
        }

        @Test
        @DisplayName("on a link to a missing file or heading, naming the page and the line")
        void onABrokenLink() {
            Path page = ROOT.resolve("docs/example.md");
            String text = """
                    # Example

                    [the guide](library.md) and [a heading](cli.md#covertmark-run) resolve;
                    [a missing page](no-such-page.md), [a missing
                    heading](cli.md#no-such-heading) and [one here](#nowhere) do not.

                    ```sh
                    echo "[not a link](inside-a-code-block.md)"
                    ```
                    `[nor this](inside-code.md)`, nor <https://example.org/elsewhere.md>.
                    """;
            List<String> problems = linkProblems(ROOT, page, text);
            assertThat(problems).hasSize(3);
            assertThat(problems.get(0)).startsWith("docs/example.md:4: ").contains("no-such-page.md");
            assertThat(problems.get(1)).startsWith("docs/example.md:4: ").contains("#no-such-heading");
            assertThat(problems.get(2)).startsWith("docs/example.md:5: ").contains("#nowhere");
        }

        @Test
        @DisplayName("with GitHub's anchors: lower case, punctuation dropped, spaces made hyphens, repeats numbered")
        void slugs() {
            assertThat(anchors("""
                    # Title
                    ## `covertmark packets`
                    ## Stored traces: `import`, `traces`, `delete`
                    ## What differs from the original, and why
                    ### Tests
                    ### Tests
                    ```
                    # not a heading
                    ```
                    """)).containsExactly("title", "covertmark-packets", "stored-traces-import-traces-delete",
                    "what-differs-from-the-original-and-why", "tests", "tests-1");
        }
    }

    /** A fenced code block: its page, the line of its opening fence, its language and its text. */
    record Block(Path page, int line, String language, String text) {
    }

    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w+-]*)\\s*$");

    /** README.md and every Markdown file under docs, in order. */
    static List<Path> pages(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** The text of every Java test source of every module, white space made single spaces. */
    static List<String> testSources(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().replace('\\', '/').contains("/src/test/java/"))
                    .filter(p -> !p.toString().replace('\\', '/').contains("/target/"))
                    .sorted().map(p -> {
                        try {
                            return normalise(Files.readString(p));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        }
    }

    static String normalise(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** Every fenced code block of a page. */
    static List<Block> blocks(Path page, String text) {
        List<Block> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.length && !lines[i].strip().equals("```"); i++) {
                body.append(lines[i]).append('\n');
            }
            out.add(new Block(page, start + 1, open.group(1), body.toString()));
        }
        return out;
    }

    static List<Block> javaBlocks(Path page, String text) {
        return blocks(page, text).stream().filter(b -> b.language().equals("java")).toList();
    }

    /** One line per Java block of the page that no test source holds. */
    static List<String> javaBlockProblems(Path page, String text, List<String> sources) {
        List<String> problems = new ArrayList<>();
        for (Block b : javaBlocks(page, text)) {
            String wanted = normalise(b.text());
            if (sources.stream().noneMatch(s -> s.contains(wanted))) {
                String shown = b.text().lines().limit(3).collect(Collectors.joining("\n    ", "    ", ""));
                problems.add(page.toString().replace('\\', '/') + ":" + b.line()
                        + ": this ```java block is in no test source (*/src/test/java), so no test compiles or runs it:\n"
                        + shown + "\n    …");
            }
        }
        return problems;
    }

    /** A link of a page: the line it starts on, its text and its target. */
    record Link(int line, String text, String target) {
    }

    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]*)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /** The page's text with code blocks and code spans blanked out, lines kept where they were. */
    static String prose(String text) {
        String[] lines = text.split("\n", -1);
        boolean inBlock = false;
        for (int i = 0; i < lines.length; i++) {
            boolean fence = FENCE.matcher(lines[i]).matches() || (inBlock && lines[i].strip().equals("```"));
            if (fence || inBlock) {
                if (fence) {
                    inBlock = !inBlock;
                }
                lines[i] = "";
            }
        }
        String joined = String.join("\n", lines);
        Matcher code = Pattern.compile("`[^`]*`").matcher(joined);
        StringBuilder out = new StringBuilder();
        while (code.find()) {
            code.appendReplacement(out, code.group().replaceAll("[^\n]", "x"));
        }
        code.appendTail(out);
        return out.toString();
    }

    static List<Link> links(String text) {
        String prose = prose(text);
        List<Link> out = new ArrayList<>();
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            int line = (int) prose.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            out.add(new Link(line, m.group(1).replaceAll("\\s+", " "), m.group(2)));
        }
        return out;
    }

    /** One line per relative link of the page whose file or heading does not exist. */
    static List<String> linkProblems(Path root, Path page, String text) {
        List<String> problems = new ArrayList<>();
        String name = root.relativize(page).toString().replace('\\', '/');
        Map<Path, Set<String>> anchorsOf = new HashMap<>();
        for (Link link : links(text)) {
            String target = link.target();
            if (target.isEmpty() || SCHEME.matcher(target).find()) {
                continue;
            }
            int hash = target.indexOf('#');
            String file = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            String where = name + ":" + link.line() + ": [" + link.text() + "](" + target + ")";
            if (!file.isEmpty() && !Files.exists(resolved)) {
                problems.add(where + " leads to " + root.relativize(resolved).toString().replace('\\', '/')
                        + ", which does not exist");
                continue;
            }
            if (anchor == null) {
                continue;
            }
            if (!resolved.toString().endsWith(".md")) {
                problems.add(where + " names a heading in a file that is not Markdown");
                continue;
            }
            Set<String> anchors = anchorsOf.computeIfAbsent(resolved, p -> {
                try {
                    return anchors(p.equals(page) ? text : Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!anchors.contains(anchor)) {
                problems.add(where + " names a heading '#" + anchor + "' that "
                        + (file.isEmpty() ? "this page" : file) + " does not have; it has: " + anchors);
            }
        }
        return problems;
    }

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    /** The anchors GitHub gives the headings of a page, in order. */
    static Set<String> anchors(String text) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = text.split("\n", -1);
        boolean inBlock = false;
        for (String line : lines) {
            if (FENCE.matcher(line).matches() || (inBlock && line.strip().equals("```"))) {
                inBlock = !inBlock;
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (inBlock || !h.matches()) {
                continue;
            }
            String slug = slug(h.group(1));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            out.add(n == 0 ? slug : slug + "-" + n);
        }
        return out;
    }

    /** GitHub's anchor of a heading: its text as shown, in lower case, without punctuation, spaces made hyphens. */
    static String slug(String heading) {
        String shown = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        return shown.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }
}
