package org.covertmark.store.mongodb;

import java.util.List;
import org.bson.BsonBinary;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.conversions.Bson;
import org.bson.Document;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.HttpRequest;
import org.covertmark.api.packet.Packet;
import org.covertmark.api.packet.TcpOption;
import org.covertmark.api.packet.TcpSegment;
import org.covertmark.api.packet.Timestamp;
import org.covertmark.api.packet.TlsRecord;
import org.covertmark.api.packet.UdpDatagram;

/**
 * The BSON form of a stored packet, written and read directly (no intermediate maps).
 *
 * <p>One document per packet, in the shape of the original system's packet documents where that is
 * sensible, so that packets can be queried by hand:
 *
 * <pre>
 * _id          int64   0-based position in the trace (capture order)
 * frame        int64   1-based index of the packet record in its capture
 * time         int64   capture time in integer microseconds since the epoch (absent if unknown)
 * ts_s, ts_ns  int64, int32  the exact capture time: seconds and nanoseconds (absent if unknown)
 * wire_len     int32   the frame's length on the wire
 * type         string  "IPv4" or "IPv6"
 * src, dst     string  addresses in text (IPv6 in RFC 5952 form)
 * src_hi, src_lo, dst_hi, dst_lo  int64  the addresses as 128-bit numbers, high and low halves as
 *                      signed int64; IPv4 addresses in their IPv4-mapped form ::ffff:a.b.c.d
 *                      (so src_hi = 0, src_lo = 0xffff00000000 + the IPv4 address)
 * len          int32   the IP length header field (IPv4 total length, IPv6 payload length)
 * ttl          int32   IPv4 TTL or IPv6 hop limit
 * proto        int32   the transport protocol number, after IPv6 extension headers
 * sport, dport, payload_len  int32  TCP or UDP ports and announced payload length, present
 *                      exactly when the TCP or UDP header was decoded
 * tcp_info     { sport, dport, seq, ack (int64, raw), flags (int32, 12 bits), win, opts: [{kind,
 *                      value}], payload (binary) }
 * udp_info     { sport, dport, len, payload (binary) }
 * tls_info     { type: [int], ver: [int], len: [int], records: int }: the whole TLS records at the
 *                      start of the TCP payload; present exactly when Packet.isTlsSegment()
 * http_info    { method, uri, version, headers: [{name, value}] }: present exactly when the TCP
 *                      payload begins an HTTP request
 * hdr          binary  the captured IP bytes before the TCP or UDP payload (all of them for other
 *                      packets): hdr followed by the payload is exactly Packet.bytes()
 * </pre>
 */
final class PacketCodec {

    static final String ID = "_id";
    static final String FRAME = "frame";
    static final String TIME = "time";
    static final String TS_S = "ts_s";
    static final String TS_NS = "ts_ns";
    static final String WIRE_LEN = "wire_len";
    /** The bytes of the frame that are not the IP packet, when the reader knew them (absent in older traces). */
    static final String LINK_LEN = "link_len";
    static final String TYPE = "type";
    static final String IPV4 = "IPv4";
    static final String IPV6 = "IPv6";
    static final String SRC = "src";
    static final String DST = "dst";
    static final String HI_SUFFIX = "_hi";
    static final String LO_SUFFIX = "_lo";
    static final String LEN = "len";
    static final String TTL = "ttl";
    static final String PROTO = "proto";
    static final String SPORT = "sport";
    static final String DPORT = "dport";
    static final String PAYLOAD_LEN = "payload_len";
    static final String TCP_INFO = "tcp_info";
    static final String UDP_INFO = "udp_info";
    static final String TLS_INFO = "tls_info";
    static final String HTTP_INFO = "http_info";
    static final String PAYLOAD = "payload";
    static final String HDR = "hdr";
    static final String TLS_RECORDS = TLS_INFO + ".records";
    static final String HTTP_METHOD = HTTP_INFO + ".method";

    /** The fields a packet is rebuilt from; reads fetch only these. */
    static final Bson READ_PROJECTION = new Document(FRAME, 1).append(TS_S, 1).append(TS_NS, 1)
            .append(WIRE_LEN, 1).append(LINK_LEN, 1).append(HDR, 1).append(TCP_INFO + "." + PAYLOAD, 1)
            .append(UDP_INFO + "." + PAYLOAD, 1);

