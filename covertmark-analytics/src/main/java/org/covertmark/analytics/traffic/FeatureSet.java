package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The groups of window features that {@link WindowStatistics} can compute (the original's
 * {@code feature_selection} options). The up/down packet ratio is always computed.
 */
@API(status = MAINTAINED, since = "0.1")
public enum FeatureSet {
    /** Max, min and mean Shannon entropy of TCP payloads ({@code USE_ENTROPY}). */
    ENTROPY,
    /** Mean interval between frames ({@code USE_INTERVAL}). */
    INTERVAL,
    /** Counts of intervals in ranges ({@code USE_INTERVAL_BINS}). */
    INTERVAL_BINS,
    /** Most and second-most common, and mean, TCP payload length ({@code USE_TCP_LEN}). */
    TCP_LEN,
    /** Counts of TCP payload lengths in ranges ({@code USE_TCP_LEN_BINS}). */
    TCP_LEN_BINS,
    /** Share of ACK segments that carry PSH ({@code USE_PSH}). */
    PSH;

    /** Every feature set. */
    public static Set<FeatureSet> all() {
        return EnumSet.allOf(FeatureSet.class);
    }

    /** The set named on a command line: {@code entropy}, {@code interval-bins}, … (case and {@code _} or {@code -} ignored). */
    public static FeatureSet parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (FeatureSet f : values()) {
            if (f.name().equals(n) || ("USE_" + f.name()).equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no feature set '" + name + "'; choose from entropy, interval, "
                + "interval-bins, tcp-len, tcp-len-bins, psh");
    }

    /** The command-line spelling, e.g. {@code interval-bins}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
