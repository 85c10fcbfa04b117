package org.covertmark.api.store;

/** Thrown when a trace store cannot do what was asked; the message says what and why. */
public class TraceStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public TraceStoreException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public TraceStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
