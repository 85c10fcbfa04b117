package org.covertmark.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.covertmark.core.plugin.StrategyRegistry;

/** The strategy registry the command line uses: the application's class path and the plugins given. */
final class Strategies {

    private Strategies() {
    }

    /**
     * The strategies on the class path and in {@code plugins}: directories of plugins, or plugin jars.
     *
     * @throws UserError when a plugin path does not exist, or is a file but not a jar
     */
    static StrategyRegistry registry(List<Path> plugins) {
        for (Path p : plugins) {
            if (!Files.exists(p)) {
                throw new UserError("--plugins " + p + ": no such directory or jar");
            }
            if (!Files.isDirectory(p) && !p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")) {
                throw new UserError("--plugins " + p + ": neither a directory nor a .jar; name a directory of "
                        + "plugins or a plugin's jar");
            }
        }
        return StrategyRegistry.discover(Thread.currentThread().getContextClassLoader(), plugins);
    }
}
