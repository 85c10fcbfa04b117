package org.covertmark.testkit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.covertmark.core.engine.RunResult.ConfigRecord;
import org.covertmark.core.measure.Measurement;
import org.covertmark.core.measure.UnitRates;

/**
 * Assertions on one configuration of a run: its rates on the test part (never on the part it was
 * chosen on) or, where a test needs them, on the selection part. Obtained from {@link RunResultAssert}.
 */
@API(status = MAINTAINED, since = "0.1")
public final class ConfigurationAssert extends AbstractAssert<ConfigurationAssert, ConfigRecord> {

    ConfigurationAssert(ConfigRecord actual) {
        super(actual, ConfigurationAssert.class);
    }

    /**
     * The configuration's rates over connections on the test part.
     *
     * @return assertions on those rates
     */
    public RatesAssert flows() {
        return rates(actual.test(), Measurement.FLOW, "test");
    }

    /**
     * The configuration's rates over remote hosts on the test part: a host counts as blocked by the
     * run's host rule.
     *
     * @return assertions on those rates
     */
    public RatesAssert hosts() {
        return rates(actual.test(), Measurement.HOST, "test");
    }

    /**
     * The configuration's rates at a unit level on the test part.
     *
     * @param level a unit level the strategy measured, such as {@code packet}, {@code window},
     *     {@code flow} or {@code host}
     * @return assertions on those rates
     */
    public RatesAssert unit(String level) {
        return rates(actual.test(), level, "test");
    }

    /**
     * The configuration's rates over connections on the selection part, where configurations are
     * compared and chosen.
     *
     * @return assertions on those rates
     */
    public RatesAssert selectionFlows() {
        return rates(actual.selection(), Measurement.FLOW, "selection");
    }

    private RatesAssert rates(Measurement measurement, String level, String part) {
        isNotNull();
        UnitRates rates = measurement.unit(level).orElse(null);
        if (rates == null) {
            failWithMessage("configuration \"%s\" has no %s rates on the %s part; it has %s", actual.description(),
                    level, part, measurement.units().keySet());
        }
        return new RatesAssert(rates, level + "s of configuration \"" + actual.description() + "\" on the " + part
                + " part");
    }
}
