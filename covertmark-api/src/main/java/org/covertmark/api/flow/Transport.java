package org.covertmark.api.flow;

import java.util.Locale;

/** The transport of a connection. */
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
