package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a trace for a run comes from: a capture file (parsed into the store for the run and removed
 * afterwards) or a trace already in the store, written {@code trace:ID}.
 */
@API(status = MAINTAINED, since = "0.1")
public sealed interface TraceSource {

    /** {@code trace:ID} for a stored trace, otherwise a capture file path. */
    static TraceSource parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.startsWith("trace:")) {
            String id = text.substring("trace:".length());
            if (id.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' names no trace; write trace:ID, ID a stored trace's id");
            }
            return new Stored(id);
        }
        return new Capture(Path.of(text));
    }

    /**
     * A capture file.
     *
     * @param path the file
     */
    @API(status = MAINTAINED, since = "0.1")
    record Capture(Path path) implements TraceSource {
        /** Checks for null. */
        public Capture {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * A stored trace.
     *
     * @param id the store's id of the trace
     */
    @API(status = MAINTAINED, since = "0.1")
    record Stored(String id) implements TraceSource {
        /** Checks for null. */
        public Stored {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String toString() {
            return "trace:" + id;
        }
    }
}
