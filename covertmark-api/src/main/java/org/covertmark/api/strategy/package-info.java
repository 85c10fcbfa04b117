/**
 * The detection strategy service-provider interface: what a third-party strategy implements and
 * the values it exchanges with the engine. A {@link org.covertmark.api.strategy.DetectionStrategy},
 * found through {@link java.util.ServiceLoader}, declares its {@link org.covertmark.api.strategy.Parameter}s
 * and {@link org.covertmark.api.strategy.Config}s; the engine hands it a
 * {@link org.covertmark.api.strategy.StrategyContext} with one
 * {@link org.covertmark.api.strategy.TraceView} per {@link org.covertmark.api.strategy.Role}, and the
 * strategy answers with {@link org.covertmark.api.strategy.Decisions} about packets, windows or
 * connections ({@link org.covertmark.api.strategy.Unit}). The strategy decides; the engine counts
 * the decisions and computes every rate.
 */
package org.covertmark.api.strategy;
