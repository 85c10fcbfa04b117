package org.covertmark.core.procedure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.core.score.ProtocolSummary;

/**
 * The outcome of a whole procedure: every run's outcome in run order, and the protocol summary.
 *
 * @param procedure the procedure that was run
 * @param outcomes each run's outcome, in run order
 * @param summary the protocol summary of the outcomes, failed runs included
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ProcedureResult(Procedure procedure, List<RunOutcome> outcomes, ProtocolSummary summary) {

    /** Copies the outcomes. */
    public ProcedureResult {
        Objects.requireNonNull(procedure, "procedure");
        Objects.requireNonNull(summary, "summary");
        outcomes = List.copyOf(outcomes);
    }

    /** The runs that failed. */
    public List<RunOutcome> failures() {
        return outcomes.stream().filter(RunOutcome::failed).toList();
    }

    /** Whether every run succeeded. */
    public boolean allSucceeded() {
        return failures().isEmpty();
    }
}
