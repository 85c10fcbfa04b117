package org.covertmark.core.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The link-layer header types the reader decodes, with how to find the IP header behind each.
 * Numbers are LINKTYPE_ values from the pcap and pcapng formats.
 *
 * <p>Behind Ethernet and Linux cooked headers, VLAN tags (802.1Q, 802.1ad and the older Q-in-Q types,
 * to any depth), MPLS label stacks (whose payload is IP when its first nibble says 4 or 6, as tshark
 * guesses) and PPPoE sessions are decapsulated. A frame without IP is skipped with a reason naming
 * what it holds instead ({@link #whyNotIp}).
 */
enum LinkType {
    NULL(0, "NULL (BSD loopback)"),
    ETHERNET(1, "EN10MB (Ethernet)"),
    PPP(9, "PPP"),
    RAW_OPENBSD(12, "RAW (DLT 12)"),
    RAW_BSD(14, "RAW (DLT 14)"),
    PPP_HDLC(50, "PPP_HDLC (PPP in HDLC framing)"),
    RAW(101, "RAW (raw IP)"),
    C_HDLC(104, "C_HDLC (Cisco HDLC)"),
    LOOP(108, "LOOP (OpenBSD loopback)"),
    LINUX_SLL(113, "LINUX_SLL (Linux cooked v1)"),
    PKTAP_APPLE(149, "PKTAP (Apple, DLT 149)"),
    IPV4(228, "IPV4"),
    IPV6(229, "IPV6"),
    NFLOG(239, "NFLOG (Linux netfilter log)"),
    PKTAP(258, "PKTAP (Apple)"),
    LINUX_SLL2(276, "LINUX_SLL2 (Linux cooked v2)");

    /** Returned by {@link #ipOffset} for a frame that holds no IP packet. */
    static final int NOT_IP = -1;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_MPLS = 0x8847;
    private static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    private static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    /** Cisco HDLC's serial line address resolution, which shares its number with RARP's EtherType. */
    private static final int CISCO_SLARP = 0x8035;
    /** NFLOG's TLV holding the packet. */
    private static final int NFULA_PAYLOAD = 9;
    /** How deep PKTAP headers may nest before a frame is taken as corrupt. */
    private static final int MAX_NESTING = 4;

    /** EtherTypes named in skip reasons. */
    private static final Map<Integer, String> ETHERTYPES = Map.ofEntries(
            Map.entry(0x0806, "ARP"), Map.entry(0x8035, "RARP"), Map.entry(0x809b, "AppleTalk"),
            Map.entry(0x8137, "IPX"), Map.entry(0x8808, "Ethernet flow control"), Map.entry(0x8863, "PPPoE discovery"),
            Map.entry(0x888e, "EAPOL"), Map.entry(0x88cc, "LLDP"), Map.entry(0x88e5, "MACsec"),
            Map.entry(0x88f7, "PTP"), Map.entry(0x8906, "FCoE"), Map.entry(0x893a, "IEEE 1905"),
            Map.entry(0x88b5, "local experimental"), Map.entry(0x88b6, "local experimental"),
            Map.entry(0x9000, "loopback test"), Map.entry(0xdada, "Marvell DSA tag"), Map.entry(0x8874, "Broadcom tag"),
            Map.entry(0x2000, "CDP"), Map.entry(0x22f3, "TRILL"), Map.entry(0x8902, "CFM"));

    /** PPP protocols named in skip reasons. */
    private static final Map<Integer, String> PPP_PROTOCOLS = Map.of(0xc021, "LCP", 0xc023, "PAP", 0xc223, "CHAP",
            0x8021, "IPCP", 0x8057, "IPV6CP", 0x80fd, "CCP", 0x00fd, "compressed data");

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
        if (this == ETHERNET && length > 14) {
            // the common case, small enough to be inlined where every frame is read
            int type = b.getShort(at + 12) & 0xffff;
            if (type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6) {
                return 14;
            }
        }
        return locate(b, at, length, null, 0);
    }

    /** Why the frame at {@code at} holds no IP packet, for the skip summary: {@code not IP: …}. */
    String whyNotIp(ByteBuffer b, int at, int length) {
        StringBuilder why = new StringBuilder();
        locate(b, at, length, why, 0);
        return "not IP: " + (why.length() == 0 ? "a " + label + " frame without IP" : why);
    }

    /** The IP offset, or NOT_IP with the reason in {@code why} when it is not null. */
    private int locate(ByteBuffer b, int at, int length, StringBuilder why, int depth) {
        switch (this) {
            case ETHERNET:
                return length < 14 ? cut(why, "Ethernet header", length) : etherType(b, at, length, 12, why);
            case LINUX_SLL:
                return length < 16 ? cut(why, "Linux cooked header", length) : etherType(b, at, length, 14, why);
            case LINUX_SLL2:
                return length < 20 ? cut(why, "Linux cooked v2 header", length)
                        : afterEtherType(b, at, length, b.getShort(at) & 0xffff, 20, why);
            case RAW, RAW_OPENBSD, RAW_BSD, IPV4, IPV6:
                return length == 0 ? cut(why, "frame", 0) : 0;
            case NULL, LOOP:
                return length < 4 ? cut(why, "loopback header", length) : loopbackFamily(b, at, length, why);
            case PPP:
                return ppp(b, at, length, 0, why);
            case PPP_HDLC:
                if (length >= 1 && (b.get(at) & 0xff) == 0xff) {
                    return ppp(b, at, length, 0, why);
                }
                return ciscoHdlc(b, at, length, why);
            case C_HDLC:
                return ciscoHdlc(b, at, length, why);
            case NFLOG:
                return nflog(b, at, length, why);
            case PKTAP, PKTAP_APPLE:
                return pktap(b, at, length, why, depth);
            default:
                return note(why, "link type " + this);
        }
    }

    /** A header or payload the captured frame ends in (its length left out, so that such frames count together). */
    private static int cut(StringBuilder why, String what, int length) {
        return note(why, what + " cut short");
    }

    private static int note(StringBuilder why, String reason) {
        if (why != null) {
            why.append(reason);
        }
        return NOT_IP;
    }

    /** The IP offset behind the EtherType at {@code type} of the frame, after any VLAN tags. */
    private static int etherType(ByteBuffer b, int at, int length, int type, StringBuilder why) {
        int etherType = b.getShort(at + type) & 0xffff;
        int next = type + 2;
        // 802.1Q, 802.1ad and the older Q-in-Q tag types, stacked to any depth
        while ((etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100 || etherType == 0x9200)
                && next + 4 <= length) {
            etherType = b.getShort(at + next + 2) & 0xffff;
            next += 4;
        }
        return afterEtherType(b, at, length, etherType, next, why);
    }

    /** The IP offset for a payload of {@code etherType} at {@code offset} of the frame. */
    private static int afterEtherType(ByteBuffer b, int at, int length, int etherType, int offset, StringBuilder why) {
        if (etherType == ETHERTYPE_IPV4 || etherType == ETHERTYPE_IPV6) {
            return offset < length ? offset : cut(why, "frame", length);
        }
        if (etherType == ETHERTYPE_MPLS || etherType == ETHERTYPE_MPLS_MULTICAST) {
            return mpls(b, at, length, offset, why);
        }
        if (etherType == ETHERTYPE_PPPOE_SESSION) {
            // version and type, code, session id, length: then the PPP protocol
            return length < offset + 8 ? cut(why, "PPPoE session header", length)
                    : pppProtocol(b, at, length, b.getShort(at + offset + 6) & 0xffff, offset + 8, "PPPoE session", why);
        }
        if (etherType < 0x0600) {
            return note(why, "an IEEE 802.3 frame with LLC");
        }
        String name = ETHERTYPES.get(etherType);
        return note(why, String.format("EtherType 0x%04x%s", etherType, name == null ? "" : " (" + name + ")"));
    }

    /** Past an MPLS label stack to the bottom entry; IP if the payload's first nibble says 4 or 6. */
    private static int mpls(ByteBuffer b, int at, int length, int offset, StringBuilder why) {
        int next = offset;
        while (true) {
            if (next + 4 > length) {
                return cut(why, "MPLS label stack", length);
            }
            int entry = b.getInt(at + next);
            next += 4;
            if ((entry & 0x100) != 0) {
                break;
            }
        }
        if (next >= length) {
            return cut(why, "MPLS payload", length);
        }
        int version = (b.get(at + next) & 0xff) >>> 4;
        return version == 4 || version == 6 ? next : note(why, "MPLS payload that is not IP (first nibble " + version + ")");
    }

    /** A PPP frame from {@code offset}: optional address and control bytes, then the protocol. */
    private static int ppp(ByteBuffer b, int at, int length, int offset, StringBuilder why) {
        int next = offset;
        if (length >= next + 2 && (b.get(at + next) & 0xff) == 0xff && (b.get(at + next + 1) & 0xff) == 0x03) {
            next += 2;
        }
        if (length <= next) {
            return cut(why, "PPP header", length);
        }
        int first = b.get(at + next) & 0xff;
        if ((first & 1) == 1) {
            // a protocol field compressed to one byte
            return pppProtocol(b, at, length, first, next + 1, "PPP", why);
        }
        if (length < next + 2) {
            return cut(why, "PPP header", length);
        }
        return pppProtocol(b, at, length, b.getShort(at + next) & 0xffff, next + 2, "PPP", why);
    }

    private static int pppProtocol(ByteBuffer b, int at, int length, int protocol, int offset, String where,
            StringBuilder why) {
        if (protocol == PPP_IPV4 || protocol == PPP_IPV6) {
            return offset < length ? offset : cut(why, where + " frame", length);
        }
        String name = PPP_PROTOCOLS.get(protocol);
        return note(why, String.format("%s protocol 0x%04x%s", where, protocol, name == null ? "" : " (" + name + ")"));
    }

    /** Cisco HDLC: address, control, then an EtherType. */
    private static int ciscoHdlc(ByteBuffer b, int at, int length, StringBuilder why) {
        if (length < 4) {
            return cut(why, "Cisco HDLC header", length);
        }
        int protocol = b.getShort(at + 2) & 0xffff;
        return protocol == CISCO_SLARP ? note(why, "Cisco SLARP") : afterEtherType(b, at, length, protocol, 4, why);
    }

    /**
     * Linux NFLOG: a 4-byte header, then type-length-value attributes in the capturing host's byte
     * order (little-endian first, big-endian if that does not parse), each padded to 4 bytes; the
     * packet is the payload attribute.
     */
    private static int nflog(ByteBuffer b, int at, int length, StringBuilder why) {
        if (length < 4) {
            return cut(why, "NFLOG header", length);
        }
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int next = 4;
            while (next + 4 <= length) {
                int tlvLength = order == ByteOrder.LITTLE_ENDIAN ? Short.reverseBytes(b.getShort(at + next)) & 0xffff
                        : b.getShort(at + next) & 0xffff;
                int type = (order == ByteOrder.LITTLE_ENDIAN ? Short.reverseBytes(b.getShort(at + next + 2))
                        : b.getShort(at + next + 2)) & 0x7fff;
                if (tlvLength < 4 || next + tlvLength > length) {
                    break;
                }
                if (type == NFULA_PAYLOAD) {
                    return tlvLength > 4 ? next + 4 : note(why, "an NFLOG record with an empty payload");
                }
                next += (tlvLength + 3) & ~3;
            }
        }
        return note(why, "an NFLOG record without a packet");
    }

    /** Apple PKTAP: a header of its own length (little-endian) naming the link type of the frame after it. */
    private int pktap(ByteBuffer b, int at, int length, StringBuilder why, int depth) {
        if (length < 12) {
            return cut(why, "PKTAP header", length);
        }
        long headerLength = Integer.reverseBytes(b.getInt(at)) & 0xffffffffL;
        int inner = Integer.reverseBytes(b.getInt(at + 8));
        if (headerLength < 12 || headerLength >= length) {
            return note(why, "a PKTAP header longer than its frame");
        }
        LinkType link = of(inner);
        if (link == null || depth >= MAX_NESTING) {
            return note(why, "PKTAP of link type " + inner);
        }
        int ip = link.locate(b, at + (int) headerLength, length - (int) headerLength, why, depth + 1);
        return ip == NOT_IP ? NOT_IP : (int) headerLength + ip;
    }

    private int loopbackFamily(ByteBuffer b, int at, int length, StringBuilder why) {
        long family = b.getInt(at) & 0xffffffffL;
        if (this == NULL && (family & 0xffff) == 0) {
            // written in the capturing host's byte order, which the file does not record
            family = Long.reverseBytes(family) >>> 32;
        }
        boolean ip = family == 2 || family == 10 || family == 24 || family == 28 || family == 30;
        if (!ip) {
            return note(why, "loopback address family " + family);
        }
        return length > 4 ? 4 : cut(why, "loopback frame", length);
    }

    @Override
    public String toString() {
        return number + " " + label;
    }
}
