package org.covertmark.api.store;

/** Thrown when a trace id names no complete trace in the store. */
public final class UnknownTraceException extends TraceStoreException {

    private static final long serialVersionUID = 1L;

    private final String id;

    /** No trace {@code id} in the store described by {@code store}. */
    public UnknownTraceException(String id, String store) {
        super("no trace '" + id + "' in " + store + " (list them with: covertmark traces)");
        this.id = id;
    }

    /** The id that named nothing. */
    public String id() {
        return id;
    }
}
