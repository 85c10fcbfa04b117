package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** Thrown when a trace store cannot do what was asked; the message says what and why. */
@API(status = EXPERIMENTAL, since = "0.1")
public class TraceStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure described by {@code message}.
     *
     * @param message what could not be done and why, for people; never a password
     */
    public TraceStoreException(String message) {
        super(message);
    }

    /**
     * A failure described by {@code message}, caused by {@code cause}.
     *
     * @param message what could not be done and why, for people; never a password
     * @param cause the failure of the store's database, file or driver behind it; may be null
     */
    public TraceStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
