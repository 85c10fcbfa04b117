package org.covertmark.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Detection;
import org.covertmark.api.strategy.PerformanceRecord;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The protocol summary")
class ProtocolSummaryTest {

    /** A result of {@code strategy} whose one record gives the score {@code Scoring} computes for it. */
    static RunResult result(String strategy, boolean reversed, double tpr, double fpr) {
        PerformanceRecord r = new PerformanceRecord(Config.of(strategy), tpr, fpr, 1.0, 0, Detection.of(0, 0),
                Detection.of(0, 0));
        RunSpec spec = RunSpec.builder(new TraceSource.Capture(Path.of("p.pcap"))).reversed(reversed).build();
        return new RunResult(strategy, "", List.of("name"), spec, List.of(r), Map.of(r.config(), strategy),
                Scoring.score(List.of(r), c -> 0), Map.of(), "frame.number == 0", OptionalDouble.empty(), 1, 1);
    }

    static final RunResult PERFECT = result("perfect", false, 1, 0);           // 100
    static final RunResult GOOD = result("good", true, 1, 0.03);              // 88.54
    static final RunResult USELESS = result("useless", false, 0.1, 0.5);      // 0: not acceptable

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
                100, "very effective, easily deployed"));
        assertThat(s.verdict("meek")).contains(new ProtocolSummary.Verdict("meek", "useless", "client-to-server", 0,
                "not very effective"));
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
                .addFailure("p", "broken", "client-to-server", "x").add("p", result("again", false, 1, 0.03)).build();
        assertThat(s.verdict("p")).get().extracting(ProtocolSummary.Verdict::strategy).isEqualTo("good");
        assertThat(GOOD.score().value()).isBetween(75.0, 90.0);
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
        assertThat(lines.get(3)).matches("snowflake +- +- +- +no verdict: every run failed");
        assertThat(lines.get(4)).isEqualTo("(" + ProtocolSummary.VERDICT_RULE + ")");
        assertThat(lines.get(6)).matches(" *# +protocol +strategy +direction +score +band");
        assertThat(lines.get(7)).matches(" *1 +obfs4 +good +server-to-client +\\d+\\.\\d\\d +reasonably effective.*");
        assertThat(lines.get(9)).matches(" *3 +obfs4 +broken +client-to-server +- +FAILED: IllegalStateException: boom");
        assertThat(lines).hasSize(12);
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
        assertThat(good.get("fpr").asDouble()).isEqualTo(0.03);
        assertThat(j.get("protocols").get(2).get("verdict").isNull()).isTrue();
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
