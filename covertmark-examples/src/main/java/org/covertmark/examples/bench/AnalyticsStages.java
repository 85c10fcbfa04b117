package org.covertmark.examples.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.covertmark.analytics.entropy.ByteEntropy;
import org.covertmark.analytics.entropy.EntropyTests;
import org.covertmark.analytics.stats.ChiSquareUniformity;
import org.covertmark.analytics.traffic.FeatureExtractor;
import org.covertmark.analytics.traffic.FeatureSet;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.Packet;
import org.covertmark.core.capture.CaptureReader;

/**
 * The benchmark stages of covertmark-analytics, measured against baseline B (histogram entropy):
 * byte entropy, window statistics as {@code covertmark features} computes them, and the per-payload
 * statistical tests of the entropy strategies. Each stage reads the whole capture through the
 * project's reader and reports, as {@link BenchStages} does, [0] records read, [1] payload bytes
 * processed and [2] payloads measured or windows computed.
 */
final class AnalyticsStages {

    static final String BYTE_ENTROPY = "byte entropy (ByteEntropy)";
    static final String WINDOW_STATISTICS = "window statistics (all features)";
    static final String WINDOW_STATISTICS_2 = "window statistics (all features, 2 threads)";
    static final String STATISTICAL_TESTS = "statistical tests";

    /** The block sizes of the entropy-dist strategy, each a run of its three tests on every payload. */
    private static final int[] BLOCK_SIZES = {16, 32, 64};
    /** Payloads shorter than the strategy's smallest test size are not tested. */
    private static final int MIN_TESTED = 128;
    /** The reference seed of the tests (the command line's default seed). */
    private static final long SEED = 1;

    private AnalyticsStages() {
    }

    /** The Shannon entropy of every TCP payload, by {@link ByteEntropy}, over {@link Packet#payload()}. */
    static long byteEntropy(Path file, long[] counters) {
        try (CaptureReader reader = CaptureReader.open(file)) {
            double sum = 0;
            long payloads = 0;
            long payloadBytes = 0;
            while (reader.hasNext()) {
                Packet p = reader.next();
                if (p.isTcp()) {
                    ByteView payload = p.payload();
                    if (!payload.isEmpty()) {
                        sum += ByteEntropy.of(payload);
                        payloads++;
                        payloadBytes += payload.length();
                    }
                }
            }
            counters[0] = reader.stats().records();
            counters[1] = payloadBytes;
            counters[2] = payloads;
            return Double.doubleToLongBits(sum) * 31 + payloads;
        }
    }

    /**
     * What {@code covertmark features FILE --client NET...} computes, without the CSV: the packets to
     * or from the clients, TCP only, in 60 s time windows and 50-packet windows per client and remote
     * host, every feature set. With {@code threads} = 2 the payload entropies are shared with a second
     * thread ({@link FeatureExtractor#withExecutor}).
     */
    static long windowStatistics(Path file, List<Subnet> clients, int threads, long[] counters) {
        List<InputRule> rules = new ArrayList<>();
        clients.forEach(s -> rules.add(new InputRule(s, Direction.EITHER)));
        long[] rows = new long[1];
        long[] hash = new long[1];
        FeatureExtractor extractor = new FeatureExtractor(clients, FeatureExtractor.DEFAULT_WINDOW_SIZE,
                FeatureExtractor.DEFAULT_TIME_WINDOW_MICROS, FeatureSet.all(), row -> {
                    rows[0]++;
                    for (double v : row.features().values()) {
                        hash[0] = hash[0] * 31 + Double.doubleToLongBits(v);
                    }
                });
        ExecutorService executor = threads > 1 ? Executors.newFixedThreadPool(threads - 1) : null;
        try (CaptureReader reader = CaptureReader.open(file, InputFilter.of(rules))) {
            if (executor != null) {
                extractor.withExecutor(executor);
            }
            long payloadBytes = 0;
            while (reader.hasNext()) {
                Packet p = reader.next();
                if (p.isTcp()) {
                    payloadBytes += p.payload().length();
                }
                extractor.accept(p);
            }
            extractor.finish();
            counters[0] = reader.stats().records();
            counters[1] = payloadBytes;
            counters[2] = rows[0];
            return hash[0] * 31 + rows[0];
        } finally {
            if (executor != null) {
                executor.shutdown();
            }
        }
    }

    /**
     * What the entropy-dist strategy computes for each payload it examines: every TCP payload of at
     * least 128 bytes, cut to 1450, gets the three tests of {@link EntropyTests} (KS of its bytes
     * against uniform random bytes, KS and Anderson–Darling of its block entropies against those of
     * random blocks) for blocks of 16, 32 and 64 bytes; plus the chi-square uniformity test of its bytes.
     */
    static long statisticalTests(Path file, long[] counters) {
        EntropyTests tests = EntropyTests.withSeed(SEED);
        try (CaptureReader reader = CaptureReader.open(file)) {
            long acc = 0;
            long payloads = 0;
            long payloadBytes = 0;
            while (reader.hasNext()) {
                Packet p = reader.next();
                if (!p.isTcp()) {
                    continue;
                }
                ByteView payload = p.payload();
                if (payload.length() < MIN_TESTED) {
                    continue;
                }
                ByteView cut = EntropyTests.cut(payload);
                for (int blockSize : BLOCK_SIZES) {
                    EntropyTests.Result r = tests.test(cut, blockSize);
                    acc = acc * 31 + Double.doubleToLongBits(r.uniformityP() + r.blockEntropyP())
                            + (long) (r.andersonDarlingLevel() * 1000);
                }
                acc = acc * 31 + Double.doubleToLongBits(ChiSquareUniformity.test(cut).pValue());
                payloads++;
                payloadBytes += cut.length();
            }
            counters[0] = reader.stats().records();
            counters[1] = payloadBytes;
            counters[2] = payloads;
            return acc;
        }
    }

    /** The notes the benchmark prints about these stages, from their counters and checksums. */
    static List<String> notes(List<Subnet> clients, long[] entropy, long[] windows, long windowsChecksum,
            long windows2Checksum, long[] tests) {
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "byte entropy: ByteEntropy.of(Packet.payload()) for %,d TCP payloads "
                + "(%,d bytes), through the project's reader; baseline B copies each payload out of its own mapping "
                + "and uses a c·log2(c) table of doubles.", entropy[2], entropy[1]));
        StringBuilder flags = new StringBuilder();
        clients.forEach(s -> flags.append(" --client ").append(s));
        notes.add(String.format(Locale.ROOT, "window statistics: what covertmark features FILE%s computes (TCP only, "
                + "60 s time windows, 50-packet windows per client and remote, every feature set), without the CSV: "
                + "%,d windows; MB/s counts the %,d bytes of TCP payload to or from the clients. With 2 threads the "
                + "payload entropies are shared with a second thread (FeatureExtractor.withExecutor), %s; its CPU ms "
                + "counts the measuring thread only.", flags, windows[2], windows[1],
                windowsChecksum == windows2Checksum ? "with the same rows" : "BUT THE ROWS DIFFER"));
        notes.add(String.format(Locale.ROOT, "statistical tests: the entropy-dist strategy's three tests (KS of the "
                + "bytes, KS and Anderson–Darling of the block entropies, each against a fresh seeded random "
                + "reference) at block sizes 16, 32 and 64, and the chi-square uniformity test, on each of the %,d "
                + "TCP payloads of at least %d bytes, cut to %d (%,d bytes).", tests[2], MIN_TESTED,
                EntropyTests.MTU_CUT, tests[1]));
        return notes;
    }
}
