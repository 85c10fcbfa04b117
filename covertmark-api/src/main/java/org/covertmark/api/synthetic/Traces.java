package org.covertmark.api.synthetic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.apiguardian.api.API;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.PacketBuilder;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.Timestamp;

/**
 * Synthetic traces for strategy tests: TCP flows with the payloads a test chooses, built with
 * {@link PacketBuilder} so that each packet decodes exactly as a captured one would.
 *
 * <pre>{@code
 * List<Packet> obfs = Traces.flow("10.0.0.1:40000", "192.0.2.9:443", 20, Traces.randomPayloads(7, 600));
 * List<Packet> https = Traces.conversation("10.0.0.2:40001", "198.51.100.7:443")
 *         .send(Traces.tlsRecord(TlsRecord.HANDSHAKE, 500)).reply(Traces.tlsRecord(TlsRecord.HANDSHAKE, 1200))
 *         .packets();
 * List<Packet> both = Traces.merge(obfs, https);
 * }</pre>
 *
 * <p>Endpoints are written {@code address:port}, IPv6 addresses in brackets ({@code [2001:db8::1]:443}).
 * Packets of a flow are 1 ms apart from its start time (0 by default) and numbered from frame 1.
 */
@API(status = MAINTAINED, since = "0.1")
public final class Traces {

    private Traces() {
    }

    /**
     * A TCP flow: the three-way handshake, then {@code n} segments from client to server carrying
     * {@code payload.apply(0)} … {@code payload.apply(n - 1)}.
     *
     * @param client the client's endpoint, {@code address:port} ({@code [v6 address]:port} for IPv6)
     * @param server the server's endpoint, of the same IP version
     * @param n how many segments the client sends, 0 or more
     * @param payload the payload of each segment, by its index
     * @return the flow's packets, 1 ms apart from time 0, numbered from frame 1
     * @throws IllegalArgumentException for a negative {@code n}, a malformed endpoint, or endpoints of
     *     different IP versions
     */
    public static List<Packet> flow(String client, String server, int n, IntFunction<byte[]> payload) {
        if (n < 0) {
            throw new IllegalArgumentException("a flow of " + n + " segments");
        }
        Conversation c = conversation(client, server);
        for (int i = 0; i < n; i++) {
            c.send(payload.apply(i));
        }
        return c.packets();
    }

    /**
     * A TCP flow to write segment by segment, in either direction.
     *
     * @param client the client's endpoint, {@code address:port} ({@code [v6 address]:port} for IPv6)
     * @param server the server's endpoint, of the same IP version
     * @return a conversation with no segment yet, its handshake included, starting at time 0
     * @throws IllegalArgumentException for a malformed endpoint or endpoints of different IP versions
     */
    public static Conversation conversation(String client, String server) {
        return new Conversation(Endpoint.parse(client), Endpoint.parse(server));
    }

    /**
     * Payloads of {@code length} uniformly random bytes, as a fully encrypted protocol sends; the
     * same seed and index give the same bytes.
     *
     * @param seed the seed of the payloads
     * @param length each payload's length in bytes
     * @return a function from a segment's index to its payload
     */
    public static IntFunction<byte[]> randomPayloads(long seed, int length) {
        return i -> {
            byte[] b = new byte[length];
            new SplittableRandom(seed * 1_000_003L + i).nextBytes(b);
            return b;
        };
    }

    /**
     * A whole TLS 1.2 record of a content type with a body of {@code length} zero bytes.
     *
     * @param contentType the record's content type, such as {@code TlsRecord.HANDSHAKE} (22)
     * @param length the body's length, 0–65535
     * @return the record's 5-byte header and its body
     * @throws IllegalArgumentException for a length outside 0–65535
     */
    public static byte[] tlsRecord(int contentType, int length) {
        if (length < 0 || length > 0xffff) {
            throw new IllegalArgumentException("TLS record body length " + length + " is outside 0..65535");
        }
        byte[] b = new byte[5 + length];
        b[0] = (byte) contentType;
        b[1] = 3;
        b[2] = 3;
        b[3] = (byte) (length >>> 8);
        b[4] = (byte) length;
        return b;
    }

