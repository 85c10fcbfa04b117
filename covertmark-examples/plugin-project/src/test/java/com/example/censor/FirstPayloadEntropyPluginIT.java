package com.example.censor;

import static org.covertmark.testkit.ResultAssertions.assertThat;

import java.nio.file.Path;
import org.covertmark.core.engine.RunResult;
import org.covertmark.testkit.StrategyTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The built jar, loaded as {@code covertmark run --plugins} loads it: in a class loader of its own
 * that sees the covertmark API, the analytics and SLF4J, and nothing else of this project's test
 * class path. A class the jar lacks, or a registration it forgot, fails here rather than in a run.
 */
class FirstPayloadEntropyPluginIT {

    static final Path JAR = Path.of(System.getProperty("plugin.jar"));

    @Test
    @DisplayName("the built jar registers the strategy, and it decides as the classes do")
    void builtJarRuns() {
        RunResult result = StrategyTestKit.fromJar(JAR, "first-payload-entropy")
                .positive(FirstPayloadEntropyStrategyTest.PROXY).negative(FirstPayloadEntropyStrategyTest.WEB)
                .client("10.0.0.0/24").negativeClient("10.0.1.0/24")
                .wholeTraces()
                .execute();

        assertThat(result).hasConfigurations(4)
                .chosen().flows().hasTruePositiveRateAtLeast(1.0).hasFalsePositiveRateAtMost(0.0);
    }
}
