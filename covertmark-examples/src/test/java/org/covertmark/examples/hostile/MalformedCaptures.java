package org.covertmark.examples.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes malformed pcap and pcapng captures, each named after its fault, built byte by byte and
 * derived by seeded truncation and bit flips from the public captures. The same files every run.
 */
public final class MalformedCaptures {

    /** The public captures shipped with the project (read only; mutations are written as copies). */
    public static final Path PUBLIC = Path.of("..", "data", "public");

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int ETHERNET = 1;

    private MalformedCaptures() {
    }

    /** Writes every malformed capture into {@code dir} and returns their paths. */
    public static List<Path> write(Path dir) {
        Map<String, byte[]> all = new LinkedHashMap<>(handmade());
        all.putAll(mutated(20, 7));
        List<Path> paths = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.write(p, e.getValue());
                paths.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    /** Captures built byte by byte, one fault each, keyed by file name. */
    public static Map<String, byte[]> handmade() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] udp = ethernet(0x0800, ipv4(5, 32, 17, udp(4)));

        // pcap file structure
        m.put("pcap-bad-magic.pcap", pcap(BE).record(1, 0, udp).patch(0, new byte[] {1, 2, 3, 4}).bytes());
        m.put("pcap-empty.pcap", new byte[0]);
        byte[] header = pcap(BE).bytes();
        for (int n = 1; n < 24; n++) {
            m.put("pcap-global-header-truncated-" + n + ".pcap", Arrays.copyOf(header, n));
        }
        m.put("pcap-major-version-7.pcap", pcap(BE).patch(4, new byte[] {0, 7}).bytes());
        m.put("pcap-unknown-link-type.pcap", new B(BE).pcapHeader(65000).record(1, 0, udp).bytes());
        for (int n : new int[] {1, 8, 15}) {
            byte[] whole = pcap(LE).record(1, 0, udp).bytes();
            m.put("pcap-record-header-truncated-" + n + ".pcap", Arrays.copyOf(whole, 24 + n));
        }
        byte[] twoRecords = pcap(LE).record(1, 0, udp).record(2, 0, udp).bytes();
        m.put("pcap-record-body-truncated.pcap", Arrays.copyOf(twoRecords, twoRecords.length - 5));
        m.put("pcap-record-longer-than-snaplen.pcap",
                new B(BE).pcapHeader(ETHERNET, 20).record(1, 0, udp).bytes());
        m.put("pcap-record-length-absurd.pcap", pcap(BE).recordHeader(1, 0, 0x7fffffffL, 0x7fffffffL).raw(udp).bytes());
        m.put("pcap-record-length-ffffffff.pcap", pcap(BE).recordHeader(1, 0, 0xffffffffL, 0xffffffffL).raw(udp).bytes());
        m.put("pcap-captured-above-wire.pcap", pcap(BE).recordHeader(1, 0, udp.length, 10).raw(udp).bytes());
        m.put("pcap-zero-length-records.pcap", pcap(BE).record(1, 0, new byte[0]).record(2, 0, new byte[0])
                .record(3, 0, udp).bytes());
        m.put("pcap-timestamps-backwards.pcap", pcap(BE).record(100, 0, udp).record(50, 0, udp)
                .record(0, 0, udp).record(0xffffffffL, 0, udp).bytes());
        m.put("pcap-usec-over-a-million.pcap", pcap(BE).record(1, 1_000_000, udp).record(2, 0xffffffffL, udp).bytes());
        m.put("pcap-nsec-over-a-billion.pcap", new B(BE).pcapHeader(0xa1b23c4dL, ETHERNET, 65535)
                .record(1, 1_000_000_000L, udp).record(1, 0xffffffffL, udp).bytes());
        m.put("pcap-modified-kuznetzov.pcap", new B(BE).pcapHeader(0xa1b2cd34L, ETHERNET, 65535).bytes());

