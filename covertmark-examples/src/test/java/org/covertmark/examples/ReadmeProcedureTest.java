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

@DisplayName("The README's example procedure")
class ReadmeProcedureTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("is a valid procedure file whose captures exist, relative to the repository root")
    void parses() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("\n## Procedures");
        int start = readme.indexOf("```json\n", section) + "```json\n".length();
        String json = readme.substring(start, readme.indexOf("```", start));
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
