package org.covertmark.core.measure;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Units of one kind in one trace: how many a censor would judge ({@code examined}), how many of those
 * the strategy's test actually ran on ({@code tested}), how many it flagged, and how many of the
 * examined units ended by each reason. The rate is {@code flagged / examined}; over no unit there is
 * none.
 *
 * @param flagged units flagged
 * @param examined units a censor would judge: the denominator
 * @param tested units the test ran on (flagged or passed); the rest were set aside by a rule
 * @param byReason examined units by the reason of their decision, reasons in alphabetical order
 */
@API(status = MAINTAINED, since = "0.1")
public record Count(long flagged, long examined, long tested, Map<String, Long> byReason) {

    /** No unit. */
    public static final Count NONE = new Count(0, 0, 0, Map.of());

    /** Checks 0 ≤ flagged ≤ tested ≤ examined and copies the reasons in alphabetical order. */
    public Count {
        if (flagged < 0 || flagged > tested || tested > examined) {
            throw new IllegalArgumentException("flagged " + flagged + ", tested " + tested + ", examined " + examined
                    + " are not counts of one set of units");
        }
        byReason = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(byReason)));
    }

    /** {@code flagged / examined}; empty when nothing was examined. */
    public OptionalDouble rate() {
        return examined == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) flagged / examined);
    }

    /** The 95 % Clopper–Pearson interval of the rate; empty when nothing was examined. */
    public Optional<Interval> ci95() {
        if (flagged < Integer.MAX_VALUE && examined < Integer.MAX_VALUE) {
            // Reports ask for the same few intervals many times over; each costs two inverse beta functions.
            long key = flagged << 32 | examined;
            Optional<Interval> known = INTERVALS.get(key);
            if (known == null) {
                known = BinomialIntervals.clopperPearson(flagged, examined);
                if (INTERVALS.size() > MAX_KNOWN) {
                    INTERVALS.clear();
                }
                INTERVALS.put(key, known);
            }
            return known;
        }
        return BinomialIntervals.clopperPearson(flagged, examined);
    }

    private static final int MAX_KNOWN = 100_000;
    private static final java.util.concurrent.ConcurrentHashMap<Long, Optional<Interval>> INTERVALS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** These units and {@code other}'s together. */
    public Count plus(Count other) {
        Map<String, Long> reasons = new TreeMap<>(byReason);
        other.byReason.forEach((r, n) -> reasons.merge(r, n, Long::sum));
        return new Count(flagged + other.flagged, examined + other.examined, tested + other.tested, reasons);
    }

    /** {@code 3/120 (tested 80)}. */
    @Override
    public String toString() {
        return flagged + "/" + examined + " (tested " + tested + ")";
    }
}