    private PacketCodec() {
    }

    /**
     * A packet and its position in the trace, as written.
     *
     * @param index the 0-based position, stored as {@code _id}
     * @param packet the packet
     */
    record Row(long index, Packet packet) {
    }

    /** Writes {@link Row}s; reading them back is {@link PacketDecoder}'s job. */
    static final class RowCodec implements Codec<Row> {

        @Override
        public void encode(BsonWriter w, Row row, EncoderContext context) {
            Packet p = row.packet();
            w.writeStartDocument();
            w.writeInt64(ID, row.index());
            w.writeInt64(FRAME, p.frame());
            Timestamp ts = p.timestamp();
            if (ts.isKnown()) {
                long micros = ts.toMicros();
                if (micros != Long.MAX_VALUE && micros != Long.MIN_VALUE) {
                    w.writeInt64(TIME, micros);
                }
                w.writeInt64(TS_S, ts.epochSecond());
                w.writeInt32(TS_NS, ts.nanos());
            }
            w.writeInt32(WIRE_LEN, p.wireLength());
            if (p.linkLength() >= 0) {
                w.writeInt32(LINK_LEN, p.linkLength());
            }
            IpAddress src = p.source();
            IpAddress dst = p.destination();
            w.writeString(TYPE, p.ipVersion() == 4 ? IPV4 : IPV6);
            w.writeString(SRC, src.toString());
            w.writeString(DST, dst.toString());
            IpAddress s128 = src.mapped();
            IpAddress d128 = dst.mapped();
            w.writeInt64(SRC + HI_SUFFIX, s128.high());
            w.writeInt64(SRC + LO_SUFFIX, s128.low());
            w.writeInt64(DST + HI_SUFFIX, d128.high());
            w.writeInt64(DST + LO_SUFFIX, d128.low());
            w.writeInt32(LEN, p.ipLength());
            w.writeInt32(TTL, p.ttl());
            w.writeInt32(PROTO, p.protocol());
            ByteView payload = ByteView.empty();
            if (p.isTcp()) {
                TcpSegment t = p.tcp().orElseThrow();
                payload = t.payload();
                w.writeInt32(SPORT, t.sourcePort());
                w.writeInt32(DPORT, t.destinationPort());
                w.writeInt32(PAYLOAD_LEN, t.payloadLength());
                writeTcp(w, t);
                if (p.isTlsSegment()) {
                    writeTls(w, p.tlsRecords());
                }
                p.httpRequest().ifPresent(h -> writeHttp(w, h));
            } else if (p.isUdp()) {
                UdpDatagram u = p.udp().orElseThrow();
                payload = u.payload();
                w.writeInt32(SPORT, u.sourcePort());
                w.writeInt32(DPORT, u.destinationPort());
                w.writeInt32(PAYLOAD_LEN, u.length() - 8);
                w.writeStartDocument(UDP_INFO);
                w.writeInt32(SPORT, u.sourcePort());
                w.writeInt32(DPORT, u.destinationPort());
                w.writeInt32(LEN, u.length());
                w.writeBinaryData(PAYLOAD, new BsonBinary(payload.toArray()));
                w.writeEndDocument();
            }
            ByteView bytes = p.bytes();
            // The payload is always the tail of the packet's bytes, so the head is all that is left.
            w.writeBinaryData(HDR, new BsonBinary(bytes.slice(0, bytes.length() - payload.length()).toArray()));
            w.writeEndDocument();
        }

        private static void writeTcp(BsonWriter w, TcpSegment t) {
            w.writeStartDocument(TCP_INFO);
            w.writeInt32(SPORT, t.sourcePort());
            w.writeInt32(DPORT, t.destinationPort());
            w.writeInt64("seq", t.sequenceNumber());
            w.writeInt64("ack", t.acknowledgementNumber());
            w.writeInt32("flags", t.flags());
            w.writeInt32("win", t.window());
            w.writeStartArray("opts");
            for (TcpOption o : t.options()) {
                w.writeStartDocument();
                w.writeInt32("kind", o.kind());
                w.writeBinaryData("value", new BsonBinary(o.value().toArray()));
                w.writeEndDocument();
            }
            w.writeEndArray();
            w.writeBinaryData(PAYLOAD, new BsonBinary(t.payload().toArray()));
            w.writeEndDocument();
        }

