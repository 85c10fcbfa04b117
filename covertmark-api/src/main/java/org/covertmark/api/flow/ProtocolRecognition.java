package org.covertmark.api.flow;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import org.covertmark.api.packet.ByteView;
import org.covertmark.api.packet.HttpRequest;

/**
 * Recognises a connection's application protocol as a censor does: from the first non-empty payload
 * the client sent, and when that shows nothing known, from the first the server sent. Each payload
 * is judged by its leading bytes alone:
 *
 * <ul>
 *   <li>{@link AppProtocol#DNS}: the server port is 53 or 5353 (mDNS) and the payload holds a
 *       plausible DNS header — 12 bytes, a defined opcode, a query asking at least one question or a
 *       response holding at least one record; over TCP after a 2-byte length prefix of at least 12.
 *       Judged first, so that a transaction id that happens to look like a TLS header does not
 *       win.</li>
 *   <li>{@link AppProtocol#TLS} (TCP): a record header — content type 20..24, version 3.0..3.4, a
 *       length no more than 2<sup>14</sup> + 2048 — in either direction.</li>
 *   <li>{@link AppProtocol#HTTP} (TCP): the client's payload begins a request ({@link
 *       HttpRequest#begins}), or the server's begins {@code HTTP/1.0 } or {@code HTTP/1.1 }.</li>
 *   <li>{@link AppProtocol#SSH} (TCP): either payload begins an {@code SSH-} version banner.</li>
 *   <li>{@link AppProtocol#QUIC} (UDP): a long-header packet (first byte with bits 0x80 and 0x40
 *       set) of version 1, version 2 ({@code 0x6b3343cf}) or a draft ({@code 0xff0000xx}), on any
 *       port; the client's Initial normally decides, the server's long header when the client's
 *       was not captured.</li>
 * </ul>
 *
 * TLS, HTTP and SSH are looked for only over TCP and QUIC only over UDP: SSDP's {@code M-SEARCH}
 * over UDP is not HTTP to a censor, nor to Wireshark.
 */
@API(status = STABLE, since = "0.1")
public final class ProtocolRecognition {

    private static final int MAX_TLS_RECORD = (1 << 14) + 2048;
    private static final byte[] SSH_BANNER = {'S', 'S', 'H', '-'};
    private static final byte[] HTTP_1_0 = {'H', 'T', 'T', 'P', '/', '1', '.', '0', ' '};
    private static final byte[] HTTP_1_1 = {'H', 'T', 'T', 'P', '/', '1', '.', '1', ' '};
    private static final long QUIC_V1 = 0x0000_0001L;
    private static final long QUIC_V2 = 0x6b33_43cfL;
    private static final long QUIC_DRAFT = 0xff00_0000L;

    private ProtocolRecognition() {
    }

    /**
     * The protocol shown by the first payload the client sent and the first the server sent.
     *
     * @param transport the connection's transport; it decides which protocols are looked for
     * @param clientPort the client's port, 0..65535 (not used by the current rules, which judge by the
     *     server's port)
     * @param serverPort the server's port, 0..65535; 53 and 5353 let the payloads be judged as DNS
     * @param clientFirst the client's first non-empty payload; null or empty when none was seen
     * @param serverFirst the server's first non-empty payload; null or empty when none was seen
     * @return the protocol the client's payload shows, else the one the server's shows, else
     *     {@link AppProtocol#UNKNOWN}
     * @throws NullPointerException when {@code transport} is null
     */
    public static AppProtocol recognise(Transport transport, int clientPort, int serverPort, ByteView clientFirst,
            ByteView serverFirst) {
        if (transport == null) {
            throw new NullPointerException("transport");
        }
        AppProtocol fromClient = judge(transport, serverPort, clientFirst, true);
        return fromClient != AppProtocol.UNKNOWN ? fromClient : judge(transport, serverPort, serverFirst, false);
    }

    private static AppProtocol judge(Transport transport, int serverPort, ByteView payload, boolean client) {
        if (payload == null || payload.isEmpty()) {
            return AppProtocol.UNKNOWN;
        }
        if ((serverPort == 53 || serverPort == 5353) && isDns(transport, payload)) {
            return AppProtocol.DNS;
        }
        if (transport == Transport.UDP) {
            return isQuicLongHeader(payload) ? AppProtocol.QUIC : AppProtocol.UNKNOWN;
        }
        if (isTlsRecordHeader(payload)) {
            return AppProtocol.TLS;
        }
        if (client ? HttpRequest.begins(payload) : payload.startsWith(HTTP_1_1) || payload.startsWith(HTTP_1_0)) {
            return AppProtocol.HTTP;
        }
        return payload.startsWith(SSH_BANNER) ? AppProtocol.SSH : AppProtocol.UNKNOWN;
    }

    private static boolean isTlsRecordHeader(ByteView p) {
        if (p.length() < 5) {
            return false;
        }
        int type = p.getUnsignedByte(0);
        return type >= 20 && type <= 24 && p.getUnsignedByte(1) == 3 && p.getUnsignedByte(2) <= 4
                && p.getUnsignedShort(3) <= MAX_TLS_RECORD;
    }

    /** A DNS header at the start of a UDP payload, or after the length prefix of a TCP one. */
    private static boolean isDns(Transport transport, ByteView p) {
        int at = 0;
        if (transport == Transport.TCP) {
            if (p.length() < 2 || p.getUnsignedShort(0) < 12) {
                return false;
            }
            at = 2;
        }
        if (p.length() - at < 12) {
            return false;
        }
        int flags = p.getUnsignedShort(at + 2);
        int opcode = (flags >>> 11) & 0x0f;
        if (opcode == 3 || opcode > 6) {
            return false;
        }
        int questions = p.getUnsignedShort(at + 4);
        if ((flags & 0x8000) == 0) {
            return questions >= 1;
        }
        return questions + p.getUnsignedShort(at + 6) + p.getUnsignedShort(at + 8) + p.getUnsignedShort(at + 10) >= 1;
    }

    private static boolean isQuicLongHeader(ByteView p) {
        if (p.length() < 5 || (p.getUnsignedByte(0) & 0xc0) != 0xc0) {
            return false;
        }
        long version = p.getUnsignedInt(1);
        return version == QUIC_V1 || version == QUIC_V2 || (version & 0xffff_ff00L) == QUIC_DRAFT;
    }
}
