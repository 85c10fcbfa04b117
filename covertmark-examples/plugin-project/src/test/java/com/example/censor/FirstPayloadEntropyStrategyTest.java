package com.example.censor;

import static org.covertmark.testkit.ResultAssertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TlsRecord;
import org.covertmark.api.synthetic.Traces;
import org.covertmark.core.engine.RunResult;
import org.covertmark.testkit.StrategyTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The strategy's decisions on synthetic traffic, run by the test kit as covertmark run would. */
class FirstPayloadEntropyStrategyTest {

    /** Twenty proxy flows from 10.0.0.0/24 that open with 600 random bytes. */
    static final List<Packet> PROXY = Traces.merge(flows("10.0.0.", "192.0.2.9:8388", 20, true));

    /** Twenty HTTPS flows from 10.0.1.0/24 that open with a TLS handshake record. */
    static final List<Packet> WEB = Traces.merge(flows("10.0.1.", "198.51.100.7:443", 20, false));

    @Test
    @DisplayName("flags every proxy flow and no web flow, at every threshold")
    void separatesRandomFromTls() {
        RunResult result = StrategyTestKit.run(new FirstPayloadEntropyStrategy())
                .positive(PROXY).negative(WEB)
                .client("10.0.0.0/24").negativeClient("10.0.1.0/24")
                .wholeTraces()
                .execute();

        assertThat(result)
                .hasConfigurations(4)
                .everyConfiguration(c -> c.flows()
                        .hasExaminedPositives(20).hasTruePositiveRateAtLeast(1.0)
                        .hasExaminedNegatives(20).hasFalsePositiveRateAtMost(0.0));
    }

    @Test
    @DisplayName("sets aside first payloads shorter than min_bytes")
    void shortPayloadsAreNotJudged() {
        List<Packet> shortProxy = Traces.flow("10.0.0.1:40000", "192.0.2.9:8388", 3, Traces.randomPayloads(1, 16));
        RunResult result = StrategyTestKit.run(new FirstPayloadEntropyStrategy())
                .positive(shortProxy).negative(WEB)
                .client("10.0.0.0/24").negativeClient("10.0.1.0/24")
                .wholeTraces()
                .execute();

        assertThat(result).everyConfiguration(c -> c.flows().hasExaminedPositives(1).hasTruePositiveRateAtMost(0.0));
    }

    /** {@code n} flows from clients {@code clientPrefix1} … {@code clientPrefixN}, one second apart. */
    static List<List<Packet>> flows(String clientPrefix, String server, int n, boolean random) {
        return IntStream.range(0, n).mapToObj(i -> {
            String client = clientPrefix + (i + 1) + ":" + (40000 + i);
            Traces.Conversation c = Traces.conversation(client, server).startingAt(1_000L * i);
            c.send(random ? Traces.randomPayloads(i, 600).apply(0) : Traces.tlsRecord(TlsRecord.HANDSHAKE, 500));
            return c.packets();
        }).toList();
    }
}
