package org.covertmark.analytics.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.covertmark.analytics.stats.Fixtures;
import org.covertmark.api.packet.ByteView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sliding-window entropy estimation")
class EntropyEstimationTest {

    private static ByteView ascii(String s) {
        return ByteView.of(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Every window counted from scratch: O(n·w). */
    private static double naive(byte[] bytes, int w) {
        long total = 0;
        for (int start = 0; start + w <= bytes.length; start++) {
            boolean[] seen = new boolean[256];
            for (int i = start; i < start + w; i++) {
                if (!seen[bytes[i] & 0xff]) {
                    seen[bytes[i] & 0xff] = true;
                    total++;
                }
            }
        }
        return total / ((double) (bytes.length - w + 1) * w);
    }

    @Test
    @DisplayName("of \"aaaabcd\" with windows of 4 is (1 + 2 + 3 + 4) / 16 = 0.625")
    void handComputed() {
        // Windows: aaaa (1 distinct), aaab (2), aabc (3), abcd (4).
        assertThat(EntropyEstimation.meanDistinctFraction(ascii("aaaabcd"), 4)).isEqualTo(0.625);
        // One window of 3 distinct values out of 3.
        assertThat(EntropyEstimation.meanDistinctFraction(ascii("xyz"), 3)).isEqualTo(1.0);
        // Windows of 1 always hold one distinct value.
        assertThat(EntropyEstimation.meanDistinctFraction(ascii("hello"), 1)).isEqualTo(1.0);
    }

    @Test
    @DisplayName("is NaN for a payload shorter than the window and refuses a non-positive window")
    void shortPayloads() {
        assertThat(EntropyEstimation.meanDistinctFraction(ascii("abc"), 4)).isNaN();
        assertThat(EntropyEstimation.meanDistinctFraction(ByteView.empty(), 1)).isNaN();
        assertThatThrownBy(() -> EntropyEstimation.meanDistinctFraction(ascii("abc"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    @DisplayName("equals the window-by-window count on random payloads, and leaves no state behind between calls")
    void agreesWithNaive() {
        Random random = new Random(77);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bytes = new byte[random.nextInt(600)];
            int span = 1 + random.nextInt(256);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(span);
            }
            int w = 1 + random.nextInt(100);
            double actual = EntropyEstimation.meanDistinctFraction(ByteView.of(bytes), w);
            if (bytes.length < w) {
                assertThat(actual).isNaN();
            } else {
                assertThat(actual).as("length %d, window %d", bytes.length, w).isEqualTo(naive(bytes, w));
            }
        }
    }

    @Test
    @DisplayName("gives for several windows at once exactly what it gives for each, NaN where the payload is shorter")
    void severalWindowsAtOnce() {
        Random random = new Random(78);
        int[] windows = {32, 64, 96, 1, 500};
        double[] out = new double[windows.length];
        for (int trial = 0; trial < 200; trial++) {
            byte[] bytes = new byte[random.nextInt(1500)];
            int span = 1 + random.nextInt(256);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(span);
            }
            EntropyEstimation.meanDistinctFractions(ByteView.of(bytes), windows, out);
            for (int k = 0; k < windows.length; k++) {
                if (bytes.length < windows[k]) {
                    assertThat(out[k]).isNaN();
                } else {
                    assertThat(out[k]).as("length %d, window %d", bytes.length, windows[k])
                            .isEqualTo(naive(bytes, windows[k]))
                            .isEqualTo(EntropyEstimation.meanDistinctFraction(ByteView.of(bytes), windows[k]));
                }
            }
        }
        assertThatThrownBy(() -> EntropyEstimation.meanDistinctFractions(ascii("abc"), windows, new double[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("agrees with the reference values of stats_reference.py for windows of 32, 64 and 96")
    void matchesReference() {
        for (JsonNode c : Fixtures.list(Fixtures.load("entropy.json").get("cases"))) {
            byte[] bytes = Fixtures.bytes(c.get("bytes"));
            Iterator<Map.Entry<String, JsonNode>> windows = c.get("meanDistinctFraction").fields();
            while (windows.hasNext()) {
                Map.Entry<String, JsonNode> e = windows.next();
                int w = Integer.parseInt(e.getKey());
                double expected = Fixtures.number(e.getValue());
                double actual = EntropyEstimation.meanDistinctFraction(ByteView.of(bytes), w);
                if (Double.isNaN(expected)) {
                    assertThat(actual).isNaN();
                } else {
                    assertThat(actual).as("%s, window %d", c.get("name").asText(), w).isCloseTo(expected, within(1e-15));
                }
            }
        }
    }
}
