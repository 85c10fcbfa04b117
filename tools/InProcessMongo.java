import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Serves the MongoDB wire protocol from memory on a loopback port (mongo-java-server, the server
 * the tests use), for benchmarks on machines without mongod. Runs until killed:
 *
 * <pre>
 * java -cp MONGO_JAVA_SERVER_CLASSPATH tools/InProcessMongo.java 27017
 * </pre>
 */
public final class InProcessMongo {

    public static void main(String[] args) throws InterruptedException {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("mongo-java-server listening on " + server.getLocalAddress());
        Thread.currentThread().join();
    }
}
