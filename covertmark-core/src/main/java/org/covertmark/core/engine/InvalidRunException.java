package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Thrown when a run cannot start because what was asked does not suit the strategy. The message
 * says what, in the library's terms; {@link #problem()} says which kind of fault it is, so that a
 * program can word the remedy in its own (a command line names its option).
 */
@API(status = MAINTAINED, since = "0.1")
public final class InvalidRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kinds of fault. */
    @API(status = MAINTAINED, since = "0.1")
    public enum Problem {
        /** A parameter the strategy does not declare, or a value its declaration refuses. */
        PARAMETER,
        /** The strategy needs a negative trace of ordinary traffic, and the run has none. */
        NEGATIVE_TRACE_MISSING
    }

    /** What kind of fault it is; part of the serialized form. */
    private final Problem problem;

    /**
     * A fault of kind {@code problem} described by {@code message}.
     *
     * @param problem the kind of fault
     * @param message what does not suit, for people
     */
    public InvalidRunException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** {@return the kind of fault} */
    public Problem problem() {
        return problem;
    }
}
