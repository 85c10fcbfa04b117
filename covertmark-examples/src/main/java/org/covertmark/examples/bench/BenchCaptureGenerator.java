package org.covertmark.examples.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.net.Subnet;

/**
 * Writes a synthetic, deterministic benchmark capture: a classic little-endian microsecond pcap of
 * Ethernet/IPv4/TCP frames between {@value #FLOWS} client/server pairs.
 *
 * <p>The mix imitates bulk TCP traffic: about 40 % empty ACKs, 40 % full-size segments of
 * {@value #FULL_PAYLOAD} payload bytes and 20 % small segments of 20–400 bytes. The payload follows
 * the flow's server port, about half of them each way: on TLS and SSH ports, pseudo-random bytes
 * (on TLS ports a small segment holds one whole application-data record, and a full-size one
 * sometimes begins a 16 KiB record); on HTTP ports, text — a client's payload begins with a
 * request (request line, headers, empty line, a JSON body for POST and PUT), a server's at any
 * line of a response (status line, headers, HTML body). Flows open with a handshake and close
 * with FINs; sequence and acknowledgement numbers advance per flow; every TCP header is 32 bytes
 * (data offset 8: NOP, NOP, timestamps); IPv4 and TCP checksums are correct; timestamps increase
 * strictly with exponentially distributed gaps.
 *
 * <p>The random generator is SplitMix64 written out here, and all arithmetic is integer or
 * {@link StrictMath}, so the same seed and size give the same bytes on every JVM.
 */
public final class BenchCaptureGenerator {

    /** Client/server pairs. */
    static final int FLOWS = 2000;
    /** The payload of a full-size segment: a 1500-byte MTU less 20 (IPv4) and 32 (TCP). */
    static final int FULL_PAYLOAD = 1448;

    private static final long START_SECONDS = 1_700_000_000L;
    private static final double MEAN_GAP_MICROS = 45.0;
    private static final int SNAPLEN = 262_144;
    private static final int HEADERS = 16 + 14 + 20 + 32;
    private static final int BUFFER = 8 << 20;

    private static final int[] CLIENT_NETS = {0x0a0a0000, 0x0a140000, 0xac100000, 0xc0a80000};
    private static final int[] SERVER_NETS = {0xc6120000, 0xc6130000, 0x5db80000};
    /** Half TLS and SSH ports (pseudo-random payloads), half HTTP ports (text payloads). */
    private static final int[] SERVER_PORTS = {443, 443, 443, 993, 8443, 22, 80, 80, 80, 80, 8080, 8080};

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /**
     * What was written.
     *
     * @param packets packet records
     * @param bytes file size
     * @param emptyAcks segments without payload (handshakes and FINs included)
     * @param fullSegments segments of {@value #FULL_PAYLOAD} payload bytes
     * @param smallSegments segments of 20–400 payload bytes
     * @param randomPayloads payloads of pseudo-random bytes (TLS and SSH ports)
     * @param textPayloads payloads of HTTP text (HTTP ports)
     */
    public record Summary(long packets, long bytes, long emptyAcks, long fullSegments, long smallSegments,
            long randomPayloads, long textPayloads) {
    }

    private final SplitMix64 random;
    private final byte[] requests;
    private final int[] requestStarts;
    private final byte[] responses;
    private final int[] responseLineStarts;

    // per flow: addresses, ports, next sequence numbers, timestamp clocks, IP ids, state
    private final int[] clientIp = new int[FLOWS];
    private final int[] serverIp = new int[FLOWS];
    private final int[] clientPort = new int[FLOWS];
    private final int[] serverPort = new int[FLOWS];
    private final int[] clientSeq = new int[FLOWS];
    private final int[] serverSeq = new int[FLOWS];
    private final int[] clientTsBase = new int[FLOWS];
    private final int[] serverTsBase = new int[FLOWS];
    private final int[] clientIpId = new int[FLOWS];
    private final int[] serverIpId = new int[FLOWS];
    private final int[] clientWindow = new int[FLOWS];
    private final int[] serverWindow = new int[FLOWS];
    private final int[] serverTtl = new int[FLOWS];
    private final int[] state = new int[FLOWS];
    private final int[] remaining = new int[FLOWS];

