package org.covertmark.core.procedure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Thrown when a procedure file cannot be read or does not suit the strategies and traces it names;
 * the one-line message names the file, the run (numbered from 1 in file order) and the field at fault.
 */
@API(status = EXPERIMENTAL, since = "0.1")
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
