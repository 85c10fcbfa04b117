package org.covertmark.core.capture;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.covertmark.api.packet.ByteView;

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
     * The offset of the IP header in {@code frame}, or {@link #NOT_IP}. A returned offset is
     * within the frame; the IP decoder checks the rest.
     */
    int ipOffset(ByteView frame) {
        int n = frame.length();
        switch (this) {
            case ETHERNET:
                return n < 14 ? NOT_IP : etherType(frame, 12);
            case LINUX_SLL:
                return n < 16 ? NOT_IP : etherType(frame, 14);
            case LINUX_SLL2:
                return n < 20 ? NOT_IP : ipOrNot(frame.getUnsignedShort(0), 20, n);
            case RAW, RAW_OPENBSD, RAW_BSD, IPV4, IPV6:
                return n == 0 ? NOT_IP : 0;
            case NULL, LOOP:
                return n < 4 ? NOT_IP : loopbackFamily(frame);
            default:
                return NOT_IP;
        }
    }

    private static int etherType(ByteView frame, int at) {
        int type = frame.getUnsignedShort(at);
        int next = at + 2;
        // 802.1Q, 802.1ad and the older Q-in-Q tag types, stacked to any depth
        while ((type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200) && next + 4 <= frame.length()) {
            type = frame.getUnsignedShort(next + 2);
            next += 4;
        }
        return ipOrNot(type, next, frame.length());
    }

    private static int ipOrNot(int etherType, int offset, int length) {
        return (etherType == 0x0800 || etherType == 0x86dd) && offset < length ? offset : NOT_IP;
    }

    private int loopbackFamily(ByteView frame) {
        long family = frame.getUnsignedInt(0);
        if (this == NULL && (family & 0xffff) == 0) {
            // written in the capturing host's byte order, which the file does not record
            family = Long.reverseBytes(family) >>> 32;
        }
        boolean ip = family == 2 || family == 10 || family == 24 || family == 28 || family == 30;
        return ip && frame.length() > 4 ? 4 : NOT_IP;
    }

    @Override
    public String toString() {
        return number + " " + label;
    }
}
