package org.covertmark.core.engine;

/** Thrown when a run cannot start because what was asked does not suit the strategy; the message says how to fix it. */
public final class InvalidRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A fault described by {@code message}. */
    public InvalidRunException(String message) {
        super(message);
    }
}
