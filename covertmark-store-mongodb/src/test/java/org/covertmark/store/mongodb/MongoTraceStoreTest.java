package org.covertmark.store.mongodb;

import org.covertmark.api.store.TraceStore;
import org.covertmark.testkit.TraceStoreCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The trace store contract, against a MongoDB wire-protocol server started in this JVM. */
class MongoTraceStoreTest extends TraceStoreCompatibilityKit {

    private static InProcessMongo server;

    @BeforeAll
    static void startServer() {
        server = InProcessMongo.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected TraceStore createStore() {
        // A small batch, so that even the small samples are imported and read in several batches.
        return server.openStore(MongoTraceStore.Options.of(100, 64));
    }
}
