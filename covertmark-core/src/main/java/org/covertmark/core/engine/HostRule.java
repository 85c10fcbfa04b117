package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * When a censor blocks a remote host from the decisions on its connections, accumulating evidence
 * over flows as Wails et al. (NDSS 2024) do: once at least {@code minFlagged} of its connections, and
 * at least a share {@code minShare} of them, have been flagged. The default, one connection, is the
 * original's rule: a destination is blocked as soon as anything to it is flagged.
 *
 * @param minFlagged τ: flagged connections needed, at least 1
 * @param minShare η: share of the host's connections that must be flagged, in [0, 1]
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record HostRule(int minFlagged, double minShare) {

    /** A host is blocked at its first flagged connection. */
    public static final HostRule FIRST_FLAG = new HostRule(1, 0);

    /** Checks the ranges. */
    public HostRule {
        if (minFlagged < 1) {
            throw new IllegalArgumentException("a host is blocked after at least 1 flagged connection, not " + minFlagged);
        }
        if (!(minShare >= 0 && minShare <= 1)) {
            throw new IllegalArgumentException("the share of flagged connections is in [0, 1], not " + minShare);
        }
    }

    /** Whether a host with {@code flagged} of {@code examined} connections flagged is blocked. */
    public boolean blocks(long flagged, long examined) {
        return flagged >= minFlagged && flagged >= minShare * examined;
    }
}
