package org.covertmark.testkit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;
import org.covertmark.core.engine.RunResult;
import org.covertmark.core.measure.UnitRates;

/**
 * AssertJ assertions on the results of runs, which say in their failure what a rate was counted
 * over and its 95 % interval:
 *
 * <pre>{@code
 * RunResult result = StrategyTestKit.run(new MyStrategy()).positive(...).negative(...).execute();
 * ResultAssertions.assertThat(result)
 *         .hasConfigurations(10)
 *         .chosen().flows()
 *         .hasTruePositiveRateAtLeast(0.9)
 *         .hasFalsePositiveRateAtMost(0.01);
 * }</pre>
 *
 * <p>A rate over no unit is not a rate: an assertion on it fails, saying nothing was examined.
 */
@API(status = MAINTAINED, since = "0.1")
public final class ResultAssertions {

    private ResultAssertions() {
    }

    /**
     * Assertions on a run's result.
     *
     * @param actual the result, such as {@link StrategyTestKit#execute()} returns
     * @return assertions on it
     */
    public static RunResultAssert assertThat(RunResult actual) {
        return new RunResultAssert(actual);
    }

    /**
     * Assertions on the rates of one unit level, such as a configuration's flows on the test part.
     *
     * @param actual the rates
     * @return assertions on them, describing them as rates of units
     */
    public static RatesAssert assertThat(UnitRates actual) {
        return new RatesAssert(actual, "units");
    }
}
