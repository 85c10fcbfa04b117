package org.covertmark.core.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.score.ProtocolSummary;
import org.covertmark.core.store.TraceStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Running a procedure")
class ProcedureRunnerTest {

    static final Path DATA = Path.of("..", "data", "public");
    static final List<Subnet> TLS2_CLIENTS = List.of(Subnet.parse("192.168.0.17"),
            Subnet.parse("2601:647:4b02:1d20::/64"));
    static final List<Subnet> MANY_CLIENT = List.of(Subnet.parse("10.0.0.1"));

    @TempDir
    Path dir;

    TraceStore store;
    StrategyRegistry registry;

    @BeforeEach
    void open() {
        store = TraceStores.open("memory:");
        registry = TestStrategies.registry(dir.resolve("plugins"), TestStrategies.ToPort.class,
                TestStrategies.Throwing.class, TestStrategies.OutOfMemory.class, TestStrategies.Recursing.class,
                TestStrategies.PositiveOnly.class);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A run of {@code strategy} on tls2.pcap against many-protocols.pcap, paths relative to the data folder. */
    static ProcedureRun tlsRun(String strategy) {
        return ProcedureRun.of(strategy, "tls2.pcap").withProtocol("tls").withNegative("many-protocols.pcap")
                .withAddresses(TLS2_CLIENTS, List.of()).withOtherClients(MANY_CLIENT, List.of());
    }

    static Procedure procedure(ProcedureRun... runs) {
        return Procedure.of(DATA, List.of(runs));
    }

    /** Notes what the listener hears. */
    static final class Heard implements ProcedureListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void started(int index, int total, ProcedureRun run, boolean reversed) {
            events.add("started " + index + "/" + total + " " + run.strategy() + (reversed ? " reversed" : ""));
        }

        @Override
        public void finished(RunOutcome outcome) {
            events.add("finished " + outcome.summaryLine());
        }
    }

