package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** Thrown when a trace id names no trace in the store; {@link #id()} is the id. */
@API(status = EXPERIMENTAL, since = "0.1")
public final class UnknownTraceException extends TraceStoreException {

    private static final long serialVersionUID = 1L;

    /** The id that named nothing; part of the serialized form. */
    private final String id;

    /**
     * No trace {@code id} in the store described by {@code store}.
     *
     * @param id the trace id that was asked for
     * @param store the store's {@linkplain TraceStore#describe() description}, without credentials
     */
    public UnknownTraceException(String id, String store) {
        super("no trace '" + id + "' in " + store);
        this.id = id;
    }

    /** {@return the trace id that named no trace} */
    public String id() {
        return id;
    }
}
