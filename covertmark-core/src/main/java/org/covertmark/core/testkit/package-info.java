/**
 * Testing detection strategies without capture files: {@link org.covertmark.core.testkit.StrategyTestKit}
 * runs a strategy on packets held in memory, and {@link org.covertmark.core.testkit.Traces} makes
 * synthetic TCP flows to run it on. For strategy authors' unit tests.
 */
package org.covertmark.core.testkit;
