package org.covertmark.api.packet;

/**
 * The UDP header and payload of a packet: a view, decoded on demand from the packet's bytes.
 */
public final class UdpDatagram {

    private final ByteView header;
    private final ByteView payload;

    UdpDatagram(ByteView header, ByteView payload) {
        this.header = header;
        this.payload = payload;
    }

    /** Source port. */
    public int sourcePort() {
        return header.getUnsignedShort(0);
    }

    /** Destination port. */
    public int destinationPort() {
        return header.getUnsignedShort(2);
    }

    /** The UDP length field (header and payload). */
    public int length() {
        return header.getUnsignedShort(4);
    }

    /** The captured payload bytes. */
    public ByteView payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "UDP " + sourcePort() + " > " + destinationPort() + " len=" + length();
    }
}
