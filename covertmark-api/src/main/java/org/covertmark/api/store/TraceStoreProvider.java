package org.covertmark.api.store;

import java.net.URI;

/**
 * Opens trace stores of one URI scheme. Providers are found with {@link java.util.ServiceLoader};
 * register an implementation in {@code META-INF/services/org.covertmark.api.store.TraceStoreProvider}.
 */
public interface TraceStoreProvider {

    /** The URI scheme this provider opens, e.g. {@code memory} or {@code mongodb}. */
    String scheme();

    /**
     * Opens the store a URI names.
     *
     * @throws TraceStoreException when the store cannot be reached or the URI is wrong, with a
     *     message that names the fault and never a password
     */
    TraceStore open(URI uri);
}
