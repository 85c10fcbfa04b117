package org.covertmark.core.measure;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/** Rates as people read them: {@code 98.0% 49/50 [89.4, 99.95]} — the rate, its counts and its 95 % interval. */
@API(status = MAINTAINED, since = "0.1")
public final class RateFormat {

    private RateFormat() {
    }

    /** A count's rate, flagged/examined and interval, or {@code -} over no unit. */
    public static String of(Count c) {
        if (c.examined() == 0) {
            return "-";
        }
        return percent((double) c.flagged() / c.examined()) + " " + c.flagged() + "/" + c.examined() + " "
                + interval(c.ci95());
    }

    /** {@code [lower, upper]} in percent, or nothing. */
    public static String interval(Optional<Interval> ci) {
        return ci.map(i -> "[" + number(i.lower()) + ", " + number(i.upper()) + "]").orElse("");
    }

    /** A fraction in percent: whole at 0 and 100, two decimals below 1 % and above 99 %, else one. */
    public static String percent(double fraction) {
        return number(fraction) + "%";
    }

    private static String number(double fraction) {
        double p = fraction * 100;
        if (p == 0 || p == 100) {
            return String.format(Locale.ROOT, "%.0f", p);
        }
        return String.format(Locale.ROOT, p < 1 || p > 99 ? "%.2f" : "%.1f", p);
    }
}
