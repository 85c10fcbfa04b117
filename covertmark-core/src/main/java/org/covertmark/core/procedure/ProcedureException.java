package org.covertmark.core.procedure;

/**
 * Thrown when a procedure file cannot be read or does not suit the strategies and traces it names;
 * the one-line message names the file, the run (numbered from 1 in file order) and the field at fault.
 */
public final class ProcedureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A fault described by {@code message}. */
    public ProcedureException(String message) {
        super(message);
    }

    /** A fault described by {@code message}, caused by {@code cause}. */
    public ProcedureException(String message, Throwable cause) {
        super(message, cause);
    }
}
