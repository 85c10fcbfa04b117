package org.covertmark.examples.cli;

import org.covertmark.core.plugin.StrategyRegistry;

/** The strategy registry the command line uses: the application's class path. */
final class Strategies {

    private Strategies() {
    }

    static StrategyRegistry registry() {
        return StrategyRegistry.discover(Thread.currentThread().getContextClassLoader());
    }
}
