package org.covertmark.core.capture;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a capture reader saw: packet records read, IP packets delivered, and the records it skipped
 * with the reason for each kind.
 *
 * @param records packet records read from the file
 * @param packets IP packets delivered
 * @param skipped the number of skipped records per reason, e.g. "not IP (ARP)"
 */
public record CaptureStats(long records, long packets, Map<String, Long> skipped) {

    /** Copies the reasons into a sorted, unmodifiable map. */
    public CaptureStats {
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
    }

    /** The number of skipped records, all reasons together. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
