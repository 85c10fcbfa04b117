/**
 * Procedures: an ordered list of strategy runs, described in a JSON file, run one after another
 * into one set of results with a protocol summary. A run that fails is recorded with its error and
 * does not stop the others.
 */
package org.covertmark.core.procedure;
