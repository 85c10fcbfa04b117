package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import java.math.BigInteger;
import org.apiguardian.api.API;

/**
 * A capture timestamp with nanosecond resolution: whole seconds since the Unix epoch and the
 * nanoseconds within that second. Never a floating-point number, so no precision is lost on the way
 * from the capture file to a report.
 *
 * @param epochSecond seconds since 1970-01-01T00:00:00Z
 * @param nanos nanoseconds within the second, 0..999 999 999
 */
@API(status = STABLE, since = "0.1")
public record Timestamp(long epochSecond, int nanos) implements Comparable<Timestamp> {

    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

    /** The timestamp of a record that carries none (a pcapng Simple Packet Block). */
    public static final Timestamp UNKNOWN = new Timestamp(Long.MIN_VALUE, 0);

    /**
     * Checks the nanosecond range.
     *
     * @param epochSecond seconds since 1970-01-01T00:00:00Z, negative before it ({@link Long#MIN_VALUE}
     *     with 0 nanoseconds is {@link #UNKNOWN})
     * @param nanos nanoseconds within the second, 0..999 999 999 (also before the epoch, where one
     *     nanosecond before it is second -1 and nanosecond 999 999 999)
     * @throws IllegalArgumentException when {@code nanos} is outside 0..999 999 999
     */
    public Timestamp {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
    }

    /**
     * The timestamp {@code micros} microseconds after the epoch.
     *
     * @param micros microseconds since 1970-01-01T00:00:00Z, negative before it
     * @return the timestamp, with a whole number of microseconds in its {@code nanos}
     */
    public static Timestamp ofMicros(long micros) {
        return new Timestamp(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /**
     * {@return whether the record had a timestamp at all: false for {@link #UNKNOWN} and for any
     * timestamp of second {@link Long#MIN_VALUE}}
     */
    public boolean isKnown() {
        return this != UNKNOWN && epochSecond != Long.MIN_VALUE;
    }

    /**
     * Microseconds since the epoch, truncated toward negative infinity; saturates at
     * {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} for timestamps beyond about the year 294 000
     * (real captures hold such absurd values; {@link #microsText()} prints them exactly).
     *
     * @return microseconds since the epoch, negative before it; {@link Long#MIN_VALUE} for
     *     {@link #UNKNOWN}
     */
    public long toMicros() {
        return toMicros(epochSecond, nanos);
    }

    /** {@link #toMicros()} of the timestamp with these fields, which a packet keeps unboxed. */
    static long toMicros(long epochSecond, int nanos) {
        long micros = nanos / 1000;
        try {
            // Before the epoch, borrow a second so that the product cannot overflow needlessly.
            return epochSecond < 0
                    ? Math.addExact(Math.multiplyExact(epochSecond + 1, 1_000_000L), micros - 1_000_000L)
                    : Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), micros);
        } catch (ArithmeticException outOfRange) {
            return epochSecond < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * {@return microseconds since the epoch as exact decimal text, truncated as {@link #toMicros()}
     * does but never saturated; empty for a timestamp that is not {@linkplain #isKnown() known}}
     */
    public String microsText() {
        if (!isKnown()) {
            return "";
        }
        long micros = toMicros();
        if (micros != Long.MAX_VALUE && micros != Long.MIN_VALUE) {
            return Long.toString(micros);
        }
        return BigInteger.valueOf(epochSecond).multiply(MILLION).add(BigInteger.valueOf(nanos / 1000)).toString();
    }

    @Override
    public int compareTo(Timestamp o) {
        int c = Long.compare(epochSecond, o.epochSecond);
        return c != 0 ? c : Integer.compare(nanos, o.nanos);
    }

    /**
     * The exact number of seconds as {@code seconds.nnnnnnnnn} (so one nanosecond before the epoch
     * is {@code -0.000000001}), or {@code unknown}.
     */
    @Override
    public String toString() {
        if (!isKnown()) {
            return "unknown";
        }
        if (epochSecond < 0 && nanos > 0) {
            return "-" + -(epochSecond + 1) + "." + String.format("%09d", 1_000_000_000 - nanos);
        }
        return epochSecond + "." + String.format("%09d", nanos);
    }
}