    private final byte[] buf = new byte[BUFFER];
    private int at;
    private long micros = START_SECONDS * 1_000_000L;
    private long packets;
    private long emptyAcks;
    private long fullSegments;
    private long smallSegments;
    private long randomPayloads;
    private long textPayloads;
    private int lastKind;
    private boolean lastText;

    private static final int EMPTY = 0;
    private static final int FULL = 1;
    private static final int SMALL = 2;

    private static final int SYN_SENT = 0;
    private static final int SYN_RECEIVED = 1;
    private static final int ACK_SENT = 2;
    private static final int ESTABLISHED = 3;
    private static final int FIN_CLIENT = 4;
    private static final int FIN_SERVER = 5;
    private static final int LAST_ACK = 6;

    private BenchCaptureGenerator(long seed) {
        random = new SplitMix64(seed);
        ByteArrayBuilder pool = new ByteArrayBuilder();
        requestStarts = requestPool(pool);
        requests = pool.toArray();
        pool = new ByteArrayBuilder();
        responseLineStarts = responsePool(pool);
        responses = pool.toArray();
        for (int f = 0; f < FLOWS; f++) {
            clientIp[f] = CLIENT_NETS[random.nextInt(CLIENT_NETS.length)] | host();
            serverIp[f] = SERVER_NETS[random.nextInt(SERVER_NETS.length)] | host();
            serverPort[f] = SERVER_PORTS[random.nextInt(SERVER_PORTS.length)];
            serverTtl[f] = 48 + random.nextInt(11);
            clientWindow[f] = 500 + random.nextInt(3000);
            serverWindow[f] = 200 + random.nextInt(800);
            clientIpId[f] = random.nextInt(65536);
            serverIpId[f] = random.nextInt(65536);
            newConnection(f);
            if (random.nextInt(5) != 0) {
                state[f] = ESTABLISHED; // most flows were open before the capture began
            }
        }
    }

    /**
     * Writes a capture of at most {@code maxBytes} bytes (it stops before the record that would
     * pass that size) to {@code out}, through a temporary file renamed into place at the end.
     *
     * @throws IOException if {@code out} cannot be written, or exists and is not a regular file
     */
    public static Summary generate(Path out, long maxBytes, long seed) throws IOException {
        return new BenchCaptureGenerator(seed).write(out, maxBytes);
    }

    /** The client subnets of every capture this writes, whatever the seed: four /16 networks. */
    static List<Subnet> clientSubnets() {
        List<Subnet> out = new ArrayList<>();
        for (int net : CLIENT_NETS) {
            out.add(Subnet.of(IpAddress.ofIpv4(net), 16));
        }
        return List.copyOf(out);
    }

    private int host() {
        return 1 + random.nextInt(0xfffe);
    }

    private void newConnection(int f) {
        clientPort[f] = 32768 + random.nextInt(28232);
        clientSeq[f] = (int) random.next();
        serverSeq[f] = (int) random.next();
        clientTsBase[f] = (int) random.next();
        serverTsBase[f] = (int) random.next();
        state[f] = SYN_SENT;
        remaining[f] = 50 + random.nextInt(3000);
    }

    private Summary write(Path out, long maxBytes) throws IOException {
        if (Files.exists(out) && !Files.isRegularFile(out)) {
            // never rename a file over a directory, a device or a pipe
            throw new FileSystemException(out.toString(), null, "exists and is not a regular file");
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path part = out.resolveSibling(out.getFileName() + ".part");
        long written = 0;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            if (maxBytes >= 24) {
                fileHeader();
                written = 24;
            }
            while (true) {
                if (at > BUFFER - (HEADERS + FULL_PAYLOAD)) {
                    flush(ch);
                }
                int start = at;
                nextPacket();
                int length = at - start;
                if (written + length > maxBytes) {
                    at = start;
                    break;
                }
                written += length;
                count();
            }
            flush(ch);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(packets, written, emptyAcks, fullSegments, smallSegments, randomPayloads, textPayloads);
    }

    private void flush(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, at);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        at = 0;
    }

