package org.covertmark.core.store.memory;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.URI;
import org.apiguardian.api.API;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.TraceStoreProvider;

/**
 * Opens the embedded {@code memory:} trace store. Each {@link #open} gives a new, empty store, so
 * traces are shared only by code that shares the store object.
 */
@API(status = INTERNAL, since = "0.1")
public final class MemoryTraceStoreProvider implements TraceStoreProvider {

    /** The constructor {@link java.util.ServiceLoader} calls. */
    public MemoryTraceStoreProvider() {
    }

    @Override
    public String scheme() {
        return "memory";
    }

    /**
     * Opens a new, empty store for {@code memory:} ({@code memory:/} as a {@link URI}, which cannot be
     * empty after the colon).
     *
     * @throws TraceStoreException if anything follows the colon, since the memory store has no options
     */
    @Override
    public TraceStore open(URI uri) {
        String rest = uri.getRawSchemeSpecificPart();
        if (!"memory".equalsIgnoreCase(uri.getScheme()) || !(rest == null || rest.isEmpty() || rest.equals("/"))
                || uri.getRawFragment() != null) {
            throw new TraceStoreException("the memory trace store takes nothing after 'memory:', not '" + uri + "'");
        }
        return new MemoryTraceStore();
    }
}
