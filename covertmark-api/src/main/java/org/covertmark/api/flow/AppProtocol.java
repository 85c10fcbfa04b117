package org.covertmark.api.flow;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The application protocol of a connection as a censor recognises it from the first payload bytes
 * of each direction (see {@link ProtocolRecognition}).
 */
@API(status = STABLE, since = "0.1")
public enum AppProtocol {
    /** A TLS record header opens the connection. */
    TLS,
    /** An HTTP/1.x request or response opens the connection. */
    HTTP,
    /** An SSH version banner opens the connection. */
    SSH,
    /** A DNS message to or from port 53, or an mDNS message on port 5353. */
    DNS,
    /** A QUIC long-header packet of version 1, version 2 or a draft version. */
    QUIC,
    /** None of the above, or no payload seen. */
    UNKNOWN;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** {@return the lower-case name used in reasons and files, e.g. {@code tls}} */
    public String label() {
        return label;
    }

    /**
     * The protocol whose {@link #label()} is {@code text}, compared without regard to case.
     *
     * @param text a label such as {@code tls} or {@code QUIC}; surrounding white space is ignored
     * @return the protocol of that label
     * @throws IllegalArgumentException naming the text and the valid labels when none matches
     */
    public static AppProtocol ofLabel(String text) {
        if (text != null) {
            for (AppProtocol p : values()) {
                if (p.label.equalsIgnoreCase(text.strip())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown application protocol '" + text + "': expected one of "
                + Arrays.stream(values()).map(AppProtocol::label).collect(Collectors.joining(", ")));
    }
}
