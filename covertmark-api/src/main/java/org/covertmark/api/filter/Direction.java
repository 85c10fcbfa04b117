package org.covertmark.api.filter;

/** Which address of a packet an input rule looks at. */
public enum Direction {
    /** The source address. */
    SRC,
    /** The destination address. */
    DST,
    /** Either address. */
    EITHER
}
