package org.covertmark.store.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.IndexModel;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceStore;
import org.covertmark.testkit.TraceStoreCompatibilityKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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

    @Test
    @DisplayName("a complete trace has the indexes its strategic filters' queries use")
    void indexes() {
        StoredTrace t = importCapture("kit-proxy.pcap");
        List<Document> keys = new ArrayList<>();
        ((MongoTraceStore) store).database().getCollection("trace_" + t.id()).listIndexes()
                .forEach(d -> keys.add(d.get("key", Document.class)));

        for (IndexModel m : MongoTraceStore.packetIndexes()) {
            assertThat(keys).contains(Document.parse(m.getKeys().toBsonDocument().toJson()));
        }
    }

    @AfterEach
    void dropDatabase() {
        if (store instanceof MongoTraceStore m) {
            m.database().drop();
        }
    }
}