        // pcapng block structure
        byte[] ng = pcapng(LE).idb(ETHERNET, null).epb(0, 1, udp).bytes();
        m.put("pcapng-block-length-below-12.pcapng", pcapng(LE).idb(ETHERNET, null).raw(new B(LE).u32(6).u32(8).bytes()).bytes());
        m.put("pcapng-block-length-zero.pcapng", pcapng(LE).raw(new B(LE).u32(6).u32(0).u32(0).bytes()).bytes());
        m.put("pcapng-block-length-not-multiple-of-4.pcapng", pcapng(LE).idb(ETHERNET, null)
                .raw(new B(LE).u32(1).u32(21).u32(1).u32(0).u32(0).u32(21).bytes()).bytes());
        m.put("pcapng-block-length-larger-than-file.pcapng", pcapng(LE).idb(ETHERNET, null)
                .raw(new B(LE).u32(6).u32(4096).u32(0).u32(0).bytes()).bytes());
        m.put("pcapng-block-length-absurd.pcapng", pcapng(LE).raw(new B(LE).u32(6).u32(0x7ffffffcL).u32(0).bytes()).bytes());
        byte[] mismatch = ng.clone();
        mismatch[mismatch.length - 4] ^= 0x10;
        m.put("pcapng-trailer-mismatch.pcapng", mismatch);
        m.put("pcapng-truncated-block-header.pcapng", Arrays.copyOf(ng, 28 + 20 + 5));
        m.put("pcapng-truncated-last-block.pcapng", Arrays.copyOf(ng, ng.length - 6));
        m.put("pcapng-shb-truncated.pcapng", Arrays.copyOf(ng, 10));
        m.put("pcapng-shb-length-below-28.pcapng", new B(LE).u32(0x0a0d0d0aL).u32(16).u32(0x1a2b3c4dL).u32(16).bytes());
        m.put("pcapng-shb-bad-byte-order-magic.pcapng", pcapng(LE).patch(8, new byte[] {1, 2, 3, 4}).bytes());
        m.put("pcapng-shb-major-version-9.pcapng", pcapng(LE).patch(12, new byte[] {9, 0}).bytes());
        m.put("pcapng-unknown-block-types.pcapng", pcapng(LE).idb(ETHERNET, null).block(0x0badf00dL, new byte[8])
                .block(0x80000001L, new byte[0]).block(0xffffffffL, new byte[16]).epb(0, 1, udp).bytes());
        m.put("pcapng-epb-undeclared-interface.pcapng", pcapng(LE).idb(ETHERNET, null).epb(5, 1, udp)
                .epb(0xffffffffL, 1, udp).bytes());
        m.put("pcapng-epb-before-any-idb.pcapng", pcapng(BE).epb(0, 1, udp).bytes());
        m.put("pcapng-epb-captured-overruns-block.pcapng", pcapng(LE).idb(ETHERNET, null)
                .epbLengths(0, 1, udp, 0x7fffffffL, udp.length).bytes());
        m.put("pcapng-epb-too-short.pcapng", pcapng(LE).idb(ETHERNET, null).block(6, new byte[4]).bytes());
        m.put("pcapng-idb-too-short.pcapng", pcapng(LE).block(1, new byte[4]).bytes());
        m.put("pcapng-idb-unknown-link-type.pcapng", pcapng(LE).idb(65000, null).epb(0, 1, udp).bytes());
        m.put("pcapng-idb-bad-tsresol-decimal-99.pcapng", pcapng(LE).idb(ETHERNET, 99).epb(0, 1, udp).bytes());
        m.put("pcapng-idb-bad-tsresol-binary-127.pcapng", pcapng(LE).idb(ETHERNET, 0xff).epb(0, 1, udp).bytes());
        m.put("pcapng-idb-tsresol-binary-63.pcapng", pcapng(LE).idb(ETHERNET, 0x80 | 63).epb(0, -1L, udp).bytes());
        m.put("pcapng-idb-tsresol-decimal-18-max-time.pcapng", pcapng(LE).idb(ETHERNET, 18).epb(0, -1L, udp).bytes());
        m.put("pcapng-idb-option-overruns.pcapng", pcapng(LE).block(1, new B(LE).u16(ETHERNET).u16(0).u32(0)
                .u16(9).u16(0xffff).u32(0).bytes()).epb(0, 1, udp).bytes());
        m.put("pcapng-simple-packet-block-short.pcapng", pcapng(LE).idb(ETHERNET, null)
                .block(3, new B(LE).u32(0xffffffffL).bytes()).bytes());
        m.put("pcapng-simple-packet-no-interface.pcapng", pcapng(LE).block(3, new B(LE).u32(udp.length).raw(pad(udp)).bytes()).bytes());
        m.put("pcapng-obsolete-packet-block.pcapng", pcapng(LE).idb(ETHERNET, null)
                .block(2, new B(LE).u16(0).u16(0).u32(0).u32(1).u32(udp.length).u32(udp.length).raw(pad(udp)).bytes()).bytes());
        m.put("pcapng-sections-switch-byte-order.pcapng", pcapng(LE).idb(ETHERNET, null).epb(0, 1, udp)
                .raw(pcapng(BE).idb(ETHERNET, null).epb(0, 2, udp).bytes())
                .raw(pcapng(LE).epb(0, 3, udp).bytes()).bytes());
        m.put("pcapng-second-section-truncated.pcapng", new B(LE).raw(ng).raw(Arrays.copyOf(pcapng(BE).bytes(), 9)).bytes());

