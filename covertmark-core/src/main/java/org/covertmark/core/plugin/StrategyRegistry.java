package org.covertmark.core.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.engine.Suggestions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection strategies found with {@link ServiceLoader}, by name. Each lookup makes a new
 * instance, so runs never share a strategy's state. Strategies that fail to load and names that two
 * strategies claim are kept as problems to report, not thrown: one broken plugin does not hide the
 * others.
 */
public final class StrategyRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(StrategyRegistry.class);

    /** A strategy found, and where. */
    private record Entry(String name, String description, String origin, Supplier<DetectionStrategy> factory) {
    }

    private final Map<String, Entry> strategies = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    private StrategyRegistry() {
    }

    /** The strategies on the class path of {@code loader}. */
    public static StrategyRegistry discover(ClassLoader loader) {
        StrategyRegistry r = new StrategyRegistry();
        r.add(loader, "the class path");
        return r;
    }

    /** Adds the strategies {@code loader} provides, naming {@code origin} in messages. */
    void add(ClassLoader loader, String origin) {
        ServiceLoader<DetectionStrategy> services = ServiceLoader.load(DetectionStrategy.class, loader);
        var it = services.stream().iterator();
        while (true) {
            ServiceLoader.Provider<DetectionStrategy> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                problem("a strategy in " + origin + " could not be loaded: " + rootMessage(e), e);
                continue;
            }
            String className = provider.type().getName();
            DetectionStrategy probe;
            try {
                probe = provider.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problem("strategy class " + className + " in " + origin + " could not be created: " + rootMessage(e), e);
                continue;
            }
            String name = probe.name();
            Entry existing = strategies.get(name);
            if (existing != null) {
                problem("two strategies are named '" + name + "': " + existing.origin() + " and " + className
                        + " in " + origin + "; the first is used", null);
                continue;
            }
            strategies.put(name, new Entry(name, probe.description(), className + " in " + origin, provider::get));
            LOG.debug("found strategy {} ({} in {})", name, className, origin);
        }
    }

    private void problem(String message, Throwable cause) {
        problems.add(message);
        LOG.debug(message, cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    /** The names of the strategies found, sorted. */
    public List<String> names() {
        return List.copyOf(strategies.keySet());
    }

    /** A new instance of every strategy found, sorted by name. */
    public List<DetectionStrategy> all() {
        List<DetectionStrategy> out = new ArrayList<>();
        strategies.values().forEach(e -> out.add(e.factory().get()));
        return Collections.unmodifiableList(out);
    }

    /** Where the strategy of this name was found. */
    public String origin(String name) {
        Entry e = strategies.get(name);
        return e == null ? null : e.origin();
    }

    /**
     * A new instance of the strategy named {@code name}.
     *
     * @throws UnknownStrategyException listing the strategies there are, and the nearest name
     */
    public DetectionStrategy create(String name) {
        Entry e = strategies.get(name);
        if (e == null) {
            throw new UnknownStrategyException(name, Suggestions.nearest(name, strategies.keySet()), names());
        }
        return e.factory().get();
    }

    /** Messages about strategies that failed to load or clashed, for users to read. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
