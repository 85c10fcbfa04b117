package org.covertmark.testkit;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.ToDoubleFunction;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Interval;
import org.covertmark.core.measure.UnitRates;

/**
 * Assertions on the rates of one unit level: the true positive rate over the protocol's units and
 * the false positive rate over ordinary traffic's. Each failure gives the count the rate was taken
 * over and its 95 % Clopper–Pearson interval; a rate over no unit fails every assertion on it.
 *
 * <p>The {@code …Ci95…} assertions ask more than the point rate: that the whole interval clears the
 * bound, so that the claim holds with the evidence the traces give and not by luck of a few units.
 */
@API(status = MAINTAINED, since = "0.1")
public final class RatesAssert extends AbstractAssert<RatesAssert, UnitRates> {

    private final String units;

    RatesAssert(UnitRates actual, String units) {
        super(actual, RatesAssert.class);
        this.units = units;
    }

    /**
     * Checks how many positive units were examined.
     *
     * @param expected the number of the protocol's units a censor would judge
     * @return this assertion
     */
    public RatesAssert hasExaminedPositives(long expected) {
        isNotNull();
        if (actual.positives().examined() != expected) {
            failWithMessage("expected %d positive %s examined but there were %d", expected, units,
                    actual.positives().examined());
        }
        return this;
    }

    /**
     * Checks how many negative units were examined.
     *
     * @param expected the number of ordinary traffic's units a censor would judge
     * @return this assertion
     */
    public RatesAssert hasExaminedNegatives(long expected) {
        isNotNull();
        if (actual.negatives().examined() != expected) {
            failWithMessage("expected %d negative %s examined but there were %d", expected, units,
                    actual.negatives().examined());
        }
        return this;
    }

    /**
     * Checks the true positive rate is at least {@code minimum}.
     *
     * @param minimum the lowest acceptable rate, 0–1
     * @return this assertion
     */
    public RatesAssert hasTruePositiveRateAtLeast(double minimum) {
        return bound(true, "at least", minimum, c -> c.rate().getAsDouble(), r -> r >= minimum);
    }

    /**
     * Checks the true positive rate is at most {@code maximum}, as for traffic a strategy must not catch.
     *
     * @param maximum the highest acceptable rate, 0–1
     * @return this assertion
     */
    public RatesAssert hasTruePositiveRateAtMost(double maximum) {
        return bound(true, "at most", maximum, c -> c.rate().getAsDouble(), r -> r <= maximum);
    }

    /**
     * Checks the false positive rate is at most {@code maximum}.
     *
     * @param maximum the highest acceptable rate, 0–1
     * @return this assertion
     */
    public RatesAssert hasFalsePositiveRateAtMost(double maximum) {
        return bound(false, "at most", maximum, c -> c.rate().getAsDouble(), r -> r <= maximum);
    }

    /**
     * Checks the false positive rate is at least {@code minimum}, as for ordinary traffic a strategy
     * is known to mistake.
     *
     * @param minimum the lowest acceptable rate, 0–1
     * @return this assertion
     */
    public RatesAssert hasFalsePositiveRateAtLeast(double minimum) {
        return bound(false, "at least", minimum, c -> c.rate().getAsDouble(), r -> r >= minimum);
    }

    /**
     * Checks the whole 95 % interval of the true positive rate lies at or above {@code minimum}.
     *
     * @param minimum the bound the interval's lower end must reach, 0–1
     * @return this assertion
     */
    public RatesAssert hasTruePositiveRateCi95AtLeast(double minimum) {
        return bound(true, "with its 95 % interval at least", minimum, c -> c.ci95().orElseThrow().lower(),
                lower -> lower >= minimum);
    }

    /**
     * Checks the whole 95 % interval of the false positive rate lies at or below {@code maximum}.
     *
     * @param maximum the bound the interval's upper end must not pass, 0–1
     * @return this assertion
     */
    public RatesAssert hasFalsePositiveRateCi95AtMost(double maximum) {
        return bound(false, "with its 95 % interval at most", maximum, c -> c.ci95().orElseThrow().upper(),
                upper -> upper <= maximum);
    }

    /**
     * Checks the value {@code measure} takes of the positives' or the negatives' count with
     * {@code holds}, failing with the count, its rate and its interval.
     */
    private RatesAssert bound(boolean positives, String relation, double bound, ToDoubleFunction<Count> measure,
            DoublePredicate holds) {
        isNotNull();
        String which = positives ? "true positive" : "false positive";
        Count count = positives ? actual.positives() : actual.negatives();
        if (count.examined() == 0) {
            failWithMessage("expected a %s rate of %s but no %s unit was examined, so there is no rate", which,
                    units, positives ? "positive" : "negative");
        }
        if (!holds.test(measure.applyAsDouble(count))) {
            fail(which, relation, bound, count);
        }
        return this;
    }

    private void fail(String which, String relation, double bound, Count count) {
        failWithMessage("expected the %s rate of %s to be %s %s but it was %s", which, units, relation,
                number(bound), describe(count));
    }

    /** {@code 0.75 (15 of 20 examined; 95 % interval 0.51–0.91)}. */
    static String describe(Count count) {
        Optional<Interval> ci = count.ci95();
        return number(count.rate().orElse(Double.NaN)) + " (" + count.flagged() + " of " + count.examined()
                + " examined" + ci.map(i -> "; 95 % interval " + number(i.lower()) + "–" + number(i.upper()))
                        .orElse("") + ")";
    }

    private static String number(double x) {
        return String.format(Locale.ROOT, "%.4f", x).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }
}
