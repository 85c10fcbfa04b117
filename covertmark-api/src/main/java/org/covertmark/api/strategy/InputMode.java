package org.covertmark.api.strategy;

/**
 * How a strategy turns the user's client and server addresses into the input filter of its traces,
 * as the original system's strategy map did.
 */
public enum InputMode {
    /**
     * Clients as SRC rules and servers as DST rules: one direction of traffic, client to server
     * (swapped for the server-to-client run).
     */
    CLIENT_TO_SERVER,
    /** Clients and servers as EITHER rules: both directions of traffic together. */
    EITHER
}
