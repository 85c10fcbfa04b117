package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Thrown when bytes that should hold an IP packet cannot be decoded as one. The message names the
 * fault; no stack trace is kept, because malformed packets are counted, not debugged.
 */
@API(status = STABLE, since = "0.1")
public final class MalformedPacketException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A fault described by {@code reason}.
     *
     * @param reason what is wrong with the bytes, for people and for counting faults by kind, e.g.
     *     "IPv4 header length 12 below 20"
     */
    public MalformedPacketException(String reason) {
        super(reason, null, false, false);
    }
}
