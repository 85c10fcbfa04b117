package org.covertmark.store.mongodb;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.URI;
import org.apiguardian.api.API;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.TraceStoreProvider;

/**
 * Opens MongoDB trace stores: {@code mongodb://[user:password@]host[:port][,host:port...]/database[?options]},
 * and {@code mongodb+srv://} URIs through the nested {@link Srv} provider.
 *
 * <p>The URI is the MongoDB driver's connection string, so user, password, {@code authSource},
 * {@code tls=true}, {@code connectTimeoutMS}, {@code serverSelectionTimeoutMS}, {@code socketTimeoutMS}
 * and the other driver options apply as written. The database defaults to {@code covertmark}. When
 * the URI sets no time-outs, an unreachable server is reported after about 3 seconds and a socket
 * read gives up after 10 minutes.
 *
 * <p>System properties tune the store: {@code covertmark.mongodb.importBatch} (packets per bulk
 * insert, default 1000), {@code covertmark.mongodb.inFlight} (bulk inserts under way at once during
 * an import, default 2) and {@code covertmark.mongodb.readBatch} (packets per cursor batch, default
 * 2000).
 */
@API(status = INTERNAL, since = "0.1")
public class MongoTraceStoreProvider implements TraceStoreProvider {

    /** The constructor {@link java.util.ServiceLoader} calls. */
    public MongoTraceStoreProvider() {
    }

    @Override
    public String scheme() {
        return "mongodb";
    }

    /**
     * Connects and checks the server answers.
     *
     * @throws TraceStoreException for a malformed URI, an unreachable server or refused credentials,
     *     in one line naming the host and port, never the password
     */
    @Override
    public final TraceStore open(URI uri) {
        MongoTraceStore.Options defaults = MongoTraceStore.Options.defaults();
        MongoTraceStore.Options options = new MongoTraceStore.Options(
                size("covertmark.mongodb.importBatch", defaults.importBatch()),
                size("covertmark.mongodb.inFlight", defaults.inFlight()),
                size("covertmark.mongodb.readBatch", defaults.readBatch()), defaults.translator());
        return MongoTraceStore.open(uri.toString(), options);
    }

    /** Opens {@code mongodb+srv://} URIs: the hosts are found through DNS SRV records. */
    @API(status = INTERNAL, since = "0.1")
    public static final class Srv extends MongoTraceStoreProvider {

        /** The constructor {@link java.util.ServiceLoader} calls. */
        public Srv() {
        }

        @Override
        public String scheme() {
            return "mongodb+srv";
        }
    }

    private static int size(String property, int fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TraceStoreException("system property " + property + " must be a positive whole number, not '"
                + value + "'");
    }
}
