package org.covertmark.analytics.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.covertmark.analytics.stats.Fixtures;
import org.covertmark.api.packet.ByteView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Block entropies")
class BlockEntropiesTest {

    @Test
    @DisplayName("are the entropies of consecutive whole blocks, the remainder dropped")
    void wholeBlocksOnly() {
        ByteView payload = ByteView.of("aabbabcdzzzzq".getBytes(StandardCharsets.US_ASCII));
        double[] out = new double[8];
        assertThat(BlockEntropies.compute(payload, 4, out)).isEqualTo(3);
        assertThat(out).startsWith(1.0, 2.0, 0.0);
        assertThat(BlockEntropies.compute(payload, 4)).containsExactly(1.0, 2.0, 0.0);
        assertThat(BlockEntropies.count(13, 4)).isEqualTo(3);
        assertThat(BlockEntropies.compute(payload, 20)).isEmpty();
    }

    @Test
    @DisplayName("agree per block with scipy.stats.entropy(counts, base=2) for block sizes 8 to 64 (1e-12)")
    void matchScipy() {
        for (JsonNode c : Fixtures.list(Fixtures.load("entropy.json").get("cases"))) {
            byte[] bytes = Fixtures.bytes(c.get("bytes"));
            Iterator<Map.Entry<String, JsonNode>> sizes = c.get("blockEntropies").fields();
            while (sizes.hasNext()) {
                Map.Entry<String, JsonNode> e = sizes.next();
                int blockSize = Integer.parseInt(e.getKey());
                double[] expected = Fixtures.doubles(e.getValue());
                double[] fromView = BlockEntropies.compute(ByteView.of(bytes), blockSize);
                double[] fromArray = new double[expected.length];
                BlockEntropies.compute(bytes, 0, bytes.length, blockSize, fromArray);
                assertThat(fromView).as("%s, block %d", c.get("name").asText(), blockSize)
                        .containsExactly(expected, within(1e-12));
                assertThat(fromArray).containsExactly(fromView);
            }
        }
    }

    @Test
    @DisplayName("refuse a non-positive block size and an output array without room")
    void refuseBadArguments() {
        ByteView payload = ByteView.of(new byte[64]);
        assertThatThrownBy(() -> BlockEntropies.compute(payload, 0, new double[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> BlockEntropies.compute(payload, 8, new double[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 blocks");
    }
}
