/**
 * Entropy of byte strings and the per-payload statistics of the entropy strategies: Shannon entropy of a string
 * and of its blocks, the three random-looking tests of {@code entropy_dist}, and the sliding-window distinct-byte
 * estimate of {@code entropy_est}.
 */
package org.covertmark.analytics.entropy;
