package org.covertmark.strategies.common;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.covertmark.api.strategy.Parameter;

/** Thresholds on payload lengths shared by the payload-examining strategies. */
@API(status = INTERNAL, since = "0.1")
public final class Payloads {

    /** Payloads longer than this are cut to this many bytes before entropy tests (MTU avoidance). */
    public static final int MTU_CUT = 1450;

    /** The user parameter: payloads shorter than this are not examined. */
    public static final Parameter<Integer> PROTOCOL_MIN_LENGTH = Parameter.integer("protocol_min_length", 0,
            "Payloads shorter than this many bytes are not examined.").atLeast(0).atMost(65535);

    private Payloads() {
    }
}
