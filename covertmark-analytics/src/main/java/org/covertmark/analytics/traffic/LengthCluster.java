package org.covertmark.analytics.traffic;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One cluster of payload lengths found by mean shift.
 *
 * @param lengths the distinct lengths in the cluster
 * @param packets how many packets have one of these lengths
 * @param center the cluster's centre
 */
public record LengthCluster(SortedSet<Integer> lengths, long packets, double center) {

    /** Copies the lengths into an unmodifiable sorted set. */
    public LengthCluster {
        lengths = Collections.unmodifiableSortedSet(new TreeSet<>(lengths));
    }
}
