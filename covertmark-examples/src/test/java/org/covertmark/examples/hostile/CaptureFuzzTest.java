package org.covertmark.examples.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.covertmark.api.packet.HttpRequest;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.UdpDatagram;
import org.covertmark.core.capture.CaptureException;
import org.covertmark.core.capture.CaptureReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of the capture reader and packet decoder: truncated and bit-flipped copies
 * of the small public captures, every packet read through every accessor. Only a
 * {@link CaptureException} may escape.
 */
public class CaptureFuzzTest {

    private static final long SEED = 20261122L;
    private static final int MAX_CASES = 2000;
    private static final long MAX_MILLIS = 20_000;

    @TempDir
    Path dir;

    @Test
    void mutatedCapturesThrowOnlyCaptureExceptions() throws IOException {
        List<Path> sources = MalformedCaptures.smallPublicCaptures();
        List<byte[]> originals = new ArrayList<>();
        for (Path p : sources) {
            originals.add(Files.readAllBytes(p));
        }
        Random random = new Random(SEED);
        long start = System.currentTimeMillis();
        Path file = dir.resolve("mutant.pcap");
        int cases = 0;
        for (; cases < MAX_CASES && System.currentTimeMillis() - start < MAX_MILLIS; cases++) {
            int which = random.nextInt(originals.size());
            byte[] original = originals.get(which);
            byte[] mutant;
            String how;
            switch (random.nextInt(4)) {
                case 0 -> {
                    int cut = random.nextInt(original.length + 1);
                    mutant = java.util.Arrays.copyOf(original, cut);
                    how = "truncated at " + cut;
                }
                case 1 -> {
                    int flips = 1 + random.nextInt(256);
                    mutant = MalformedCaptures.mutate(original, random, flips);
                    int cut = random.nextInt(mutant.length + 1);
                    mutant = java.util.Arrays.copyOf(mutant, cut);
                    how = flips + " bit flips, truncated at " + cut;
                }
                default -> {
                    int flips = 1 + random.nextInt(16);
                    mutant = MalformedCaptures.mutate(original, random, flips);
                    how = flips + " bit flips";
                }
            }
            Files.write(file, mutant);
            try {
                readAll(file);
            } catch (CaptureException expected) {
                // a fault in the file as a whole, reported as such
            } catch (Throwable t) {
                Path kept = Path.of("target", "fuzz-crash-" + cases + ".pcap");
                Files.createDirectories(kept.getParent());
                Files.write(kept, mutant);
                throw new AssertionError("case " + cases + " (" + sources.get(which).getFileName() + ", " + how
                        + ", kept as " + kept + ") threw " + t, t);
            }
        }
        assertTrue(cases >= 100, "only " + cases + " cases ran");
    }

    @Test
    void malformedCapturesThrowOnlyCaptureExceptions() {
        for (Map.Entry<String, byte[]> e : MalformedCaptures.handmade().entrySet()) {
            Path file = dir.resolve(e.getKey());
            try {
                Files.write(file, e.getValue());
                readAll(file);
            } catch (CaptureException expected) {
                // reported as a fault of the file
            } catch (Throwable t) {
                fail(e.getKey() + " threw " + t, t);
            }
        }
    }

    /** Reads every packet of {@code file} and calls every accessor of each. */
    public static long readAll(Path file) {
        long sum = 0;
        try (CaptureReader reader = CaptureReader.open(file)) {
            reader.format();
            while (reader.hasNext()) {
                Packet p = reader.next();
                sum += p.frame() + p.timeMicros() + p.wireLength() + p.ipVersion() + p.ipLength() + p.ttl()
                        + p.protocol();
                sum += p.source().toString().length() + p.destination().toString().length();
                sum += p.isFragment() ? 1 : 0;
                sum += p.hasTransportHeader() ? 1 : 0;
                sum += p.isTcp() ? 1 : 0;
                sum += p.isUdp() ? 1 : 0;
                if (p.tcp().isPresent()) {
                    TcpSegment t = p.tcp().get();
                    sum += t.sourcePort() + t.destinationPort() + t.sequenceNumber() + t.acknowledgementNumber()
                            + t.headerLength() + t.flags() + t.window() + t.urgentPointer() + t.payloadLength();
                    sum += t.options().size() + t.payload().length() + t.header().length();
                    sum += t.toString().length();
                }
                if (p.udp().isPresent()) {
                    UdpDatagram u = p.udp().get();
                    sum += u.sourcePort() + u.destinationPort() + u.length() + u.payload().length();
                    sum += u.toString().length();
                }
                sum += p.payload().length();
                sum += p.tlsRecords().size();
                sum += p.isTlsSegment() ? 1 : 0;
                if (p.httpRequest().isPresent()) {
                    HttpRequest h = p.httpRequest().get();
                    sum += h.method().length() + h.uri().length() + h.headers().size();
                    h.header("Host");
                }
                sum += p.bytes().length();
                sum += p.toString().length();
            }
            sum += reader.stats().records();
        }
        return sum;
    }
}
