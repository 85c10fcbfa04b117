package org.covertmark.analytics.entropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.covertmark.analytics.stats.Fixtures;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Shannon byte entropy")
class ByteEntropyTest {

    /** The textbook definition, −Σ p log2 p over the values present, with a logarithm per value. */
    private static double naive(byte[] bytes, int from, int length) {
        if (length == 0) {
            return 0;
        }
        int[] counts = new int[256];
        for (int i = from; i < from + length; i++) {
            counts[bytes[i] & 0xff]++;
        }
        double e = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / length;
                e -= p * Math.log(p) / Math.log(2);
            }
        }
        return e;
    }

    @Test
    @DisplayName("is 8 for the 256 distinct byte values, 0 for a constant string and 1 for \"aabb\"")
    void handCheckedValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(ByteEntropy.of(all)).isEqualTo(8.0);
        assertThat(ByteEntropy.of(new byte[1000])).isEqualTo(0.0);
        assertThat(ByteEntropy.of("zzz".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0.0);
        assertThat(ByteEntropy.of("aabb".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1.0);
        // "aaab": 2 - (3 log2 3)/4 = 0.8112781244591328...
        assertThat(ByteEntropy.of("aaab".getBytes(StandardCharsets.US_ASCII)))
                .isCloseTo(2 - 3 * Math.log(3) / Math.log(2) / 4, within(1e-15));
        assertThat(ByteEntropy.of(ByteView.empty())).isEqualTo(0.0);
        assertThat(ByteEntropy.of(new byte[] {7})).isEqualTo(0.0);
    }

    @Test
    @DisplayName("agrees with the textbook double loop on random strings of every length up to 5000, within [0, 8]")
    void agreesWithNaiveAndStaysInRange() {
        Random random = new Random(20240601L);
        for (int trial = 0; trial < 2000; trial++) {
            int length = trial < 300 ? trial : 1 + random.nextInt(5000);
            byte[] bytes = new byte[length];
            int span = 1 + random.nextInt(256);
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) random.nextInt(span);
            }
            double e = ByteEntropy.of(bytes);
            assertThat(e).as("length %d, span %d", length, span).isBetween(0.0, 8.0)
                    .isCloseTo(naive(bytes, 0, length), within(1e-12));
            assertThat(ByteEntropy.of(ByteView.of(bytes))).isEqualTo(e);
        }
    }

    @Test
    @DisplayName("agrees with the textbook double loop within 1e-12 on every payload of real captures, whole and by blocks")
    void agreesWithNaiveOnRealPayloads() {
        long payloads = 0;
        long blocks = 0;
        for (String name : new String[] {"tls2.pcap", "tor.pcap", "shadowsocks.pcap", "psiphon3.pcap", "ultrasurf.pcap",
            "http-packets2.pcap", "four_ipv6_http_streams.pcap"}) {
            try (CaptureReader r = CaptureReader.open(Path.of("..", "data", "public", name))) {
                while (r.hasNext()) {
                    Packet p = r.next();
                    ByteView payload = p.payload();
                    if (payload.isEmpty()) {
                        continue;
                    }
                    byte[] bytes = payload.toArray();
                    double e = ByteEntropy.of(payload);
                    assertThat(e).as("%s frame %d", name, p.frame()).isBetween(0.0, 8.0)
                            .isCloseTo(naive(bytes, 0, bytes.length), within(1e-12));
                    payloads++;
                    for (int size : new int[] {16, 64}) {
                        for (int from = 0; from + size <= bytes.length; from += size) {
                            assertThat(ByteEntropy.of(payload, from, size)).as("%s frame %d at %d", name, p.frame(), from)
                                    .isCloseTo(naive(bytes, from, size), within(1e-12));
                            blocks++;
                        }
                    }
                }
            }
        }
        assertThat(payloads).isGreaterThan(5_000);
        assertThat(blocks).isGreaterThan(100_000);
    }

    @Test
    @DisplayName("gives bit-identical values to strings with the same multiset of counts, whatever the byte values")
    void dependsOnlyOnTheCounts() {
        Random random = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            byte[] bytes = new byte[1 + random.nextInt(64)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(12);
            }
            // Rename the byte values by a random permutation and shuffle the positions.
            int[] permutation = new int[256];
            for (int i = 0; i < 256; i++) {
                permutation[i] = i;
            }
            for (int i = 255; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = t;
            }
            byte[] renamed = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                renamed[bytes.length - 1 - i] = (byte) permutation[bytes[i] & 0xff];
            }
            assertThat(ByteEntropy.of(renamed)).isEqualTo(ByteEntropy.of(bytes));
        }
    }

    @Test
    @DisplayName("reads views of a direct buffer beyond its 4 KiB copy chunk like the same bytes in an array")
    void longViews() {
        Random random = new Random(9);
        byte[] bytes = new byte[20_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (random.nextGaussian() * 20);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 10);
        direct.position(10);
        direct.put(bytes);
        ByteView view = ByteView.of(direct, 10, bytes.length);
        assertThat(ByteEntropy.of(view)).isEqualTo(ByteEntropy.of(bytes));
        assertThat(ByteEntropy.of(view, 123, 9000)).isEqualTo(ByteEntropy.of(bytes, 123, 9000));
    }

    @Test
    @DisplayName("refuses a range outside the input and leaves no trace of it in the next result")
    void badRangeDoesNotCorruptTheNextCall() {
        byte[] bytes = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> ByteEntropy.of(bytes, 4, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ByteEntropy.of(ByteView.of(bytes), 6, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(ByteEntropy.of(bytes)).isEqualTo(3.0);
    }

    @Test
    @DisplayName("agrees with scipy.stats.entropy(counts, base=2) on the reference payloads")
    void matchesScipy() {
        for (JsonNode c : Fixtures.list(Fixtures.load("entropy.json").get("cases"))) {
            byte[] bytes = Fixtures.bytes(c.get("bytes"));
            assertThat(ByteEntropy.of(bytes)).as(c.get("name").asText())
                    .isCloseTo(c.get("entropy").asDouble(), within(1e-12));
        }
    }
}
