package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The UDP header and payload of a packet: a view, decoded on demand from the packet's bytes.
 */
@API(status = STABLE, since = "0.1")
public final class UdpDatagram {

    private final ByteView header;
    private final ByteView payload;

    UdpDatagram(ByteView header, ByteView payload) {
        this.header = header;
        this.payload = payload;
    }

    /** {@return the source port, 0..65535} */
    public int sourcePort() {
        return header.getUnsignedShort(0);
    }

    /** {@return the destination port, 0..65535} */
    public int destinationPort() {
        return header.getUnsignedShort(2);
    }

    /**
     * {@return the UDP length field: the datagram's length in bytes, 8-byte header and payload, as
     * the sender wrote it} It need not agree with the bytes captured.
     */
    public int length() {
        return header.getUnsignedShort(4);
    }

    /**
     * {@return the captured bytes after the 8-byte header, up to the end the IP header announces}
     * Fewer bytes than the length field promises are there when the capture cut the packet short.
     */
    public ByteView payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "UDP " + sourcePort() + " > " + destinationPort() + " len=" + length();
    }
}
