/**
 * An example third-party detection strategy, built as its own jar
 * ({@code covertmark-examples-VERSION-example-strategy.jar}) against covertmark-api alone, and
 * registered in {@code META-INF/services}. Run it by putting the jar on the class path or in a
 * {@code --plugins} directory.
 */
package org.covertmark.examples.strategy;
