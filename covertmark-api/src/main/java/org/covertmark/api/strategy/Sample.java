package org.covertmark.api.strategy;

/** Which traffic a published feature distribution describes; see {@link StrategyContext#publishDistribution}. */
public enum Sample {
    /** The protocol's traffic: the positive trace. */
    POSITIVE,
    /** Ordinary traffic: the negative trace. */
    NEGATIVE
}