    /**
     * An HTTP/1.1 GET request for {@code path} on {@code host}.
     *
     * @param host the Host header's value
     * @param path the request target, such as {@code /index.html}
     * @return the request's bytes, headers ended by an empty line
     */
    public static byte[] httpGet(String host, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The packets of several traces in one, ordered by time (ties keep argument order) and numbered
     * from frame 1.
     *
     * @param traces the traces, such as flows and conversations
     * @return one trace of all their packets
     */
    @SafeVarargs
    public static List<Packet> merge(List<Packet>... traces) {
        return merge(List.of(traces));
    }

    /**
     * The packets of several traces in one, ordered by time (ties keep the collection's order) and
     * numbered from frame 1.
     *
     * @param traces the traces, such as flows and conversations
     * @return one trace of all their packets
     */
    public static List<Packet> merge(Collection<? extends List<Packet>> traces) {
        List<Packet> all = new ArrayList<>();
        for (List<Packet> t : traces) {
            all.addAll(t);
        }
        all.sort(Comparator.comparing(Packet::timestamp));
        List<Packet> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Packet p = all.get(i);
            Timestamp t = p.timestamp();
            out.add(Packet.parse(i + 1, t.epochSecond(), t.nanos(), p.wireLength(), p.linkLength(), p.bytes()));
        }
        return List.copyOf(out);
    }

    /** A TCP flow being written: the handshake, then segments in the order they are added. */
    @API(status = MAINTAINED, since = "0.1")
    public static final class Conversation {
        private final Endpoint client;
        private final Endpoint server;
        private final List<byte[]> segments = new ArrayList<>();
        private final List<Boolean> fromClient = new ArrayList<>();
        private boolean handshake = true;
        private long startMicros;

        private Conversation(Endpoint client, Endpoint server) {
            if (client.address().contains(":") != server.address().contains(":")) {
                throw new IllegalArgumentException("client " + client + " and server " + server
                        + " are of different IP versions");
            }
            this.client = client;
            this.server = server;
        }

        /**
         * Adds a segment from client to server.
         *
         * @param payload the segment's payload, copied
         * @return this conversation
         */
        public Conversation send(byte[] payload) {
            segments.add(payload.clone());
            fromClient.add(true);
            return this;
        }

        /**
         * Adds a segment from server to client.
         *
         * @param payload the segment's payload, copied
         * @return this conversation
         */
        public Conversation reply(byte[] payload) {
            segments.add(payload.clone());
            fromClient.add(false);
            return this;
        }

        /**
         * Leaves out the handshake, as in a capture started while the flow was under way.
         *
         * @return this conversation
         */
        public Conversation withoutHandshake() {
            this.handshake = false;
            return this;
        }

        /**
         * Sets when the first packet was captured.
         *
         * @param micros microseconds since the epoch (default 0)
         * @return this conversation
         */
        public Conversation startingAt(long micros) {
            this.startMicros = micros;
            return this;
        }

        /**
         * The packets written so far.
         *
         * @return SYN, SYN-ACK and ACK unless left out, then the segments, 1 ms apart, numbered from
         *     frame 1
         */
        public List<Packet> packets() {
            List<Packet> out = new ArrayList<>();
            long clientSeq = 1_000;
            long serverSeq = 5_000;
            if (handshake) {
                out.add(packet(out.size(), true, clientSeq, 0, TcpSegment.SYN, new byte[0]));
                out.add(packet(out.size(), false, serverSeq, clientSeq + 1, TcpSegment.SYN | TcpSegment.ACK,
                        new byte[0]));
                out.add(packet(out.size(), true, clientSeq + 1, serverSeq + 1, TcpSegment.ACK, new byte[0]));
            }
            clientSeq++;
            serverSeq++;
            for (int i = 0; i < segments.size(); i++) {
                byte[] payload = segments.get(i);
                int flags = TcpSegment.ACK | TcpSegment.PSH;
                if (fromClient.get(i)) {
                    out.add(packet(out.size(), true, clientSeq, serverSeq, flags, payload));
                    clientSeq += payload.length;
                } else {
                    out.add(packet(out.size(), false, serverSeq, clientSeq, flags, payload));
                    serverSeq += payload.length;
                }
            }
            return List.copyOf(out);
        }

        private Packet packet(int index, boolean toServer, long seq, long ack, int flags, byte[] payload) {
            Endpoint from = toServer ? client : server;
            Endpoint to = toServer ? server : client;
            return PacketBuilder.tcp(from.address(), from.port(), to.address(), to.port())
                    .frame(index + 1L).time(Timestamp.ofMicros(startMicros + 1_000L * index))
                    .seq(seq & 0xffffffffL).ack(ack & 0xffffffffL).flags(flags).payload(payload).build();
        }
    }

    /** {@code address:port}, or {@code [v6-address]:port}. */
    private record Endpoint(String address, int port) {
        static Endpoint parse(String text) {
            Objects.requireNonNull(text, "endpoint");
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? "" : text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                colon = -1;
            }
            if (colon < 0 || host.isEmpty()) {
                throw new IllegalArgumentException("endpoint '" + text
                        + "' is not address:port (IPv6 in brackets: [2001:db8::1]:443)");
            }
            try {
                return new Endpoint(host, Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("endpoint '" + text + "' has no port number after the last ':'");
            }
        }

        @Override
        public String toString() {
            return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
        }
    }
}
