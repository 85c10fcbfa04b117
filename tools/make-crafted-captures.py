#!/usr/bin/env python3
"""Writes the project's own small test captures into data/crafted (or the folder given).

Each capture exercises one rule of the capture reader that the public corpus does not: the
lengths of a pcap record, IPv4 total lengths of 0 or beyond the frame, TCP headers cut by the snap
length, encapsulations (MPLS, PPPoE, MACsec, vendor tags) and link types (PPP, PPP in HDLC
framing, Cisco HDLC, NFLOG, PKTAP), and pcapng interfaces of unsupported link types. The output is
deterministic: the same bytes every time. data/crafted/README.md says what each file holds.

Usage: tools/make-crafted-captures.py [OUT_DIR]
"""
import os
import struct
import sys

T0 = 1_700_000_000  # capture times start here, one second apart


# ---- headers -----------------------------------------------------------------------------------

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def ip6(a):
    head, _, tail = a.partition("::")
    h = [int(x, 16) for x in head.split(":") if x]
    t = [int(x, 16) for x in tail.split(":") if x]
    return struct.pack("!8H", *(h + [0] * (8 - len(h) - len(t)) + t))


def tcp(sport, dport, seq, ack, flags, payload=b"", options=b""):
    offset = (20 + len(options)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, offset << 4, flags, 65535, 0, 0) + options + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def ipv4(src, dst, proto, payload, total=None, ident=1, ttl=64):
    length = 20 + len(payload) if total is None else total
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, length, ident, 0x4000, ttl, proto, 0, ip4(src), ip4(dst))
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:] + payload


def ipv6(src, dst, nxt, payload, hop=64):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nxt, hop, ip6(src), ip6(dst)) + payload


def eth(ethertype, payload, dst=b"\x02\0\0\0\0\x02", src=b"\x02\0\0\0\0\x01"):
    return dst + src + struct.pack("!H", ethertype) + payload


def mpls(labels, payload, ethertype=0x8847):
    stack = b""
    for i, label in enumerate(labels):
        bottom = 1 if i == len(labels) - 1 else 0
        stack += struct.pack("!I", label << 12 | bottom << 8 | 64)
    return eth(ethertype, stack + payload)


def pppoe_session(ppp_protocol, payload, session=0x1234):
    body = struct.pack("!H", ppp_protocol) + payload
    return eth(0x8864, struct.pack("!BBHH", 0x11, 0, session, len(body)) + body)


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
CLIENT, SERVER = "10.0.0.1", "192.0.2.80"
CLIENT6, SERVER6 = "2001:db8::1", "2001:db8::80"
POST = (b"POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1200\r\n\r\n" + b"x" * 1200)


def tcp4(payload=b"", flags=ACK | PSH, seq=1000, ack=2000, src=CLIENT, dst=SERVER, sport=40000, dport=80, **kw):
    return ipv4(src, dst, 6, tcp(sport, dport, seq, ack, flags, payload), **kw)


def tcp6(payload=b"", flags=ACK | PSH, seq=1000, ack=2000, sport=40001, dport=443):
    return ipv6(CLIENT6, SERVER6, 6, tcp(sport, dport, seq, ack, flags, payload))


# ---- files -------------------------------------------------------------------------------------

def pcap(path, linktype, frames, minor=4, snaplen=262144):
    """frames: bytes, or (stored bytes, wire length), or (stored bytes, incl_len field, orig_len field)."""
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, minor, 0, 0, snaplen, linktype)
    for i, f in enumerate(frames):
        if isinstance(f, bytes):
            data, incl, orig = f, len(f), len(f)
        elif len(f) == 2:
            data, incl, orig = f[0], len(f[0]), f[1]
        else:
            data, incl, orig = f
        out += struct.pack("<IIII", T0 + i, 0, incl, orig) + data
    write(path, out)


