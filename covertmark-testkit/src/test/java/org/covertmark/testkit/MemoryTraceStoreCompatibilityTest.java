package org.covertmark.testkit;

import org.covertmark.api.store.TraceStore;
import org.covertmark.core.store.TraceStores;

/** The embedded store, {@code memory:}, meets the trace store contract. */
class MemoryTraceStoreCompatibilityTest extends TraceStoreCompatibilityKit {

    @Override
    protected TraceStore createStore() {
        return TraceStores.open(TraceStores.DEFAULT_URI);
    }
}
