package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The TCP header and payload of a packet: a view, decoded on demand from the packet's bytes.
 *
 * <p>{@link #payloadLength()} is the length the IP header announces (as tshark's {@code tcp.len});
 * {@link #payload()} holds the bytes actually captured, which a snap length may have cut short.
 */
@API(status = STABLE, since = "0.1")
public final class TcpSegment {

    /** FIN flag bit. */
    public static final int FIN = 0x001;
    /** SYN flag bit. */
    public static final int SYN = 0x002;
    /** RST flag bit. */
    public static final int RST = 0x004;
    /** PSH flag bit. */
    public static final int PSH = 0x008;
    /** ACK flag bit. */
    public static final int ACK = 0x010;
    /** URG flag bit. */
    public static final int URG = 0x020;
    /** ECE flag bit. */
    public static final int ECE = 0x040;
    /** CWR flag bit. */
    public static final int CWR = 0x080;
    /** AE (accurate ECN, formerly NS) flag bit. */
    public static final int AE = 0x100;

    /** The packet's bytes, from its IP header on; the TCP header starts at {@link #start}. */
    private final ByteView bytes;
    private final int start;
    /** Where the payload begins in {@link #bytes} by the announced header length (may be past the end). */
    private final int payloadStart;
    private final int payloadLength;

    /** The caller has checked that at least the 20 fixed header bytes lie in {@code bytes} from {@code start}. */
    TcpSegment(ByteView bytes, int start, int payloadStart, int payloadLength) {
        this.bytes = bytes;
        this.start = start;
        this.payloadStart = payloadStart;
        this.payloadLength = payloadLength;
    }

    /** {@return the source port, 0..65535} */
    public int sourcePort() {
        return bytes.getUnsignedShort(start);
    }

    /** {@return the destination port, 0..65535} */
    public int destinationPort() {
        return bytes.getUnsignedShort(start + 2);
    }

    /**
     * {@return the sequence number as sent, 0..2<sup>32</sup>-1} It is raw, not relative to the
     * connection's first as Wireshark shows it.
     */
    public long sequenceNumber() {
        return bytes.getUnsignedInt(start + 4);
    }

    /**
     * {@return the acknowledgement number as sent, 0..2<sup>32</sup>-1} It is raw, and meaningful only
     * when {@link #ACK} is set.
     */
    public long acknowledgementNumber() {
        return bytes.getUnsignedInt(start + 8);
    }

    /**
     * {@return the header length in bytes (data offset × 4, 20..60), as announced} {@link #header()}
     * holds fewer bytes when the capture cut the options short.
     */
    public int headerLength() {
        return payloadStart - start;
    }

    /** {@return the 12 flag bits including the three reserved bits: {@link #SYN}, {@link #ACK}, …} */
    public int flags() {
        return bytes.getUnsignedShort(start + 12) & 0x0fff;
    }

    /**
     * Whether every bit of {@code mask} is set in {@link #flags()}.
     *
     * @param mask flag bits OR-ed together, e.g. {@code SYN | ACK}
     * @return whether all of them are set, whatever the other bits; true for a mask of 0
     */
    public boolean hasFlags(int mask) {
        return (flags() & mask) == mask;
    }

    /**
     * {@return the advertised receive window field, 0..65535} It is unscaled: the window scale option
     * of the handshake is not applied.
     */
    public int window() {
        return bytes.getUnsignedShort(start + 14);
    }

    /** {@return the urgent pointer field, 0..65535; meaningful only when {@link #URG} is set} */
    public int urgentPointer() {
        return bytes.getUnsignedShort(start + 18);
    }

    /**
     * {@return the options in header order, as far as the captured header holds them} An end-of-list
     * option (kind 0) is the last one listed; an option whose length byte is below 2 or runs past the
     * header ends the list without being listed.
     */
    public List<TcpOption> options() {
        ByteView header = header();
        int end = header.length();
        if (end <= 20) {
            return List.of();
        }
        List<TcpOption> options = new ArrayList<>(4);
        int i = 20;
        while (i < end) {
            int kind = header.getUnsignedByte(i);
            if (kind == 0 || kind == 1) {
                options.add(new TcpOption(kind, 1, ByteView.empty()));
                i++;
                if (kind == 0) {
                    break;
                }
                continue;
            }
            if (i + 1 >= end) {
                break;
            }
            int len = header.getUnsignedByte(i + 1);
            if (len < 2 || i + len > end) {
                break;
            }
            options.add(new TcpOption(kind, len, header.slice(i + 2, len - 2)));
            i += len;
        }
        return Collections.unmodifiableList(options);
    }

    /**
     * {@return the payload length in bytes announced by the IP header: its length less the IP and TCP
     * headers, never negative}
     */
    public int payloadLength() {
        return payloadLength;
    }

    /**
     * {@return the captured payload bytes; fewer than {@link #payloadLength()} when the capture was
     * cut, empty when none were captured}
     */
    public ByteView payload() {
        return payloadStart < bytes.length() ? bytes.slice(payloadStart) : ByteView.empty();
    }

    /**
     * {@return the captured header bytes, options included; fewer than {@link #headerLength()} when
     * the capture cut the options short}
     */
    public ByteView header() {
        return bytes.slice(start, Math.min(payloadStart, bytes.length()) - start);
    }

    @Override
    public String toString() {
        return "TCP " + sourcePort() + " > " + destinationPort() + " seq=" + sequenceNumber()
                + " ack=" + acknowledgementNumber() + " flags=0x" + Integer.toHexString(flags())
                + " len=" + payloadLength;
    }
}
