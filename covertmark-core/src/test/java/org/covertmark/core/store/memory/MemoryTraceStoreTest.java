package org.covertmark.core.store.memory;

import org.covertmark.api.store.TraceStore;
import org.covertmark.core.store.TraceStoreCompatibilityKit;

class MemoryTraceStoreTest extends TraceStoreCompatibilityKit {

    @Override
    protected TraceStore createStore() {
        return new MemoryTraceStore();
    }
}
