package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code covertmark capture} as CI runs it, as root, on the loopback interface: a TCP conversation the
 * test makes is recorded, and {@code covertmark packets} on the written file agrees with tshark on it;
 * Ctrl-C stops a capture with a complete file; without libpcap or without the right to capture it is
 * one line and exit 2.
 */
@DisplayName("covertmark capture")
class CaptureCommandTest {

    private static final Path ORACLE = Path.of("..", "tools", "tshark-oracle.sh");

    @TempDir
    Path dir;

    /** Runs the command in this JVM on a thread, its standard error readable while it runs. */
    private static final class Running {
        final StringWriter err = new StringWriter();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final CompletableFuture<Integer> status;

        Running(String... args) {
            PrintWriter w = new PrintWriter(err, true);
            status = CompletableFuture.supplyAsync(() -> Main.execute(out, w, args));
        }

        void awaitStarted() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!err.toString().contains(CaptureCommand.STARTED)) {
                assertThat(status.isDone()).as("capture ended before it started: " + err).isFalse();
                assertThat(System.nanoTime()).as("capture did not start: " + err).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        int await() throws Exception {
            return status.get(60, TimeUnit.SECONDS);
        }
    }

    /** A TCP conversation over loopback: connect, three exchanges echoed back, close. */
    private static void converse(ServerSocket server) throws IOException {
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] buf = new byte[64];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            c.setTcpNoDelay(true);
            for (int i = 0; i < 3; i++) {
                c.getOutputStream().write(("GET /" + i + " HTTP/1.1\r\nHost: lo\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                c.getOutputStream().flush();
                c.getInputStream().readNBytes(("GET /" + i + " HTTP/1.1\r\nHost: lo\r\n\r\n").length());
            }
        }
        echo.join();
    }

    @Test
    @DisplayName("records a loopback conversation into a pcapng file that packets reads as tshark does")
    void recordsLoopback() throws Exception {
        Path file = dir.resolve("lo.pcapng");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Running capture = new Running("capture", "--interface", "lo", "--filter", "tcp port " + server.getLocalPort(),
                    "--count", "12", "--duration", "30", "--write", file.toString());
            capture.awaitStarted();
            converse(server);
            assertThat(capture.await()).as(capture.err.toString()).isZero();
            assertThat(capture.err.toString()).contains("captured 12 frames on lo").contains("wrote " + file);
        }
        assertThat(file).exists();
        assertThat(dir.resolve("lo.pcapng.part")).doesNotExist();

        CliRun packets = CliRun.of("packets", file.toString());
        assertThat(packets.status()).isZero();
        List<Map<String, String>> ours = packets.tsv();
        assertThat(ours).hasSize(12);
        assertThat(ours).anySatisfy(r -> assertThat(r.get("http_method")).isEqualTo("GET"));

        Process p = new ProcessBuilder("bash", ORACLE.toString(), "--header", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String oracle = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("tshark (installed by .ci/run)").isZero();
        List<Map<String, String>> theirs = CliRun.parseTsv(oracle);
        assertThat(theirs).hasSize(12);
        String[][] columns = {{"time_us", "epoch_us"}, {"src", "src"}, {"dst", "dst"}, {"ip_len", "ip_len"},
            {"ttl", "ttl"}, {"proto", "proto"}, {"sport", "sport"}, {"dport", "dport"}, {"seq", "seq"},
            {"ack", "ack"}, {"flags", "tcp_flags"}, {"payload_len", "tcp_len"}, {"http_method", "http_method"},
            {"http_uri", "http_uri"}};
        for (int i = 0; i < 12; i++) {
            for (String[] c : columns) {
                assertThat(ours.get(i).get(c[0])).as("frame " + (i + 1) + " " + c[0])
                        .isEqualTo(theirs.get(i).get(c[1]));
            }
        }
    }

