package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.filter.InputFilter;

/**
 * What a trace store knows about one stored trace.
 *
 * @param id the store's identifier of the trace
 * @param description what the user said the trace is
 * @param created when the import began
 * @param inputFilter the input filter the capture was read with
 * @param source the name of the capture file the packets came from
 * @param sourceBytes the size of that file in bytes
 * @param packetCount the number of packets stored (those that passed the input filter)
 * @param complete whether the import finished; an incomplete trace is never loaded
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record StoredTrace(String id, String description, Instant created, InputFilter inputFilter, String source,
        long sourceBytes, long packetCount, boolean complete) {

    /**
     * Checks for nulls.
     *
     * @param id the store's identifier of the trace; not null
     * @param description what the user said the trace is; not null
     * @param created when the import began; not null
     * @param inputFilter the input filter the capture was read with; not null
     * @param source the name of the capture file the packets came from; not null
     * @param sourceBytes the size of that file in bytes, 0 if unknown
     * @param packetCount the number of packets stored, 0 or more; final only once {@code complete}
     * @param complete whether the import finished
     */
    public StoredTrace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(inputFilter, "inputFilter");
        Objects.requireNonNull(source, "source");
    }
}
