// docs/writing-strategies.md shows this file from its package line on; WritingStrategiesDocTest checks.
package com.example.censor;

import static org.assertj.core.api.Assertions.assertThat;

import org.covertmark.api.synthetic.Traces;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.UnitRates;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.testkit.StrategyTestKit;
import org.junit.jupiter.api.Test;

class PayloadLengthStrategyTest {

    @Test
    void flagsLongPayloadsOnly() {
        RunResult result = StrategyTestKit.run(new PayloadLengthStrategy())
                .positive(Traces.flow("10.0.0.1:40000", "192.0.2.9:443", 20, Traces.randomPayloads(7, 1400)))
                .negative(Traces.flow("10.0.0.2:40001", "198.51.100.7:443", 20, i -> new byte[200]))
                .client("10.0.0.0/8")
                .parameter("min_length", "1000")
                .wholeTraces() // one connection each: nothing to hold out
                .execute();

        UnitRates packets = result.records().get(0).test().unit("packet").orElseThrow();
        assertThat(packets.positives().flagged()).isEqualTo(20);
        assertThat(packets.negatives().examined()).isEqualTo(20);
        assertThat(packets.negatives().flagged()).isZero();
        assertThat(result.records().get(0).test().host().fpr()).hasValue(0.0);
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(StrategyRegistry.discover(getClass().getClassLoader()).names()).contains("payload-length");
    }
}
