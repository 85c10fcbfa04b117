package org.covertmark.examples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.covertmark.examples.cli.Main;

/**
 * One run of the command-line application in a JVM of its own, as a user starts it: exit status,
 * standard output and standard error.
 *
 * @param status the exit status
 * @param out standard output
 * @param err standard error
 */
public record ChildJvm(int status, String out, String err) {

    private static final long TIMEOUT_SECONDS = 120;

    /** Runs {@code covertmark ARGS} with {@code classPath}, from this module's directory. */
    public static ChildJvm run(String classPath, String... args) throws IOException, InterruptedException {
        return run(List.of(), classPath, args);
    }

    /** Runs {@code covertmark ARGS} with {@code classPath} in a JVM with these options (such as {@code -Xmx64m}). */
    public static ChildJvm run(List<String> jvmOptions, String classPath, String... args)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("covertmark-child-");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classPath, Main.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                    .redirectError(dir.resolve("err").toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("covertmark " + String.join(" ", args) + " ran over "
                        + TIMEOUT_SECONDS + " s");
            }
            return new ChildJvm(p.exitValue(), Files.readString(dir.resolve("out")),
                    Files.readString(dir.resolve("err")));
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /**
     * The application's class path: this test JVM's (surefire gives the real one in
     * {@code java.class.path}) less this module's test classes, which hold strategies of their own.
     */
    public static String applicationClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isBlank() && !Path.of(e).endsWith(Path.of("target", "test-classes")))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The application's class path with {@code extra} after it. */
    public static String applicationClassPathWith(Path extra) {
        return applicationClassPath() + File.pathSeparator + extra;
    }
}
