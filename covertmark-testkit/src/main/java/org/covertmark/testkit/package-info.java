/**
 * Testing what plugs into CovertMark. {@link org.covertmark.testkit.StrategyTestKit} runs a detection
 * strategy on packets held in memory (made with {@link org.covertmark.api.synthetic.Traces}) or on
 * capture files, exactly as {@code covertmark run} does, and can load the strategy from its built jar
 * through the same plugin class loader the command line uses.
 * {@link org.covertmark.testkit.TraceStoreCompatibilityKit} is the contract every trace store must
 * meet, checked on captures the kit carries.
 */
package org.covertmark.testkit;