        // decoder faults inside well-formed records
        B vlans = new B(BE).raw(new byte[12]);
        for (int i = 0; i < 200; i++) {
            vlans.u16(0x8100).u16(i);
        }
        m.put("ethernet-200-nested-vlan-tags.pcap", pcap(BE).record(1, 0, vlans.u16(0x0800).raw(ipv4(5, 32, 17, udp(4))).bytes()).bytes());
        B vlanOnly = new B(BE).raw(new byte[12]);
        for (int i = 0; i < 50; i++) {
            vlanOnly.u16(i % 2 == 0 ? 0x88a8 : 0x8100).u16(i);
        }
        m.put("ethernet-vlan-tags-to-end-of-frame.pcap", pcap(BE).record(1, 0, vlanOnly.bytes()).bytes());
        m.put("ethernet-1-byte-frame.pcap", pcap(BE).record(1, 0, new byte[] {0x45}).bytes());
        m.put("ethernet-header-only.pcap", pcap(BE).record(1, 0, ethernet(0x0800, new byte[0])).bytes());
        m.put("ethernet-13-bytes.pcap", pcap(BE).record(1, 0, Arrays.copyOf(ethernet(0x0800, new byte[0]), 13)).bytes());
        m.put("ethernet-ipv6-type-ipv4-body.pcap", pcap(BE).record(1, 0, ethernet(0x86dd, ipv4(5, 32, 17, udp(4)))).bytes());
        for (int ihl : new int[] {0, 4, 15}) {
            m.put("ipv4-ihl-" + ihl + ".pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(ihl, 32, 17, udp(4)))).bytes());
        }
        m.put("ipv4-total-length-0.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, 0, 6, tcp(5, 10)))).bytes());
        m.put("ipv4-total-length-below-ihl.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, 12, 6, tcp(5, 10)))).bytes());
        m.put("ipv4-total-length-above-captured.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, 65535, 6, tcp(5, 10)))).bytes());
        m.put("ipv4-header-truncated.pcap", pcap(BE).record(1, 0, ethernet(0x0800, Arrays.copyOf(ipv4(5, 20, 6, new byte[0]), 10))).bytes());
        m.put("ipv4-version-9.pcap", pcap(BE).record(1, 0, ethernet(0x0800, version(ipv4(5, 32, 17, udp(4)), 9))).bytes());
        m.put("ipv4-fragment-offset-max.pcap", pcap(BE).record(1, 0, ethernet(0x0800,
                patch(ipv4(5, 32, 17, udp(4)), 6, new byte[] {0x3f, (byte) 0xff}))).bytes());
        for (int off : new int[] {0, 4, 15}) {
            m.put("tcp-data-offset-" + off + ".pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, -1, 6, tcp(off, 4)))).bytes());
        }
        m.put("tcp-header-truncated.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, -1, 6, Arrays.copyOf(tcp(5, 0), 9)))).bytes());
        m.put("tcp-options-run-off-the-end.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, -1, 6,
                patch(tcp(8, 0), 20, new byte[] {2, 40, 1, 1, 8, (byte) 200, 0, 0, 3, 0, 1, 1})))).bytes());
        m.put("tcp-option-length-0-loop.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, -1, 6,
                patch(tcp(8, 0), 20, new byte[] {5, 0, 5, 0, 5, 0, 5, 0, 5, 1, 5, 1})))).bytes());
        m.put("udp-length-0.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, -1, 17, patch(udp(4), 4, new byte[] {0, 0})))).bytes());
        m.put("udp-length-above-packet.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, -1, 17, patch(udp(4), 4, new byte[] {(byte) 0xff, (byte) 0xff})))).bytes());
        m.put("udp-header-truncated.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, -1, 17, new byte[] {0, 53, 0}))).bytes());
        m.put("ipv6-extension-chain-off-the-end.pcap", pcap(BE).record(1, 0, ethernet(0x86dd,
                ipv6(0, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 43, 8}))).bytes());
        m.put("ipv6-extension-length-huge.pcap", pcap(BE).record(1, 0, ethernet(0x86dd,
                ipv6(60, new byte[] {6, (byte) 255, 0, 0, 0, 0, 0, 0}))).bytes());
        B chain = new B(BE);
        for (int i = 0; i < 300; i++) {
            chain.raw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
        }
        m.put("ipv6-300-hop-by-hop-headers.pcap", pcap(BE).record(1, 0, ethernet(0x86dd, ipv6(0, chain.bytes()))).bytes());
        m.put("ipv6-payload-length-above-captured.pcap", pcap(BE).record(1, 0, ethernet(0x86dd,
                patch(ipv6(6, tcp(5, 4)), 4, new byte[] {(byte) 0xff, (byte) 0xff}))).bytes());
        m.put("ipv6-header-truncated.pcap", pcap(BE).record(1, 0, ethernet(0x86dd, Arrays.copyOf(ipv6(6, tcp(5, 0)), 30))).bytes());
        m.put("ipv6-jumbo-payload-length-0.pcap", pcap(BE).record(1, 0, ethernet(0x86dd,
                patch(ipv6(0, new byte[] {6, 0, (byte) 0xc2, 4, 0, 0, 0, 1}), 4, new byte[] {0, 0}))).bytes());

        Random random = new Random(42);
        B tls = pcap(BE);
        B http = pcap(BE);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[random.nextInt(1400)];
            random.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = (byte) (20 + random.nextInt(5));
            }
            if (junk.length > 2) {
                junk[1] = 3;
                junk[2] = (byte) random.nextInt(5);
            }
            tls.record(i, 0, ethernet(0x0800, ipv4(5, -1, 6, withPorts(tcp(5, junk.length), 50000, 443, junk))));
            byte[] req = ("GET /" + "\u0000\uffff".repeat(i) + " HTTP/1.1\r\nHost:").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] body = new byte[req.length + junk.length];
            System.arraycopy(req, 0, body, 0, req.length);
            System.arraycopy(junk, 0, body, req.length, junk.length);
            http.record(i, 0, ethernet(0x0800, ipv4(5, -1, 6, withPorts(tcp(5, body.length), 50000, 80, body))));
        }
        m.put("tls-random-payloads.pcap", tls.bytes());
        m.put("http-random-payloads.pcap", http.bytes());
        m.put("tls-record-length-65535-in-tiny-segment.pcap", pcap(BE).record(1, 0, ethernet(0x0800, ipv4(5, -1, 6,
                withPorts(tcp(5, 5), 50000, 443, new byte[] {22, 3, 3, (byte) 0xff, (byte) 0xff})))).bytes());
        m.put("linux-sll-truncated.pcap", new B(BE).pcapHeader(113).record(1, 0, new byte[] {0, 0, 0, 1, 0, 6}).bytes());
        m.put("raw-ip-empty-records.pcap", new B(BE).pcapHeader(101).record(1, 0, new byte[0]).record(2, 0, new byte[] {0x60}).bytes());
        m.put("null-loopback-truncated.pcap", new B(LE).pcapHeader(0).record(1, 0, new byte[] {2, 0}).bytes());
        return m;
    }

    /**
     * Seeded truncations and bit flips of the small public captures, {@code count} in all, keyed by
     * a name saying which capture, which seed and what was done.
     */
    public static Map<String, byte[]> mutated(int count, long seed) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        List<Path> sources = smallPublicCaptures();
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            Path source = sources.get(i % sources.size());
            byte[] original = read(source);
            String base = source.getFileName().toString();
            int dot = base.lastIndexOf('.');
            String stem = base.substring(0, dot);
            String ext = base.substring(dot);
            if (i % 3 == 0) {
                int cut = random.nextInt(original.length);
                m.put("mutated-" + stem + "-truncated-at-" + cut + ext, Arrays.copyOf(original, cut));
            } else {
                int flips = 1 + random.nextInt(i % 3 == 1 ? 4 : 64);
                m.put("mutated-" + stem + "-" + flips + "-bit-flips-seed-" + seed + "-" + i + ext,
                        mutate(original, new Random(seed * 1000 + i), flips));
            }
        }
        return m;
    }

    /** A copy of {@code original} with {@code flips} random bits flipped. */
    public static byte[] mutate(byte[] original, Random random, int flips) {
        byte[] copy = original.clone();
        for (int f = 0; f < flips && copy.length > 0; f++) {
            int at = random.nextInt(copy.length);
            copy[at] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    /** The public captures of at most 64 KiB, sorted by name. */
    public static List<Path> smallPublicCaptures() {
        try (var files = Files.list(PUBLIC)) {
            return files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .filter(p -> {
                        try {
                            return Files.size(p) <= 64 * 1024;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ----- frames -----

    static byte[] ethernet(int type, byte[] payload) {
        return new B(BE).raw(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).u16(type).raw(payload).bytes();
    }

    /** IPv4 with the given IHL (in 32-bit words) and total length (-1: the real length). */
    static byte[] ipv4(int ihl, int totalLength, int protocol, byte[] payload) {
        int headerBytes = Math.max(ihl, 5) * 4;
        int total = totalLength < 0 ? headerBytes + payload.length : totalLength;
        B b = new B(BE).u8(0x40 | (ihl & 0xf)).u8(0).u16(total).u16(1).u16(0).u8(64).u8(protocol).u16(0)
                .raw(new byte[] {10, 0, 0, 1}).raw(new byte[] {10, 0, 0, 2});
        b.raw(new byte[headerBytes - 20]);
        return b.raw(payload).bytes();
    }

    static byte[] ipv6(int nextHeader, byte[] payload) {
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        src[15] = 1;
        dst[15] = 2;
        return new B(BE).u32(0x60000000L).u16(payload.length).u8(nextHeader).u8(64).raw(src).raw(dst)
                .raw(payload).bytes();
    }

    /** A TCP header with the given data offset (in words) followed by {@code payload} zero bytes. */
    static byte[] tcp(int dataOffset, int payload) {
        int headerBytes = Math.max(dataOffset, 5) * 4;
        B b = new B(BE).u16(40000).u16(443).u32(1).u32(2).u8(dataOffset << 4).u8(0x18).u16(65535).u16(0).u16(0);
        return b.raw(new byte[headerBytes - 20 + payload]).bytes();
    }

    static byte[] withPorts(byte[] tcp, int source, int destination, byte[] payload) {
        byte[] out = tcp.clone();
        out[0] = (byte) (source >> 8);
        out[1] = (byte) source;
        out[2] = (byte) (destination >> 8);
        out[3] = (byte) destination;
        System.arraycopy(payload, 0, out, out.length - payload.length, payload.length);
        return out;
    }

    static byte[] udp(int payload) {
        return new B(BE).u16(5353).u16(53).u16(8 + payload).u16(0).raw(new byte[payload]).bytes();
    }

    static byte[] version(byte[] ip, int version) {
        byte[] out = ip.clone();
        out[0] = (byte) ((version << 4) | (out[0] & 0xf));
        return out;
    }

    static byte[] patch(byte[] b, int at, byte[] with) {
        byte[] out = b.clone();
        System.arraycopy(with, 0, out, at, with.length);
        return out;
    }

    static byte[] pad(byte[] b) {
        return Arrays.copyOf(b, (b.length + 3) & ~3);
    }

    // ----- files -----

    static B pcap(ByteOrder order) {
        return new B(order).pcapHeader(ETHERNET);
    }

    static B pcapng(ByteOrder order) {
        return new B(order).u32(0x0a0d0d0aL).u32(28).u32(0x1a2b3c4dL).u16(1).u16(0).u32(0xffffffffL)
                .u32(0xffffffffL).u32(28);
    }

    /** Bytes in one byte order, appended one field at a time. */
    public static final class B {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteOrder order;

        public B(ByteOrder order) {
            this.order = order;
        }

        B pcapHeader(int link) {
            return pcapHeader(0xa1b2c3d4L, link, 65535);
        }

        B pcapHeader(int link, int snap) {
            return pcapHeader(0xa1b2c3d4L, link, snap);
        }

        B pcapHeader(long magic, int link, int snap) {
            return u32(magic).u16(2).u16(4).u32(0).u32(0).u32(snap).u32(link);
        }

        B record(long seconds, long fraction, byte[] frame) {
            return recordHeader(seconds, fraction, frame.length, frame.length).raw(frame);
        }

        B recordHeader(long seconds, long fraction, long captured, long wire) {
            return u32(seconds).u32(fraction).u32(captured).u32(wire);
        }

        B idb(int link, Integer tsresol) {
            B body = new B(order).u16(link).u16(0).u32(0);
            if (tsresol != null) {
                body.u16(9).u16(1).raw(new byte[] {(byte) (int) tsresol, 0, 0, 0}).u16(0).u16(0);
            }
            return block(1, body.bytes());
        }

        B epb(long iface, long units, byte[] frame) {
            return epbLengths(iface, units, frame, frame.length, frame.length);
        }

        B epbLengths(long iface, long units, byte[] frame, long captured, long wire) {
            return block(6, new B(order).u32(iface).u32(units >>> 32).u32(units & 0xffffffffL).u32(captured)
                    .u32(wire).raw(pad(frame)).bytes());
        }

        B block(long type, byte[] body) {
            return u32(type).u32(12 + body.length).raw(body).u32(12 + body.length);
        }

        B patch(int at, byte[] with) {
            byte[] b = bytes();
            System.arraycopy(with, 0, b, at, with.length);
            out.reset();
            out.writeBytes(b);
            return this;
        }

        B u8(int v) {
            out.write(v);
            return this;
        }

        B u16(int v) {
            return raw(ByteBuffer.allocate(2).order(order).putShort((short) v).array());
        }

        B u32(long v) {
            return raw(ByteBuffer.allocate(4).order(order).putInt((int) v).array());
        }

        B raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
