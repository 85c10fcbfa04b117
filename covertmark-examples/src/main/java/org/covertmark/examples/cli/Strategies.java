package org.covertmark.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.covertmark.core.plugin.StrategyRegistry;

/** The strategy registry the command line uses: the application's class path and the plugin directories given. */
final class Strategies {

    private Strategies() {
    }

    /**
     * The strategies on the class path and in {@code pluginDirs}.
     *
     * @throws UserError when a plugin directory does not exist or is not a directory
     */
    static StrategyRegistry registry(List<Path> pluginDirs) {
        for (Path dir : pluginDirs) {
            if (!Files.exists(dir)) {
                throw new UserError("--plugins " + dir + ": no such directory");
            }
            if (!Files.isDirectory(dir)) {
                throw new UserError("--plugins " + dir + ": not a directory; put the plugin jar in a directory and "
                        + "name the directory");
            }
        }
        return StrategyRegistry.discover(Thread.currentThread().getContextClassLoader(), pluginDirs);
    }
}
