package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;
import org.apiguardian.api.API;

/** What a strategy's decisions are about. Whatever it is, the engine also counts connections and hosts. */
@API(status = MAINTAINED, since = "0.1")
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
