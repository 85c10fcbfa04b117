package org.covertmark.examples.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, run headless on local files: screenshots and the DOM after the page loaded.
 * Tests that need it fail, never skip, when it is missing: {@code .ci/run} installs it.
 */
final class Chromium {

    /** The page width every run lays pages out at, so that a screenshot matches the DOM's coordinates. */
    static final int WIDTH = 1400;

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path binary;
    private final Path work;

    private Chromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /**
     * Finds the browser: the system property {@code covertmark.chromium}, else the first of
     * chromium, chromium-browser and google-chrome on the PATH.
     *
     * @throws AssertionError naming what to install when none is found
     */
    static Chromium find(Path work) {
        String given = System.getProperty("covertmark.chromium");
        if (given != null && !given.isBlank()) {
            return new Chromium(Path.of(given), work);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return new Chromium(p, work);
                }
            }
        }
        throw new AssertionError("no headless browser found: the report test needs Debian's chromium "
                + "(apt-get install chromium; .ci/run installs it) or -Dcovertmark.chromium=PATH");
    }

    /** The result of one browser run. */
    record Run(int status, String out, String err) {
    }

    /** The page's DOM after its load event, as chromium's --dump-dom prints it. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        Run r = run(page, 3000, "--dump-dom");
        if (r.status() != 0 || r.out().isBlank()) {
            throw new AssertionError("chromium --dump-dom failed with status " + r.status() + ":\n" + r.err());
        }
        return r.out();
    }

    /** A screenshot of the page's top {@code height} pixels at {@link #WIDTH} pixels wide. */
    Path screenshot(Path page, int height, Path png) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        Run r = run(page, height, "--screenshot=" + png.toAbsolutePath());
        if (r.status() != 0 || !Files.isRegularFile(png)) {
            throw new AssertionError("chromium --screenshot failed with status " + r.status() + ":\n" + r.err());
        }
        return png;
    }

    private Run run(Path page, int height, String action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + height,
                action, page.toAbsolutePath().toUri().toString()));
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish within 90 s: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
