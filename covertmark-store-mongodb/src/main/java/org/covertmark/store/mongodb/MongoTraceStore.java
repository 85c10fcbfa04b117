package org.covertmark.store.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.connection.ServerDescription;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.store.IncompleteTraceException;
import org.covertmark.api.store.PacketField;
import org.covertmark.api.store.PacketStream;
import org.covertmark.api.store.StoredTrace;
import org.covertmark.api.store.TraceImport;
import org.covertmark.api.store.TraceStore;
import org.covertmark.api.store.TraceStoreException;
import org.covertmark.api.store.UnknownTraceException;
import org.covertmark.store.mongodb.FilterTranslator.Translation;
import org.covertmark.store.mongodb.PacketCodec.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trace store in a MongoDB database, named by a {@code mongodb://} URI: parse a capture once,
 * then let many strategy runs, in many processes, read it.
 *
 * <p><b>Layout.</b> The metadata collection {@code traces} holds one document per trace (id,
 * description, creation time, input filter, source file name and size, packet count, status); each
 * trace's packets are in their own collection {@code trace_ID}, one document per packet in the shape
 * {@link PacketCodec} describes. Ids are short decimal numbers from the {@code counters} collection,
 * never reused.
 *
 * <p><b>Atomic import.</b> The metadata document is written first with status {@code importing};
 * packets follow in unordered bulk inserts; the indexes are built; only then is the status set to
 * {@code complete}, with the final count, and only if the trace was not deleted meanwhile. A trace
 * that is not complete is listed as incomplete and never read. A failed import removes what it
 * stored when the server can still be reached; when it cannot (the server went away, the process was
 * killed) the trace stays incomplete until {@link #delete} removes it.
 *
 * <p><b>Reading.</b> Strategic filters become server-side queries ({@link FilterTranslator}) over
 * indexed fields, packets stream through a cursor in batches, and {@link #count} and
 * {@link #distinct} run on the server. A stream whose trace is deleted under it fails at its next
 * batch with a {@link TraceStoreException} saying so; the packets it delivered stay valid.
 */
final class MongoTraceStore implements TraceStore {

    private static final Logger LOG = LoggerFactory.getLogger(MongoTraceStore.class);

    /** The database used when the URI names none. */
    static final String DEFAULT_DATABASE = "covertmark";
    static final String METADATA = "traces";
    static final String COUNTERS = "counters";
    static final String PACKETS_PREFIX = "trace_";

    static final String STATUS_IMPORTING = "importing";
    static final String STATUS_COMPLETE = "complete";

    /** Server selection and connection time-outs when the URI sets none: an unreachable server is reported quickly. */
    static final int DEFAULT_CONNECT_MILLIS = 3_000;
    /** The socket read time-out when the URI sets none: long enough for an index build, short of a hang. */
    static final int DEFAULT_READ_MILLIS = 600_000;

    /**
     * Tuning knobs.
     *
     * @param importBatch packets per unordered bulk insert
     * @param inFlight bulk inserts under way at once during an import
     * @param readBatch packets per cursor batch when reading
     * @param translator the filter translator
     */
    record Options(int importBatch, int inFlight, int readBatch, FilterTranslator translator) {

        /** Measured on the in-process server: see docs/stores.md, "The MongoDB store". */
        static final int DEFAULT_IMPORT_BATCH = 1000;
        static final int DEFAULT_IN_FLIGHT = 2;
        static final int DEFAULT_READ_BATCH = 2000;

        static Options defaults() {
            return new Options(DEFAULT_IMPORT_BATCH, DEFAULT_IN_FLIGHT, DEFAULT_READ_BATCH, new FilterTranslator());
        }

        /** Options with the given batch sizes and the default translator and concurrency. */
        static Options of(int importBatch, int readBatch) {
            return new Options(importBatch, DEFAULT_IN_FLIGHT, readBatch, new FilterTranslator());
        }

        /** Checks the sizes. */
        Options {
            if (importBatch < 1 || inFlight < 1 || readBatch < 1) {
                throw new IllegalArgumentException("batch sizes and concurrency must be positive: " + importBatch
                        + ", " + inFlight + ", " + readBatch);
            }
            Objects.requireNonNull(translator, "translator");
        }
    }

    private final MongoClient client;
    private final MongoDatabase database;
    private final MongoCollection<Document> metadata;
    private final String description;
    private final String hosts;
    private final Redactor redactor;
    private final Options options;

    private MongoTraceStore(MongoClient client, MongoDatabase database, String description, String hosts,
            Redactor redactor, Options options) {
        this.client = client;
        this.database = database;
        this.metadata = database.getCollection(METADATA);
        this.description = description;
        this.hosts = hosts;
        this.redactor = redactor;
        this.options = options;
    }

    /**
     * Connects to the server a {@code mongodb://} URI names and checks that it answers.
     *
     * @throws TraceStoreException for a malformed URI, an unreachable server or refused credentials,
     *     in one line that names the host and port and never the password
     */
    static MongoTraceStore open(String uri, Options options) {
        return open(uri, null, options);
    }

    /** As {@link #open(String, Options)}, in {@code database} rather than the URI's database when not null. */
    static MongoTraceStore open(String uri, String database, Options options) {
        Redactor redactor = Redactor.forUri();
        ConnectionString cs;
        try {
            cs = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw new TraceStoreException("malformed MongoDB URI '" + redactor.apply(uri) + "': "
                    + redactor.apply(String.valueOf(e.getMessage())).strip());
        }
        redactor = Redactor.of(cs);
        String hosts = cs.getHosts().stream().map(h -> h.contains(":") || h.endsWith(".sock") ? h : h + ":27017")
                .collect(Collectors.joining(","));
        String db = database != null ? database
                : cs.getDatabase() == null || cs.getDatabase().isEmpty() ? DEFAULT_DATABASE : cs.getDatabase();
        String user = cs.getUsername() == null ? "" : cs.getUsername() + "@";
        String description = (cs.isSrvProtocol() ? "mongodb+srv://" : "mongodb://") + user + String.join(",",
                cs.getHosts()) + "/" + db;

        CodecRegistry codecs = CodecRegistries.fromRegistries(
                CodecRegistries.fromCodecs(new PacketCodec.RowCodec(), new PacketCodec.PacketDecoder()),
                MongoClientSettings.getDefaultCodecRegistry());
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(cs)
                .codecRegistry(codecs);
        if (cs.getApplicationName() == null) {
            settings.applicationName("covertmark");
        }
        if (cs.getServerSelectionTimeout() == null) {
            settings.applyToClusterSettings(c -> c.serverSelectionTimeout(DEFAULT_CONNECT_MILLIS, TimeUnit.MILLISECONDS));
        }
        if (cs.getConnectTimeout() == null) {
            settings.applyToSocketSettings(s -> s.connectTimeout(DEFAULT_CONNECT_MILLIS, TimeUnit.MILLISECONDS));
        }
        if (cs.getSocketTimeout() == null) {
            settings.applyToSocketSettings(s -> s.readTimeout(DEFAULT_READ_MILLIS, TimeUnit.MILLISECONDS));
        }
        MongoClient client;
        try {
            client = MongoClients.create(settings.build());
        } catch (RuntimeException e) {
            throw new TraceStoreException("cannot open MongoDB store " + description + ": "
                    + redactor.apply(String.valueOf(e.getMessage())), e);
        }
        MongoTraceStore store = new MongoTraceStore(client, client.getDatabase(db), description, hosts, redactor,
                options);
        try {
            store.database.runCommand(new Document("ping", 1));
            try {
                store.metadata.createIndex(Indexes.ascending("seq"));
            } catch (MongoCommandException e) {
                // A user who may only read can still list and read traces.
                LOG.debug("no index on {}.{}: {}", db, METADATA, redactor.apply(e.getErrorMessage()));
            }
        } catch (MongoException e) {
            TraceStoreException failure = store.failure("cannot open " + description, e);
            client.close();
            throw failure;
        }
        LOG.debug("opened {}", description);
        return store;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    // ---- import ------------------------------------------------------------------------------------

    @Override
    public StoredTrace importTrace(TraceImport spec, PacketStream packets) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(packets, "packets");
        String what = "cannot import '" + spec.source() + "' into " + description;
        String id;
        StoredTrace pending;
        try {
            long seq = nextId();
            id = Long.toString(seq);
            pending = new StoredTrace(id, spec.description(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    spec.inputFilter(), spec.source(), spec.sourceBytes(), 0, false);
            metadata.insertOne(toDocument(pending, seq, STATUS_IMPORTING));
        } catch (MongoException e) {
            packets.close();
            throw failure(what, e);
        }
        MongoCollection<Row> rows = database.getCollection(PACKETS_PREFIX + id, Row.class);
        long stored = 0;
        boolean done = false;
        boolean reachable = true;
        try {
            stored = insertAll(packets, spec.inputFilter(), rows);
            createIndexes(database.getCollection(PACKETS_PREFIX + id));
            Document marked = metadata.findOneAndUpdate(
                    new Document("_id", id).append("status", STATUS_IMPORTING),
                    Updates.combine(Updates.set("status", STATUS_COMPLETE), Updates.set("packets", stored)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (marked == null) {
                throw new TraceStoreException(what + ": trace '" + id + "' was deleted while it was being imported");
            }
            done = true;
            LOG.debug("imported {} packets of {} as trace {}", stored, spec.source(), id);
            return new StoredTrace(id, pending.description(), pending.created(), pending.inputFilter(),
                    pending.source(), pending.sourceBytes(), stored, true);
        } catch (ImportFailure e) {
            reachable = !unreachable(e.getCause());
            throw failure(what + " after " + e.stored + " packets", e.getCause(), reachable ? null : id);
        } catch (MongoException e) {
            reachable = !unreachable(e);
            throw failure(what + " after " + stored + " packets", e, reachable ? null : id);
        } catch (TraceStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            throw new TraceStoreException(what + ": " + reason, e);
        } finally {
            if (!done && reachable) {
                discard(id);
            }
        }
    }

    /** Whether the failure is the server's absence, after which clean-up would only wait for it again. */
    private static boolean unreachable(MongoException e) {
        return e instanceof MongoTimeoutException || e instanceof MongoSocketException;
    }

    /** A MongoDB failure while inserting, with the number of packets stored before it. */
    private static final class ImportFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long stored;

        ImportFailure(MongoException cause, long stored) {
            super(cause.getMessage(), cause, false, false);
            this.stored = stored;
        }

        @Override
        public synchronized MongoException getCause() {
            return (MongoException) super.getCause();
        }
    }

    /**
     * Inserts the packets that pass {@code filter} and closes the stream; returns how many. The
     * stream is read on this thread while up to {@link Options#inFlight()} earlier batches are
     * encoded and inserted on others, so that reading the capture, encoding and the server's work
     * overlap. Returns only when every batch is stored, or throws once none is in flight.
     */
    private long insertAll(PacketStream packets, InputFilter filter, MongoCollection<Row> rows) {
        InsertManyOptions unordered = new InsertManyOptions().ordered(false);
        int size = options.importBatch();
        Inserter inserter = new Inserter(rows, unordered, options.inFlight());
        long n = 0;
        try (packets; inserter) {
            List<Row> batch = new ArrayList<>(size);
            while (packets.hasNext()) {
                Packet p = packets.next();
                if (!filter.test(p)) {
                    continue;
                }
                batch.add(new Row(n++, p));
                if (batch.size() == size) {
                    inserter.submit(batch);
                    batch = new ArrayList<>(size);
                }
            }
            if (!batch.isEmpty()) {
                inserter.submit(batch);
            }
            inserter.finish();
        }
        return n;
    }

    /** Inserts batches on a few daemon threads, with at most a fixed number in flight. */
    private static final class Inserter implements AutoCloseable {

        private final MongoCollection<Row> rows;
        private final InsertManyOptions options;
        private final ExecutorService threads;
        private final Semaphore slots;
        private final int inFlight;
        private final AtomicLong stored = new AtomicLong();
        private final AtomicReference<MongoException> failure = new AtomicReference<>();

        Inserter(MongoCollection<Row> rows, InsertManyOptions options, int inFlight) {
            this.rows = rows;
            this.options = options;
            this.inFlight = inFlight;
            this.slots = new Semaphore(inFlight);
            this.threads = Executors.newFixedThreadPool(inFlight, r -> {
                Thread t = new Thread(r, "covertmark-mongodb-insert");
                t.setDaemon(true);
                return t;
            });
        }

        /** Queues a batch, waiting while the in-flight limit is reached; throws an earlier batch's failure. */
        void submit(List<Row> batch) {
            check();
            slots.acquireUninterruptibly();
            if (failure.get() != null) {
                slots.release();
                check();
            }
            threads.execute(() -> {
                try {
                    rows.insertMany(batch, options);
                    stored.addAndGet(batch.size());
                } catch (MongoException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    slots.release();
                }
            });
        }

        private void check() {
            MongoException e = failure.get();
            if (e != null) {
                drain();
                throw new ImportFailure(e, stored.get());
            }
        }

        /** Waits for every batch; throws the first failure. */
        void finish() {
            drain();
            check();
        }

        private void drain() {
            slots.acquireUninterruptibly(inFlight);
            slots.release(inFlight);
        }

        /** Waits for the batches in flight, so that nothing is written after the import ends. */
        @Override
        public void close() {
            drain();
            threads.shutdown();
        }
    }

    /** The indexes the strategic filters' queries use; built once the packets are in. */
    static List<IndexModel> packetIndexes() {
        return List.of(
                new IndexModel(Indexes.ascending(PacketCodec.SRC + PacketCodec.HI_SUFFIX,
                        PacketCodec.SRC + PacketCodec.LO_SUFFIX)),
                new IndexModel(Indexes.ascending(PacketCodec.DST + PacketCodec.HI_SUFFIX,
                        PacketCodec.DST + PacketCodec.LO_SUFFIX)),
                new IndexModel(Indexes.ascending(PacketCodec.SPORT)),
                new IndexModel(Indexes.ascending(PacketCodec.DPORT)),
                new IndexModel(Indexes.ascending(PacketCodec.PROTO, PacketCodec.PAYLOAD_LEN)),
                new IndexModel(Indexes.ascending(PacketCodec.TLS_RECORDS), new IndexOptions().sparse(true)),
                new IndexModel(Indexes.ascending(PacketCodec.HTTP_METHOD), new IndexOptions().sparse(true)));
    }

    private static void createIndexes(MongoCollection<Document> packets) {
        packets.createIndexes(packetIndexes());
    }

    /** The next trace id, from a counter document that is never decremented. */
    private long nextId() {
        Document counter = database.getCollection(COUNTERS).findOneAndUpdate(new Document("_id", METADATA),
                Updates.inc("next", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) Objects.requireNonNull(counter, "counter").get("next")).longValue();
    }

    /**
     * Removes what a failed import stored, unless the server cannot be reached (then the trace stays
     * listed as incomplete until deleted).
     */
    private void discard(String id) {
        try {
            metadata.deleteOne(new Document("_id", id));
            database.getCollection(PACKETS_PREFIX + id).drop();
        } catch (MongoException e) {
            LOG.debug("could not remove the failed import {}: {}", id, redactor.apply(e.getMessage()));
        }
    }

    // ---- metadata ----------------------------------------------------------------------------------

    private static Document toDocument(StoredTrace t, long seq, String status) {
        return new Document("_id", t.id()).append("seq", seq).append("description", t.description())
                .append("created", Date.from(t.created()))
                .append("input_filter", t.inputFilter().rules().stream().map(InputRule::toString).toList())
                .append("source", t.source()).append("source_bytes", t.sourceBytes())
                .append("packets", t.packetCount()).append("status", status)
                .append("collection", PACKETS_PREFIX + t.id());
    }

    private static StoredTrace fromDocument(Document d) {
        List<InputRule> rules = new ArrayList<>();
        for (Object o : d.getList("input_filter", Object.class, List.of())) {
            String text = String.valueOf(o);
            int space = text.indexOf(' ');
            rules.add(new InputRule(Subnet.parse(text.substring(space + 1)),
                    Direction.valueOf(text.substring(0, space))));
        }
        Number bytes = d.get("source_bytes", Number.class);
        Number packets = d.get("packets", Number.class);
        Date created = d.getDate("created");
        return new StoredTrace(d.getString("_id"), Objects.requireNonNullElse(d.getString("description"), ""),
                created == null ? Instant.EPOCH : created.toInstant(), InputFilter.of(rules),
                Objects.requireNonNullElse(d.getString("source"), ""), bytes == null ? 0 : bytes.longValue(),
                packets == null ? 0 : packets.longValue(), STATUS_COMPLETE.equals(d.getString("status")));
    }

    @Override
    public List<StoredTrace> list() {
        try {
            List<StoredTrace> out = new ArrayList<>();
            for (Document d : metadata.find().sort(Sorts.ascending("seq"))) {
                out.add(fromDocument(d));
            }
            return out;
        } catch (MongoException e) {
            throw failure("cannot list the traces of " + description, e);
        }
    }

    @Override
    public Optional<StoredTrace> get(String id) {
        Objects.requireNonNull(id, "id");
        try {
            return Optional.ofNullable(metadata.find(new Document("_id", id)).first()).map(MongoTraceStore::fromDocument);
        } catch (MongoException e) {
            throw failure("cannot read trace '" + id + "' of " + description, e);
        }
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        try {
            // The metadata goes first, so that no reader finds a trace whose packets are going.
            boolean existed = metadata.deleteOne(new Document("_id", id)).getDeletedCount() > 0;
            if (existed) {
                database.getCollection(PACKETS_PREFIX + id).drop();
            }
            return existed;
        } catch (MongoException e) {
            throw failure("cannot delete trace '" + id + "' from " + description, e);
        }
    }

    /** The trace's metadata if it is complete. */
    private StoredTrace complete(String id) {
        Objects.requireNonNull(id, "id");
        StoredTrace t = get(id).orElse(null);
        if (t == null || !t.complete()) {
            throw new UnknownTraceException(id, description);
        }
        return t;
    }

    private boolean stillComplete(String id) {
        try {
            return metadata.countDocuments(new Document("_id", id).append("status", STATUS_COMPLETE)) > 0;
        } catch (MongoException e) {
            throw failure("cannot read trace '" + id + "' of " + description, e);
        }
    }

    // ---- reading -----------------------------------------------------------------------------------

    @Override
    public PacketStream packets(String id, PacketFilter filter) {
        Objects.requireNonNull(filter, "filter");
        complete(id);
        Translation t = options.translator().translate(filter);
        try {
            MongoCursor<Packet> cursor = database.getCollection(PACKETS_PREFIX + id, Packet.class).find(t.query())
                    .projection(PacketCodec.READ_PROJECTION).sort(Sorts.ascending(PacketCodec.ID))
                    .batchSize(options.readBatch())
                    // A query answered from a secondary index is sorted back into capture order, which
                    // may need more than the server's in-memory sort limit on a large trace.
                    .allowDiskUse(true).cursor();
            return new CursorStream(id, cursor, t.residual());
        } catch (MongoException e) {
            throw failure("cannot read trace '" + id + "' of " + description, e);
        }
    }

    @Override
    public long count(String id, PacketFilter filter) {
        Objects.requireNonNull(filter, "filter");
        StoredTrace trace = complete(id);
        Translation t = options.translator().translate(filter);
        if (!t.exact()) {
            return TraceStore.super.count(id, filter);
        }
        if (t.query().isEmpty()) {
            return trace.packetCount();
        }
        try {
            return database.getCollection(PACKETS_PREFIX + id).countDocuments(t.query());
        } catch (MongoException e) {
            throw failure("cannot count the packets of trace '" + id + "' of " + description, e);
        }
    }

    @Override
    public <T> Set<T> distinct(String id, PacketField<T> field, PacketFilter filter) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(filter, "filter");
        complete(id);
        Translation t = options.translator().translate(filter);
        if (!t.exact()) {
            return TraceStore.super.distinct(id, field, filter);
        }
        // Every field name is the stored top-level field of the same name; a packet without the
        // field (ports of an ICMP packet) has none and is left out, as PacketField.valueOf does.
        String name = field.name();
        Document match = new Document("$and", List.of(t.query(), new Document(name, new Document("$exists", true))));
        List<Bson> pipeline = List.of(Aggregates.match(match),
                Aggregates.group("$" + name, Accumulators.min("first", "$" + PacketCodec.ID)),
                Aggregates.sort(Sorts.ascending("first")));
        Set<T> out = new LinkedHashSet<>();
        try {
            for (Document d : database.getCollection(PACKETS_PREFIX + id).aggregate(pipeline).allowDiskUse(true)) {
                out.add(field.type().cast(value(field, d.get("_id"))));
            }
        } catch (MongoException e) {
            throw failure("cannot read the distinct " + name + " values of trace '" + id + "' of " + description, e);
        }
        return out;
    }

    private static Object value(PacketField<?> field, Object stored) {
        if (field.type() == IpAddress.class) {
            return IpAddress.parse((String) stored);
        }
        if (field.type() == Integer.class) {
            return ((Number) stored).intValue();
        }
        throw new IllegalStateException("no stored form for field " + field);
    }

    /** Packets from a cursor, checking before each further batch that the trace is still there. */
    private final class CursorStream implements PacketStream {

        private final String id;
        private final MongoCursor<Packet> cursor;
        private final PacketFilter residual;
        private Packet next;
        private boolean closed;

        CursorStream(String id, MongoCursor<Packet> cursor, PacketFilter residual) {
            this.id = id;
            this.cursor = cursor;
            this.residual = residual;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !closed) {
                boolean more;
                try {
                    if (cursor.available() == 0 && cursor.getServerCursor() != null && !stillComplete(id)) {
                        throw deleted(null);
                    }
                    more = cursor.hasNext();
                } catch (MongoException e) {
                    if (!stillComplete(id)) {
                        throw deleted(e);
                    }
                    close();
                    throw failure("cannot read trace '" + id + "' of " + description, e);
                }
                if (!more) {
                    close();
                    return false;
                }
                Packet p = cursor.next();
                if (residual == null || residual.test(p)) {
                    next = p;
                }
            }
            return next != null;
        }

        private TraceStoreException deleted(MongoException cause) {
            close();
            return new TraceStoreException("trace '" + id + "' of " + description
                    + " was deleted while it was being read", cause);
        }

        @Override
        public Packet next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Packet p = next;
            next = null;
            return p;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                next = null;
                try {
                    cursor.close();
                } catch (MongoException e) {
                    LOG.debug("closing a cursor of trace {}: {}", id, redactor.apply(e.getMessage()));
                }
            }
        }
    }

    // ---- failures ----------------------------------------------------------------------------------

    private TraceStoreException failure(String what, MongoException e) {
        return failure(what, e, null);
    }

    /**
     * One line for a MongoDB failure: an unreachable server names the hosts; refused credentials
     * name the user; no message holds the password.
     *
     * @param incomplete the id of a trace the failure may have left incomplete, or null
     */
    private TraceStoreException failure(String what, MongoException e, String incomplete) {
        String message;
        if (e instanceof MongoSecurityException s) {
            String user = s.getCredential() == null ? "?" : s.getCredential().getUserName();
            String source = s.getCredential() == null ? "?" : s.getCredential().getSource();
            message = "MongoDB at " + hosts + " refused the credentials of user '" + user + "' (authSource '"
                    + source + "')" + reason(s.getCause());
        } else if (e instanceof MongoTimeoutException || e instanceof MongoSocketException) {
            message = "cannot reach MongoDB at " + hosts + ": " + unreachableReason(e);
            if (incomplete != null) {
                message += "; trace '" + incomplete + "' is left incomplete";
                String line = redactor.apply(what + ": " + message).replace('\n', ' ');
                return new IncompleteTraceException(incomplete, line, e);
            }
        } else if (e instanceof MongoCommandException c) {
            message = "MongoDB at " + hosts + " answered error " + c.getErrorCode() + " (" + c.getErrorCodeName()
                    + "): " + c.getErrorMessage();
        } else {
            message = "MongoDB at " + hosts + ": " + e.getMessage();
        }
        return new TraceStoreException(redactor.apply(what + ": " + message).replace('\n', ' '), e);
    }

    private static String reason(Throwable cause) {
        if (cause instanceof MongoCommandException c) {
            return ": " + c.getErrorMessage();
        }
        return cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    }

    /** The deepest cause the driver saw, such as "Connection refused", rather than its cluster dump. */
    private String unreachableReason(MongoException e) {
        Throwable cause = e instanceof MongoSocketException ? e : null;
        if (cause == null) {
            try {
                for (ServerDescription s : client.getClusterDescription().getServerDescriptions()) {
                    if (s.getException() != null) {
                        cause = s.getException();
                        break;
                    }
                }
            } catch (RuntimeException ignored) {
                // the description is only for the message
            }
        }
        if (cause == null) {
            return "no answer within " + client.getClusterDescription().getClusterSettings()
                    .getServerSelectionTimeout(TimeUnit.MILLISECONDS) + " ms";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root instanceof java.net.UnknownHostException ? "unknown host " + root.getMessage()
                : root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root != cause && cause.getMessage() != null && !(cause instanceof MongoSocketException)) {
            text = cause.getMessage() + ": " + text;
        }
        return text;
    }

    @Override
    public void close() {
        client.close();
    }

    /** The database, for tests. */
    MongoDatabase database() {
        return database;
    }
}
