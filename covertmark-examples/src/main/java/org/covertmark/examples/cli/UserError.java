package org.covertmark.examples.cli;

/** A mistake of the user's, reported as one line and exit status 2. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A mistake described by a one-line message. */
    public UserError(String message) {
        super(message, null, false, false);
    }
}
