package org.covertmark.core.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small pcap and pcapng files byte by byte, for tests of the reader's handling of odd files. */
final class CaptureBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    private CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    static CaptureBytes pcap(ByteOrder order, boolean nanos, int linkType) {
        CaptureBytes c = new CaptureBytes(order);
        c.u32(nanos ? 0xa1b23c4dL : 0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(linkType);
        return c;
    }

    static CaptureBytes pcapng(ByteOrder order) {
        CaptureBytes c = new CaptureBytes(order);
        c.u32(0x0a0d0d0aL).u32(28).u32(0x1a2b3c4dL).u16(1).u16(0).u32(0xffffffffL).u32(0xffffffffL).u32(28);
        return c;
    }

    CaptureBytes record(long seconds, long fraction, byte[] frame) {
        return u32(seconds).u32(fraction).u32(frame.length).u32(frame.length).bytes(frame);
    }

    CaptureBytes interfaceBlock(int linkType, Integer tsresol) {
        int options = tsresol == null ? 0 : 8 + 4;
        u32(1).u32(20 + options).u16(linkType).u16(0).u32(0);
        if (tsresol != null) {
            u16(9).u16(1).bytes(new byte[] {(byte) (int) tsresol, 0, 0, 0}).u16(0).u16(0);
        }
        return u32(20 + options);
    }

    CaptureBytes enhancedPacket(int iface, long units, byte[] frame) {
        int padded = (frame.length + 3) & ~3;
        int length = 32 + padded;
        u32(6).u32(length).u32(iface).u32(units >>> 32).u32(units & 0xffffffffL).u32(frame.length)
                .u32(frame.length).bytes(frame).bytes(new byte[padded - frame.length]);
        return u32(length);
    }

    CaptureBytes block(long type, byte[] body) {
        return u32(type).u32(12 + body.length).bytes(body).u32(12 + body.length);
    }

    CaptureBytes u16(int v) {
        return bytes(ByteBuffer.allocate(2).order(order).putShort((short) v).array());
    }

    CaptureBytes u32(long v) {
        return bytes(ByteBuffer.allocate(4).order(order).putInt((int) v).array());
    }

    CaptureBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /** An Ethernet frame holding an IPv4/UDP packet from 10.0.0.1 to 10.0.0.2 with a 4-byte payload. */
    static byte[] ethernetUdp(int lastSourceOctet) {
        byte[] ip = ipv4Udp(lastSourceOctet);
        byte[] frame = new byte[14 + ip.length];
        frame[12] = 0x08;
        System.arraycopy(ip, 0, frame, 14, ip.length);
        return frame;
    }

    static byte[] ipv4Udp(int lastSourceOctet) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 32).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {10, 0, 0, (byte) lastSourceOctet}).put(new byte[] {10, 0, 0, 2})
                .putShort((short) 5353).putShort((short) 53).putShort((short) 12).putShort((short) 0)
                .put(new byte[] {1, 2, 3, 4});
        return b.array();
    }

    /** An Ethernet frame holding ARP, which is not IP. */
    static byte[] ethernetArp() {
        byte[] frame = new byte[42];
        frame[12] = 0x08;
        frame[13] = 0x06;
        return frame;
    }
}
