package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.store.TraceStores;
import org.covertmark.examples.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code covertmark import} into a MongoDB store, in a JVM of its own, interrupted part way: by
 * Ctrl-C (SIGINT), which removes the incomplete trace, and by SIGKILL, which cannot, leaving a trace
 * that is listed as incomplete and never read. Either way no trace is marked complete.
 */
@DisplayName("covertmark import, interrupted")
class ImportInterruptedTest {

    /** Packets stored before the import is interrupted: well into it, far from its end. */
    private static final long STORED_BEFORE_SIGNAL = 2_000;

    @TempDir
    static Path dir;

    private static MongoServer server;
    private static String hostAndPort;
    private static Path capture;

    @BeforeAll
    static void startServerAndWriteCapture() {
        server = new MongoServer(new MemoryBackend());
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress a = server.getLocalAddress();
        hostAndPort = a.getHostString() + ":" + a.getPort();
        // About 95,000 packets: many seconds of importing into the in-process server.
        capture = dir.resolve("bench.pcap");
        StringWriter err = new StringWriter();
        int status = Main.execute(new ByteArrayOutputStream(), new PrintWriter(err, true), "bench", "--generate",
                capture.toString(), "--size", "64m");
        assertThat(status).as(err.toString()).isZero();
    }

    @AfterAll
    static void stopServer() {
        server.shutdownNow();
    }

    @Test
    @DisplayName("Ctrl-C: exit 130 and one line; the incomplete trace is removed and run refuses its id")
    void ctrlC() throws Exception {
        String database = "ctrl_c";
        String uri = "mongodb://" + hostAndPort + "/" + database;
        Interrupted r = importAndSignal(uri, database, "INT");

        assertThat(r.status).as(r.err).isEqualTo(130);
        assertThat(r.out).isEmpty();
        assertThat(r.err).doesNotContain("Exception", "\tat ").hasLineCount(1)
                .matches("covertmark: interrupted: the import of bench\\.pcap stopped after \\d+ packets; its "
                        + "incomplete trace '1' was removed from " + uri.replace(".", "\\.") + "\\n");
        try (TraceStore store = TraceStores.open(uri)) {
            assertThat(store.list()).isEmpty();
        }
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort)) {
            assertThat(client.getDatabase(database).listCollectionNames().into(new ArrayList<>()))
                    .doesNotContain("trace_1");
        }
        CliRun run = CliRun.of("run", "--strategy", "length-clustering", "--positive", "trace:1", "--negative",
                CliRun.PUBLIC.resolve("tls2.pcap").toString(), "--store", uri, "--out", dir.resolve("run").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("covertmark: no trace '1' in " + uri + " (list them with: covertmark traces)\n");
    }

    @Test
    @DisplayName("SIGKILL: the trace is left, listed as incomplete, refused by run, and removed by delete")
    void killed() throws Exception {
        String database = "killed";
        String uri = "mongodb://" + hostAndPort + "/" + database;
        Interrupted r = importAndSignal(uri, database, "KILL");

        assertThat(r.status).isEqualTo(137);
        try (TraceStore store = TraceStores.open(uri)) {
            assertThat(store.list()).singleElement().satisfies(t -> {
                assertThat(t.id()).isEqualTo("1");
                assertThat(t.complete()).isFalse();
            });
            assertThat(store.list()).noneMatch(StoredTrace::complete);
        }
        CliRun run = CliRun.of("run", "--strategy", "length-clustering", "--positive", "trace:1", "--negative",
                CliRun.PUBLIC.resolve("tls2.pcap").toString(), "--store", uri, "--out", dir.resolve("run").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("covertmark: trace '1' in " + uri + " is incomplete: its import did not "
                + "finish, so it is never read (remove it with: covertmark delete 1)\n");
        assertThat(dir.resolve("run")).doesNotExist();
        assertThat(CliRun.of("delete", "1", "--store", uri).status()).isZero();
        try (TraceStore store = TraceStores.open(uri)) {
            assertThat(store.list()).isEmpty();
        }
    }

    private record Interrupted(int status, String out, String err) {
    }

    /**
     * Starts {@code covertmark import} of the capture in a JVM of its own, sends it {@code signal}
     * once it has stored {@link #STORED_BEFORE_SIGNAL} packets, and waits for it to end.
     */
    private static Interrupted importAndSignal(String uri, String database, String signal) throws Exception {
        Path out = dir.resolve(database + ".out");
        Path err = dir.resolve(database + ".err");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ChildJvm.applicationClassPath(), Main.class.getName(), "import", capture.toString(),
                "--store", uri);
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort)) {
            MongoDatabase db = client.getDatabase(database);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                assertThat(p.isAlive()).as("the import ended before it could be interrupted: %s",
                        Files.exists(err) ? Files.readString(err) : "").isTrue();
                assertThat(System.nanoTime()).as("the import never got under way").isLessThan(deadline);
                Document pending = db.getCollection("traces").find(Filters.eq("status", "importing")).first();
                if (pending != null && db.getCollection("trace_" + pending.getString("_id")).countDocuments()
                        >= STORED_BEFORE_SIGNAL) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("covertmark import did not end within 60 s of SIG" + signal);
        }
        return new Interrupted(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
