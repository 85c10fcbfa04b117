package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.filter.InputFilter;

/**
 * What to store: the description, the input filter to apply, and where the packets come from.
 *
 * @param description what the trace is, for people listing traces
 * @param inputFilter the filter each packet must pass to be stored
 * @param source the capture's name, usually its file name
 * @param sourceBytes the capture's size in bytes (0 if unknown)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TraceImport(String description, InputFilter inputFilter, String source, long sourceBytes) {

    /**
     * Checks for nulls.
     *
     * @param description what the trace is, for people listing traces; not null
     * @param inputFilter the filter each packet must pass to be stored; not null ({@link
     *     InputFilter#all()} keeps every packet)
     * @param source the capture's name, usually its file name; not null
     * @param sourceBytes the capture's size in bytes (0 if unknown)
     */
    public TraceImport {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputFilter, "inputFilter");
        Objects.requireNonNull(source, "source");
    }
}
