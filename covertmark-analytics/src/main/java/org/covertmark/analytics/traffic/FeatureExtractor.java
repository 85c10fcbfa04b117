package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;

/**
 * Window features of a packet stream, computed as packets arrive, the way the original's SGD
 * strategy prepared its data: the TCP packets are cut into time windows (60 s by default), inside
 * each time window grouped by conversation between a client and a remote host into windows of a
 * fixed number of packets (the last, shorter window of each conversation kept), and each window
 * turned into one row of {@link WindowStatistics}.
 *
 * <p>Memory holds only the open windows of the current time window, never the whole trace: each
 * packet is read once, into a few numbers of its window, and not kept. Rows of a time window are
 * delivered when it closes, conversation by conversation in first-seen order, on the thread that
 * calls {@link #accept} or {@link #finish}. Packets are taken in the order given; one stamped before
 * the current time window (reordered across a boundary) counts in the current one.
 *
 * <p>With {@link #withExecutor}, the payload entropies — most of the work — are computed in batches
 * of packets shared between the executor's thread and the calling thread; the rows are the same.
 * An extractor is not thread-safe: one thread feeds it.
 */
@API(status = MAINTAINED, since = "0.1")
public final class FeatureExtractor {

    /** The original's time window: 60 seconds. */
    public static final long DEFAULT_TIME_WINDOW_MICROS = 60_000_000L;
    /** The original's packet window: 50 packets. */
    public static final int DEFAULT_WINDOW_SIZE = 50;

    /** Packets per batch whose entropies are computed together with an executor. */
    private static final int BATCH = 2048;
    /** Packets a thread claims at a time from a batch. */
    private static final int SHARE = 64;

    private final ClientSubnets matcher;
    private final int windowSize;
    private final long timeWindowMicros;
    private final int sets;
    private final boolean entropy;
    private final Consumer<FeatureRow> sink;
    private final WindowStatistics.Scratch scratch = new WindowStatistics.Scratch();
    /** The conversations of the current time window: an open-addressing table, and first-seen order. */
    private Open[] slots = new Open[256];
    private final List<Open> open = new ArrayList<>();
    private TimeWindowing clock;
    private long segment = -1;
    private Executor executor;
    private Batch filling;
    private Batch inFlight;
    /** Batches handed to the executor whose helper has not started yet. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Entropies of a share computed here while the helper was still on it. */
    private final double[] stolen = new double[BATCH];

    /** What is kept of a conversation in the current time window. */
    private static final class Open {
        final Conversation conversation;
        /** The two addresses' bits, kept here so that a look-up reads this object alone. */
        final long clientHigh;
        final long clientLow;
        final long remoteHigh;
        final long remoteLow;
        final int versions;
        final Set<IpAddress> client;
        final Set<IpAddress> remote;
        final WindowStatistics.Accumulator window;
        final List<WindowFeatures> done = new ArrayList<>(2);

        Open(IpAddress client, IpAddress remote, int sets, int windowSize) {
            this.conversation = new Conversation(client, remote);
            this.clientHigh = client.high();
            this.clientLow = client.low();
            this.remoteHigh = remote.high();
            this.remoteLow = remote.low();
            this.versions = versions(client, remote);
            this.client = Set.of(client);
            this.remote = Set.of(remote);
            this.window = new WindowStatistics.Accumulator(sets, windowSize);
        }

        static int versions(IpAddress client, IpAddress remote) {
            return client.version() << 4 | remote.version();
        }

        boolean is(IpAddress client, IpAddress remote) {
            return clientLow == client.low() && remoteLow == remote.low() && clientHigh == client.high()
                    && remoteHigh == remote.high() && versions == versions(client, remote);
        }

        int hash() {
            return FeatureExtractor.hash(clientHigh, clientLow, remoteHigh, remoteLow);
        }
    }

