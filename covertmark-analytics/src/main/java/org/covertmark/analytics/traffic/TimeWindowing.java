package org.covertmark.analytics.traffic;

/**
 * Assigns capture times to consecutive time windows that start at the first packet's time. The
 * index never goes backwards: a packet stamped before the current window (reordered across a
 * boundary) counts in the current one.
 */
final class TimeWindowing {

    private final long start;
    private final long width;
    private long current;

    TimeWindowing(long startMicros, long widthMicros) {
        this.start = startMicros;
        this.width = widthMicros;
    }

    long index(long timeMicros) {
        long i = timeMicros <= start ? 0 : (timeMicros - start) / width;
        if (i > current) {
            current = i;
        }
        return current;
    }
}
