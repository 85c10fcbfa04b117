package org.covertmark.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.api.strategy.Unit;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The protocol summary")
class ProtocolSummaryTest {

    /**
     * A result of {@code strategy} with one configuration, named after the strategy, whose connection
     * and host rates on the test part are {@code tpr} = flagged/10, {@code fpr} = flagged/100 and a
     * block rate of flagged/20, and the verdict given.
     */
    static RunResult result(String strategy, boolean reversed, RunResult.Verdict verdict, int tp, int fp, int blocked) {
        Config config = Config.of(strategy);
        Map<String, UnitRates> units = new LinkedHashMap<>();
        units.put(Measurement.FLOW, new UnitRates(new Count(tp, 10, 10, Map.of()), new Count(fp, 100, 100, Map.of())));
        units.put(Measurement.HOST, new UnitRates(new Count(tp == 0 ? 0 : 1, 1, 1, Map.of()),
                new Count(blocked, 20, 20, Map.of())));
        Measurement m = new Measurement(units);
        RunSpec spec = RunSpec.builder(new TraceSource.Capture(Path.of("p.pcap"))).reversed(reversed).build();
        return new RunResult(strategy, "", List.of("name"), spec, InputMode.CLIENT_TO_SERVER, Unit.FLOW,
                List.of(new RunResult.ConfigRecord(config, strategy, m, m, 1.0, 0)), verdict, List.of(), Map.of(),
                Optional.empty(), List.of(), "frame.number == 0", List.of(), Map.of(), Map.of(), Map.of(), 0, "test");
    }

    static RunResult.Verdict conclusive(double score, boolean chosen, String strategy) {
        return new RunResult.Verdict(OptionalDouble.of(score), Scoring.band(score),
                chosen ? Optional.of(Config.of(strategy)) : Optional.empty(), score, score, score, score);
    }

    static final RunResult PERFECT = result("perfect", false, conclusive(100, true, "perfect"), 10, 0, 0);
    static final RunResult GOOD = result("good", true, conclusive(88.54, true, "good"), 10, 3, 0);
    static final RunResult USELESS = result("useless", false, conclusive(0, false, "useless"), 1, 50, 10);
    /** Scores 95 at its point rates, but its intervals span two bands. */
    static final RunResult UNSURE = result("unsure", false, new RunResult.Verdict(OptionalDouble.empty(),
            "inconclusive: the test rates' 95 % intervals allow scores from 64.1 (not very effective) to 100.0 "
                    + "(very effective, easily deployed)", Optional.of(Config.of("unsure")), 64.1, 100, 95, 95),
            10, 0, 0);
    /** Not measured: no score at all. */
    static final RunResult UNMEASURED = result("unmeasured", false, new RunResult.Verdict(OptionalDouble.empty(),
            "not measured: no negative trace", Optional.empty(), Double.NaN, Double.NaN, Double.NaN, Double.NaN),
            10, 0, 0);

    ProtocolSummary summary() {
        return ProtocolSummary.builder()
                .add("obfs4", GOOD)
                .add("meek", USELESS)
                .addFailure("obfs4", "broken", "client-to-server", "IllegalStateException: boom")
                .add("obfs4", PERFECT)
                .addFailure("snowflake", "broken", "server-to-client", "OutOfMemoryError: Java heap space")
                .build();
    }

    @Test
    @DisplayName("gives each protocol the highest score of its runs, with the strategy and direction")
    void verdicts() {
        ProtocolSummary s = summary();
        assertThat(s.protocols()).containsExactly("obfs4", "meek", "snowflake");
        assertThat(s.verdict("obfs4")).contains(new ProtocolSummary.Verdict("obfs4", "perfect", "client-to-server",
                OptionalDouble.of(100), 100, "very effective, easily deployed", "very effective, easily deployed"));
        assertThat(s.verdict("meek")).contains(new ProtocolSummary.Verdict("meek", "useless", "client-to-server",
                OptionalDouble.of(0), 0, "not very effective", "not very effective"));
        assertThat(s.verdict("snowflake")).as("every run failed").isEmpty();
        assertThat(s.verdict("unknown")).isEmpty();
        assertThat(s.entries("obfs4")).extracting(ProtocolSummary.Entry::strategy)
                .containsExactly("good", "broken", "perfect");
        assertThat(s.failures()).isEqualTo(2);
    }

    @Test
    @DisplayName("takes the first of two equal scores, and leaves failed runs out of the verdict")
    void ties() {
        ProtocolSummary s = ProtocolSummary.builder().add("p", GOOD)
                .addFailure("p", "broken", "client-to-server", "x")
                .add("p", result("again", false, conclusive(88.54, true, "again"), 10, 3, 0))
                .build();
        assertThat(s.verdict("p")).get().extracting(ProtocolSummary.Verdict::strategy).isEqualTo("good");
        assertThat(s.verdict("p").get().band()).isEqualTo("reasonably effective, deployable with some difficulty");
    }

