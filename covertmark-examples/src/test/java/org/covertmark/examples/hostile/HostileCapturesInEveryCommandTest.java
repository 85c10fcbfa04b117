package org.covertmark.examples.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.covertmark.examples.cli.Main;
import org.covertmark.examples.hostile.HostileCapturesTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The malformed captures of {@link MalformedCaptures} through {@code features}, {@code import} and
 * {@code run} (as the positive and the negative trace in turn), beside
 * {@code packets}: each command ends with exit status 0 or 2 in bounded time, without a stack trace;
 * a failure is one line naming the file and nothing else, and on success every command reports the
 * packets it skipped in the same words as {@code packets}.
 */
class HostileCapturesInEveryCommandTest {

    /** Ordinary traffic for the runs: a small public capture. */
    private static final String OTHER = MalformedCaptures.PUBLIC.resolve("tor.pcap").toString();

    @TempDir
    static Path dir;

    static List<Path> captures;

    @BeforeAll
    static void write() {
        captures = MalformedCaptures.write(dir);
    }

    @TestFactory
    Stream<DynamicTest> everyCommandAgreesWithPackets() {
        return captures.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String file = p.toString();
            Run packets = within(10, "packets", file);
            check(p, "packets", packets);
            List<String> skipped = skipLines(packets);

            Run features = within(10, "features", file, "--client", "0.0.0.0/0", "--client", "::/0");
            check(p, "features", features);
            assertEquals(packets.status(), features.status(), "features and packets: " + features.err());
            if (features.status() == 0) {
                List<String> extra = new ArrayList<>(skipLines(features));
                assertTrue(extra.containsAll(skipped), "features: " + features.err());
                extra.removeAll(skipped);
                for (String line : extra) {
                    assertTrue(line.contains(": time stamp more than "), "features: " + line);
                }
            }

            Run imported = within(10, "import", file, "--store", "memory:", "--quiet");
            check(p, "import", imported);
            assertEquals(packets.status(), imported.status(), "import and packets: " + imported.err());
            if (imported.status() == 0) {
                assertEquals(skipped, skipLines(imported), "import: " + imported.err());
            }

            int index = captures.indexOf(p);
            boolean positive = index % 2 == 0;
            Path out = dir.resolve("run-" + index);
            Run run = within(60, "run", "--strategy", "length-clustering", "--quiet",
                    "--positive", positive ? file : OTHER, "--negative", positive ? OTHER : file,
                    "--out", out.toString());
            check(p, "run", run);
            assertEquals(packets.status(), run.status(), "run and packets: " + run.err());
            if (run.status() == 0) {
                assertEquals(skipped, skipLines(run), "run: " + run.err());
                // results.json keeps, per capture read, every reason packets were skipped for.
                JsonNode reasons = new ObjectMapper().readTree(out.resolve("results.json").toFile())
                        .get("inputs").get("captures").get(positive ? "positive" : "negative").get("skipped");
                for (String line : skipped) {
                    String reason = line.substring(line.indexOf(" packet") + 1).replaceFirst("^packets?: ", "");
                    long count = Long.parseLong(line.replaceFirst(".*: skipped (\\d+) packets?: .*", "$1"));
                    assertEquals(count, reasons.path(reason).asLong(-1), "results.json: " + reasons);
                }
            } else {
                assertFalse(Files.exists(out), "a failed run left " + out);
            }
        }));
    }

    private static Run within(int seconds, String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(seconds), () -> Run.of(args));
    }

    /** Exit 0 or 2, no stack trace; on 2 a single line naming the file; on 0 only skip summaries and logs. */
    private static void check(Path file, String command, Run run) {
        String what = file.getFileName() + " (" + command + "): exit " + run.status() + ", stderr: " + run.err();
        assertTrue(run.status() == 0 || run.status() == Main.USAGE, what);
        assertFalse(run.err().contains("Exception"), what);
        assertFalse(run.err().contains("\tat "), what);
        assertFalse(run.err().contains("internal error"), what);
        if (run.status() == Main.USAGE) {
            assertEquals(1, run.err().lines().count(), what);
            assertTrue(run.err().startsWith("covertmark: " + file + ": "), what);
            return;
        }
        for (String line : run.err().lines().toList()) {
            assertTrue(line.startsWith("covertmark: " + file + ": skipped ")
                    || line.startsWith("covertmark: " + file + ": read ")
                    || line.startsWith("covertmark: " + OTHER + ": skipped ") || line.startsWith("WARN ")
                    || line.startsWith("covertmark: stored ") || line.startsWith("covertmark: note: "),
                    what + "; line: " + line);
        }
    }

    /** The skip summaries of the capture under test, not of the other capture a run reads. */
    private static List<String> skipLines(Run run) {
        return run.err().lines().filter(l -> l.contains(": skipped ") && !l.startsWith("covertmark: " + OTHER + ":"))
                .toList();
    }
}