    @Test
    @DisplayName("runs every run in order; one whose strategy throws fails alone and the summary shows it")
    void failureIsolated() {
        Heard heard = new Heard();
        ProcedureResult r = ProcedureRunner.run(procedure(tlsRun("test-throwing"),
                tlsRun("test-port-443").withReverse(ProcedureRun.Reverse.BOTH)), store, registry, heard);

        assertThat(r.outcomes()).extracting(RunOutcome::index).containsExactly(1, 2, 3);
        assertThat(r.outcomes()).extracting(RunOutcome::entry).containsExactly(1, 2, 2);
        assertThat(r.outcomes()).extracting(RunOutcome::folderName).containsExactly(
                "01-test-throwing-client-to-server", "02-test-port-443-client-to-server",
                "03-test-port-443-server-to-client");
        RunOutcome failed = r.outcomes().get(0);
        assertThat(failed.failed()).isTrue();
        assertThat(failed.error()).contains("IllegalStateException: deliberate failure in the positive run");
        assertThat(r.outcomes().subList(1, 3)).noneMatch(RunOutcome::failed);
        assertThat(r.failures()).containsExactly(failed);
        assertThat(r.allSucceeded()).isFalse();

        assertThat(heard.events).hasSize(6);
        assertThat(heard.events.get(0)).isEqualTo("started 1/3 test-throwing");
        assertThat(heard.events.get(1)).isEqualTo("finished [1/3] tls: test-throwing client-to-server: FAILED: "
                + "IllegalStateException: deliberate failure in the positive run");
        assertThat(heard.events.get(2)).isEqualTo("started 2/3 test-port-443");
        assertThat(heard.events.get(3)).startsWith("finished [2/3] tls: test-port-443 client-to-server: score ");
        assertThat(heard.events.get(4)).isEqualTo("started 3/3 test-port-443 reversed");

        ProtocolSummary s = r.summary();
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.entries()).extracting(ProtocolSummary.Entry::failed).containsExactly(true, false, false);
        assertThat(s.entries().get(0).error()).isEqualTo(failed.error());
        RunResult forward = r.outcomes().get(1).result().orElseThrow();
        RunResult backward = r.outcomes().get(2).result().orElseThrow();
        RunResult higher = backward.verdict().pointScore() > forward.verdict().pointScore() ? backward : forward;
        assertThat(s.verdict("tls")).get().satisfies(v -> {
            assertThat(v.pointScore()).isEqualTo(higher.verdict().pointScore());
            assertThat(v.score()).isEqualTo(higher.verdict().score());
            assertThat(v.direction()).isEqualTo(higher.direction());
            assertThat(v.strategy()).isEqualTo("test-port-443");
        });
        assertThat(s.toText()).contains("FAILED: IllegalStateException: deliberate failure in the positive run");
        assertThat(store.list()).as("no trace is left behind").isEmpty();
    }

    @Test
    @DisplayName("records an OutOfMemoryError or a StackOverflowError as a failed run, and goes on")
    void errors() {
        ProcedureResult r = ProcedureRunner.run(procedure(tlsRun("test-out-of-memory"),
                tlsRun("test-stack-overflow"), tlsRun("test-port-443")), store, registry, ProcedureListener.NONE);
        assertThat(r.outcomes().get(0).error()).get().asString().startsWith("OutOfMemoryError");
        assertThat(r.outcomes().get(1).error()).contains("StackOverflowError");
        assertThat(r.outcomes().get(2).failed()).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    @DisplayName("gives each run the result a direct evaluation of the same spec gives")
    void sameAsDirect() {
        ProcedureRun run = tlsRun("test-port-443").withParams(Map.of("port", "80")).withSeed(5);
        ProcedureResult r = ProcedureRunner.run(procedure(run), store, registry, ProcedureListener.NONE);
        RunResult direct = Evaluation.run(new TestStrategies.ToPort(), run.spec(DATA, false), store);
        RunResult viaProcedure = r.outcomes().get(0).result().orElseThrow();
        assertThat(untimed(viaProcedure)).isEqualTo(untimed(direct));
        assertThat(viaProcedure.flows()).isEqualTo(direct.flows());
        assertThat(viaProcedure.trials()).isEqualTo(direct.trials());
        assertThat(viaProcedure.spec()).isEqualTo(direct.spec());
        assertThat(viaProcedure.spec().parameters()).containsEntry("port", "80");
    }

    /** The records with their times left out, the one thing that may differ between identical runs. */
    static List<RunResult.ConfigRecord> untimed(RunResult r) {
        return r.records().stream().map(c -> new RunResult.ConfigRecord(c.config(), c.description(), c.selection(),
                c.test(), 0, c.configPenalty())).toList();
    }

    @Test
    @DisplayName("writes each run's folder, then summary.json, summary.txt and one report.html of every run")
    void files() throws Exception {
        ProcedureResult r = ProcedureRunner.run(procedure(tlsRun("test-throwing"),
                tlsRun("test-port-443").withReverse(ProcedureRun.Reverse.BOTH),
                ProcedureRun.of("test-positive-only", "shadowsocks.pcap").withAddresses(
                        List.of(Subnet.parse("127.0.0.1")), List.of())), store, registry, ProcedureListener.NONE);
        Path out = dir.resolve("out");
        ProcedureFiles.write(r, out);

        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "01-test-throwing-client-to-server", "02-test-port-443-client-to-server",
                    "03-test-port-443-server-to-client", "04-test-positive-only-client-to-server", "report.html",
                    "summary.json", "summary.txt");
        }
        assertThat(out.resolve("01-test-throwing-client-to-server/error.txt")).hasContent(
                "IllegalStateException: deliberate failure in the positive run");
        for (String run : List.of("02-test-port-443-client-to-server", "03-test-port-443-server-to-client")) {
            assertThat(out.resolve(run)).isDirectoryContaining("glob:**/results.csv")
                    .isDirectoryContaining("glob:**/results.json").isDirectoryContaining("glob:**/report.html")
                    .isDirectoryContaining("glob:**/wireshark-filter.txt");
        }

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("runs").asInt()).isEqualTo(4);
        assertThat(summary.get("runs_failed").asInt()).isEqualTo(1);
        assertThat(summary.get("protocols")).hasSize(2);
        JsonNode tls = summary.get("protocols").get(0);
        assertThat(tls.get("protocol").asText()).isEqualTo("tls");
        assertThat(tls.get("verdict").get("strategy").asText()).isEqualTo("test-port-443");
        assertThat(tls.get("runs")).hasSize(3);
        assertThat(tls.get("runs").get(0).get("error").asText()).startsWith("IllegalStateException");
        assertThat(tls.get("runs").get(0).get("score").isNull()).isTrue();
        assertThat(tls.get("runs").get(1).get("index").asInt()).isEqualTo(2);
        JsonNode shadowsocks = summary.get("protocols").get(1);
        assertThat(shadowsocks.get("protocol").asText()).isEqualTo("shadowsocks");
        assertThat(shadowsocks.get("runs").get(0).get("index").asInt()).isEqualTo(4);

        assertThat(out.resolve("summary.txt")).content().contains("tls", "shadowsocks", "FAILED",
                ProtocolSummary.VERDICT_RULE);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Which strategy detects which protocol", "Verdict per protocol",
                "deliberate failure in the positive run",
                "2. tls: test-port-443 — client-to-server", "3. tls: test-port-443 — server-to-client",
                "4. shadowsocks: test-positive-only — client-to-server");
    }

    @Test
    @DisplayName("checks every run before running any, naming the run and the field at fault")
    void checkedFirst() throws Exception {
        StoredTrace stored = TraceStores.importCapture(store, DATA.resolve("tls2.pcap"), InputFilter.all(), "tls2");
        Heard heard = new Heard();
        record Case(ProcedureRun second, String message) {
        }
        List<Case> cases = List.of(
                new Case(tlsRun("test-port-44"), "run 2: \"strategy\": no strategy named 'test-port-44'; "
                        + "did you mean test-port-443? available: test-out-of-memory, test-port-443, "
                        + "test-positive-only, test-stack-overflow, test-throwing"),
                new Case(ProcedureRun.of("test-port-443", "tls2.pcap"), "run 2: \"negative\" is required: "
                        + "strategy test-port-443 needs a trace of ordinary traffic"),
                new Case(tlsRun("test-port-443").withNegative("no-such.pcap"), "run 2: \"negative\": "
                        + DATA.resolve("no-such.pcap") + ": no such file (paths are relative to the procedure "
                        + "file's folder)"),
                new Case(tlsRun("test-port-443").withRecall("trace:99"), "run 2: \"recall\": no trace '99' in memory:"),
                new Case(tlsRun("test-port-443").withParams(Map.of("prot", "80")), "run 2: \"params\": strategy "
                        + "test-port-443 has no parameter 'prot'; did you mean port? it takes port"),
                new Case(tlsRun("test-port-443").withParams(Map.of("port", "70000")), "run 2: \"params\": parameter "
                        + "port='70000' is not a valid value; expected integer in [0, 65535]"));
        for (Case c : cases) {
            Procedure p = procedure(tlsRun("test-port-443"), c.second());
            assertThatThrownBy(() -> ProcedureRunner.run(p, store, registry, heard))
                    .isInstanceOf(ProcedureException.class).hasMessageStartingWith("procedure: " + c.message());
        }
        assertThat(heard.events).as("nothing ran").isEmpty();
        assertThat(store.list()).containsExactly(stored);

        ProcedureResult fromStore = ProcedureRunner.run(procedure(tlsRun("test-port-443").withReverse(
                ProcedureRun.Reverse.YES).withRecall("trace:" + stored.id())), store, registry, heard);
        assertThat(fromStore.allSucceeded()).isTrue();
        assertThat(store.list()).as("the stored trace is kept").containsExactly(stored);
    }

    @Test
    @DisplayName("names the procedure file in the messages of a loaded procedure")
    void fileNamed() throws Exception {
        Path f = dir.resolve("procedure.json");
        Files.writeString(f, "{\"runs\": [{\"strategy\": \"test-port-443\", \"positive\": \"missing.pcap\"}]}");
        Procedure p = Procedure.load(f);
        assertThatThrownBy(() -> ProcedureRunner.check(p, store, registry)).isInstanceOf(ProcedureException.class)
                .hasMessageStartingWith(f + ": run 1: \"negative\" is required");
    }
}
