package org.covertmark.examples.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.covertmark.examples.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code covertmark packets} on every malformed capture of {@link MalformedCaptures}: it either
 * prints what it can (exit 0) or reports the fault in one line naming the file (exit 2), in bounded
 * time, and never shows a stack trace or an internal error.
 */
class HostileCapturesTest {

    @TempDir
    static Path dir;

    static List<Path> captures;

    @BeforeAll
    static void write() {
        captures = MalformedCaptures.write(dir);
    }

    @Test
    void thereAreEnoughMalformedCaptures() {
        assertTrue(captures.size() >= 70, "only " + captures.size() + " malformed captures");
        assertEquals(captures.size(), captures.stream().distinct().count());
    }

    @Test
    void theCapturesAreTheSameEveryRun() {
        var first = MalformedCaptures.handmade();
        var second = MalformedCaptures.handmade();
        assertEquals(first.keySet(), second.keySet());
        first.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, second.get(name)), name));
        var m1 = MalformedCaptures.mutated(20, 7);
        var m2 = MalformedCaptures.mutated(20, 7);
        assertEquals(m1.keySet(), m2.keySet());
    }

    @TestFactory
    Stream<DynamicTest> packetsExitsCleanlyOnEveryMalformedCapture() {
        return captures.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            for (String format : new String[] {"tsv", "jsonl"}) {
                Run run = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> Run.of("packets", p.toString(), "--format", format));
                check(p, format, run);
            }
        }));
    }

    private static void check(Path file, String format, Run run) {
        String what = file.getFileName() + " (" + format + "): exit " + run.status + ", stderr: " + run.err;
        assertTrue(run.status == 0 || run.status == Main.USAGE, what);
        assertFalse(run.err.contains("Exception"), what);
        assertFalse(run.err.contains("\tat "), what);
        assertFalse(run.err.contains("internal error"), what);
        if (run.status == Main.USAGE) {
            // The failure alone, in one line: no skip summary before it.
            assertEquals(1, run.err.lines().count(), what);
            assertTrue(run.err.startsWith("covertmark: " + file + ": "), what);
        } else {
            for (String line : run.err.lines().toList()) {
                assertTrue(line.startsWith("covertmark: " + file + ": skipped ")
                        || line.startsWith("covertmark: " + file + ": read "), what);
            }
        }
        if (format.equals("tsv")) {
            if (run.out.isEmpty()) {
                assertEquals(Main.USAGE, run.status, what);
                return;
            }
            assertTrue(run.out.endsWith("\n"), what);
            String[] lines = run.out.split("\n");
            int columns = lines[0].split("\t", -1).length;
            assertTrue(columns > 10, what);
            for (String line : lines) {
                assertEquals(columns, line.split("\t", -1).length, what + "; row: " + line);
            }
        } else {
            for (String line : run.out.split("\n")) {
                if (!line.isEmpty()) {
                    assertTrue(line.startsWith("{") && line.endsWith("}"), what + "; row: " + line);
                }
            }
        }
    }

    record Run(int status, String out, String err) {
        static Run of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringWriter err = new StringWriter();
            int status = Main.execute(out, new PrintWriter(err, true), args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString());
        }
    }
}
