package org.covertmark.examples.cli;

import org.covertmark.api.store.IncompleteTraceException;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.core.engine.InvalidRunException;

/**
 * What to do about a failure, in the command line's words. The library's exceptions say what went
 * wrong and carry it as data (a trace's id, the kind of fault); only here do commands and options
 * appear.
 */
final class Remedies {

    private Remedies() {
    }

    /**
     * The failure's message followed by the command or option that remedies it, if there is one.
     *
     * @param t a failure, or one whose cause chain holds the failure with a remedy
     */
    static String message(Throwable t) {
        return t.getMessage() + remedy(t);
    }

    /** {@code " (…)"} naming a command or option that remedies {@code t} or a cause of it; empty if none. */
    static String remedy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownTraceException) {
                return " (list them with: covertmark traces)";
            }
            if (c instanceof IncompleteTraceException i) {
                return " (remove it with: covertmark delete " + i.id() + ")";
            }
            if (c instanceof InvalidRunException r && r.problem() == InvalidRunException.Problem.NEGATIVE_TRACE_MISSING) {
                return " (give one with --negative FILE)";
            }
        }
        return "";
    }
}
