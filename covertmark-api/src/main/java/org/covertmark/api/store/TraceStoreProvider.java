package org.covertmark.api.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import org.apiguardian.api.API;

/**
 * Opens trace stores of one URI scheme. Providers are found with {@link java.util.ServiceLoader};
 * register an implementation in {@code META-INF/services/org.covertmark.api.store.TraceStoreProvider}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface TraceStoreProvider {

    /**
     * {@return the URI scheme this provider opens, without the colon, e.g. {@code memory} or
     * {@code mongodb}}
     */
    String scheme();

    /**
     * Opens the store a URI names.
     *
     * @param uri the store's URI, of this provider's {@linkplain #scheme() scheme}; it may carry
     *     credentials, which must not appear in messages
     * @return the open store; the caller closes it
     * @throws TraceStoreException when the store cannot be reached or the URI is wrong, with a
     *     message that names the fault and never a password
     */
    TraceStore open(URI uri);
}