    private void fileHeader() {
        le32(0xa1b2c3d4);
        le16(2);
        le16(4);
        le32(0); // thiszone
        le32(0); // sigfigs
        le32(SNAPLEN);
        le32(1); // LINKTYPE_ETHERNET
    }

    /** Counts the record {@link #nextPacket} appended, once it is known to fit. */
    private void count() {
        packets++;
        switch (lastKind) {
            case EMPTY -> emptyAcks++;
            case FULL -> fullSegments++;
            default -> smallSegments++;
        }
        if (lastKind != EMPTY) {
            if (lastText) {
                textPayloads++;
            } else {
                randomPayloads++;
            }
        }
    }

    /**
     * Appends one record. The last record, the one beyond the size limit, is appended and then
     * dropped by the caller.
     */
    private void nextPacket() {
        double u = random.nextDouble();
        int f = (int) (FLOWS * u * u); // a few heavy flows, many light ones
        micros += 1 + (long) (-MEAN_GAP_MICROS * StrictMath.log(1.0 - random.nextDouble()));
        switch (state[f]) {
            case SYN_SENT -> control(f, true, 0x002, SYN_RECEIVED);
            case SYN_RECEIVED -> control(f, false, 0x012, ACK_SENT);
            case ACK_SENT -> control(f, true, 0x010, ESTABLISHED);
            case FIN_CLIENT -> control(f, true, 0x011, FIN_SERVER);
            case FIN_SERVER -> control(f, false, 0x011, LAST_ACK);
            case LAST_ACK -> {
                control(f, true, 0x010, LAST_ACK);
                newConnection(f);
            }
            default -> established(f);
        }
    }

    private void control(int f, boolean fromClient, int flags, int nextState) {
        lastKind = EMPTY;
        boolean syn = (flags & 0x002) != 0;
        boolean fin = (flags & 0x001) != 0;
        segment(f, fromClient, flags, 0, false, syn || fin ? 1 : 0, (flags & 0x010) != 0);
        state[f] = nextState;
    }

    private void established(int f) {
        if (--remaining[f] <= 0) {
            state[f] = FIN_CLIENT;
        }
        int kind = random.nextInt(100);
        if (kind < 40) {
            lastKind = EMPTY;
            segment(f, random.nextInt(10) < 7, 0x010, 0, false, 0, true);
            return;
        }
        boolean full = kind < 80;
        int length = full ? FULL_PAYLOAD : 20 + random.nextInt(381);
        boolean fromClient = full ? random.nextInt(4) == 0 : random.nextInt(2) == 0;
        lastKind = full ? FULL : SMALL;
        boolean isText = isTextPort(serverPort[f]);
        lastText = isText;
        segment(f, fromClient, full ? 0x010 : 0x018, length, isText, length, true);
    }

