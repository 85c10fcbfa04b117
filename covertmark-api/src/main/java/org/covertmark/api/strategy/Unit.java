package org.covertmark.api.strategy;

import java.util.Locale;

/** What a strategy's decisions are about. Whatever it is, the engine also counts connections and hosts. */
public enum Unit {
    /** One packet with payload. */
    PACKET,
    /** A window: a group of packets the strategy formed, such as 50 packets of one conversation. */
    WINDOW,
    /** A connection: a TCP or UDP 5-tuple, both directions. */
    FLOW;

    /** {@return the lower-case name used in files: {@code packet}, {@code window}, {@code flow}} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
