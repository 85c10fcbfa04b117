package org.covertmark.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.strategy.Config;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.Role;
import org.covertmark.api.strategy.StrategyContext;
import org.covertmark.api.strategy.TraceView;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.score.Scoring;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The verdict and the warnings of runs on generated traffic. */
@DisplayName("A run's verdict")
class VerdictTest {

    /** 400 protocol connections to 8 servers, every one marked. */
    static final List<Packet> MANY_POSITIVES = Generated.connections(1, 8, 50, 1);
    /** 2000 ordinary connections to 2000 servers, none marked. */
    static final List<Packet> MANY_NEGATIVES = Generated.connections(2, 2000, 1, 0);

    @Test
    @DisplayName("is conclusive when the score's bounds fall in one band: a perfect detector on 400 against 2000 "
            + "connections is very effective")
    void conclusive() {
        RunResult r = Generated.run(new Generated.Marker(), MANY_POSITIVES, MANY_NEGATIVES, s -> s.trials(3));
        RunResult.Verdict v = r.verdict();
        // About 200 positive and 1000 negative test connections on about 1000 hosts: the worst ends of the
        // intervals, TPR ≥ 0.98, FPR and block rate ≤ 0.004, still score above 90.
        assertThat(v.inconclusive()).isFalse();
        assertThat(v.score()).hasValue(100);
        assertThat(v.band()).isEqualTo("very effective, easily deployed");
        assertThat(v.scoreLower()).isGreaterThanOrEqualTo(Scoring.VERY_EFFECTIVE);
        assertThat(v.best()).contains(Config.EMPTY);
        assertThat(r.trials()).hasSize(3).allSatisfy(t -> assertThat(t.band()).isEqualTo(v.band()));
        assertThat(r.selection().get("positive").split()).isEqualTo("host");
        assertThat(r.selection().get("negative").split()).isEqualTo("host");
    }

    @Test
    @DisplayName("is inconclusive, without a score, when the bounds span bands: 1 test connection each way")
    void inconclusiveOnFewConnections() {
        RunResult r = Generated.run(new Generated.Marker(), Generated.connections(1, 1, 2, 1),
                Generated.connections(2, 1, 2, 0), s -> s.trials(1));
        RunResult.Verdict v = r.verdict();
        // 1 of 1 and 0 of 1: TPR in [0.025, 1], FPR in [0, 0.975]; the worst end is not even acceptable.
        assertThat(v.inconclusive()).isTrue();
        assertThat(v.score()).isEmpty();
        assertThat(v.band()).startsWith("inconclusive: the test rates' 95 % intervals allow scores from 0.0");
        assertThat(v.pointScore()).isEqualTo(100);
        assertThat(v.scoreLower()).isZero();
        assertThat(v.scoreUpper()).isEqualTo(100);
    }

    /** Flags every marked packet in the first trial, nothing in the others. */
    static final class OnlyFirstTrial extends Generated.Marker {
        @Override
        boolean flags(StrategyContext context, TraceView trace, int i) {
            return context.trial() == 0 && super.flags(context, trace, i);
        }
    }

    @Test
    @DisplayName("is inconclusive when trials land in different bands, saying how many in each")
    void trialsDisagree() {
        RunResult r = Generated.run(new OnlyFirstTrial(), MANY_POSITIVES, MANY_NEGATIVES, s -> s.trials(2));
        assertThat(r.trials()).extracting(RunResult.Trial::band)
                .containsExactly("very effective, easily deployed", "not very effective");
        assertThat(r.trials().get(1).chosen()).isEmpty();
        assertThat(r.verdict().score()).isEmpty();
        assertThat(r.verdict().band()).isEqualTo("inconclusive: trials disagree: 1 of 2 not very effective, 1 of 2 "
                + "very effective, easily deployed");
        assertThat(r.verdict().pointScore()).as("the first trial's score").isEqualTo(100);
    }

    @Test
    @DisplayName("is 'not measured' without a negative trace: no score, no choice")
    void withoutNegative() {
        Generated.Marker positiveOnly = new Generated.Marker() {
            @Override
            public boolean needsNegative() {
                return false;
            }
        };
        RunResult r = Generated.run(positiveOnly, Generated.connections(1, 1, 4, 1), null, s -> s.trials(1));
        assertThat(r.verdict().band()).isEqualTo("not measured: no negative trace");
        assertThat(r.verdict().score()).isEmpty();
        assertThat(r.verdict().best()).isEmpty();
        assertThat(r.verdict().pointScore()).isNaN();
        assertThat(r.warnings()).contains("without a negative trace there is no false positive rate and no score");
        assertThat(r.records().get(0).test().flow().fpr()).isEmpty();
    }

    @Test
    @DisplayName("is 'not measured' when no negative connection was examined: the configuration is never chosen")
    void noNegativeExamined() {
        RunResult r = Generated.run(new Generated.Marker(), Generated.connections(1, 1, 4, 1),
                Generated.connections(2, 1, 4, 0),
                s -> s.trials(1).negativeClients(List.of(Subnet.parse("10.99.0.0/16"))));
        assertThat(r.verdict().band())
                .isEqualTo("not measured: no configuration examined both a positive and a negative connection");
        assertThat(r.verdict().best()).isEmpty();
        assertThat(r.best()).isEmpty();
        assertThat(r.trials().get(0).chosen()).isEmpty();
        assertThat(r.records().get(0).test().flow().negatives()).isEqualTo(Count.NONE);
        assertThat(r.records().get(0).test().flow().fpr()).as("no rate, rather than 0").isEmpty();
        assertThat(r.warnings()).contains("1 of 1 configurations examined no positive or no negative connection on "
                + "the selection part and were not measured");
    }

    /** Sets every negative packet aside as TLS; judges the positives as {@link Generated.Marker} does. */
    static final class ExemptNegatives extends Generated.Marker {
        @Override
        public Decisions decide(StrategyContext context, TraceView trace, Config config) {
            if (trace.role() != Role.NEGATIVE) {
                return super.decide(context, trace, config);
            }
            Decisions.Builder d = Decisions.packets(trace);
            for (int i = 0; i < trace.packets().size(); i++) {
                if (!trace.packets().get(i).payload().isEmpty()) {
                    d.setAside(i, "exempt:tls");
                }
            }
            return d.build();
        }
    }

    @Test
    @DisplayName("warns when every negative unit was set aside: examined, yet none tested")
    void everyNegativeSetAside() {
        RunResult r = Generated.run(new ExemptNegatives(), Generated.connections(1, 1, 4, 1),
                Generated.connections(2, 1, 6, 0), s -> s.trials(1));
        // 6 negative connections to one server: split by connection, 3 in the test part.
        Count negatives = r.records().get(0).test().unit(Measurement.PACKET).orElseThrow().negatives();
        assertThat(negatives.examined()).isEqualTo(3);
        assertThat(negatives.tested()).isZero();
        assertThat(negatives.byReason()).containsExactly(java.util.Map.entry("exempt:tls", 3L));
        assertThat(r.warnings()).contains("no negative packet of the chosen configuration was tested: all 3 were set "
                + "aside (exempt:tls 3), so its false positive rate shows what the rules let pass, not what the test "
                + "would flag");
    }
}
