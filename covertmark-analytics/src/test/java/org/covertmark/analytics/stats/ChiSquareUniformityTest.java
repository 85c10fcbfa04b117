package org.covertmark.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.covertmark.analytics.stats.Fixtures.bytes;
import static org.covertmark.analytics.stats.Fixtures.close;
import static org.covertmark.analytics.stats.Fixtures.list;
import static org.covertmark.analytics.stats.Fixtures.number;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.covertmark.analytics.stats.ChiSquareUniformity.Result;
import org.covertmark.api.packet.ByteView;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reference values: scipy 1.17.1 {@code chisquare(byte counts)} via tools/reference/stats_reference.py. Tolerances:
 * statistic 1e-12 relative (here it is one rounding of an integer ratio, in scipy a float sum); p-value 1e-12 relative
 * plus 1e-300 absolute (commons-math3's regularised gamma function against cephes' igamc; observed differences are
 * below 1e-13).
 */
@DisplayName("The chi-square test of byte uniformity")
class ChiSquareUniformityTest {

    @Test
    @DisplayName("agrees with scipy's chisquare on random bytes, text, all 256 values, ten bytes and a constant string")
    void matchesScipy() {
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode c : list(Fixtures.load("chisquare.json").get("cases"))) {
            String name = c.get("name").asText();
            byte[] data = bytes(c.get("bytes"));
            Result r = ChiSquareUniformity.test(ByteView.of(data));
            double statistic = number(c.get("statistic"));
            double p = number(c.get("pValue"));
            soft.assertThat(close(r.statistic(), statistic, 1e-12, 0))
                    .as("%s: statistic %s, scipy %s", name, r.statistic(), statistic).isTrue();
            soft.assertThat(close(r.pValue(), p, 1e-12, 1e-300)).as("%s: p %s, scipy %s", name, r.pValue(), p).isTrue();
            soft.assertThat(ChiSquareUniformity.test(data, 0, data.length)).as(name).isEqualTo(r);
            int[] counts = new int[256];
            for (byte b : data) {
                counts[b & 0xff]++;
            }
            soft.assertThat(ChiSquareUniformity.testCounts(counts)).as(name).isEqualTo(r);
        }
        soft.assertAll();
    }

    @Test
    @DisplayName("gives statistic 0 and p-value 1 when every byte value occurs equally often")
    void perfectlyUniform() {
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Result r = ChiSquareUniformity.test(ByteView.of(data));
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("refuses empty input and histograms of the wrong size")
    void refusesBadInput() {
        assertThatThrownBy(() -> ChiSquareUniformity.test(ByteView.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one byte");
        assertThatThrownBy(() -> ChiSquareUniformity.testCounts(new int[255]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
    }
}
