package org.covertmark.core.plugin;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.covertmark.api.strategy.DetectionStrategy;
import org.covertmark.core.engine.Suggestions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection strategies found with {@link ServiceLoader}, by name: on the application's class
 * path, and in plugin directories where each plugin gets a class loader of its own. Each lookup
 * makes a new instance, so runs never share a strategy's state. Strategies that fail to load and
 * names that two strategies claim are kept as problems to report, not thrown: one broken plugin
 * does not hide the others.
 *
 * <p>In a plugin directory, each {@code *.jar} file directly inside is one plugin, and each
 * subdirectory holding jars is one plugin whose jars share a class loader (a strategy jar next to
 * the libraries it needs). A plugin's class loader shares only the covertmark API, the analytics and
 * SLF4J with the application, so plugins may bundle any other library in any version.
 */
@API(status = MAINTAINED, since = "0.1")
public final class StrategyRegistry {

    /** A strategy name: what --strategy and procedure files can give. */
    private static final java.util.regex.Pattern VALID_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private static final Logger LOG = LoggerFactory.getLogger(StrategyRegistry.class);

    private static final int MAX_FAILURES = 32;
    private static final String SERVICE_FILE = "META-INF/services/" + DetectionStrategy.class.getName();

    /** A strategy found, and where. */
    private record Entry(String name, String description, String origin, Supplier<DetectionStrategy> factory) {
    }

    private final Map<String, Entry> strategies = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    private StrategyRegistry() {
    }

    /** The strategies on the class path of {@code loader}. */
    public static StrategyRegistry discover(ClassLoader loader) {
        return discover(loader, List.of());
    }

    /**
     * The strategies on the class path of {@code appLoader}, then those of the plugins in
     * {@code plugins}, in order; where two share a name, the first found is used. Each element is a
     * directory of plugins — each jar in it one plugin, each subdirectory of jars one plugin — or one
     * plugin's jar. A path that does not exist, a directory that holds no jar, and a plugin without a
     * strategy are {@link #problems()}.
     *
     * @param appLoader the application's class loader: it provides the strategies on the class
     *     path, and the covertmark API, analytics and SLF4J classes that plugins share
     * @param plugins directories of plugins, or plugin jars
     */
    public static StrategyRegistry discover(ClassLoader appLoader, List<Path> plugins) {
        StrategyRegistry r = new StrategyRegistry();
        r.add(appLoader, "the class path");
        for (Path p : plugins) {
            if (isJar(p)) {
                r.addPlugin(p, List.of(p), appLoader);
            } else {
                r.addPluginDirectory(p, appLoader);
            }
        }
        return r;
    }

    /**
     * The strategies of one plugin alone — a jar, or a directory holding a plugin's jars — loaded as
     * {@link #discover(ClassLoader, List)} loads each plugin: in a class loader of its own that shares
     * only the covertmark API, the analytics and SLF4J with {@code appLoader}. A test of a strategy
     * loads its built jar this way, so that a class the jar lacks fails the test as it would fail a
     * run. What could not be loaded is in {@link #problems()}.
     *
     * @param plugin a jar, or a directory of jars
     * @param appLoader the class loader that provides the shared packages
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static StrategyRegistry plugin(Path plugin, ClassLoader appLoader) {
        StrategyRegistry r = new StrategyRegistry();
        if (!isJar(plugin) && !Files.isDirectory(plugin)) {
            r.problem("plugin " + plugin + " is neither a jar nor a directory; build the jar first", null);
            return r;
        }
        List<Path> jars = r.jarsOf(plugin);
        if (jars != null && jars.isEmpty()) {
            r.problem("plugin directory " + plugin + " holds no jar", null);
        } else if (jars != null) {
            r.addPlugin(plugin, jars, appLoader);
        }
        return r;
    }

    private void addPluginDirectory(Path dir, ClassLoader appLoader) {
        if (!Files.exists(dir)) {
            problem("plugin directory " + dir + " does not exist; check the path, or create it and put strategy "
                    + "jars in it", null);
            return;
        }
        if (!Files.isDirectory(dir)) {
            problem("plugin path " + dir + " is neither a directory nor a jar; name a directory of plugins or a "
                    + "plugin's .jar", null);
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            problem("plugin directory " + dir + " cannot be read (" + e + "); check its permissions", e);
            return;
        }
        int plugins = 0;
        for (Path entry : entries) {
            List<Path> jars = jarsOf(entry);
            if (jars == null) {
                continue;
            }
            if (jars.isEmpty()) {
                LOG.debug("{} holds no jar; not a plugin", entry);
                continue;
            }
            plugins++;
            addPlugin(entry, jars, appLoader);
        }
        if (plugins == 0) {
            problem("plugin directory " + dir + " holds no jar; put each strategy jar in it, or one subdirectory "
                    + "per plugin holding its jars", null);
        }
    }

    /**
     * The jars of the plugin at {@code plugin}: itself when it is a jar, the jars directly in it when
     * it is a directory, none when it is neither; null when the directory cannot be read, which is
     * then one of the {@link #problems()}.
     */
    private List<Path> jarsOf(Path plugin) {
        if (isJar(plugin)) {
            return List.of(plugin);
        }
        if (!Files.isDirectory(plugin)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(plugin)) {
            return s.filter(StrategyRegistry::isJar).sorted().toList();
        } catch (IOException e) {
            problem("plugin directory " + plugin + " cannot be read (" + e + "); check its permissions", e);
            return null;
        }
    }

