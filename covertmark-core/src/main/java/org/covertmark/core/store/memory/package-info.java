/** The embedded trace store, {@code memory:}, which keeps parsed packets on the heap for one process. */
package org.covertmark.core.store.memory;
