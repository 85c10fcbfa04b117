/**
 * How sure a measured rate is: confidence intervals of a binomial proportion (Clopper–Pearson, Wilson) and the
 * precision a censor would get from a detector when negatives outnumber positives by a given base rate.
 */
package org.covertmark.core.measure;
