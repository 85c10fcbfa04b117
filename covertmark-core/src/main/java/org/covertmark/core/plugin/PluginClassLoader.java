package org.covertmark.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin. It shares with the application only the packages a strategy is
 * written against — the covertmark API, the analytics strategies build on (connection grouping,
 * entropy, distribution tests, classifiers) and SLF4J, an allow-list — and loads every other class from
 * the plugin's own jars, so that a plugin bundling its own commons-math3 (or any other library)
 * clashes neither with the application's copy nor with another plugin's. Its parent is the platform
 * class loader: the JDK's classes come from there, the application's class path is never seen.
 */
final class PluginClassLoader extends URLClassLoader {

    /** Package prefixes whose classes and resources come from the application's class loader. */
    static final List<String> SHARED_PACKAGES = List.of("org.covertmark.api.", "org.covertmark.analytics.",
            "org.slf4j.");

    private static final List<String> SHARED_RESOURCES = SHARED_PACKAGES.stream()
            .map(p -> p.replace('.', '/')).toList();

    static {
        registerAsParallelCapable();
    }

    private final String pluginName;
    private final ClassLoader application;

    PluginClassLoader(String pluginName, List<URL> jars, ClassLoader application) {
        super("plugin " + pluginName, jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        this.pluginName = pluginName;
        this.application = application;
    }

    /** The plugin's name: its jar's or its directory's file name. */
    String pluginName() {
        return pluginName;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                // Shared classes must be the application's very classes: a DetectionStrategy
                // defined twice would be a different interface, and the plugin's would not cast.
                c = isShared(name) ? application.loadClass(name) : super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        return isSharedResource(name) ? application.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isSharedResource(name) ? application.getResources(name) : super.getResources(name);
    }

    private static boolean isShared(String className) {
        for (String p : SHARED_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSharedResource(String resource) {
        String r = resource.startsWith("/") ? resource.substring(1) : resource;
        for (String p : SHARED_RESOURCES) {
            if (r.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + pluginName + "]";
    }
}
