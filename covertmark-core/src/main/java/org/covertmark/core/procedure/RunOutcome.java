package org.covertmark.core.procedure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.core.engine.RunResult;

/**
 * What became of one run of a procedure: its result, or the error it failed with.
 *
 * @param index the run's place in run order, from 1 (a {@code "both"} entry makes two runs)
 * @param total the number of runs in the procedure
 * @param entry the entry's place in the procedure file, from 1
 * @param run the entry describing the run
 * @param reversed whether the run was server to client
 * @param inputMode how the strategy reads traffic: one direction, or both together
 * @param result the result, when the run succeeded
 * @param error what went wrong, when it failed
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunOutcome(int index, int total, int entry, ProcedureRun run, boolean reversed, InputMode inputMode,
        Optional<RunResult> result, Optional<String> error) {

    /** Checks that there is exactly one of a result and an error. */
    public RunOutcome {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(inputMode, "inputMode");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(error, "error");
        if (result.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("an outcome has either a result or an error");
        }
    }

    /** Whether the run failed. */
    public boolean failed() {
        return error.isPresent();
    }

    /**
     * {@code client-to-server} or {@code server-to-client}, or {@code both} for a strategy that reads
     * both directions together.
     */
    public String direction() {
        return RunResult.direction(inputMode, reversed);
    }

    /**
     * The name of the run's result folder: {@code NN-strategy-direction}, numbered in run order with
     * at least two digits, e.g. {@code 01-length-clustering-client-to-server}.
     */
    public String folderName() {
        int width = Math.max(2, Integer.toString(total).length());
        String safe = run.strategy().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
        return String.format(Locale.ROOT, "%0" + width + "d-%s-%s", index, safe, direction());
    }

    /** One line for people: the run, then its score and band or its error. */
    public String summaryLine() {
        String head = String.format(Locale.ROOT, "[%d/%d] %s: %s %s: ", index, total, run.protocol(), run.strategy(),
                direction());
        if (failed()) {
            return head + "FAILED: " + error.get().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        }
        RunResult r = result.get();
        return head + (r.verdict().score().isPresent()
                ? String.format(Locale.ROOT, "score %.2f, %s", r.verdict().score().getAsDouble(), r.verdict().band())
                : "no score, " + r.verdict().band());
    }
}
