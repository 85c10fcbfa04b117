package org.covertmark.testkit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.engine.RunResult.ConfigRecord;

/**
 * Assertions on a {@link RunResult}: its configurations, its verdict and the configuration it chose.
 * Obtained from {@link ResultAssertions#assertThat(RunResult)}.
 */
@API(status = MAINTAINED, since = "0.1")
public final class RunResultAssert extends AbstractAssert<RunResultAssert, RunResult> {

    RunResultAssert(RunResult actual) {
        super(actual, RunResultAssert.class);
    }

    /**
     * Checks how many configurations the strategy was measured with.
     *
     * @param expected the number of configurations
     * @return this assertion
     */
    public RunResultAssert hasConfigurations(int expected) {
        isNotNull();
        if (actual.records().size() != expected) {
            failWithMessage("expected %s to have %d configurations but it had %d: %s", actual.strategy(), expected,
                    actual.records().size(), descriptions(actual.records()));
        }
        return this;
    }

    /**
     * Checks the verdict settles a band: the score's interval lies within one band and the trials agree.
     *
     * @return this assertion
     */
    public RunResultAssert isConclusive() {
        isNotNull();
        if (actual.verdict().inconclusive()) {
            failWithMessage("expected a conclusive verdict for %s but it was %s", actual.strategy(),
                    actual.verdict().band());
        }
        return this;
    }

    /**
     * Checks the verdict is inconclusive, as it must be when the evidence is too thin.
     *
     * @return this assertion
     */
    public RunResultAssert isInconclusive() {
        isNotNull();
        if (!actual.verdict().inconclusive()) {
            failWithMessage("expected an inconclusive verdict for %s but it was %s (score %.1f)", actual.strategy(),
                    actual.verdict().band(), actual.verdict().score().getAsDouble());
        }
        return this;
    }

    /**
     * Checks the verdict's score is conclusive and at least {@code minimum}.
     *
     * @param minimum the lowest acceptable score, 0–100
     * @return this assertion
     */
    public RunResultAssert hasScoreAtLeast(double minimum) {
        isConclusive();
        double score = actual.verdict().score().getAsDouble();
        if (score < minimum) {
            failWithMessage("expected a score of at least %.1f for %s but it was %.1f (%s)", minimum,
                    actual.strategy(), score, actual.verdict().band());
        }
        return this;
    }

    /**
     * Checks a warning contains {@code text}, such as the warning that no negative unit was examined.
     *
     * @param text part of the expected warning
     * @return this assertion
     */
    public RunResultAssert hasWarningContaining(String text) {
        isNotNull();
        if (actual.warnings().stream().noneMatch(w -> w.contains(text))) {
            failWithMessage("expected a warning containing \"%s\" but the warnings were %s", text, actual.warnings());
        }
        return this;
    }

    /**
     * The configuration the run chose on the selection part, to assert on its rates on the test part.
     * Fails when none was chosen.
     *
     * @return assertions on the chosen configuration
     */
    public ConfigurationAssert chosen() {
        isNotNull();
        Optional<ConfigRecord> best = actual.best();
        if (best.isEmpty()) {
            failWithMessage("expected %s to choose a configuration but none was acceptable (%s)", actual.strategy(),
                    actual.verdict().band());
        }
        return new ConfigurationAssert(best.orElseThrow());
    }

    /**
     * The configuration described as {@code description}, as in {@code results.csv}. Fails when there
     * is none.
     *
     * @param description the configuration's description, such as {@code Block Size: 64}
     * @return assertions on that configuration
     */
    public ConfigurationAssert configuration(String description) {
        isNotNull();
        Optional<ConfigRecord> match = actual.records().stream()
                .filter(r -> r.description().equals(description)).findFirst();
        if (match.isEmpty()) {
            failWithMessage("expected a configuration \"%s\" but there were %s", description,
                    descriptions(actual.records()));
        }
        return new ConfigurationAssert(match.orElseThrow());
    }

    /**
     * Runs {@code requirements} on every configuration.
     *
     * @param requirements assertions on one configuration
     * @return this assertion
     */
    public RunResultAssert everyConfiguration(Consumer<ConfigurationAssert> requirements) {
        isNotNull();
        actual.records().forEach(r -> requirements.accept(new ConfigurationAssert(r)));
        return this;
    }

    private static List<String> descriptions(List<ConfigRecord> records) {
        return records.stream().map(ConfigRecord::description).toList();
    }
}
