package org.covertmark.store.mongodb;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A MongoDB wire-protocol server in this JVM ({@code mongo-java-server}, memory backend) on a
 * random loopback port, for tests on machines without mongod.
 */
final class InProcessMongo implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final MongoServer server;
    private final InetSocketAddress address;

    private InProcessMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    static InProcessMongo start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new InProcessMongo(server, server.getLocalAddress());
    }

    /** {@code host:port}. */
    String hostAndPort() {
        return address.getHostString() + ":" + address.getPort();
    }

    int port() {
        return address.getPort();
    }

    /** {@code mongodb://host:port/database}. */
    String uri(String database) {
        return "mongodb://" + hostAndPort() + "/" + database;
    }

    /** A database name not used before in this JVM. */
    static String freshDatabase(String prefix) {
        return prefix + "_" + DATABASES.incrementAndGet();
    }

    /** Opens a store in a new database of this server. */
    MongoTraceStore openStore(MongoTraceStore.Options options) {
        return MongoTraceStore.open(uri(freshDatabase("covertmark_test")), options);
    }

    /** Stops at once, dropping every connection: the server "goes away". */
    void kill() {
        server.shutdownNow();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