        private static void writeTls(BsonWriter w, List<TlsRecord> records) {
            w.writeStartDocument(TLS_INFO);
            w.writeStartArray(TYPE);
            records.forEach(r -> w.writeInt32(r.contentType()));
            w.writeEndArray();
            w.writeStartArray("ver");
            records.forEach(r -> w.writeInt32(r.version()));
            w.writeEndArray();
            w.writeStartArray(LEN);
            records.forEach(r -> w.writeInt32(r.length()));
            w.writeEndArray();
            w.writeInt32("records", records.size());
            w.writeEndDocument();
        }

        private static void writeHttp(BsonWriter w, HttpRequest h) {
            w.writeStartDocument(HTTP_INFO);
            w.writeString("method", h.method());
            w.writeString("uri", h.uri());
            w.writeString("version", h.version());
            w.writeStartArray("headers");
            for (HttpRequest.Header header : h.headers()) {
                w.writeStartDocument();
                w.writeString("name", header.name());
                w.writeString("value", header.value());
                w.writeEndDocument();
            }
            w.writeEndArray();
            w.writeEndDocument();
        }

        @Override
        public Row decode(BsonReader reader, DecoderContext context) {
            throw new UnsupportedOperationException("rows are read back as packets");
        }

        @Override
        public Class<Row> getEncoderClass() {
            return Row.class;
        }
    }

    /** Rebuilds {@link Packet}s from the fields in {@link #READ_PROJECTION}. */
    static final class PacketDecoder implements Codec<Packet> {

        @Override
        public Packet decode(BsonReader r, DecoderContext context) {
            long frame = 0;
            long seconds = Long.MIN_VALUE;
            int nanos = 0;
            boolean known = false;
            int wireLength = 0;
            int linkLength = -1;
            byte[] head = null;
            byte[] payload = null;
            r.readStartDocument();
            while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
                switch (r.readName()) {
                    case FRAME -> frame = r.readInt64();
                    case TS_S -> {
                        seconds = r.readInt64();
                        known = true;
                    }
                    case TS_NS -> nanos = r.readInt32();
                    case WIRE_LEN -> wireLength = r.readInt32();
                    case LINK_LEN -> linkLength = r.readInt32();
                    case HDR -> head = r.readBinaryData().getData();
                    case TCP_INFO, UDP_INFO -> payload = readPayload(r);
                    default -> r.skipValue();
                }
            }
            r.readEndDocument();
            if (head == null) {
                throw new IllegalStateException("stored packet of frame " + frame + " has no '" + HDR + "' field");
            }
            byte[] bytes = head;
            if (payload != null && payload.length > 0) {
                bytes = new byte[head.length + payload.length];
                System.arraycopy(head, 0, bytes, 0, head.length);
                System.arraycopy(payload, 0, bytes, head.length, payload.length);
            }
            Timestamp time = known ? new Timestamp(seconds, nanos) : Timestamp.UNKNOWN;
            return Packet.parse(frame, time.epochSecond(), time.nanos(), wireLength, linkLength, ByteView.of(bytes));
        }

        private static byte[] readPayload(BsonReader r) {
            byte[] payload = null;
            r.readStartDocument();
            while (r.readBsonType() != BsonType.END_OF_DOCUMENT) {
                if (r.readName().equals(PAYLOAD)) {
                    payload = r.readBinaryData().getData();
                } else {
                    r.skipValue();
                }
            }
            r.readEndDocument();
            return payload;
        }

        @Override
        public void encode(BsonWriter writer, Packet value, EncoderContext context) {
            throw new UnsupportedOperationException("packets are written as rows");
        }

        @Override
        public Class<Packet> getEncoderClass() {
            return Packet.class;
        }
    }
}
