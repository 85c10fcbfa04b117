package org.covertmark.core.procedure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.covertmark.api.progress.ProgressListener;

/** Hears of each run of a procedure as it starts and finishes, to report progress or write results early. */
@FunctionalInterface
@API(status = EXPERIMENTAL, since = "0.1")
public interface ProcedureListener {

    /** Nothing to hear. */
    ProcedureListener NONE = outcome -> {
    };

    /**
     * A run is about to start.
     *
     * @param index the run's place in run order, from 1
     * @param total the number of runs
     * @param run the run's description
     * @param reversed whether it runs server to client
     */
    default void started(int index, int total, ProcedureRun run, boolean reversed) {
    }

    /** A run finished, successfully or not. */
    void finished(RunOutcome outcome);

    /**
     * Where each run reports how far its long work has got (importing captures, running the
     * strategy's configurations); by default nowhere.
     */
    default ProgressListener progress() {
        return ProgressListener.NONE;
    }
}
