package org.covertmark.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Checks of the capture lab's scripts that need neither root nor a network. */
class CaptureLabScriptTest {

    static final Path LAB = Path.of("capture-lab");

    record Result(int status, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 30 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void runScriptParses() throws Exception {
        assumeTrue(onPath("bash"), "bash is not installed");
        Result r = run(List.of("bash", "-n", LAB.resolve("run.sh").toString()));
        assertThat(r.output()).isEmpty();
        assertThat(r.status()).isZero();
    }

    @Test
    void runScriptExplainsItselfWithoutRoot() throws Exception {
        assumeTrue(onPath("bash"), "bash is not installed");
        Result r = run(List.of("bash", LAB.resolve("run.sh").toString(), "--help"));
        assertThat(r.status()).isZero();
        assertThat(r.output()).contains("--seed", "--out", "--duration");
        Result bad = run(List.of("bash", LAB.resolve("run.sh").toString(), "--duration", "5"));
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.output()).contains("--duration must be");
    }

    @Test
    void scriptsAreExecutable() {
        assertThat(LAB.resolve("run.sh")).isExecutable();
        assertThat(LAB.resolve("lab.py")).isExecutable();
    }

    @Test
    void labHelperParses() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed");
        Result r = run(List.of("python3", "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
                LAB.resolve("lab.py").toString()));
        assertThat(r.output()).isEmpty();
        assertThat(r.status()).isZero();
    }
}
