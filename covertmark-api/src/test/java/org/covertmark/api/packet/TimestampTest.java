package org.covertmark.api.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Timestamp")
class TimestampTest {

    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

    /** floor(seconds * 10^6 + nanos / 10^3), computed without any long arithmetic. */
    private static BigInteger exactMicros(long epochSecond, int nanos) {
        return BigInteger.valueOf(epochSecond).multiply(MILLION).add(BigInteger.valueOf(nanos)
                .divide(BigInteger.valueOf(1000)));
    }

    @ParameterizedTest(name = "ofMicros({0}) = {1}s + {2}ns")
    @CsvSource({
        "0, 0, 0",
        "1, 0, 1000",
        "1500000, 1, 500000000",
        "999999, 0, 999999000",
        "-1, -1, 999999000",
        "-1000000, -1, 0",
        "-1000001, -2, 999999000",
        "-1500000, -2, 500000000",
        "9223372036854775807, 9223372036854, 775807000",
        "-9223372036854775808, -9223372036855, 224192000",
    })
    @DisplayName("ofMicros splits toward negative infinity, and toMicros undoes it")
    void ofMicros(long micros, long seconds, int nanos) {
        Timestamp t = Timestamp.ofMicros(micros);
        assertThat(t).isEqualTo(new Timestamp(seconds, nanos));
        assertThat(t.toMicros()).isEqualTo(micros);
        assertThat(t.microsText()).isEqualTo(Long.toString(micros));
    }

    @Test
    @DisplayName("toMicros floors sub-microsecond nanoseconds, also before the epoch")
    void toMicrosFloors() {
        assertThat(new Timestamp(0, 1999).toMicros()).isEqualTo(1);
        assertThat(new Timestamp(-1, 999_999_999).toMicros()).as("1 ns before the epoch").isEqualTo(-1);
        assertThat(new Timestamp(-1, 1).toMicros()).isEqualTo(-1_000_000);
        assertThat(new Timestamp(-1, 500_000_000).toMicros()).isEqualTo(-500_000);
    }

    @Test
    @DisplayName("every long of microseconds survives ofMicros and toMicros")
    void randomMicrosRoundTrip() {
        Random random = new Random(31);
        for (int i = 0; i < 10_000; i++) {
            long micros = random.nextLong();
            Timestamp t = Timestamp.ofMicros(micros);
            assertThat(t.toMicros()).isEqualTo(micros);
            assertThat(t.microsText()).isEqualTo(Long.toString(micros));
        }
    }

    @ParameterizedTest(name = "{0}s + {1}ns")
    @CsvSource({
        "18446744073204, 0",
        "18446744073204, 123456789",
        "18446744073709, 551615000",
        "9223372036854, 775807000",
        "9223372036854, 775808000",
        "9223372036854, 999999999",
        "9223372036855, 0",
        "9223372036854775807, 999999999",
        "-9223372036854, 0",
        "-9223372036855, 224192000",
        "-9223372036855, 224191999",
        "-9223372036856, 0",
        "-9223372036854775807, 0",
    })
    @DisplayName("microsText prints exact digits beyond the range of long; toMicros saturates there")
    void microsTextBeyondLong(long seconds, int nanos) {
        Timestamp t = new Timestamp(seconds, nanos);
        BigInteger exact = exactMicros(seconds, nanos);
        assertThat(t.microsText()).isEqualTo(exact.toString());
        BigInteger clamped = exact.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(t.toMicros()).isEqualTo(clamped.longValueExact());
    }

