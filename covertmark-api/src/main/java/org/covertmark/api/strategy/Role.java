package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;
import org.apiguardian.api.API;

/** The part a trace plays in a run. */
@API(status = MAINTAINED, since = "0.1")
public enum Role {
    /** The protocol's traffic: what a censor wants to flag. */
    POSITIVE,
    /** Ordinary traffic: what a censor must not flag. */
    NEGATIVE,
    /** Unseen traffic of the protocol, judged with what was learnt on the others. */
    RECALL;

    /** {@return the lower-case name used in files: {@code positive}, {@code negative}, {@code recall}} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