    /** Appends a record header, Ethernet, IPv4 and TCP headers, and the payload. */
    private void segment(int f, boolean fromClient, int flags, int payload, boolean isText, int seqAdvance,
            boolean hasAck) {
        int frameLength = 14 + 20 + 32 + payload;
        long seconds = micros / 1_000_000L;
        le32((int) seconds);
        le32((int) (micros % 1_000_000L));
        le32(frameLength);
        le32(frameLength);

        int src = fromClient ? clientIp[f] : serverIp[f];
        int dst = fromClient ? serverIp[f] : clientIp[f];
        // Ethernet: the client's own MAC on one side, the gateway's on the other
        long clientMac = 0x0200_0000_0000L | (clientIp[f] & 0xffffffffL);
        long gatewayMac = 0x0200_5e00_0001L;
        be48(fromClient ? gatewayMac : clientMac);
        be48(fromClient ? clientMac : gatewayMac);
        be16(0x0800);

        int ip = at;
        int id;
        if (fromClient) {
            id = clientIpId[f]++;
        } else {
            id = serverIpId[f]++;
        }
        be16(0x4500);
        be16(20 + 32 + payload);
        be16(id & 0xffff);
        be16(0x4000); // don't fragment
        buf[at++] = (byte) (fromClient ? 64 : serverTtl[f]);
        buf[at++] = 6;
        be16(0); // checksum, filled below
        be32(src);
        be32(dst);
        int ipSum = ~fold(sum(buf, ip, 20, 0)) & 0xffff;
        buf[ip + 10] = (byte) (ipSum >>> 8);
        buf[ip + 11] = (byte) ipSum;

        int tcp = at;
        int seq = fromClient ? clientSeq[f] : serverSeq[f];
        int ack = fromClient ? serverSeq[f] : clientSeq[f];
        int millis = (int) (micros / 1000);
        int tsVal = (fromClient ? clientTsBase[f] : serverTsBase[f]) + millis;
        int tsEcr = (fromClient ? serverTsBase[f] : clientTsBase[f]) + millis - 1;
        be16(fromClient ? clientPort[f] : serverPort[f]);
        be16(fromClient ? serverPort[f] : clientPort[f]);
        be32(seq);
        be32(hasAck ? ack : 0);
        be16((8 << 12) | flags);
        be16(fromClient ? clientWindow[f] : serverWindow[f]);
        be16(0); // checksum, filled below
        be16(0); // urgent pointer
        buf[at++] = 1; // NOP
        buf[at++] = 1; // NOP
        buf[at++] = 8; // timestamps
        buf[at++] = 10;
        be32(tsVal);
        be32(hasAck ? tsEcr : 0);
        if (payload > 0) {
            if (isText) {
                textPayload(payload, fromClient);
            } else {
                randomPayload(payload, serverPort[f]);
            }
        }
        if (fromClient) {
            clientSeq[f] += seqAdvance;
        } else {
            serverSeq[f] += seqAdvance;
        }
        // pseudo-header: addresses, protocol, TCP length
        int tcpLength = 32 + payload;
        long pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + 6 + tcpLength;
        int tcpSum = ~fold(sum(buf, tcp, tcpLength, pseudo)) & 0xffff;
        buf[tcp + 16] = (byte) (tcpSum >>> 8);
        buf[tcp + 17] = (byte) tcpSum;
    }

    private static boolean isTextPort(int port) {
        return port == 80 || port == 8080;
    }

    /**
     * HTTP text: a client's payload begins with a request (and runs on into the next ones, as
     * pipelined requests would), a server's at any line of a response, head or body.
     */
    private void textPayload(int length, boolean fromClient) {
        byte[] pool = fromClient ? requests : responses;
        int[] starts = fromClient ? requestStarts : responseLineStarts;
        System.arraycopy(pool, starts[random.nextInt(starts.length)], buf, at, length);
        at += length;
    }

    private void randomPayload(int length, int serverPort) {
        int end = at + length;
        int p = at;
        boolean tls = serverPort == 443 || serverPort == 993 || serverPort == 8443;
        for (; p + 8 <= end; p += 8) {
            LONG_LE.set(buf, p, random.next());
        }
        if (p < end) {
            long last = random.next();
            for (; p < end; p++) {
                buf[p] = (byte) last;
                last >>>= 8;
            }
        }
        if (tls) {
            // A small segment holds one whole application-data record; a full-size one sometimes
            // begins a 16 KiB record that continues in later segments.
            int recordLength = length < FULL_PAYLOAD ? length - 5 : (random.nextInt(12) == 0 ? 16_408 : -1);
            if (recordLength >= 0) {
                buf[at] = 23;
                buf[at + 1] = 3;
                buf[at + 2] = 3;
                buf[at + 3] = (byte) (recordLength >>> 8);
                buf[at + 4] = (byte) recordLength;
            }
        }
        at = end;
    }

