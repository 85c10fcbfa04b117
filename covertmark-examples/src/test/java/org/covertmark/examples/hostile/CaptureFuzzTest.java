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
 * {@link CaptureException} may escape. By default each loop runs 2,000 cases or 20 seconds, whichever
 * ends first. For a longer search, give the time (the case limit is then lifted) and a seed:
 * {@code mvn -pl covertmark-examples -am test -Dtest=CaptureFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcovertmark.fuzz.seconds=600 -Dcovertmark.fuzz.seed=N}, or set {@code COVERTMARK_FUZZ_SECONDS} and
 * {@code COVERTMARK_FUZZ_SEED} in the environment; {@code -Dcovertmark.fuzz.cases=N} bounds the cases.
 */
public class CaptureFuzzTest {

    /** The seed, time limit and case limit; raised from the command line or environment for a longer search. */
    private static final long SEED = Long.getLong("covertmark.fuzz.seed",
            Long.parseLong(System.getenv().getOrDefault("COVERTMARK_FUZZ_SEED", "20261122")));
    private static final String SECONDS = System.getProperty("covertmark.fuzz.seconds",
            System.getenv("COVERTMARK_FUZZ_SECONDS"));
    private static final long MAX_MILLIS = 1000 * (SECONDS == null ? 20 : Long.parseLong(SECONDS));
    private static final int MAX_CASES = Integer.getInteger("covertmark.fuzz.cases",
            SECONDS == null ? 2000 : Integer.MAX_VALUE);

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
        System.out.printf("capture fuzz: %d mutated captures in %.1f s, seed %d%n", cases,
                (System.currentTimeMillis() - start) / 1000.0, SEED);
        assertTrue(cases >= 100, "only " + cases + " cases ran");
    }

    @Test
    void randomlyBuiltPacketsOnEveryLinkTypeThrowOnlyCaptureExceptions() throws IOException {
        Random random = new Random(SEED + 1);
        long start = System.currentTimeMillis();
        Path file = dir.resolve("built.pcap");
        int cases = 0;
        long packets = 0;
        for (; cases < MAX_CASES && System.currentTimeMillis() - start < MAX_MILLIS / 2; cases++) {
            int link = LINKS[random.nextInt(LINKS.length)];
            MalformedCaptures.B capture = new MalformedCaptures.B(java.nio.ByteOrder.BIG_ENDIAN).pcapHeader(link);
            for (int i = random.nextInt(8); i >= 0; i--) {
                byte[] frame = frame(random, link);
                if (random.nextInt(4) == 0) {
                    frame = java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 1));
                }
                capture.record(i, random.nextInt(1_000_000), frame);
            }
            byte[] bytes = capture.bytes();
            Files.write(file, bytes);
            try {
                packets += readAll(file);
            } catch (CaptureException expected) {
                // a fault in the file as a whole
            } catch (Throwable t) {
                Path kept = Path.of("target", "fuzz-built-crash-" + cases + ".pcap");
                Files.createDirectories(kept.getParent());
                Files.write(kept, bytes);
                throw new AssertionError("case " + cases + " (link type " + link + ", kept as " + kept + ") threw "
                        + t, t);
            }
        }
        System.out.printf("capture fuzz: %d built captures (%d packets) in %.1f s, seed %d%n", cases, packets,
                (System.currentTimeMillis() - start) / 1000.0, SEED + 1);
        assertTrue(cases >= 100, "only " + cases + " cases ran");
        assertTrue(packets >= cases, "only " + packets + " packets decoded in " + cases + " cases");
    }

    private static final int[] LINKS = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276};

    /** A frame of link type {@code link} around an IP packet with random, often inconsistent, fields. */
    private static byte[] frame(Random random, int link) {
        boolean v6 = link == 229 || link != 228 && random.nextBoolean();
        byte[] ip = v6 ? ipv6(random) : ipv4(random);
        int type = random.nextInt(8) == 0 ? random.nextInt(0x10000) : v6 ? 0x86dd : 0x0800;
        MalformedCaptures.B b = new MalformedCaptures.B(java.nio.ByteOrder.BIG_ENDIAN);
        switch (link) {
            case 1 -> {
                b.raw(new byte[12]);
                for (int i = random.nextInt(4) == 0 ? random.nextInt(40) : 0; i > 0; i--) {
                    b.u16(random.nextBoolean() ? 0x8100 : 0x88a8).u16(random.nextInt(0x10000));
                }
                b.u16(type);
            }
            case 113 -> b.u16(0).u16(1).u16(6).raw(new byte[8]).u16(type);
            case 276 -> b.u16(type).u16(0).u32(1).u16(1).u8(0).u8(6).raw(new byte[8]);
            case 0, 108 -> {
                int family = new int[] {2, 24, 28, 30, random.nextInt()}[random.nextInt(5)];
                if (random.nextBoolean()) {
                    b.u32(family);
                } else {
                    b.u32(Integer.reverseBytes(family) & 0xffffffffL);
                }
            }
            default -> { }
        }
        return b.raw(ip).bytes();
    }

    private static byte[] ipv4(Random random) {
        int ihl = random.nextInt(3) == 0 ? random.nextInt(16) : 5 + random.nextInt(2);
        byte[] transport = transport(random, pick(random, 6, 17, 1, random.nextInt(256)));
        int protocol = random.nextInt(6) == 0 ? random.nextInt(256) : transport.length == 0 ? 0 : transport[transport.length - 1];
        byte[] body = java.util.Arrays.copyOf(transport, Math.max(0, transport.length - 1));
        byte[] ip = MalformedCaptures.ipv4(ihl, lengthField(random, Math.max(ihl, 5) * 4 + body.length), protocol & 0xff, body);
        if (random.nextInt(4) == 0) {
            int fragment = random.nextInt(0x10000);
            ip[6] = (byte) (fragment >> 8);
            ip[7] = (byte) fragment;
        }
        return ip;
    }

    private static byte[] ipv6(Random random) {
        MalformedCaptures.B chain = new MalformedCaptures.B(java.nio.ByteOrder.BIG_ENDIAN);
        java.util.List<byte[]> headers = new java.util.ArrayList<>();
        java.util.List<Integer> types = new java.util.ArrayList<>();
        for (int i = random.nextInt(4) == 0 ? random.nextInt(12) : random.nextInt(2); i > 0; i--) {
            int kind = pick(random, 0, 43, 44, 60, 51, 135);
            int words = random.nextInt(5) == 0 ? random.nextInt(256) : random.nextInt(3);
            byte[] h = new byte[kind == 44 ? 8 : 8 + 8 * Math.min(words, 3)];
            random.nextBytes(h);
            h[1] = (byte) (kind == 44 ? random.nextInt(256) : words);
            headers.add(h);
            types.add(kind);
        }
        int upper = pick(random, 6, 17, 59, random.nextInt(256));
        byte[] transport = transport(random, upper);
        int last = transport.length == 0 ? 59 : transport[transport.length - 1] & 0xff;
        byte[] body = java.util.Arrays.copyOf(transport, Math.max(0, transport.length - 1));
        for (int i = 0; i < headers.size(); i++) {
            headers.get(i)[0] = (byte) (i + 1 < headers.size() ? types.get(i + 1) : last);
            chain.raw(headers.get(i));
        }
        chain.raw(body);
        byte[] payload = chain.bytes();
        byte[] ip = MalformedCaptures.ipv6(headers.isEmpty() ? last : types.get(0), payload);
        int length = lengthField(random, payload.length);
        ip[4] = (byte) (length >> 8);
        ip[5] = (byte) length;
        return ip;
    }

    /** A transport header and payload, with the protocol number appended as a last byte. */
    private static byte[] transport(Random random, int protocol) {
        byte[] payload = payload(random);
        byte[] t;
        if (protocol == 6) {
            int offset = random.nextInt(3) == 0 ? random.nextInt(16) : 5 + random.nextInt(11);
            t = MalformedCaptures.tcp(offset, payload.length);
            for (int i = 20; i < t.length - payload.length; i++) {
                t[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : pick(random, 0, 1, 2, 3, 4, 5, 8, 30));
            }
            t = MalformedCaptures.withPorts(t, random.nextInt(0x10000), pick(random, 443, 80, 8080, random.nextInt(0x10000)), payload);
            t[13] = (byte) random.nextInt(256);
        } else if (protocol == 17) {
            t = MalformedCaptures.udp(payload.length);
            System.arraycopy(payload, 0, t, 8, payload.length);
            int length = lengthField(random, t.length);
            t[4] = (byte) (length >> 8);
            t[5] = (byte) length;
        } else {
            t = payload;
        }
        if (random.nextInt(6) == 0) {
            t = java.util.Arrays.copyOf(t, random.nextInt(t.length + 1));
        }
        byte[] out = java.util.Arrays.copyOf(t, t.length + 1);
        out[t.length] = (byte) protocol;
        return out;
    }

    private static byte[] payload(Random random) {
        byte[] p = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(300)];
        random.nextBytes(p);
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int at = 0; at + 5 <= p.length; at += 5 + random.nextInt(40)) {
                    p[at] = (byte) (20 + random.nextInt(5));
                    p[at + 1] = 3;
                    p[at + 2] = (byte) random.nextInt(5);
                }
            }
            case 1 -> {
                byte[] head = ("GET /" + random.nextInt() + " HTTP/1.1\r\nHost: a\r\n" + (random.nextBoolean() ? "\r\n" : ":"))
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                System.arraycopy(head, 0, p, 0, Math.min(head.length, p.length));
            }
            default -> { }
        }
        return p;
    }

    private static int lengthField(Random random, int real) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 65535;
            case 2 -> random.nextInt(0x10000);
            case 3 -> Math.max(0, real - random.nextInt(8));
            default -> real;
        };
    }

    private static int pick(Random random, int... values) {
        return values[random.nextInt(values.length)];
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

    /** Where accessor results go, so that no call can be optimised away. */
    static volatile long sink;

    /** Reads every packet of {@code file}, calls every accessor of each, and returns how many were read. */
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
            sink += sum;
            return reader.stats().packets();
        }
    }
}
