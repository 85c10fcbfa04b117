package org.covertmark.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import, traces, run on trace:ID, packets and features on trace:ID, and delete, against a MongoDB
 * wire-protocol server started in this JVM.
 */
@DisplayName("covertmark with a mongodb:// store")
class MongoStoreCommandsTest {

    private static final String TOR = CliRun.PUBLIC.resolve("tor.pcap").toString();
    private static final String TLS2 = CliRun.PUBLIC.resolve("tls2.pcap").toString();

    private static MongoServer server;
    private static String hostAndPort;

    @BeforeAll
    static void startServer() {
        server = new MongoServer(new MemoryBackend());
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress a = server.getLocalAddress();
        hostAndPort = a.getHostString() + ":" + a.getPort();
    }

    @AfterAll
    static void stopServer() {
        server.shutdownNow();
    }

    private static String store(String database) {
        return "mongodb://" + hostAndPort + "/" + database;
    }

    @Test
    @DisplayName("import prints the id; traces lists; run, packets and features reuse trace:ID; delete removes it")
    void importListRunDelete(@TempDir Path tmp) throws IOException {
        String store = store("cli_roundtrip");

        CliRun tor = CliRun.of("import", TOR, "--description", "tor sample", "--store", store);
        assertThat(tor.status()).as(tor.err()).isZero();
        assertThat(tor.out()).isEqualTo("1\n");
        assertThat(tor.err()).startsWith("covertmark: stored 349 packets of tor.pcap as trace 1 in " + store + " (");
        CliRun https = CliRun.of("import", TLS2, "--client", "192.168.0.17", "--store", store);
        assertThat(https.status()).as(https.err()).isZero();
        assertThat(https.out()).isEqualTo("2\n");

        CliRun traces = CliRun.of("traces", "--store", store);
        assertThat(traces.status()).isZero();
        List<Map<String, String>> rows = traces.tsv();
        assertThat(rows).extracting(r -> r.get("id")).containsExactly("1", "2");
        assertThat(rows).extracting(r -> r.get("status")).containsOnly("complete");
        assertThat(rows).extracting(r -> r.get("description")).containsExactly("tor sample", "tls2.pcap");
        assertThat(rows).extracting(r -> r.get("packets")).containsExactly("349", "3011");

        // The stored trace gives the same rows as the capture, without parsing it.
        CliRun fromStore = CliRun.of("packets", "trace:1", "--store", store);
        assertThat(fromStore.status()).isZero();
        assertThat(fromStore.out()).isEqualTo(CliRun.of("packets", TOR).out());
        CliRun featuresFromStore = CliRun.of("features", "trace:2", "--client", "192.168.0.17", "--store", store);
        assertThat(featuresFromStore.status()).isZero();
        assertThat(featuresFromStore.out()).isEqualTo(CliRun.of("features", TLS2, "--client", "192.168.0.17").out());

        // A strategy run on the stored traces gives the records of a run on the captures.
        String[] common = {"run", "--strategy", "length-clustering", "--client", "192.168.1.252",
            "--negative-client", "192.168.0.17"};
        CliRun stored = CliRun.of(concat(common, "--positive", "trace:1", "--negative", "trace:2", "--store", store,
                "--out", tmp.resolve("stored").toString()));
        assertThat(stored.status()).as(stored.err()).isZero();
        CliRun parsed = CliRun.of(concat(common, "--positive", TOR, "--negative", TLS2,
                "--out", tmp.resolve("parsed").toString()));
        assertThat(parsed.status()).as(parsed.err()).isZero();
        assertThat(rates(tmp.resolve("stored"))).isEqualTo(rates(tmp.resolve("parsed"))).isNotEmpty();
        assertThat(stored.out().lines().findFirst()).isEqualTo(parsed.out().lines().findFirst());

        CliRun delete = CliRun.of("delete", "1", "--store", store);
        assertThat(delete.status()).isZero();
        assertThat(delete.out()).isEqualTo("deleted trace 1\n");
        assertThat(CliRun.of("traces", "--store", store).tsv()).extracting(r -> r.get("id")).containsExactly("2");
        CliRun again = CliRun.of("delete", "1", "--store", store);
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("covertmark: no trace '1' in " + store
                + " (list them with: covertmark traces)\n");
        CliRun gone = CliRun.of(concat(common, "--positive", "trace:1", "--negative", "trace:2", "--store", store,
                "--out", tmp.resolve("gone").toString()));
        assertThat(gone.status()).isEqualTo(2);
        assertThat(gone.err()).isEqualTo("covertmark: no trace '1' in " + store
                + " (list them with: covertmark traces)\n");
    }

