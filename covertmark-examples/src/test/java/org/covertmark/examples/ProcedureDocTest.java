package org.covertmark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.procedure.Procedure;
import org.covertmark.core.procedure.ProcedureRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The example procedure of docs/cli.md")
class ProcedureDocTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("is a valid procedure file whose captures exist, relative to the repository root")
    void parses() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "cli.md"));
        int section = page.indexOf("\n## `covertmark procedure`\n");
        assertThat(section).as("docs/cli.md has a section on covertmark procedure").isPositive();
        int start = page.indexOf("```json\n", section) + "```json\n".length();
        String json = page.substring(start, page.indexOf("```", start));
        Path file = dir.resolve("procedure.json");
        Files.writeString(file, json);

        Procedure p = Procedure.load(file);
        assertThat(p.runs()).hasSize(2);
        assertThat(p.runCount()).isEqualTo(3);
        assertThat(p.runs()).extracting(ProcedureRun::protocol).containsOnly("tls-browsing");
        for (ProcedureRun run : p.runs()) {
            RunSpec spec = run.spec(Path.of(".."), false);
            for (TraceSource s : new TraceSource[] {spec.positive(), spec.negative().orElseThrow(),
                    spec.recall().orElse(spec.positive())}) {
                if (s instanceof TraceSource.Capture c) {
                    assertThat(c.path()).isRegularFile();
                }
            }
        }
    }
}