    @Test
    @DisplayName("the absurd 2^64-microsecond timestamps of broken captures print with all their digits")
    void absurdCaptureTimestamp() {
        Timestamp t = new Timestamp(18446744073204L, 551_615_000);
        assertThat(t.microsText()).isEqualTo("18446744073204" + "551615").isEqualTo(exactMicros(18446744073204L,
                551_615_000).toString());
        assertThat(t.toMicros()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("random seconds and nanoseconds: microsText is always exact")
    void randomMicrosText() {
        Random random = new Random(32);
        for (int i = 0; i < 10_000; i++) {
            long seconds = i % 2 == 0 ? random.nextLong() : random.nextLong() >> random.nextInt(64);
            if (seconds == Long.MIN_VALUE) {
                continue;
            }
            int nanos = random.nextInt(1_000_000_000);
            Timestamp t = new Timestamp(seconds, nanos);
            BigInteger exact = exactMicros(seconds, nanos);
            assertThat(t.microsText()).as(t.toString()).isEqualTo(exact.toString());
            if (exact.bitLength() < 64) {
                assertThat(t.toMicros()).as(t.toString()).isEqualTo(exact.longValueExact());
            } else {
                assertThat(t.toMicros()).isEqualTo(exact.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
            }
        }
    }

    @Test
    @DisplayName("UNKNOWN prints empty micros and 'unknown', sorts first, and is not known")
    void unknown() {
        assertThat(Timestamp.UNKNOWN.isKnown()).isFalse();
        assertThat(Timestamp.UNKNOWN.microsText()).isEmpty();
        assertThat(Timestamp.UNKNOWN).hasToString("unknown");
        assertThat(new Timestamp(Long.MIN_VALUE, 0).isKnown()).isFalse();
        assertThat(Timestamp.ofMicros(0).isKnown()).isTrue();
        assertThat(Timestamp.UNKNOWN.compareTo(Timestamp.ofMicros(Long.MIN_VALUE))).isNegative();
    }

    @ParameterizedTest(name = "nanos {0}")
    @ValueSource(ints = {-1, 1_000_000_000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    @DisplayName("rejects nanoseconds outside 0..999 999 999")
    void nanosRange(int nanos) {
        assertThatThrownBy(() -> new Timestamp(0, nanos)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(nanos));
    }

    @Test
    @DisplayName("orders by second, then nanosecond")
    void ordering() {
        List<Timestamp> ts = new ArrayList<>(List.of(new Timestamp(1, 0), new Timestamp(-1, 999_999_999),
                new Timestamp(0, 1), new Timestamp(0, 0), new Timestamp(-2, 0), new Timestamp(1, 999_999_999),
                Timestamp.UNKNOWN, new Timestamp(Long.MAX_VALUE, 0)));
        ts.sort(null);
        assertThat(ts).containsExactly(Timestamp.UNKNOWN, new Timestamp(-2, 0), new Timestamp(-1, 999_999_999),
                new Timestamp(0, 0), new Timestamp(0, 1), new Timestamp(1, 0), new Timestamp(1, 999_999_999),
                new Timestamp(Long.MAX_VALUE, 0));
        for (Timestamp a : ts) {
            for (Timestamp b : ts) {
                assertThat(Integer.signum(a.compareTo(b))).isEqualTo(
                        Integer.signum(exactNanos(a).compareTo(exactNanos(b))));
            }
        }
    }

    private static BigInteger exactNanos(Timestamp t) {
        return BigInteger.valueOf(t.epochSecond()).multiply(BigInteger.valueOf(1_000_000_000))
                .add(BigInteger.valueOf(t.nanos()));
    }

    @ParameterizedTest(name = "{0}s + {1}ns prints {2}")
    @CsvSource({
        "0, 0, 0.000000000",
        "1700000000, 123, 1700000000.000000123",
        "-1, 0, -1.000000000",
        "-1, 500000000, -0.500000000",
        "-2, 999999999, -1.000000001",
        "-9223372036854775807, 1, -9223372036854775806.999999999",
    })
    @DisplayName("toString prints the exact decimal number of seconds")
    void toStringIsDecimal(long seconds, int nanos, String expected) {
        Timestamp t = new Timestamp(seconds, nanos);
        assertThat(t).hasToString(expected);
        assertThat(new java.math.BigDecimal(expected)).isEqualByComparingTo(
                new java.math.BigDecimal(exactNanos(t), 9));
    }
}