    private static long sum(byte[] b, int from, int length, long initial) {
        long s = initial;
        int end = from + length;
        int i = from;
        for (; i + 1 < end; i += 2) {
            s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            s += (b[i] & 0xff) << 8;
        }
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    private void le16(int v) {
        buf[at++] = (byte) v;
        buf[at++] = (byte) (v >>> 8);
    }

    private void le32(int v) {
        buf[at++] = (byte) v;
        buf[at++] = (byte) (v >>> 8);
        buf[at++] = (byte) (v >>> 16);
        buf[at++] = (byte) (v >>> 24);
    }

    private void be16(int v) {
        buf[at++] = (byte) (v >>> 8);
        buf[at++] = (byte) v;
    }

    private void be32(int v) {
        buf[at++] = (byte) (v >>> 24);
        buf[at++] = (byte) (v >>> 16);
        buf[at++] = (byte) (v >>> 8);
        buf[at++] = (byte) v;
    }

    private void be48(long v) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            buf[at++] = (byte) (v >>> shift);
        }
    }

    // ---- the text pools: HTTP requests, and responses with HTML bodies ----

    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "HEAD", "PUT"};
    private static final String[] PATH_PARTS = {"static", "api", "v1", "v2", "images", "js", "css", "user",
        "search", "assets", "media", "feed", "cart", "login", "docs", "news"};
    private static final String[] EXTENSIONS = {".js", ".css", ".png", ".html", ".json", "", "", ".jpg"};
    private static final String[] HOSTS = {"www.example.com", "cdn.example.net", "api.example.org",
        "static.example.com", "img.example.net", "news.example.org"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "curl/8.5.0", "okhttp/4.12.0"};
    private static final String[] REQUEST_HEADERS = {"Accept: */*", "Accept-Encoding: gzip, deflate, br",
        "Accept-Language: en-GB,en;q=0.9", "Connection: keep-alive", "Cache-Control: no-cache"};
    private static final String[] RESPONSE_HEADERS = {"Content-Type: text/html; charset=utf-8",
        "Server: nginx/1.24.0", "Vary: Accept-Encoding", "Cache-Control: max-age=3600",
        "X-Content-Type-Options: nosniff", "Date: Tue, 14 Nov 2023 22:13:20 GMT"};
    private static final String[] STATUS = {"HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 304 Not Modified",
        "HTTP/1.1 404 Not Found", "HTTP/1.1 301 Moved Permanently"};
    private static final String[] WORDS = {"the", "of", "and", "proxy", "censor", "traffic", "stream",
        "packet", "window", "server", "client", "lorem", "ipsum", "dolor", "sit", "amet", "data", "news",
        "item", "price", "search", "result", "page", "more", "link", "title", "story", "image"};

    private static final int POOL = 256 << 10;

    /**
     * Fills {@code pool} with about 256 KiB of HTTP requests, each a request line, header lines and
     * an empty line (a JSON body after those of POST and PUT), and a full segment more so that no
     * payload runs off the end; returns where each request starts.
     */
    private int[] requestPool(ByteArrayBuilder pool) {
        int[] starts = new int[1 << 10];
        int n = 0;
        while (pool.size() < POOL) {
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
            }
            starts[n++] = pool.size();
            StringBuilder m = new StringBuilder(600);
            String method = METHODS[random.nextInt(METHODS.length)];
            m.append(method).append(' ');
            int depth = 1 + random.nextInt(4);
            for (int d = 0; d < depth; d++) {
                m.append('/').append(PATH_PARTS[random.nextInt(PATH_PARTS.length)]);
            }
            m.append('/').append(Long.toHexString(random.next() & 0xffffffL))
                    .append(EXTENSIONS[random.nextInt(EXTENSIONS.length)]);
            if (random.nextInt(3) == 0) {
                m.append("?q=").append(WORDS[random.nextInt(WORDS.length)]).append("&page=").append(random.nextInt(50));
            }
            m.append(" HTTP/1.1\r\n");
            m.append("Host: ").append(HOSTS[random.nextInt(HOSTS.length)]).append("\r\n");
            m.append("User-Agent: ").append(AGENTS[random.nextInt(AGENTS.length)]).append("\r\n");
            int headers = 1 + random.nextInt(REQUEST_HEADERS.length);
            for (int h = 0; h < headers; h++) {
                m.append(REQUEST_HEADERS[random.nextInt(REQUEST_HEADERS.length)]).append("\r\n");
            }
            if (random.nextInt(3) == 0) {
                m.append("Cookie: session=").append(Long.toHexString(random.next()))
                        .append(Long.toHexString(random.next())).append("; theme=dark\r\n");
            }
            if (method.equals("POST") || method.equals("PUT")) {
                String body = "{\"q\":\"" + WORDS[random.nextInt(WORDS.length)] + "\",\"page\":" + random.nextInt(50)
                        + ",\"token\":\"" + Long.toHexString(random.next()) + "\"}";
                m.append("Content-Type: application/json\r\nContent-Length: ").append(body.length())
                        .append("\r\n\r\n").append(body);
            } else {
                m.append("\r\n");
            }
            pool.append(m.toString().getBytes(StandardCharsets.US_ASCII));
        }
        pool.append(Arrays.copyOf(pool.bytes(), FULL_PAYLOAD));
        return Arrays.copyOf(starts, n);
    }

    /**
     * Fills {@code pool} with about 256 KiB of HTTP responses, each a status line, header lines, an
     * empty line and lines of HTML, and a full segment more; returns where each line starts.
     */
    private int[] responsePool(ByteArrayBuilder pool) {
        int[] starts = new int[1 << 14];
        int n = 0;
        while (pool.size() < POOL) {
            StringBuilder head = new StringBuilder(300);
            head.append(STATUS[random.nextInt(STATUS.length)]).append("\r\n");
            int headers = 1 + random.nextInt(RESPONSE_HEADERS.length);
            for (int h = 0; h < headers; h++) {
                head.append(RESPONSE_HEADERS[random.nextInt(RESPONSE_HEADERS.length)]).append("\r\n");
            }
            StringBuilder body = new StringBuilder(4096);
            int lines = 5 + random.nextInt(36);
            for (int l = 0; l < lines; l++) {
                body.append("<div class=\"").append(WORDS[random.nextInt(WORDS.length)]).append("\"><p>");
                int words = 4 + random.nextInt(14);
                for (int w = 0; w < words; w++) {
                    body.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                body.append(".</p></div>\n");
            }
            head.append("Content-Length: ").append(body.length()).append("\r\n\r\n");
            String message = head.append(body).toString();
            for (int at = 0; at < message.length(); at = message.indexOf('\n', at) + 1) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = pool.size() + at;
            }
            pool.append(message.getBytes(StandardCharsets.US_ASCII));
        }
        pool.append(Arrays.copyOf(pool.bytes(), FULL_PAYLOAD));
        return Arrays.copyOf(starts, n);
    }

    /** A growable byte array. */
    private static final class ByteArrayBuilder {
        private byte[] bytes = new byte[1 << 16];
        private int size;

        void append(byte[] b) {
            if (size + b.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + b.length));
            }
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        int size() {
            return size;
        }

        byte[] bytes() {
            return bytes;
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** SplitMix64 (Steele, Lea, Flood 2014): a fixed algorithm, so the output never depends on the JDK. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            state = seed;
        }

        long next() {
            long z = (state += 0x9e3779b97f4a7c15L);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** A value in [0, bound), by multiply-shift of 31 random bits (bias below 2^-20 for small bounds). */
        int nextInt(int bound) {
            return (int) (((next() >>> 33) * bound) >>> 31);
        }

        /** A value in [0, 1) with 53 random bits. */
        double nextDouble() {
            return (next() >>> 11) * 0x1.0p-53;
        }
    }
}
