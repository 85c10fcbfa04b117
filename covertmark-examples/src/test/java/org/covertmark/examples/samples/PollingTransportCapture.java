package org.covertmark.examples.samples;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a capture of a meek-like polling transport, deterministically from a seed: a client keeps
 * an HTTPS connection to a front server and polls it at a regular interval with HTTP POST requests
 * inside TLS application-data records. An idle poll carries no body, so its request is always the
 * same size, and so is the empty answer to it; some polls carry upstream data and some answers carry
 * downstream data, of random sizes. Each connection begins with a TCP and a TLS 1.2 handshake and is
 * replaced after a fixed number of polls, as HTTP keep-alive limits do.
 *
 * <p>Ethernet, IPv4 and TCP with consistent sequence numbers, acknowledgements and checksums, and
 * random bytes for everything encrypted. The client is {@link #CLIENT}, the front {@link #FRONT}:443.
 */
public final class PollingTransportCapture {

    /** The polling client. */
    public static final String CLIENT = "10.5.0.2";
    /** The front server the client polls. */
    public static final String FRONT = "192.0.2.44";

    /** TLS 1.2 AEAD overhead of an application-data record: explicit nonce and tag. */
    private static final int AEAD = 8 + 16;
    private static final int MSS = 1448;
    private static final long RTT_MICROS = 40_000;

    /**
     * What to generate.
     *
     * @param seed the seed of every random choice
     * @param polls how many polls
     * @param intervalMicros the time between polls
     * @param pollsPerConnection polls before the connection is replaced
     * @param upstreamShare the share of polls that carry upstream data (1 to 1200 bytes)
     * @param downstreamShare the share of answers that carry downstream data (100 to 16000 bytes)
     */
    public record Shape(long seed, int polls, long intervalMicros, int pollsPerConnection, double upstreamShare,
            double downstreamShare) {

        /** Ten minutes of polling every 250 ms, mostly idle. */
        public static Shape meekLike(long seed) {
            return new Shape(seed, 2400, 250_000, 300, 0.12, 0.2);
        }
    }

    /**
     * What was written.
     *
     * @param packets packets in the capture
     * @param idlePolls polls without a body: requests of {@code idleRequestLength} bytes of TCP payload
     * @param idleRequestLength the TCP payload length of an idle poll
     * @param emptyAnswers answers without a body: {@code emptyAnswerLength} bytes of TCP payload
     * @param emptyAnswerLength the TCP payload length of an empty answer
     */
    public record Written(long packets, int idlePolls, int idleRequestLength, int emptyAnswers,
            int emptyAnswerLength) {
    }

    private final Shape shape;
    private final Random random;
    private final DataOutputStream out;
    private final byte[] client = {10, 5, 0, 2};
    private final byte[] front = {(byte) 192, 0, 2, 44};
    private long packets;
    private long now = 1_790_000_000_000_000L;
    private int clientPort = 50_000;
    private long clientSeq;
    private long frontSeq;
    private int ipId;

    private PollingTransportCapture(Shape shape, OutputStream out) {
        this.shape = shape;
        this.random = new Random(shape.seed());
        this.out = new DataOutputStream(out);
    }

    /** Writes the capture {@code shape} describes to {@code file}. */
    public static Written write(Path file, Shape shape) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            return new PollingTransportCapture(shape, o).run();
        }
    }

    private Written run() throws IOException {
        out.writeInt(Integer.reverseBytes(0xa1b2c3d4));
        out.writeShort(Short.reverseBytes((short) 2));
        out.writeShort(Short.reverseBytes((short) 4));
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(Integer.reverseBytes(65535));
        out.writeInt(Integer.reverseBytes(1));

        int idleRequestLength = request(0).length;
        int emptyAnswerLength = answer(0).length;
        int idle = 0;
        int empty = 0;
        for (int poll = 0; poll < shape.polls(); poll++) {
            if (poll % shape.pollsPerConnection() == 0) {
                if (poll > 0) {
                    close();
                }
                connect();
            }
            long start = now;
            boolean up = random.nextDouble() < shape.upstreamShare();
            boolean down = random.nextDouble() < shape.downstreamShare();
            send(true, request(up ? 1 + random.nextInt(1200) : 0));
            now += RTT_MICROS / 2;
            ack(false);
            now += RTT_MICROS / 2;
            send(false, answer(down ? 100 + random.nextInt(15_901) : 0));
            now += RTT_MICROS / 2;
            ack(true);
            idle += up ? 0 : 1;
            empty += down ? 0 : 1;
            long jitter = shape.intervalMicros() / 20;
            now = Math.max(now, start + shape.intervalMicros() + (long) ((random.nextDouble() * 2 - 1) * jitter));
        }
        close();
        out.flush();
        return new Written(packets, idle, idleRequestLength, empty, emptyAnswerLength);
    }

    /** A poll: an HTTP POST of {@code body} bytes, in one TLS application-data record. */
    private byte[] request(int body) {
        String head = "POST / HTTP/1.1\r\nHost: front.example.net\r\nX-Session-Id: 4kWq9Tz1bA7xQe2LmR0sVu\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + body + "\r\n\r\n";
        return record(23, head.getBytes(StandardCharsets.US_ASCII).length + body);
    }

    /** An answer carrying {@code body} bytes, in one TLS application-data record. */
    private byte[] answer(int body) {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body
                + "\r\nServer: nginx\r\n\r\n";
        return record(23, head.getBytes(StandardCharsets.US_ASCII).length + body);
    }

    /** A TLS 1.2 record of the given type around {@code plain} bytes of (encrypted, random) content. */
    private byte[] record(int type, int plain) {
        int length = type == 23 ? plain + AEAD : plain;
        byte[] r = new byte[5 + length];
        random.nextBytes(r);
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (length >> 8);
        r[4] = (byte) length;
        return r;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private void connect() throws IOException {
        clientPort++;
        clientSeq = random.nextInt() & 0xffffffffL;
        frontSeq = random.nextInt() & 0xffffffffL;
        segment(true, 0x002, new byte[0]);
        clientSeq++;
        now += RTT_MICROS / 2;
        segment(false, 0x012, new byte[0]);
        frontSeq++;
        now += RTT_MICROS / 2;
        segment(true, 0x010, new byte[0]);
        send(true, record(22, 512));                                          // ClientHello
        now += RTT_MICROS / 2;
        send(false, concat(record(22, 93), record(22, 2890), record(22, 333), record(22, 4))); // ServerHello … Done
        now += RTT_MICROS / 2;
        send(true, concat(record(22, 70), record(20, 1), record(22, 40)));   // key exchange, CCS, Finished
        now += RTT_MICROS / 2;
        send(false, concat(record(20, 1), record(22, 40)));                  // CCS, Finished
        now += RTT_MICROS / 2;
        ack(true);
    }

    private void close() throws IOException {
        segment(true, 0x011, new byte[0]);
        clientSeq++;
        now += RTT_MICROS / 2;
        segment(false, 0x011, new byte[0]);
        frontSeq++;
        now += RTT_MICROS / 2;
        segment(true, 0x010, new byte[0]);
    }

    /** Sends {@code data} in segments of at most one MSS, the last one pushed. */
    private void send(boolean fromClient, byte[] data) throws IOException {
        for (int at = 0; at < data.length; at += MSS) {
            int n = Math.min(MSS, data.length - at);
            byte[] part = new byte[n];
            System.arraycopy(data, at, part, 0, n);
            segment(fromClient, at + n == data.length ? 0x018 : 0x010, part);
            if (fromClient) {
                clientSeq += n;
            } else {
                frontSeq += n;
            }
            now += 1_000L * n / 1000; // about 1 µs per byte on the wire
        }
    }

    private void ack(boolean fromClient) throws IOException {
        segment(fromClient, 0x010, new byte[0]);
    }

    private void segment(boolean fromClient, int flags, byte[] payload) throws IOException {
        byte[] src = fromClient ? client : front;
        byte[] dst = fromClient ? front : client;
        int sport = fromClient ? clientPort : 443;
        int dport = fromClient ? 443 : clientPort;
        long seq = fromClient ? clientSeq : frontSeq;
        long ack = flags == 0x002 ? 0 : fromClient ? frontSeq : clientSeq;

        byte[] tcp = new byte[20 + payload.length];
        put16(tcp, 0, sport);
        put16(tcp, 2, dport);
        put32(tcp, 4, seq);
        put32(tcp, 8, ack);
        tcp[12] = 5 << 4;
        tcp[13] = (byte) flags;
        put16(tcp, 14, 64_240);
        System.arraycopy(payload, 0, tcp, 20, payload.length);
        put16(tcp, 16, checksum(tcp, pseudoHeaderSum(src, dst, tcp.length)));

        byte[] frame = new byte[14 + 20 + tcp.length];
        byte[] clientMac = {2, 0, 0, 0, 0, 2};
        byte[] frontMac = {2, 0, 0, 0, 0, 1};
        System.arraycopy(fromClient ? frontMac : clientMac, 0, frame, 0, 6);
        System.arraycopy(fromClient ? clientMac : frontMac, 0, frame, 6, 6);
        put16(frame, 12, 0x0800);
        frame[14] = 0x45;
        put16(frame, 16, 20 + tcp.length);
        put16(frame, 18, ipId++ & 0xffff);
        frame[20] = 0x40;
        frame[22] = 64;
        frame[23] = 6;
        System.arraycopy(src, 0, frame, 26, 4);
        System.arraycopy(dst, 0, frame, 30, 4);
        byte[] ipHeader = new byte[20];
        System.arraycopy(frame, 14, ipHeader, 0, 20);
        put16(frame, 24, checksum(ipHeader, 0));
        System.arraycopy(tcp, 0, frame, 34, tcp.length);

        out.writeInt(Integer.reverseBytes((int) (now / 1_000_000)));
        out.writeInt(Integer.reverseBytes((int) (now % 1_000_000)));
        out.writeInt(Integer.reverseBytes(frame.length));
        out.writeInt(Integer.reverseBytes(frame.length));
        out.write(frame);
        packets++;
    }

    private static long pseudoHeaderSum(byte[] src, byte[] dst, int length) {
        long sum = 0;
        for (int i = 0; i < 4; i += 2) {
            sum += ((src[i] & 0xff) << 8) | (src[i + 1] & 0xff);
            sum += ((dst[i] & 0xff) << 8) | (dst[i + 1] & 0xff);
        }
        return sum + 6 + length;
    }

    private static int checksum(byte[] b, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < b.length; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (b.length % 2 == 1) {
            sum += (b[b.length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }
}
