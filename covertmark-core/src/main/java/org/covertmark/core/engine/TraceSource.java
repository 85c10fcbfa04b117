package org.covertmark.core.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a trace for a run comes from: a capture file (parsed into the store for the run and removed
 * afterwards) or a trace already in the store, written {@code trace:ID}.
 */
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
