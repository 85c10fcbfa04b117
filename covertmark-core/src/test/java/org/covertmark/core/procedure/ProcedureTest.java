package org.covertmark.core.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.covertmark.api.net.Subnet;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A procedure file")
class ProcedureTest {

    @TempDir
    Path dir;

    Path write(String name, String json) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, json);
        return f;
    }

    static final String FULL = """
            {
              "description": "two protocols against ordinary traffic",
              "runs": [
                {
                  "strategy": "test-port-443",
                  "protocol": "tls",
                  "positive": "captures/tls2.pcap",
                  "negative": "trace:7",
                  "recall": "/data/recall.pcap",
                  "client": ["192.168.0.17", "2601:647:4b02:1d20::/64"],
                  "server": "96.6.132.113",
                  "negative_client": ["10.0.0.1"],
                  "recall_client": ["10.9.0.0/16"],
                  "reverse": "both",
                  "params": {"port": 443, "threshold": 0.25, "scale": 1e3, "mode": "guess", "strict": true},
                  "seed": 42,
                  "trials": 3
                },
                {"strategy": "test-throwing", "positive": "shadowsocks.pcap", "reverse": true}
              ]
            }
            """;

    @Nested
    @DisplayName("is read")
    class Reading {

        @Test
        @DisplayName("with every field of a run, in order")
        void everyField() throws Exception {
            Procedure p = Procedure.load(write("procedure.json", FULL));
            assertThat(p.description()).contains("two protocols against ordinary traffic");
            assertThat(p.runs()).hasSize(2);
            assertThat(p.runCount()).as("\"both\" counts twice").isEqualTo(3);

            ProcedureRun r = p.runs().get(0);
            assertThat(r.strategy()).isEqualTo("test-port-443");
            assertThat(r.protocol()).isEqualTo("tls");
            assertThat(r.positive()).isEqualTo("captures/tls2.pcap");
            assertThat(r.negative()).contains("trace:7");
            assertThat(r.recall()).contains("/data/recall.pcap");
            assertThat(r.client()).containsExactly(Subnet.parse("192.168.0.17"),
                    Subnet.parse("2601:647:4b02:1d20::/64"));
            assertThat(r.server()).as("a single string is a list of one").containsExactly(Subnet.parse("96.6.132.113"));
            assertThat(r.negativeClient()).containsExactly(Subnet.parse("10.0.0.1"));
            assertThat(r.recallClient()).containsExactly(Subnet.parse("10.9.0.0/16"));
            assertThat(r.reverse()).isEqualTo(ProcedureRun.Reverse.BOTH);
            assertThat(r.params()).containsExactly(Map.entry("port", "443"), Map.entry("threshold", "0.25"),
                    Map.entry("scale", "1000"), Map.entry("mode", "guess"), Map.entry("strict", "true"));
            assertThat(r.seed()).isEqualTo(42);
            assertThat(r.trials()).isEqualTo(3);
            assertThat(r.spec(Path.of("."), false).trials()).isEqualTo(3);
        }

        @Test
        @DisplayName("with defaults: protocol from the positive file's name, no reverse, seed 1")
        void defaults() throws Exception {
            ProcedureRun r = Procedure.load(write("procedure.json", FULL)).runs().get(1);
            assertThat(r.protocol()).isEqualTo("shadowsocks");
            assertThat(r.negative()).isEmpty();
            assertThat(r.client()).isEmpty();
            assertThat(r.reverse()).isEqualTo(ProcedureRun.Reverse.YES);
            assertThat(r.params()).isEmpty();
            assertThat(r.seed()).isEqualTo(RunSpec.DEFAULT_SEED);
            assertThat(r.trials()).isEqualTo(RunSpec.DEFAULT_TRIALS);
        }

        @Test
        @DisplayName("with capture paths relative to its own folder, absolute paths and trace:ID kept")
        void relativePaths() throws Exception {
            Path file = write("sub/procedure.json", FULL);
            Procedure p = Procedure.load(file);
            RunSpec spec = p.runs().get(0).spec(p.folder(), true);
            assertThat(spec.positive()).isEqualTo(new TraceSource.Capture(dir.resolve("sub/captures/tls2.pcap")));
            assertThat(spec.negative()).contains(new TraceSource.Stored("7"));
            assertThat(spec.recall()).contains(new TraceSource.Capture(Path.of("/data/recall.pcap")));
            assertThat(spec.reversed()).isTrue();
            assertThat(spec.seed()).isEqualTo(42);
            assertThat(spec.parameters()).containsEntry("port", "443");
        }
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("not JSON", "{\"runs\": [", "procedure.json: line 1, column 11: not valid JSON: "),
                Arguments.of("empty", "", "procedure.json: the file is empty"),
                Arguments.of("an array", "[]", "procedure.json: must hold a JSON object with a \"runs\" array, not an array"),
                Arguments.of("trailing text", "{\"runs\": [{\"strategy\": \"s\", \"positive\": \"p\"}]} x",
                        "procedure.json: line 1, column 49: not valid JSON: Unrecognized token 'x'"),
                Arguments.of("duplicate field", "{\"runs\": [{\"strategy\": \"s\", \"strategy\": \"t\"}]}",
                        "procedure.json: line 1, column 39: not valid JSON: Duplicate field 'strategy'"),
                Arguments.of("no runs", "{\"description\": \"x\"}",
                        "procedure.json: \"runs\" must be a non-empty array of runs, and it is missing"),
                Arguments.of("empty runs", "{\"runs\": []}", "procedure.json: \"runs\" must be a non-empty array of runs"),
                Arguments.of("unknown top field", "{\"rns\": []}",
                        "procedure.json: unknown field \"rns\"; did you mean \"runs\"? a procedure's fields are: description, runs"),
                Arguments.of("run not an object", runs("3"), "procedure.json: run 3: must be a JSON object, not 3"),
                Arguments.of("no strategy", runs("{\"positive\": \"p.pcap\"}"),
                        "procedure.json: run 3: \"strategy\" is required: the name of a strategy"),
                Arguments.of("empty strategy", runs("{\"strategy\": \" \", \"positive\": \"p.pcap\"}"),
                        "procedure.json: run 3: \"strategy\" must be a non-empty string"),
                Arguments.of("no positive", runs("{\"strategy\": \"s\"}"),
                        "procedure.json: run 3: \"positive\" is required: the protocol's capture file or trace:ID"),
                Arguments.of("numeric negative", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"negative\": 4}"),
                        "procedure.json: run 3: \"negative\" must be a non-empty string"),
                Arguments.of("empty trace id", runs("{\"strategy\": \"s\", \"positive\": \"trace:\"}"),
                        "procedure.json: run 3: \"positive\": 'trace:' names no trace; write trace:ID"),
                Arguments.of("misspelt field", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"revers\": true}"),
                        "procedure.json: run 3: unknown field \"revers\"; did you mean \"reverse\"? a run's fields are: "
                                + "strategy, protocol, positive, negative, recall, client, server, negative_client, "
                                + "recall_client, reverse, params, seed"),
                Arguments.of("bad reverse", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"reverse\": \"yes\"}"),
                        "procedure.json: run 3: \"reverse\" must be true, false or \"both\", not \"yes\""),
                Arguments.of("bad subnet", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"client\": [\"10.0.0.1\", \"10.0.0.300\"]}"),
                        "procedure.json: run 3: \"client\"[2]: '10.0.0.300' is not an IP address or subnet"),
                Arguments.of("subnet not a string", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"server\": [7]}"),
                        "procedure.json: run 3: \"server\"[1]: must be a string such as \"10.0.0.0/24\", not 7"),
                Arguments.of("subnets an object", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"negative_client\": {}}"),
                        "procedure.json: run 3: \"negative_client\" must be a list of IP addresses or subnets"),
                Arguments.of("params an array", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"params\": [1]}"),
                        "procedure.json: run 3: \"params\" must be an object of parameter names and values"),
                Arguments.of("param a list", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"params\": {\"k\": [1]}}"),
                        "procedure.json: run 3: \"params\": \"k\" must be a number, a string or true/false, not an array"),
                Arguments.of("seed a decimal", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"seed\": 1.5}"),
                        "procedure.json: run 3: \"seed\" must be an integer (a 64-bit one), not 1.5"),
                Arguments.of("seed too large", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"seed\": 99999999999999999999}"),
                        "procedure.json: run 3: \"seed\" must be an integer"),
                Arguments.of("no trial", runs("{\"strategy\": \"s\", \"positive\": \"p\", \"trials\": 0}"),
                        "procedure.json: run 3: \"trials\" must be a whole number from 1 to 1000, not 0"));
    }

    /** A procedure whose third run is {@code third}. */
    static String runs(String third) {
        return "{\"runs\": [{\"strategy\": \"a\", \"positive\": \"a.pcap\"}, {\"strategy\": \"b\", \"positive\": "
                + "\"b.pcap\"}, " + third + "]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    @DisplayName("with a fault is refused in one line naming the file, the run and the field")
    void faults(String what, String json, String message) throws Exception {
        Path f = write("procedure.json", json);
        assertThatThrownBy(() -> Procedure.load(f)).isInstanceOf(ProcedureException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .startsWith(f + ": ")
                        .contains(message.substring("procedure.json: ".length())));
    }

    @Test
    @DisplayName("that is missing, or not UTF-8, is refused in one line naming it")
    void unreadable() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> Procedure.load(missing)).isInstanceOf(ProcedureException.class)
                .hasMessage(missing + ": no such file");
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, "{\"description\": \"caf\u00e9\", \"runs\": []}".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Procedure.load(latin1)).isInstanceOf(ProcedureException.class)
                .hasMessageStartingWith(latin1 + ": ");
        assertThatThrownBy(() -> Procedure.load(dir)).isInstanceOf(ProcedureException.class)
                .hasMessageStartingWith(dir + ": ");
    }

    @Nested
    @DisplayName("is saved")
    class Saving {

        @Test
        @DisplayName("so that loading it again gives an equal procedure")
        void roundTrip() throws Exception {
            Procedure p = Procedure.load(write("procedure.json", FULL));
            Path copy = dir.resolve("copy.json");
            p.save(copy);
            Procedure again = Procedure.load(copy);
            assertThat(again).isEqualTo(p);
            assertThat(again.runs()).isEqualTo(p.runs());
            assertThat(again.description()).isEqualTo(p.description());

            Path twice = dir.resolve("twice.json");
            again.save(twice);
            assertThat(Files.readString(twice)).as("saving is stable").isEqualTo(Files.readString(copy));
        }

        @Test
        @DisplayName("with numbers and true/false as JSON values, other text as strings")
        void paramTypes() throws Exception {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("int", "40");
            params.put("decimal", "0.5");
            params.put("flag", "false");
            params.put("text", "only");
            params.put("zero_padded", "007");
            params.put("spaced", " 1");
            Procedure p = Procedure.of(dir, List.of(ProcedureRun.of("test-port-443", "tls2.pcap").withParams(params)));
            Path f = dir.resolve("p.json");
            p.save(f);
            String json = Files.readString(f);
            assertThat(json).contains("\"int\" : 40", "\"decimal\" : 0.5", "\"flag\" : false", "\"text\" : \"only\"",
                    "\"zero_padded\" : \"007\"", "\"spaced\" : \" 1\"");
            assertThat(Procedure.load(f)).isEqualTo(p);
        }

        @Test
        @DisplayName("elsewhere, with relative capture paths rewritten to name the same files")
        void elsewhere() throws Exception {
            Procedure p = Procedure.load(write("a/procedure.json", FULL));
            Path moved = dir.resolve("b/c/moved.json");
            p.save(moved);
            Procedure q = Procedure.load(moved);
            assertThat(q.runs().get(0).positive()).isEqualTo("../../a/captures/tls2.pcap");
            assertThat(q.runs().get(0).negative()).contains("trace:7");
            assertThat(q.runs().get(0).recall()).contains("/data/recall.pcap");
            assertThat(q.runs().get(0).spec(q.folder(), false).positive())
                    .isEqualTo(new TraceSource.Capture(dir.resolve("b/c/../../a/captures/tls2.pcap")));
            assertThat(((TraceSource.Capture) q.runs().get(0).spec(q.folder(), false).positive()).path().normalize())
                    .isEqualTo(dir.resolve("a/captures/tls2.pcap").normalize());
        }

        @Test
        @DisplayName("with every seed replaced by withSeed")
        void withSeed() throws Exception {
            Procedure p = Procedure.load(write("procedure.json", FULL)).withSeed(9);
            assertThat(p.runs()).extracting(ProcedureRun::seed).containsOnly(9L);
            assertThat(p.runs().get(0).negative()).isEqualTo(Optional.of("trace:7"));
        }
    }
}
