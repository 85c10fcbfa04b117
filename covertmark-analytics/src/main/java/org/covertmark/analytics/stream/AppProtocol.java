package org.covertmark.analytics.stream;

/** The application protocol of a TCP stream, as its first payload bytes show it. */
public enum AppProtocol {
    /** The first payload begins with a TLS record header (normally a handshake). */
    TLS,
    /** The first payload begins an HTTP request. */
    HTTP,
    /** The first payload is an SSH version banner. */
    SSH,
    /** Anything else, including streams with no payload. */
    UNKNOWN
}
