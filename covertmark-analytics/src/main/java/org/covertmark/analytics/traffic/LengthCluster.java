package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * One cluster of payload lengths found by mean shift.
 *
 * @param lengths the distinct lengths in the cluster
 * @param packets how many packets have one of these lengths
 * @param center the cluster's centre
 */
@API(status = MAINTAINED, since = "0.1")
public record LengthCluster(SortedSet<Integer> lengths, long packets, double center) {

    /** Copies the lengths into an unmodifiable sorted set. */
    public LengthCluster {
        lengths = Collections.unmodifiableSortedSet(new TreeSet<>(lengths));
    }
}
