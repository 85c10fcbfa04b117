package org.covertmark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.covertmark.examples.DocumentationExamplesTest.Block;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code covertmark run} example of the README and of docs/cli.md: its command runs, and prints
 * the lines the page shows (in that order; a line {@code …} stands for lines left out).
 */
@DisplayName("The documented covertmark run")
class RunExampleDocTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"README.md", "docs/cli.md"})
    @DisplayName("prints what the page shows")
    void printsWhatThePageShows(String page, @TempDir Path tmp) throws Exception {
        Path file = DocumentationExamplesTest.ROOT.resolve(page);
        List<Block> blocks = DocumentationExamplesTest.blocks(Path.of(page), Files.readString(file));
        int run = -1;
        for (int i = 0; i < blocks.size() - 1; i++) {
            if (blocks.get(i).language().equals("sh") && blocks.get(i).text().startsWith("./covertmark run ")
                    && blocks.get(i + 1).language().equals("text")) {
                assertThat(run).as(page + " shows one covertmark run with its output").isNegative();
                run = i;
            }
        }
        assertThat(run).as(page + " shows a covertmark run with its output").isNotNegative();

        List<String> words = Arrays.asList(blocks.get(run).text().replace("\\\n", " ").strip().split(" +"));
        assertThat(words.subList(0, 2)).containsExactly("./covertmark", "run");
        String out = words.get(words.indexOf("--out") + 1);
        Path outDir = tmp.resolve(out);
        String[] args = words.subList(1, words.size()).stream()
                .map(w -> w.equals(out) ? outDir.toString()
                        : w.startsWith("data/") || w.startsWith("covertmark-examples/")
                                ? DocumentationExamplesTest.ROOT.resolve(w).toString() : w)
                .toArray(String[]::new);
        ChildJvm c = ChildJvm.run(ChildJvm.applicationClassPath(), args);
        assertThat(c.status()).as(c.err()).isZero();

        List<String> printed = c.out().lines().map(String::stripTrailing).toList();
        List<String> shown = blocks.get(run + 1).text().lines().map(String::stripTrailing)
                .map(l -> l.replace(out, outDir.toString())).toList();
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (String line : shown) {
            if (line.equals("…")) {
                continue;
            }
            int found = printed.subList(at, printed.size()).indexOf(line);
            if (found < 0) {
                missing.add(line);
            } else {
                at += found + 1;
            }
        }
        assertThat(missing).as(page + ": lines shown but not printed (in order); it printed:\n" + c.out()).isEmpty();
        assertThat(Stream.of("results.json", "flows.csv", "results.csv", "wireshark-filter.txt", "report.html"))
                .allMatch(f -> Files.isRegularFile(outDir.resolve(f)));
    }
}