    /**
     * An extractor delivering rows to {@code sink}.
     *
     * @throws IllegalArgumentException for a window size or time window below 1, or no client
     */
    public FeatureExtractor(List<Subnet> clients, int windowSize, long timeWindowMicros, Set<FeatureSet> features,
            Consumer<FeatureRow> sink) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("at least one client address or subnet is needed");
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1 packet, not " + windowSize);
        }
        if (timeWindowMicros < 1) {
            throw new IllegalArgumentException("time window must be at least 1 microsecond, not " + timeWindowMicros);
        }
        this.matcher = new ClientSubnets(List.copyOf(clients));
        this.windowSize = windowSize;
        this.timeWindowMicros = timeWindowMicros;
        this.sets = WindowStatistics.bits(features);
        this.entropy = features.contains(FeatureSet.ENTROPY);
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Computes the payload entropies on {@code executor} as well as on the calling thread, a batch of packets at a
     * time, so that a second core shares the work; the rows are the same as without it. The calling thread never
     * waits for the executor: what the executor has not done when it is needed is computed on the calling thread.
     * Without the entropy features there is nothing to share and the executor is not used. The executor is not shut
     * down here.
     *
     * @return this extractor
     * @throws IllegalStateException after the first packet
     */
    public FeatureExtractor withExecutor(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        if (clock != null || filling != null && filling.size > 0 || inFlight != null) {
            throw new IllegalStateException("the executor must be set before the first packet");
        }
        if (entropy) {
            this.executor = executor;
            this.filling = new Batch();
        }
        return this;
    }

    /** The column names of the rows' features. */
    public List<String> featureNames() {
        return WindowStatistics.names(sets);
    }

    /** Takes the next packet; packets without TCP or without a client address are ignored. */
    public void accept(Packet p) {
        if (!p.isTcp()) {
            return;
        }
        IpAddress src = p.source();
        IpAddress client;
        IpAddress remote;
        boolean upstream;
        if (matcher.contains(src)) {
            client = src;
            remote = p.destination();
            upstream = true;
        } else {
            IpAddress dst = p.destination();
            if (!matcher.contains(dst)) {
                return;
            }
            client = dst;
            remote = src;
            upstream = false;
        }
        if (executor == null) {
            TcpSegment tcp = p.tcp().orElseThrow();
            add(p, tcp, client, remote, upstream, entropy ? WindowStatistics.entropy(tcp.payload()) : Double.NaN);
            return;
        }
        Batch b = filling;
        int i = b.size++;
        b.packets[i] = p;
        b.clients[i] = client;
        b.remotes[i] = remote;
        b.upstream[i] = upstream;
        if (b.size == BATCH) {
            seal();
        }
    }

    /** Closes the last time window, delivering its rows. */
    public void finish() {
        if (executor != null) {
            if (inFlight != null) {
                process(inFlight);
                inFlight = null;
            }
            process(filling);
            filling = new Batch();
        }
        flush();
    }

    private void add(Packet p, TcpSegment tcp, IpAddress client, IpAddress remote, boolean upstream,
            double payloadEntropy) {
        long t = p.timeMicros();
        if (clock == null) {
            clock = new TimeWindowing(t, timeWindowMicros);
        }
        long index = clock.index(t);
        if (index != segment) {
            flush();
            segment = index;
        }
        Open o = conversation(client, remote);
        WindowStatistics.Accumulator w = o.window;
        w.add(upstream, t, tcp.sequenceNumber(), tcp.payloadLength(), tcp.flags(), payloadEntropy);
        if (w.count() == windowSize) {
            o.done.add(w.features(o.remote, o.client, scratch));
            w.clear();
        }
    }

    private void flush() {
        for (Open o : open) {
            if (o.window.count() > 0) {
                o.done.add(o.window.features(o.remote, o.client, scratch));
            }
            for (int w = 0; w < o.done.size(); w++) {
                sink.accept(new FeatureRow(o.conversation, segment, w, o.done.get(w)));
            }
        }
        open.clear();
        Arrays.fill(slots, null);
    }

    /** The open conversation of a client and remote host, opened if it is new. */
    private Open conversation(IpAddress client, IpAddress remote) {
        int mask = slots.length - 1;
        for (int i = hash(client.high(), client.low(), remote.high(), remote.low()) & mask; ; i = (i + 1) & mask) {
            Open o = slots[i];
            if (o == null) {
                o = new Open(client, remote, sets, windowSize);
                slots[i] = o;
                open.add(o);
                if (open.size() * 2 > slots.length) {
                    rehash();
                }
                return o;
            }
            if (o.is(client, remote)) {
                return o;
            }
        }
    }

    private static int hash(long clientHigh, long clientLow, long remoteHigh, long remoteLow) {
        long h = (clientLow * 31 + remoteLow) * 0x9e3779b97f4a7c15L + (clientHigh * 31 + remoteHigh);
        h *= 0x9e3779b97f4a7c15L;
        return (int) (h >>> 32);
    }

    private void rehash() {
        slots = new Open[slots.length * 2];
        int mask = slots.length - 1;
        for (Open o : open) {
            int i = o.hash() & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = o;
        }
    }

    // ---- entropies in batches, with an executor ----

    /**
     * Packets waiting for their entropies, in shares of {@link #SHARE} packets that either thread may claim. A batch
     * is never reused: a helper that is descheduled in the middle of a share may finish it after the calling thread
     * has moved on (having computed that share itself instead of waiting), and nobody reads what it writes then.
     */
    private static final class Batch {
        static final int FREE = 0;
        static final int CLAIMED = 1;
        static final int DONE = 2;

        final Packet[] packets = new Packet[BATCH];
        final IpAddress[] clients = new IpAddress[BATCH];
        final IpAddress[] remotes = new IpAddress[BATCH];
        final boolean[] upstream = new boolean[BATCH];
        /** Written by the thread that claimed the share, read by the calling thread once the share is DONE. */
        final double[] entropies = new double[BATCH];
        final AtomicIntegerArray shares = new AtomicIntegerArray(BATCH / SHARE);
        int size;

        int shareCount() {
            return (size + SHARE - 1) / SHARE;
        }

        /** The executor's part: computes every share that nobody has claimed yet. */
        void help() {
            for (int s = 0, n = shareCount(); s < n; s++) {
                if (shares.compareAndSet(s, FREE, CLAIMED)) {
                    compute(s, entropies);
                    shares.set(s, DONE);
                }
            }
        }

        void compute(int share, double[] out) {
            for (int i = share * SHARE, end = Math.min(i + SHARE, size); i < end; i++) {
                out[i] = WindowStatistics.entropy(packets[i].payload());
            }
        }
    }

    /** Offers the full batch to the executor, then adds the packets of the batch before it. */
    private void seal() {
        Batch sealed = filling;
        // At most two batches wait for a helper that has not started: a starved executor cannot pile up packets.
        if (waiting.get() < 2) {
            waiting.incrementAndGet();
            try {
                executor.execute(() -> {
                    waiting.decrementAndGet();
                    sealed.help();
                });
            } catch (RejectedExecutionException e) {
                waiting.decrementAndGet();
            }
        }
        Batch previous = inFlight;
        inFlight = sealed;
        filling = new Batch();
        if (previous != null) {
            process(previous);
        }
    }

    /**
     * Adds the packets of a batch, share by share: with the helper's entropies where it has finished the share,
     * otherwise with entropies computed here — a share the helper is still working on is computed again rather
     * than waited for (the same values), so a descheduled helper never stalls the calling thread.
     */
    private void process(Batch b) {
        for (int s = 0, n = b.shareCount(); s < n; s++) {
            double[] entropies = b.entropies;
            if (b.shares.get(s) != Batch.DONE) {
                if (b.shares.compareAndSet(s, Batch.FREE, Batch.CLAIMED)) {
                    b.compute(s, b.entropies);
                } else if (b.shares.get(s) != Batch.DONE) {
                    entropies = stolen;
                    b.compute(s, stolen);
                }
            }
            for (int i = s * SHARE, end = Math.min(i + SHARE, b.size); i < end; i++) {
                Packet p = b.packets[i];
                add(p, p.tcp().orElseThrow(), b.clients[i], b.remotes[i], b.upstream[i], entropies[i]);
            }
        }
    }
}
