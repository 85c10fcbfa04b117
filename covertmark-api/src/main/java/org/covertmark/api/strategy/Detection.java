package org.covertmark.api.strategy;

/**
 * What a positive or negative run found: how many of the examined units (packets, windows, …) it
 * flagged as the protocol, out of how many. For a positive run the rate is the true positive rate,
 * for a negative run the false positive rate.
 *
 * @param flagged units flagged as the protocol
 * @param total units the rate is counted over
 */
public record Detection(long flagged, long total) {

    /** Checks that 0 ≤ flagged ≤ total. */
    public Detection {
        if (flagged < 0 || total < 0 || flagged > total) {
            throw new IllegalArgumentException("flagged " + flagged + " of " + total + " is not a count");
        }
    }

    /** {@code flagged} of {@code total}. */
    public static Detection of(long flagged, long total) {
        return new Detection(flagged, total);
    }

    /** The share flagged; 0 when nothing was examined. */
    public double rate() {
        return total == 0 ? 0 : (double) flagged / total;
    }

    @Override
    public String toString() {
        return flagged + "/" + total;
    }
}
