package org.covertmark.strategies;

import java.nio.file.Path;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.engine.Evaluation;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunSpec;
import org.covertmark.core.engine.TraceSource;
import org.covertmark.core.store.TraceStores;

/** Runs strategies on the public captures in a fresh embedded store. */
final class RealTraces {

    static final Path PUBLIC = Path.of("..", "data", "public");

    private RealTraces() {
    }

    static TraceSource capture(String name) {
        return new TraceSource.Capture(PUBLIC.resolve(name));
    }

    static RunResult run(DetectionStrategy strategy, RunSpec spec) {
        try (TraceStore store = TraceStores.open(TraceStores.DEFAULT_URI)) {
            return Evaluation.run(strategy, spec, store);
        }
    }
}
