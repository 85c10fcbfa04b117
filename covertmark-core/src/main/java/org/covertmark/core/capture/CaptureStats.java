package org.covertmark.core.capture;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * What a capture reader saw: packet records read, IP packets delivered, and the records it skipped
 * with the reason for each kind.
 *
 * @param records packet records read from the file
 * @param packets IP packets delivered
 * @param skipped the number of skipped records per reason, e.g. "not IP: EtherType 0x0806 (ARP)"
 * @param repaired the number of packets delivered although a rule had to repair what their IP header
 *     says, per rule (an IPv4 total length of 0, or beyond the frame)
 */
@API(status = MAINTAINED, since = "0.1")
public record CaptureStats(long records, long packets, Map<String, Long> skipped, Map<String, Long> repaired) {

    /** Copies the reasons into sorted, unmodifiable maps. */
    public CaptureStats {
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        repaired = Collections.unmodifiableMap(new TreeMap<>(repaired));
    }

    /** Stats with nothing repaired. */
    public CaptureStats(long records, long packets, Map<String, Long> skipped) {
        this(records, packets, skipped, Map.of());
    }

    /** The number of skipped records, all reasons together. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