    private static boolean isJar(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    private void addPlugin(Path plugin, List<Path> jars, ClassLoader appLoader) {
        String name = plugin.getFileName().toString();
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                problem("plugin " + name + ": jar " + jar + " has no URL (" + e.getMessage() + "); rename it", e);
                return;
            }
        }
        PluginClassLoader loader = new PluginClassLoader(name, urls, appLoader);
        String origin = "plugin " + plugin;
        int found = add(loader, origin);
        if (found == 0) {
            String searched = jars.stream().map(j -> j.getFileName().toString()).collect(Collectors.joining(", "));
            problem("plugin " + plugin + " provides no strategy: no " + SERVICE_FILE + " in " + searched
                    + "; list the strategy classes in that file (or annotate them with "
                    + "@AutoService(DetectionStrategy.class))", null);
            return;
        }
        LOG.debug("installed plugin {} from {} ({} strategies)", name, jars, found);
    }

    /**
     * Adds the strategies {@code loader} provides, naming {@code origin} in messages.
     *
     * @return the number of providers listed, whether they loaded or not
     */
    int add(ClassLoader loader, String origin) {
        ServiceLoader<DetectionStrategy> services = ServiceLoader.load(DetectionStrategy.class, loader);
        var it = services.stream().iterator();
        int listed = 0;
        int failures = 0;
        while (true) {
            ServiceLoader.Provider<DetectionStrategy> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                listed++;
                // ServiceLoader checks the class and its constructor here: say which is at fault
                String hint = hint(e);
                problem("a strategy in " + origin + " could not be loaded: " + rootMessage(e) + "; "
                        + (hint.startsWith("its constructor") ? "check the class names in its " + SERVICE_FILE : hint), e);
                if (++failures > MAX_FAILURES) {
                    break; // recovery after an error is only best effort; do not spin on one
                }
                continue;
            }
            listed++;
            String className = provider.type().getName();
            String name;
            String description;
            String parameterProblem;
            try {
                DetectionStrategy probe = provider.get();
                name = probe.name();
                description = probe.description();
                parameterProblem = parameterProblem(probe.parameters());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problem("strategy class " + className + " in " + origin + " could not be created: " + rootMessage(e)
                        + "; " + hint(e), e);
                continue;
            }
            if (parameterProblem != null) {
                problem("strategy class " + className + " in " + origin + " declares " + parameterProblem, null);
                continue;
            }
            if (name == null || !VALID_NAME.matcher(name).matches()) {
                problem("strategy class " + className + " in " + origin + " is named " + (name == null ? "null"
                        : "'" + name + "'") + ", which is not a valid strategy name; a name is lowercase letters, "
                        + "digits, '-', '_' and '.', beginning with a letter or digit", null);
                continue;
            }
            Entry existing = strategies.get(name);
            if (existing != null) {
                problem("two strategies are named '" + name + "': " + existing.origin() + " and " + className
                        + " in " + origin + "; the first is used; rename one, or remove one of them", null);
                continue;
            }
            strategies.put(name, new Entry(name, description, className + " in " + origin, provider::get));
            LOG.debug("found strategy {} ({} in {})", name, className, origin);
        }
        return listed;
    }

    private void problem(String message, Throwable cause) {
        problems.add(message);
        LOG.debug(message, cause);
    }

    /**
     * What is wrong with a strategy's parameters, or null: two of one name, or a default its own
     * declaration refuses (a run with the defaults would fail).
     */
    private static String parameterProblem(List<org.covertmark.api.strategy.Parameter<?>> parameters) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (org.covertmark.api.strategy.Parameter<?> p : parameters) {
            if (!names.add(p.name())) {
                return "two parameters named '" + p.name() + "'; give each its own name";
            }
            try {
                p.parse(String.valueOf(p.defaultValue()));
            } catch (IllegalArgumentException e) {
                return "parameter '" + p.name() + "' with the default " + p.defaultValue() + ", which it refuses ("
                        + e.getMessage() + "); change the default or the limits";
            }
        }
        return null;
    }

    /** What to fix, from why a strategy class could not be created. */
    private static String hint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSuchMethodException) {
                return "it needs a public no-argument constructor";
            }
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                return "a class it uses is not in its plugin: bundle the library into the plugin's jar, or make the "
                        + "plugin a folder holding its jar and the library's";
            }
            if (t instanceof IllegalAccessException || String.valueOf(t.getMessage()).contains("is not public")) {
                return "its class and its no-argument constructor must be public";
            }
            if (t instanceof InstantiationException) {
                return "it must be a concrete class";
            }
        }
        return "its constructor, name() or description() threw: fix that in the strategy";
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