    @Test
    @DisplayName("stores a capture as a complete trace, printing its id")
    void storesATrace() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Running capture = new Running("capture", "--interface", "lo", "--filter", "tcp port " + server.getLocalPort(),
                    "--count", "6", "--duration", "30", "--store", "memory:");
            capture.awaitStarted();
            converse(server);
            assertThat(capture.await()).as(capture.err.toString()).isZero();
            assertThat(capture.out.toString(StandardCharsets.UTF_8).strip()).matches("\\d+");
            assertThat(capture.err.toString()).contains("captured 6 frames on lo").contains("stored 6 packets as trace");
        }
    }

    @Test
    @DisplayName("a wrong interface or filter: one line, exit 2")
    void badInterfaceOrFilter() {
        CliRun noSuch = CliRun.of("capture", "--interface", "nope0", "--count", "1", "--write", dir.resolve("x").toString());
        assertThat(noSuch.status()).isEqualTo(2);
        assertThat(noSuch.err().strip()).startsWith("covertmark: no interface named nope0; the interfaces are: ")
                .contains("lo").doesNotContain("\n");
        CliRun badFilter = CliRun.of("capture", "--interface", "lo", "--filter", "tcp port banana", "--count", "1",
                "--write", dir.resolve("y").toString());
        assertThat(badFilter.status()).isEqualTo(2);
        assertThat(badFilter.err().strip()).startsWith("covertmark: --filter 'tcp port banana' is not a valid capture filter")
                .doesNotContain("\n");
        assertThat(dir.resolve("x")).doesNotExist();
        assertThat(dir.resolve("y.part")).doesNotExist();
    }

    /** The test's class path, copied where any user may read it, for child JVMs run as another user. */
    private Path readableClassPath(Path into) throws IOException {
        Files.createDirectories(into);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = into.resolve(i++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                try (var files = Files.walk(from)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path target = to.resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(f, target);
                        }
                    }
                }
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        try (var files = Files.walk(into)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return Path.of(String.join(java.io.File.pathSeparator, entries));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String[] run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), out, err};
    }

    @Test
    @DisplayName("without libpcap, or without the right to capture: one line saying what is missing, exit 2")
    void withoutLibpcapOrPermission() throws Exception {
        Path shared = Files.createTempDirectory("covertmark-capture-test");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            String cp = readableClassPath(shared.resolve("cp")).toString();
            String[] noLibpcap = run(List.of(java(), "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap.so", "-cp", cp,
                    Main.class.getName(), "capture", "--interface", "lo", "--count", "1", "--write",
                    shared.resolve("a.pcapng").toString()));
            assertThat(noLibpcap[0]).as(noLibpcap[2]).isEqualTo("2");
            assertThat(noLibpcap[2].strip()).startsWith("covertmark: capture needs libpcap")
                    .contains("apt-get install libpcap").doesNotContain("\n").doesNotContain("Exception in");

            // as the unprivileged user nobody, with setpriv from util-linux
            String[] noPermission = run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", java(), "-cp", cp, Main.class.getName(), "capture", "--interface", "lo",
                    "--count", "1", "--write", shared.resolve("b.pcapng").toString()));
            assertThat(noPermission[0]).as(noPermission[2]).isEqualTo("2");
            assertThat(noPermission[2].strip()).startsWith("covertmark: no permission to capture on lo")
                    .contains("cap_net_raw").doesNotContain("\n");
            assertThat(shared.resolve("b.pcapng")).doesNotExist();
        } finally {
            try (var files = Files.walk(shared)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @DisplayName("Ctrl-C stops a capture with a complete file, exit 0")
    void ctrlC() throws Exception {
        Path file = dir.resolve("interrupted.pcapng");
        Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "capture", "--interface", "lo", "--write", file.toString()).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        InputStream in = p.getInputStream();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(log.toString().contains(CaptureCommand.STARTED) && log.toString().endsWith("\n"))
                && System.nanoTime() < deadline) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            log.append((char) b);
        }
        assertThat(log.toString()).contains(CaptureCommand.STARTED);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            converse(server);
        }
        // Ctrl-C is SIGINT; where this test runs with SIGINT ignored (a background job of a shell without job
        // control), the child cannot handle it and says so, and SIGTERM, handled the same way, stops it
        String signal = log.toString().contains("; Ctrl-C stops") ? "-INT" : "-TERM";
        assertThat(log.toString()).containsAnyOf("; Ctrl-C stops", "; SIGTERM stops");
        assertThat(new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor()).isZero();
        log.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log.toString()).isZero();
        assertThat(log.toString()).contains("wrote " + file);
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.toList()).hasSizeGreaterThanOrEqualTo(10);
        }
        assertThat(dir.resolve("interrupted.pcapng.part")).doesNotExist();
    }
}
