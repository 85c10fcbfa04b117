package org.covertmark.api.flow;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/** The transport of a connection. */
@API(status = STABLE, since = "0.1")
public enum Transport {
    /** TCP (IP protocol 6). */
    TCP,
    /** UDP (IP protocol 17). */
    UDP;

    /** {@return the lower-case name used in reasons and files: {@code tcp} or {@code udp}} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
