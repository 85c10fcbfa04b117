package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Thrown when a trace is incomplete: its import did not finish, so the store never reads it. The
 * trace stays in the store until it is deleted ({@link TraceStore#delete}); {@link #id()} names it.
 * Thrown both when such a trace is asked for and when an import fails part way and leaves one.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class IncompleteTraceException extends TraceStoreException {

    private static final long serialVersionUID = 1L;

    /** The incomplete trace's id; part of the serialized form. */
    private final String id;

    /**
     * The incomplete trace {@code id} of the store described by {@code store}, asked for to be read.
     *
     * @param id the incomplete trace's id
     * @param store the store's {@linkplain TraceStore#describe() description}, without credentials
     */
    public IncompleteTraceException(String id, String store) {
        this(id, "trace '" + id + "' in " + store + " is incomplete: its import did not finish, so it is never read",
                null);
    }

    /**
     * The incomplete trace {@code id}, described by {@code message}.
     *
     * @param id the incomplete trace's id
     * @param message what happened, for people; never a password
     * @param cause the failure that left the trace incomplete; null when none is known
     */
    public IncompleteTraceException(String id, String message, Throwable cause) {
        super(message, cause);
        this.id = id;
    }

    /** {@return the id of the incomplete trace, to delete it by} */
    public String id() {
        return id;
    }
}
