package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Optional;
import org.apiguardian.api.API;
import org.covertmark.api.strategy.Config;

/**
 * A strategy's own code failed during a run: it threw, or a class it needs could not be loaded. Says,
 * as data, which strategy, in which step ({@code prepare}, {@code configurations}, {@code learn},
 * {@code decide}) and for which configuration; the cause is what the strategy threw. The engine's own
 * failures are never wrapped in it.
 */
@API(status = MAINTAINED, since = "0.1")
public final class StrategyFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String strategy;
    private final String step;
    private final transient Config config;

    StrategyFailedException(String strategy, String step, Config config, Throwable cause) {
        super("strategy " + strategy + " failed in " + step
                + (config == null || config.size() == 0 ? "" : " (configuration " + config + ")") + ": " + cause, cause);
        this.strategy = strategy;
        this.step = step;
        this.config = config;
    }

    /** The strategy's name. */
    public String strategy() {
        return strategy;
    }

    /** The step of the run its code failed in: prepare, configurations, learn or decide. */
    public String step() {
        return step;
    }

    /** The configuration it was learning or deciding, if any. */
    public Optional<Config> config() {
        return Optional.ofNullable(config);
    }

    /**
     * The name of the class that could not be loaded, when that is why it failed: a library the
     * strategy uses that its plugin does not bring.
     */
    public Optional<String> missingClass() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                String m = t.getMessage();
                return Optional.of(m == null ? "?" : m.replace('/', '.'));
            }
        }
        return Optional.empty();
    }
}
