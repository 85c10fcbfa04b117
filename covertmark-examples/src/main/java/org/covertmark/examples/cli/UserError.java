package org.covertmark.examples.cli;

/** A mistake of the user's, reported as one line and exit status 2. */
final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message, null, false, false);
    }
}
