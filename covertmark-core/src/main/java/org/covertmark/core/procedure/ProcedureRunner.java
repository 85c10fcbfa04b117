package org.covertmark.core.procedure;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.apiguardian.api.API;
import org.covertmark.api.progress.ProgressListener;
import org.covertmark.api.store.IncompleteTraceException;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.api.strategy.InputMode;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.InvalidRunException;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.StrategyFailedException;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.plugin.StrategyRegistry;
import org.covertmark.core.plugin.UnknownStrategyException;
import org.covertmark.core.store.TraceStores;
import org.covertmark.core.score.ProtocolSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the runs of a {@link Procedure} in order, each with a new strategy instance, and collects
 * their results and the protocol summary. Before running anything it checks the whole procedure, so
 * that a mistake in its last run is found at once rather than after hours of work. A run whose
 * strategy throws — any runtime exception, or an {@link OutOfMemoryError}, {@link StackOverflowError},
 * linkage or service error — is recorded as failed with its error, and the other runs still run.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ProcedureRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcedureRunner.class);

    private ProcedureRunner() {
    }

    /**
     * Checks every run without reading a trace: the strategy exists, its parameters are valid, a
     * negative trace is given if it needs one, capture files exist and stored traces are in the store.
     *
     * @throws ProcedureException naming the file, the run and the field at fault
     */
    public static void check(Procedure procedure, TraceStore store, StrategyRegistry registry) {
        List<ProcedureRun> runs = procedure.runs();
        for (int i = 0; i < runs.size(); i++) {
            ProcedureRun run = runs.get(i);
            String at = procedure.source() + ": run " + (i + 1) + ": ";
            DetectionStrategy strategy;
            try {
                strategy = registry.create(run.strategy());
            } catch (UnknownStrategyException e) {
                throw new ProcedureException(at + "\"strategy\": " + e.getMessage(), e);
            } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
                // A strategy that cannot be made is a broken plug-in, not a bad procedure: the run fails alone.
                LOG.debug("{}strategy {} could not be created while checking", at, run.strategy(), e);
                strategy = null;
            }
            if (strategy != null && strategy.needsNegative() && run.negative().isEmpty()) {
                throw new ProcedureException(at + "\"negative\" is required: strategy " + strategy.name()
                        + " needs a trace of ordinary traffic to measure false positives on");
            }
            trace(at, "positive", run.positive(), procedure.folder(), store);
            if (run.negative().isPresent()) {
                trace(at, "negative", run.negative().get(), procedure.folder(), store);
            }
            if (run.recall().isPresent()) {
                trace(at, "recall", run.recall().get(), procedure.folder(), store);
            }
            if (strategy != null) {
                try {
                    Evaluation.check(strategy, run.spec(procedure.folder(), false));
                } catch (InvalidRunException e) {
                    throw new ProcedureException(at + "\"params\": " + e.getMessage(), e);
                }
            }
        }
    }

    private static void trace(String at, String field, String text, Path folder, TraceStore store) {
        TraceSource source = ProcedureRun.source(folder, text);
        if (source instanceof TraceSource.Capture c) {
            if (!Files.isRegularFile(c.path())) {
                throw new ProcedureException(at + "\"" + field + "\": " + c.path() + ": "
                        + (Files.exists(c.path()) ? "not a regular file" : "no such file")
                        + (c.path().isAbsolute() ? "" : " (paths are relative to the procedure file's folder)"));
            }
        } else {
            try {
                TraceStores.complete(store, ((TraceSource.Stored) source).id());
            } catch (UnknownTraceException | IncompleteTraceException missing) {
                // The cause says which, so that a program can word the remedy in its own terms.
                throw new ProcedureException(at + "\"" + field + "\": " + missing.getMessage(), missing);
            }
        }
    }

    /**
     * Checks the procedure, then runs its runs in order, telling {@code listener} of each as it
     * starts and finishes.
     *
     * @return every run's outcome and the protocol summary
     * @throws ProcedureException if the check finds a fault; nothing has run then
     */
    public static ProcedureResult run(Procedure procedure, TraceStore store, StrategyRegistry registry,
            ProcedureListener listener) {
        Objects.requireNonNull(listener, "listener");
        check(procedure, store, registry);
        int total = procedure.runCount();
        List<RunOutcome> outcomes = new ArrayList<>();
        ProtocolSummary.Builder summary = ProtocolSummary.builder();
        int index = 0;
        List<ProcedureRun> runs = procedure.runs();
        for (int entry = 1; entry <= runs.size(); entry++) {
            ProcedureRun run = runs.get(entry - 1);
            for (boolean reversed : run.reverse().reversedFlags()) {
                index++;
                listener.started(index, total, run, reversed);
                RunOutcome outcome = runOne(procedure, store, registry, index, total, entry, run, reversed,
                        listener.progress());
                outcomes.add(outcome);
                if (outcome.failed()) {
                    summary.addFailure(run.protocol(), run.strategy(), outcome.direction(), outcome.error().get());
                } else {
                    summary.add(run.protocol(), outcome.result().get());
                }
                listener.finished(outcome);
            }
        }
        return new ProcedureResult(procedure, outcomes, summary.build());
    }

    private static RunOutcome runOne(Procedure procedure, TraceStore store, StrategyRegistry registry, int index,
            int total, int entry, ProcedureRun run, boolean reversed, ProgressListener progress) {
        InputMode mode = InputMode.CLIENT_TO_SERVER;
        try {
            DetectionStrategy strategy = registry.create(run.strategy());
            mode = strategy.inputMode();
            RunResult result = Evaluation.run(strategy, run.spec(procedure.folder(), reversed), store, progress);
            return new RunOutcome(index, total, entry, run, reversed, mode, Optional.of(result), Optional.empty());
        } catch (RuntimeException | ServiceConfigurationError | LinkageError | OutOfMemoryError
                | StackOverflowError e) {
            LOG.debug("run {} of {} ({}, {}) failed", index, total, run.strategy(),
                    RunResult.direction(mode, reversed), e);
            return new RunOutcome(index, total, entry, run, reversed, mode, Optional.empty(),
                    Optional.of(describe(e)));
        }
    }

    /**
     * An error as one line: the exception's simple class name and its message, line breaks folded; for a
     * strategy's failure, the error the strategy raised.
     *
     * @param e the error
     * @return its one-line description
     */
    @API(status = INTERNAL, since = "0.1")
    public static String describe(Throwable e) {
        if (e instanceof StrategyFailedException f && f.getCause() != null) {
            // the strategy's own error; the step and configuration are in the run's record
            return describe(f.getCause());
        }
        String message = e.getMessage();
        String name = e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name
                : name + ": " + message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