    @Test
    @DisplayName("an import that never finished is listed as INCOMPLETE, refused by run, and removed by delete")
    void incompleteTrace(@TempDir Path tmp) {
        String store = store("cli_incomplete");
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort)) {
            // What an import leaves when its process is killed: metadata still 'importing', some packets.
            client.getDatabase("cli_incomplete").getCollection("traces").insertOne(new Document("_id", "7")
                    .append("seq", 7L).append("description", "killed").append("created", new Date())
                    .append("input_filter", List.of()).append("source", "big.pcap").append("source_bytes", 1000L)
                    .append("packets", 0L).append("status", "importing"));
            client.getDatabase("cli_incomplete").getCollection("trace_7").insertOne(new Document("_id", 0L));
        }

        CliRun traces = CliRun.of("traces", "--store", store);
        assertThat(traces.tsv()).singleElement().satisfies(r -> {
            assertThat(r.get("id")).isEqualTo("7");
            assertThat(r.get("status")).isEqualTo("INCOMPLETE");
        });
        CliRun run = CliRun.of("run", "--strategy", "length-clustering", "--positive", "trace:7", "--negative", TLS2,
                "--store", store, "--out", tmp.resolve("x").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("covertmark: trace '7' in " + store + " is incomplete: its import did not "
                + "finish, so it is never read (remove it with: covertmark delete 7)\n");
        assertThat(CliRun.of("packets", "trace:7", "--store", store).status()).isEqualTo(2);

        assertThat(CliRun.of("delete", "7", "--store", store).status()).isZero();
        assertThat(CliRun.of("traces", "--store", store).tsv()).isEmpty();
    }

    @Test
    @DisplayName("an unreachable server: exit 2 and one line naming host and port, never the password")
    void unreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String hostPort = "127.0.0.1:" + port;
        for (String[] args : List.of(new String[] {"traces"}, new String[] {"delete", "3"},
                new String[] {"import", TOR}, new String[] {"packets", "trace:3"})) {
            CliRun r = CliRun.of(concat(args, "--store", "mongodb://alice:s3cretpass@" + hostPort + "/db"));

            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).isEqualTo("covertmark: cannot open mongodb://alice@" + hostPort
                    + "/db: cannot reach MongoDB at " + hostPort + ": Connection refused\n");
        }
    }

    @Test
    @DisplayName("import needs --store and an existing capture")
    void importMistakes() {
        CliRun noStore = CliRun.of("import", TOR);
        assertThat(noStore.status()).isEqualTo(2);
        assertThat(noStore.err()).contains("Missing required option: '--store=URI'");

        CliRun missing = CliRun.of("import", "no-such.pcap", "--store", store("cli_mistakes"));
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("covertmark: ").contains("no-such.pcap").hasLineCount(1);
        assertThat(CliRun.of("traces", "--store", store("cli_mistakes")).tsv()).isEmpty();
    }

    /** Each record's configuration and rates, without the timings. */
    private static List<String> rates(Path folder) throws IOException {
        JsonNode json = new ObjectMapper().readTree(folder.resolve("results.json").toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode r : json.get("records")) {
            out.add(r.get("config") + " tpr=" + r.get("tpr") + " fpr=" + r.get("fpr") + " block=" + r.get("block_rate"));
        }
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
