package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

/**
 * How a strategy turns the user's client and server addresses into the input filter of its traces,
 * as the original system's strategy map did.
 */
@API(status = MAINTAINED, since = "0.1")
public enum InputMode {
    /**
     * Clients as SRC rules and servers as DST rules: one direction of traffic, client to server
     * (swapped for the server-to-client run).
     */
    CLIENT_TO_SERVER,
    /** Clients and servers as EITHER rules: both directions of traffic together. */
    EITHER
}