def pcapng(path, interfaces, packets):
    """interfaces: link types; packets: (interface, frame bytes)."""
    def block(kind, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", kind, n) + body + struct.pack("<I", n)
    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    for link in interfaces:
        out += block(1, struct.pack("<HHI", link, 0, 262144))
    for i, (interface, data) in enumerate(packets):
        micros = (T0 + i) * 1_000_000
        out += block(6, struct.pack("<IIIII", interface, micros >> 32, micros & 0xFFFFFFFF, len(data), len(data))
                     + data)
    write(path, out)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main(out):
    os.makedirs(out, exist_ok=True)
    at = lambda name: os.path.join(out, name)

    # 1. A record storing more bytes than the wire length (Ethernet padding of a 54-byte frame), in
    #    a 2.4 file: walked by the stored length. Then a 2.3 file whose lengths are written swapped.
    pad = eth(0x0800, tcp4(b"", flags=ACK)) + b"\0" * 6
    pcap(at("caplen-over-wire.pcap"), 1, [
        eth(0x0800, tcp4(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")),
        (pad, 60, 54),
        eth(0x0800, tcp4(b"hello", seq=1027)),
    ])
    full = eth(0x0800, tcp4(b"y" * 200))
    pcap(at("lengths-swapped-v2.3.pcap"), 1, [
        eth(0x0800, tcp4(b"GET / HTTP/1.1\r\nHost: b\r\n\r\n")),
        (full[:96], len(full), 96),  # wire length written first, as pre-2.4 writers did
        eth(0x0800, tcp4(b"", flags=ACK)),
    ], minor=3, snaplen=96)

    # 2. IPv4 total length 0 (segmentation offload, BIG TCP): the packet runs to the end of the frame.
    pcap(at("ipv4-total-length-zero.pcap"), 1, [
        eth(0x0800, tcp4(flags=SYN, seq=999, ack=0)),
        eth(0x0800, tcp4(POST, total=0)),
        eth(0x0800, tcp4(b"", flags=ACK, src=SERVER, dst=CLIENT, sport=80, dport=40000, seq=2000, ack=2268)),
    ])

    # 3. IPv4 total length beyond the frame: the payload is what the frame holds.
    short = tcp4(b"abcd")
    pcap(at("ipv4-total-length-beyond-frame.pcap"), 1, [
        eth(0x0800, tcp4(b"", flags=SYN, seq=999, ack=0, total=808)),
        eth(0x0800, short[:2] + struct.pack("!H", 1000) + short[4:]),
        eth(0x0800, tcp4(b"ok")),
    ])

    # 4. TCP headers cut by the snap length: 14 + 20 bytes of headers, then 2 to 34 of TCP.
    syn = eth(0x0800, ipv4(CLIENT, SERVER, 6, tcp(40002, 443, 7, 0, SYN, options=b"\x02\x04\x05\xb4\x01\x03\x03\x07"
                                                     + b"\x04\x02\x08\x0a\0\0\0\1\0\0\0\0")))
    data = eth(0x0800, tcp4(b"z" * 100, sport=40002, dport=443, seq=8, ack=9))
    cuts = [36, 38, 40, 42, 46, 47, 48, 50, 54, 60, 64, 68]
    pcap(at("tcp-header-cut.pcap"), 1, [(syn[:n], len(syn)) for n in cuts] + [(data[:n], len(data)) for n in cuts],
         snaplen=68)

    # 5, 6. Encapsulations: MPLS label stacks, PPPoE sessions; and frames that hold no IP to read.
    udp4 = ipv4(CLIENT, SERVER, 17, udp(5353, 53, b"\x12\x34\x01\x00\0\1\0\0\0\0\0\0"))
    pcap(at("mpls.pcap"), 1, [
        mpls([16], tcp4(b"GET /one HTTP/1.1\r\n\r\n")),
        mpls([17, 18], tcp6(b"\x16\x03\x01\x00\x05hello")),
        mpls([19, 20, 21], udp4, ethertype=0x8848),
        mpls([22], b"\x00\x00\x00\x00" + eth(0x0800, tcp4(b"pw"))),  # a pseudowire: control word, Ethernet
    ])
    pcap(at("pppoe.pcap"), 1, [
        eth(0x8863, struct.pack("!BBHH", 0x11, 0x09, 0, 4) + b"\x01\x01\x00\x00"),  # discovery (PADI)
        pppoe_session(0xC021, b"\x01\x01\x00\x04"),  # LCP
        pppoe_session(0x0021, tcp4(b"GET /pppoe HTTP/1.1\r\n\r\n")),
        pppoe_session(0x0057, tcp6(b"\x16\x03\x03\x00\x02hi")),
    ])
    pcap(at("not-ip-frames.pcap"), 1, [
        eth(0x88E5, b"\x2c\x00\x00\x00\x00\x01" + b"\x55" * 48),  # MACsec
        eth(0xDADA, b"\0\0\xc0\x00\x00\x00" + b"\x08\x00" + tcp4(b"tagged")),  # a vendor (DSA) tag
        eth(0x0806, b"\0\1\x08\0\6\4\0\1" + b"\0" * 20),  # ARP
        eth(0x0800, tcp4(b"plain")),
    ])

    # 6. Link types users capture with.
    # each frame its own segment, so that tshark's TCP analysis takes none for a retransmission
    ip_a = lambda n: tcp4(b"GET /ppp HTTP/1.1\r\n\r\n", seq=1000 + 100 * n)
    ip_b = tcp6(b"\x16\x03\x03\x00\x02ok")
    pcap(at("linktype-ppp.pcap"), 9, [
        b"\xff\x03\x00\x21" + ip_a(0),
        b"\x00\x21" + ip_a(1),  # address and control compressed
        b"\x21" + ip_a(2),  # protocol field compressed as well
        b"\xff\x03\x00\x57" + ip_b,
        b"\xff\x03\xc0\x21\x01\x01\x00\x04",  # LCP
    ])
    pcap(at("linktype-ppp-hdlc.pcap"), 50, [
        b"\xff\x03\x00\x21" + ip_a(3),
        b"\xff\x03\x00\x57" + ip_b,
        b"\x0f\x00\x08\x00" + ip_a(4),  # Cisco PPP with HDLC framing
    ])
    pcap(at("linktype-c-hdlc.pcap"), 104, [
        b"\x0f\x00\x08\x00" + ip_a(5),
        b"\x8f\x00\x86\xdd" + ip_b,
        b"\x8f\x00\x80\x35" + b"\0" * 16,  # SLARP
    ])

    def nflog(family, packet):
        def tlv(kind, value):
            n = 4 + len(value)
            return struct.pack("<HH", n, kind) + value + b"\0" * (-n % 4)
        return (struct.pack("!BBH", family, 0, 7) + tlv(1, struct.pack("!HBB", 0x0800 if family == 2 else 0x86DD, 3, 0))
                + tlv(10, b"covertmark\0") + tlv(9, packet))
    pcap(at("linktype-nflog.pcap"), 239, [nflog(2, ip_a(6)), nflog(10, ip_b), nflog(2, ipv4(CLIENT, SERVER, 17, udp(1, 2, b"q")))])

    def pktap(frame, dlt=1):
        header = struct.pack("<III24sIIIIi20sIHHi20s", 108, 1, dlt, b"en0", 0, 2, 0, 0, 42, b"curl", 0, 6, 0, 42, b"curl")
        assert len(header) == 108
        return header + frame
    frames = [pktap(eth(0x0800, ip_a(7))), pktap(eth(0x86DD, ip_b)), pktap(ip_a(8), dlt=12)]
    pcap(at("linktype-pktap.pcap"), 258, frames)
    pcap(at("linktype-pktap-149.pcap"), 149, frames)

    # 5. pcapng interfaces whose link type is not read: the rule is the classic format's, per interface.
    pcapng(at("pcapng-unsupported-interface.pcapng"), [147, 1], [
        (0, b"\x01\x02\x03\x04"), (1, eth(0x0800, tcp4(b"GET /ng HTTP/1.1\r\n\r\n"))), (0, b"\x05\x06"),
    ])
    pcapng(at("pcapng-no-supported-interface.pcapng"), [147], [(0, b"\x01\x02\x03\x04")])
    pcap(at("unsupported-link-type.pcap"), 147, [b"\x01\x02\x03\x04"])
    # Not compared with tshark, which shows a frame of IP version 7 as a broken IPv4 packet: skipped here.
    pcap(at("ip-version-7.pcap"), 1, [eth(0x0800, b"\x75" + tcp4(b"v7")[1:]), eth(0x0800, tcp4(b"plain"))])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data", "crafted"))
