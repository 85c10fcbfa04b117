package org.covertmark.core.capture;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The link-layer header types the reader decodes, with how to find the IP header behind each.
 * Numbers are LINKTYPE_ values from the pcap and pcapng formats.
 */
enum LinkType {
    NULL(0, "NULL (BSD loopback)"),
    ETHERNET(1, "EN10MB (Ethernet)"),
    RAW_OPENBSD(12, "RAW (DLT 12)"),
    RAW_BSD(14, "RAW (DLT 14)"),
    RAW(101, "RAW (raw IP)"),
    LOOP(108, "LOOP (OpenBSD loopback)"),
    LINUX_SLL(113, "LINUX_SLL (Linux cooked v1)"),
    IPV4(228, "IPV4"),
    IPV6(229, "IPV6"),
    LINUX_SLL2(276, "LINUX_SLL2 (Linux cooked v2)");

    /** Returned by {@link #ipOffset} for a frame that holds no IP packet. */
    static final int NOT_IP = -1;

    private final int number;
    private final String label;

    LinkType(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** The link type with this LINKTYPE_ number, or null. */
    static LinkType of(int number) {
        for (LinkType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }

    /** The supported link types, for error messages. */
    static String supported() {
        return Arrays.stream(values()).map(t -> t.number + " " + t.label).collect(Collectors.joining(", "));
    }

    int number() {
        return number;
    }

    /**
     * The offset of the IP header in the frame of {@code length} bytes at {@code at} of the
     * big-endian buffer {@code b}, or {@link #NOT_IP}. A returned offset is within the frame; the IP
     * decoder checks the rest.
     */
    int ipOffset(ByteBuffer b, int at, int length) {
        switch (this) {
            case ETHERNET:
                return length < 14 ? NOT_IP : etherType(b, at, length, 12);
            case LINUX_SLL:
                return length < 16 ? NOT_IP : etherType(b, at, length, 14);
            case LINUX_SLL2:
                return length < 20 ? NOT_IP : ipOrNot(b.getShort(at) & 0xffff, 20, length);
            case RAW, RAW_OPENBSD, RAW_BSD, IPV4, IPV6:
                return length == 0 ? NOT_IP : 0;
            case NULL, LOOP:
                return length < 4 ? NOT_IP : loopbackFamily(b, at, length);
            default:
                return NOT_IP;
        }
    }

    /** The IP offset behind the EtherType at {@code type} of the frame, after any VLAN tags. */
    private static int etherType(ByteBuffer b, int at, int length, int type) {
        int etherType = b.getShort(at + type) & 0xffff;
        int next = type + 2;
        // 802.1Q, 802.1ad and the older Q-in-Q tag types, stacked to any depth
        while ((etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100 || etherType == 0x9200)
                && next + 4 <= length) {
            etherType = b.getShort(at + next + 2) & 0xffff;
            next += 4;
        }
        return ipOrNot(etherType, next, length);
    }

    private static int ipOrNot(int etherType, int offset, int length) {
        return (etherType == 0x0800 || etherType == 0x86dd) && offset < length ? offset : NOT_IP;
    }

    private int loopbackFamily(ByteBuffer b, int at, int length) {
        long family = b.getInt(at) & 0xffffffffL;
        if (this == NULL && (family & 0xffff) == 0) {
            // written in the capturing host's byte order, which the file does not record
            family = Long.reverseBytes(family) >>> 32;
        }
        boolean ip = family == 2 || family == 10 || family == 24 || family == 28 || family == 30;
        return ip && length > 4 ? 4 : NOT_IP;
    }

    @Override
    public String toString() {
        return number + " " + label;
    }
}
