/**
 * General two-sample and goodness-of-fit statistics: the Kolmogorov–Smirnov two-sample test with scipy's p-value
 * methods old and new, the k-sample Anderson–Darling test of Scholz &amp; Stephens (1987), and the chi-square test
 * of byte uniformity. Each is checked against scipy 1.17.1 by the fixtures of {@code tools/reference}.
 */
package org.covertmark.analytics.stats;
