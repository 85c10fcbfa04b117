package org.covertmark.core.store.mongo;

import org.covertmark.api.store.TraceStore;
import org.covertmark.core.store.TraceStoreCompatibilityKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The trace store contract against a real mongod, when {@code COVERTMARK_TEST_MONGODB_URI} names one
 * (for example {@code mongodb://localhost:27017}). Each test uses a database of its own and drops
 * it afterwards.
 */
@EnabledIfEnvironmentVariable(named = RealMongoTraceStoreTest.VARIABLE, matches = ".+")
class RealMongoTraceStoreTest extends TraceStoreCompatibilityKit {

    static final String VARIABLE = "COVERTMARK_TEST_MONGODB_URI";

    @Override
    protected TraceStore createStore() {
        return MongoTraceStore.open(System.getenv(VARIABLE), InProcessMongo.freshDatabase("covertmark_test"),
                MongoTraceStore.Options.of(100, 64));
    }

    @AfterEach
    void dropDatabase() {
        if (store instanceof MongoTraceStore m) {
            m.database().drop();
        }
    }
}
