package org.covertmark.api.filter;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** Which address of a packet an input rule looks at. */
@API(status = STABLE, since = "0.1")
public enum Direction {
    /** The source address. */
    SRC,
    /** The destination address. */
    DST,
    /** Either address. */
    EITHER
}