    @Test
    @DisplayName("is written as text: verdicts, the rule, then every run with its score or error")
    void text() {
        String text = summary().toText();
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).matches("protocol +verdict +strategy +direction +band");
        assertThat(lines.get(1)).matches("obfs4 +100\\.00 +perfect +client-to-server +very effective, easily deployed");
        assertThat(lines.get(2)).matches("meek +0\\.00 +useless +client-to-server +not very effective");
        assertThat(lines.get(3)).matches("snowflake +- +- +- +no verdict: every run failed or measured nothing");
        assertThat(lines.get(4)).isEqualTo("(" + ProtocolSummary.VERDICT_RULE + ")");
        assertThat(lines.get(6)).matches(" *# +protocol +strategy +direction +connections: TPR +FPR +hosts blocked "
                + "+trials: score +score +band");
        // each row: the chosen configuration's rates per connection with counts and intervals, the trials' range
        assertThat(lines.get(7)).matches(" *1 +obfs4 +good +server-to-client +\\d+(\\.\\d+)?% \\d+/\\d+ \\[[^]]+\\] +.*"
                + " +\\d+\\.\\d–\\d+\\.\\d +\\d+\\.\\d\\d +reasonably effective.*");
        assertThat(lines.get(9)).matches(" *3 +obfs4 +broken +client-to-server +(- +)+FAILED: IllegalStateException: boom");
        assertThat(lines).as("two tables and the note under each").hasSize(13);
        assertThat(lines.get(12)).startsWith("(rates of the configuration chosen on the selection part");
    }

    @Test
    @DisplayName("is written as JSON: per protocol its verdict and its runs, numbered in run order")
    void json() throws Exception {
        StringWriter w = new StringWriter();
        summary().writeJson(w);
        JsonNode j = new ObjectMapper().readTree(w.toString());
        assertThat(j.get("verdict_rule").asText()).isEqualTo(ProtocolSummary.VERDICT_RULE);
        assertThat(j.get("runs").asInt()).isEqualTo(5);
        assertThat(j.get("runs_failed").asInt()).isEqualTo(2);
        JsonNode obfs4 = j.get("protocols").get(0);
        assertThat(obfs4.get("protocol").asText()).isEqualTo("obfs4");
        assertThat(obfs4.get("verdict").get("strategy").asText()).isEqualTo("perfect");
        assertThat(obfs4.get("verdict").get("score").asDouble()).isEqualTo(100);
        assertThat(obfs4.get("runs")).extracting(r -> r.get("index").asInt()).containsExactly(1, 3, 4);
        JsonNode failed = obfs4.get("runs").get(1);
        assertThat(failed.get("error").asText()).isEqualTo("IllegalStateException: boom");
        assertThat(failed.get("score").isNull()).isTrue();
        JsonNode good = obfs4.get("runs").get(0);
        assertThat(good.get("direction").asText()).isEqualTo("server-to-client");
        assertThat(good.get("best_config").asText()).isEqualTo("good");
        assertThat(good.get("flow_tpr").asDouble()).isEqualTo(1.0);
        assertThat(good.get("flow_fpr").asDouble()).isEqualTo(0.03);
        assertThat(good.get("host_fpr").asDouble()).isEqualTo(0.0);
        JsonNode meek = j.get("protocols").get(1);
        assertThat(meek.get("runs").get(0).get("best_config").isNull()).as("no configuration was chosen").isTrue();
        assertThat(meek.get("runs").get(0).get("flow_fpr").isNull()).isTrue();
        assertThat(j.get("protocols").get(2).get("verdict").isNull()).isTrue();
    }

    @Test
    @DisplayName("an inconclusive run with the highest point score gives the verdict, without a score and saying why")
    void inconclusive() {
        ProtocolSummary s = ProtocolSummary.builder().add("p", GOOD).add("p", UNSURE).add("p", UNMEASURED).build();
        ProtocolSummary.Verdict v = s.verdict("p").orElseThrow();
        assertThat(v.strategy()).isEqualTo("unsure");
        assertThat(v.score()).isEmpty();
        assertThat(v.pointScore()).isEqualTo(95);
        assertThat(v.band()).startsWith("inconclusive: ");
        assertThat(s.toText().lines().toList().get(1))
                .matches("p +- +unsure +client-to-server +inconclusive \\(\\d+\\.\\d–\\d+\\.\\d\\)");
    }

    @Test
    @DisplayName("a protocol whose runs measured nothing has no verdict")
    void unmeasured() {
        ProtocolSummary s = ProtocolSummary.builder().add("p", UNMEASURED).build();
        assertThat(s.verdict("p")).isEmpty();
        assertThat(s.entries("p").get(0).band()).contains("not measured: no negative trace");
    }

    @Test
    @DisplayName("has entries with either a result or an error, never both or neither")
    void entryInvariant() {
        assertThatThrownBy(() -> new ProtocolSummary.Entry("p", "s", "client-to-server", Optional.of(GOOD),
                Optional.of("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProtocolSummary.Entry("p", "s", "client-to-server", Optional.empty(),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
