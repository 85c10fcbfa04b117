#!/usr/bin/env python3
"""Writes the project's own small test captures: those of data/crafted, or those the trace store
compatibility kit carries in the covertmark-testkit jar.

data/crafted: each capture exercises one rule of the capture reader that the public corpus does
not: the lengths of a pcap record, IPv4 total lengths of 0 or beyond the frame, TCP headers cut by
the snap length, encapsulations (MPLS, PPPoE, MACsec, vendor tags) and link types (PPP, PPP in HDLC
framing, Cisco HDLC, NFLOG, PKTAP), and pcapng interfaces of unsupported link types.
data/crafted/README.md says what each file holds.

--kit: the captures TraceStoreCompatibilityKit imports into the store under test, so that a store
in a repository of its own can run the kit without this project's data folder: a browsing session
of a client on IPv4 and IPv6 big enough to cross import batches, a capture of every kind of packet
a store must keep, plain HTTP, a proxy session, a pcapng file, a capture cut short, and four of
data/crafted's captures as they are. README.md beside them says what each holds and which checks
use it.

The output is deterministic: the same bytes every time (a fixed pseudo-random generator, no clock).

Usage: tools/make-crafted-captures.py [OUT_DIR]
       tools/make-crafted-captures.py --kit [OUT_DIR]
"""
import os
import struct
import sys

T0 = 1_700_000_000  # capture times start here (one second apart in data/crafted)


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


def shared(at):
    """The four captures of data/crafted that the store kit carries as well, byte for byte."""
    # 1. A record storing more bytes than the wire length (Ethernet padding of a 54-byte frame), in
    #    a 2.4 file: walked by the stored length.
    pad = eth(0x0800, tcp4(b"", flags=ACK)) + b"\0" * 6
    pcap(at("caplen-over-wire.pcap"), 1, [
        eth(0x0800, tcp4(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")),
        (pad, 60, 54),
        eth(0x0800, tcp4(b"hello", seq=1027)),
    ])

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


def crafted(out):
    """data/crafted: one capture per rule of the reader."""
    os.makedirs(out, exist_ok=True)
    at = lambda name: os.path.join(out, name)
    shared(at)

    # A 2.3 file whose lengths are written swapped (beside caplen-over-wire.pcap, a 2.4 one).
    full = eth(0x0800, tcp4(b"y" * 200))
    pcap(at("lengths-swapped-v2.3.pcap"), 1, [
        eth(0x0800, tcp4(b"GET / HTTP/1.1\r\nHost: b\r\n\r\n")),
        (full[:96], len(full), 96),  # wire length written first, as pre-2.4 writers did
        eth(0x0800, tcp4(b"", flags=ACK)),
    ], minor=3, snaplen=96)

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


# ---- the trace store compatibility kit's captures ----------------------------------------------

KIT_DIR = os.path.join("covertmark-testkit", "src", "main", "resources", "org", "covertmark", "testkit", "captures")
M32, M64 = (1 << 32) - 1, (1 << 64) - 1
RST, URG, ECE, CWR, AE = 0x04, 0x20, 0x40, 0x80, 0x100
TLS10, TLS12 = 0x0301, 0x0303


class Rng:
    """splitmix64: pseudo-random numbers that depend on nothing but the seed, in any Python version."""

    def __init__(self, seed):
        self.state = seed & M64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def between(self, low, high):
        return low + self.next() % (high - low + 1)

    def bytes(self, n):
        out = b""
        while len(out) < n:
            out += struct.pack("<Q", self.next())
        return out[:n]


def addr6(a):
    """An IPv6 address in text, an IPv4 tail (::ffff:10.0.0.1) included."""
    if "." in a:
        head, _, v4 = a.rpartition(":")
        w = ip4(v4)
        a = head + ":%x:%x" % (w[0] << 8 | w[1], w[2] << 8 | w[3])
    return ip6(a)


def ip(src, dst, proto, payload, ttl=64, ident=0, frag=0x4000, options=b"", total=None, tos=0, ext=b"", first=None):
    """An IPv4 or IPv6 packet, by the source's form; ext: IPv6 extension headers, first the next-header value
    of the fixed header (then proto is the last extension header's)."""
    if ":" in src:
        body = ext + payload
        length = len(body) if total is None else total
        return struct.pack("!IHBB16s16s", 6 << 28, length, proto if first is None else first, ttl,
                           addr6(src), addr6(dst)) + body
    ihl = 5 + len(options) // 4
    length = ihl * 4 + len(payload) if total is None else total
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, length, ident, frag, ttl, proto, 0, ip4(src), ip4(dst)) + options
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:] + payload


def seg(sport, dport, seq, ack, flags, payload=b"", options=b"", window=64240, urgent=0, offset=None):
    """A TCP header (all 12 flag bits) and payload; checksums are left 0, as no reader checks them."""
    off = (20 + len(options)) // 4 if offset is None else offset
    return struct.pack("!HHIIHHHH", sport, dport, seq & M32, ack & M32, off << 12 | flags & 0xFFF, window, 0,
                       urgent) + options + payload


def rec(kind, body, version=TLS12):
    """A TLS record."""
    return struct.pack("!BHH", kind, version, len(body)) + body


def ether(packet, dst=b"\x02\0\0\0\0\x01", src=b"\x02\0\0\0\0\x17", tags=(), pad=False):
    """An Ethernet frame for an IP packet, with 802.1Q (or 802.1ad then 802.1Q) tags, padded to 60 bytes."""
    out = dst + src
    for tpid, vid in tags:
        out += struct.pack("!HH", tpid, vid)
    out += struct.pack("!H", 0x86DD if packet[0] >> 4 == 6 else 0x0800) + packet
    return out + b"\0" * max(0, 60 - len(out)) if pad else out


SYN_OPTIONS = b"\x02\x04\x05\xb4\x01\x03\x03\x07\x04\x02\x01\x01"  # MSS 1460, NOP, WS 7, SACK permitted, NOP, NOP


class Conversation:
    """One TCP connection: each side's sequence numbers advance with what it sends."""

    def __init__(self, rng, client, cport, server, sport):
        self.client, self.cport, self.server, self.sport = client, cport, server, sport
        self.cseq, self.sseq = rng.next() & M32, rng.next() & M32

    def c(self, flags, payload=b"", **kw):
        p = ip(self.client, self.server, 6, seg(self.cport, self.sport, self.cseq, self.sseq if flags & ACK else 0,
                                                flags, payload, **kw))
        self.cseq += len(payload) + (1 if flags & (SYN | FIN) else 0)
        return p

    def s(self, flags, payload=b"", **kw):
        p = ip(self.server, self.client, 6, seg(self.sport, self.cport, self.sseq, self.cseq, flags, payload, **kw))
        self.sseq += len(payload) + (1 if flags & (SYN | FIN) else 0)
        return p

    def handshake(self):
        return [("c", self.c(SYN, options=SYN_OPTIONS)), ("s", self.s(SYN | ACK, options=SYN_OPTIONS[:4])),
                ("c", self.c(ACK))]

    def close(self):
        return [("c", self.c(FIN | ACK)), ("s", self.s(FIN | ACK)), ("c", self.c(ACK))]


def pcap_records(path, linktype, records, nanos=False, snaplen=262144):
    """records: (nanoseconds since the epoch, stored bytes, wire length or None for the bytes' length)."""
    out = struct.pack("<IHHiIII", 0xA1B23C4D if nanos else 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)
    for t, data, wire in records:
        second, fraction = divmod(t, 1_000_000_000)
        out += struct.pack("<IIII", second, fraction if nanos else fraction // 1000, len(data),
                           len(data) if wire is None else wire) + data
    write(path, out)


class Timeline:
    """Records one after another, each some microseconds after the last."""

    def __init__(self, start_ns):
        self.t = start_ns
        self.records = []

    def add(self, data, after_us=1000, wire=None, extra_ns=0):
        self.t += after_us * 1000 + extra_ns
        self.records.append((self.t, data, wire))


# ---- kit-browsing.pcap ----------------------------------------------------------------------------

BROWSER4, BROWSER6, BROWSER6_TEMPORARY = "192.168.1.17", "2001:db8:1:1::17", "2001:db8:1:1:5a1e:93ff:c2d0:4417"
ROUTER4, ROUTER6, NEIGHBOUR4, NEIGHBOUR6 = "192.168.1.1", "2001:db8:1:1::1", "192.168.1.23", "2001:db8:1:1::23"
SESSIONS = 61
MAC_ROUTER, BROADCAST = b"\x02\0\0\0\0\x01", b"\xff" * 6


def dns_query(rng, name):
    question = b"".join(bytes([len(p)]) + p for p in name.split(b".")) + b"\0\0\1\0\1"
    return rng.bytes(2) + b"\x01\x00\0\1\0\0\0\0\0\0" + question


def browsing_session(rng, i, client, server, kind):
    """The frames of one visit: a DNS lookup, then HTTPS, plain HTTP or QUIC; (side, IP packet, delay in µs)."""
    out = []
    resolver = ROUTER6 if ":" in client else ROUTER4
    dport = rng.between(33000, 60999)
    query = dns_query(rng, b"site%d.example" % i)
    out.append(("c", ip(client, resolver, 17, udp(dport, 53, query)), 300))
    out.append(("s", ip(resolver, client, 17, udp(53, dport, query[:2] + b"\x81\x80" + query[4:] + rng.bytes(8))),
                rng.between(2000, 30000)))
    cport = rng.between(49152, 65535)
    if kind == "quic":
        for n in range(rng.between(4, 9)):
            side = "c" if n % 3 != 1 else "s"
            a, b = (client, server) if side == "c" else (server, client)
            pa, pb = (cport, 443) if side == "c" else (443, cport)
            quic = bytes([0xC3 if n < 2 else 0x43]) + rng.bytes(rng.between(20, 50))  # long, then short headers
            out.append((side, ip(a, b, 17, udp(pa, pb, quic)), rng.between(500, 20000)))
        return out
    t = Conversation(rng, client, cport, server, 80 if kind == "http" else 443)
    out += [(side, p, rng.between(200, 25000)) for side, p in t.handshake()]
    if kind == "http":
        for path in (b"/", b"/favicon.ico")[:rng.between(1, 2)]:
            out.append(("c", t.c(ACK | PSH, b"GET " + path + b" HTTP/1.1\r\nHost: site%d.example\r\n\r\n" % i), 400))
            out.append(("s", t.s(ACK | PSH, b"HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\n" + rng.bytes(24)),
                        rng.between(5000, 40000)))
            out.append(("c", t.c(ACK), 300))
    else:
        out.append(("c", t.c(ACK | PSH, rec(22, b"\x01" + rng.bytes(rng.between(40, 70)), TLS10)), 300))
        out.append(("s", t.s(ACK), rng.between(5000, 30000)))
        # several records in one segment: ServerHello, ChangeCipherSpec, encrypted handshake
        out.append(("s", t.s(ACK | PSH, rec(22, b"\x02" + rng.bytes(rng.between(40, 60))) + rec(20, b"\x01")
                             + rec(23, rng.bytes(rng.between(20, 40)))), 200))
        out.append(("c", t.c(ACK | PSH, rec(20, b"\x01") + rec(23, rng.bytes(37))), 2000))
        for _ in range(rng.between(5, 12)):
            out.append(("c", t.c(ACK | PSH, rec(23, rng.bytes(rng.between(8, 30)))), rng.between(1000, 90000)))
            shape = rng.between(0, 5)
            if shape <= 2:
                out.append(("s", t.s(ACK | PSH, rec(23, rng.bytes(rng.between(10, 40)))), rng.between(3000, 40000)))
            elif shape == 3:
                out.append(("s", t.s(ACK | PSH, rec(23, rng.bytes(17)) + rec(23, rng.bytes(rng.between(10, 30)))),
                            rng.between(3000, 40000)))
            else:
                # a record longer than a segment: neither part begins with a whole record
                body = rng.bytes(rng.between(70, 110))
                whole = rec(23, body)
                cut = rng.between(30, 60)
                out.append(("s", t.s(ACK, whole[:cut]), rng.between(3000, 40000)))
                out.append(("s", t.s(ACK | PSH, whole[cut:]), 150))
            out.append(("c", t.c(ACK), rng.between(100, 800)))
    if i % 10 == 9:
        out.append(("s", t.s(RST | ACK), rng.between(1000, 60000)))
    else:
        out += [(side, p, rng.between(100, 20000)) for side, p in t.close()]
    return out


def browsing():
    """A client browsing over IPv4 and IPv6 while its neighbour talks too, as raw IP: kit-browsing.pcap."""
    rng = Rng(1)
    events = []  # (time ns, tie-break, IP packet)
    start = T0 * 1_000_000_000 + 123_456_000
    for i in range(SESSIONS):
        v6 = i % 4 == 1
        client = (BROWSER6_TEMPORARY if i % 8 == 5 else BROWSER6) if v6 else BROWSER4
        server = "2001:db8:f0:%x::1" % (i % 11) if v6 else ("198.51.100.%d" if i % 2 else "192.0.2.%d") % (10 + i % 17)
        kind = "http" if i % 9 == 4 else "quic" if i % 7 == 3 else "https"
        t = start + i * 310_000_000 + rng.between(0, 90_000) * 1000
        for n, (_, packet, delay) in enumerate(browsing_session(rng, i, client, server, kind)):
            t += delay * 1000
            events.append((t, i * 1000 + n, packet))
    # the neighbour: its own HTTPS, multicast DNS on both versions; the router: router advertisements
    for k in range(6):
        t = start + k * 3_300_000_000 + 700_000_000
        conv = Conversation(rng, NEIGHBOUR4 if k % 2 else NEIGHBOUR6, 50000 + k, "198.51.100.200" if k % 2
                            else "2001:db8:f0:ff::1", 443)
        frames = conv.handshake() + [("c", conv.c(ACK | PSH, rec(22, b"\x01" + rng.bytes(80), TLS10))),
                                     ("s", conv.s(ACK | PSH, rec(22, b"\x02" + rng.bytes(50)) + rec(20, b"\x01"))),
                                     ("c", conv.c(ACK))] + conv.close()
        for n, (_, packet) in enumerate(frames):
            t += 4_000_000
            events.append((t, 100_000 + k * 100 + n, packet))
    for k in range(20):
        t = start + k * 1_000_000_000 + 55_000_000
        mdns = udp(5353, 5353, b"\0\0\0\0\0\1\0\0\0\0\0\0\x05_http\x04_tcp\x05local\0\0\x0c\0\1")
        events.append((t, 200_000 + k, ip(NEIGHBOUR4, "224.0.0.251", 17, mdns, ttl=255) if k % 2
                       else ip("fe80::23", "ff02::fb", 17, mdns, ttl=255)))
        if k % 5 == 0:
            ra = bytes([134, 0, 0, 0, 64, 0, 0x07, 0x08]) + b"\0" * 8
            events.append((t + 600_000_000, 400_000 + k, ip("fe80::1", "ff02::1", 58, ra, ttl=255)))
    events.sort()
    return [(t, packet, None) for t, _, packet in events]


# ---- kit-mixed.pcap -------------------------------------------------------------------------------

def mixed():
    """Every kind of packet a store must keep, and a few it must not be fooled by: kit-mixed.pcap."""
    rng = Rng(2)
    tl = Timeline(T0 * 1_000_000_000 + 5)
    add = lambda packet, after=700, **kw: tl.add(ether(packet, **kw), after, extra_ns=rng.between(0, 999))
    lan1, lan2, lan3, lan4, lan5 = "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"
    web, tls_server, v6host, v6web = "192.0.2.80", "198.51.100.7", "2001:db8:10::2", "2001:db8:ff::80"

    # HTTP over IPv4: requests whole, cut at a segment's end, and lookalikes that are not requests
    h = Conversation(rng, lan1, 40100, web, 80)
    for _, p in h.handshake():
        add(p, pad=True)
    add(h.c(ACK | PSH, b"GET /index.html HTTP/1.1\r\nHost: www.example\r\nUser-Agent: kit\r\n\r\n"))
    add(h.s(ACK, b""), pad=True)
    add(h.s(ACK | PSH, b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n" + b"<html>" + b"k" * 34))
    add(h.c(ACK | PSH, b"POST /form HTTP/1.0\r\nContent-Length: 7\r\n\r\nname=me"))
    add(h.s(ACK | PSH, b"HTTP/1.0 303 See Other\r\nLocation: /\r\n\r\n"))
    add(h.c(ACK | PSH, b"GET /a/very/long/path/that/goes/on"))  # the request line goes on in the next segment
    add(h.c(ACK | PSH, b"/and/on HTTP/1.1\r\nHost: www.example\r\n\r\n"))
    add(h.c(ACK | PSH, b"get / HTTP/1.1\r\n\r\n"))  # not a method
    add(h.c(ACK | PSH, b"GET / HTTP/2\r\n\r\n"))  # not a version
    add(h.c(ACK | PSH, b"HEAD / HTTP/1.1\r"))  # the segment ends between CR and LF
    add(h.s(ACK | PSH, b"HTTP/1.1 200 OK\r\n\r\n"))
    for _, p in h.close():
        add(p, pad=True)

    # TLS over IPv4: several records a segment, records cut by the segment, lookalikes
    t = Conversation(rng, lan2, 40200, tls_server, 443)
    for _, p in t.handshake():
        add(p, pad=True)
    add(t.c(ACK | PSH, rec(22, b"\x01" + rng.bytes(180), TLS10)))
    add(t.s(ACK | PSH, rec(22, b"\x02" + rng.bytes(70)) + rec(20, b"\x01") + rec(23, rng.bytes(50))))
    add(t.c(ACK | PSH, rec(23, rng.bytes(40)) + rec(23, rng.bytes(300))[:60]))  # a whole record, then a part
    add(t.c(ACK | PSH, rec(23, rng.bytes(300))[60:]))  # the rest: no record begins here
    add(t.s(ACK | PSH, rec(23, rng.bytes(30), 0x0304)))  # version 3.4
    add(t.s(ACK | PSH, rec(24, rng.bytes(19))))  # heartbeat
    add(t.s(ACK | PSH, rec(21, b"\x01\x00")))  # alert
    add(t.s(ACK | PSH, rec(25, rng.bytes(20))))  # content type 25: not TLS
    add(t.s(ACK | PSH, rec(23, rng.bytes(20), 0x0305)))  # version 3.5: not TLS
    add(t.s(ACK | PSH, struct.pack("!BHH", 23, TLS12, 18433) + rng.bytes(40)))  # longer than TLS allows
    big = t.s(ACK | PSH, rec(23, rng.bytes(1300)))
    tl.add(ether(big)[:96], 800, wire=len(ether(big)))  # captured 96 bytes of 1 359: the record is not whole
    add(t.c(RST))
    add(ip("198.51.100.20", "192.0.2.33", 6, seg(443, 51000, 5, 9, ACK | PSH, rec(23, rng.bytes(64)))))  # transit

    # IPv6: TLS and HTTP, extension headers before TCP, addresses with the top bit set, IPv4-mapped ones
    s6 = Conversation(rng, v6host, 50600, "2001:db8:ff::443", 443)
    for _, p in s6.handshake():
        add(p)
    add(s6.c(ACK | PSH, rec(22, b"\x01" + rng.bytes(150), TLS10)))
    add(s6.s(ACK | PSH, rec(22, b"\x02" + rng.bytes(60)) + rec(20, b"\x01") + rec(23, rng.bytes(40))))
    for _, p in s6.close():
        add(p)
    w6 = Conversation(rng, v6host, 50680, v6web, 80)
    for _, p in w6.handshake():
        add(p)
    get6 = seg(50680, 80, w6.cseq, w6.sseq, ACK | PSH, b"GET /v6 HTTP/1.1\r\nHost: [2001:db8:ff::80]\r\n\r\n")
    hop = bytes([60, 0]) + b"\x01\x04\0\0\0\0"  # hop-by-hop options (PadN), then destination options
    dst_opts = bytes([6, 0]) + b"\x01\x04\0\0\0\0"
    add(ip(v6host, v6web, 6, get6, ext=hop + dst_opts, first=0))
    add(ip(v6web, v6host, 6, seg(80, 50680, w6.sseq, w6.cseq + 49, ACK | PSH, b"HTTP/1.1 204 No Content\r\n\r\n")))
    add(ip("::ffff:10.0.0.1", "::ffff:192.0.2.80", 6, seg(40150, 80, 1, 1, ACK | PSH, b"GET /mapped HTTP/1.1\r\n\r\n")))
    add(ip("fe80::1", "ff02::1", 58, bytes([134, 0, 0, 0, 64, 0, 7, 8]) + b"\0" * 8, ttl=255),
        dst=b"\x33\x33\0\0\0\x01")  # router advertisement
    add(ip("fe80::2", "ff02::1:ff00:80", 58, bytes([135, 0, 0, 0, 0, 0, 0, 0]) + addr6(v6web), ttl=255),
        dst=b"\x33\x33\xff\0\0\x80")  # neighbour solicitation
    add(ip("fe80::2", "ff02::fb", 17, udp(5353, 5353, b"\0" * 12), ttl=255), dst=b"\x33\x33\0\0\0\xfb")
    add(ip("::1", "::1", 6, seg(8080, 8080, 1, 0, SYN)))  # one endpoint talking to itself
    add(ip(v6host, v6web, 59, b""))  # no next header
    add(ip(v6host, v6web, 6, seg(50690, 80, 1, 1, ACK, b"zero"), total=0))  # payload length 0: read from the frame
    add(ip(v6host, v6web, 17, udp(50691, 53, b"beyond"), total=400))  # payload length beyond the frame
    cut6 = ether(ip(v6host, v6web, 6, seg(50692, 80, 1, 1, ACK, b"x" * 20), ext=bytes([6, 0]) + hop[2:], first=0))
    tl.add(cut6[:14 + 44], 500, wire=len(cut6))  # extension header cut by the snap length

    # UDP: DNS on both versions, empty, lengths that lie, ports 0 and 65535, broadcast and multicast
    q = dns_query(rng, b"www.example")
    add(ip(lan1, "10.0.0.53", 17, udp(53001, 53, q)), pad=True)
    add(ip("10.0.0.53", lan1, 17, udp(53, 53001, q[:2] + b"\x81\x80" + q[4:] + rng.bytes(16))))
    add(ip(v6host, "2001:db8:10::53", 17, udp(53002, 53, q)))
    add(ip("2001:db8:10::53", v6host, 17, udp(53, 53002, q[:2] + b"\x81\x80" + q[4:] + rng.bytes(28))))
    add(ip(lan3, "198.51.100.9", 17, udp(40000, 9, b"")), pad=True)  # no payload
    add(ip(lan3, "198.51.100.9", 17, struct.pack("!HHHH", 40001, 9, 4, 0) + b"abcd"), pad=True)  # length 4
    add(ip(lan3, "198.51.100.9", 17, struct.pack("!HHHH", 40002, 9, 900, 0) + b"abcd"), pad=True)  # length 900
    add(ip("10.0.0.66", "10.0.0.67", 17, udp(65535, 0, b"edge")), pad=True)
    add(ip("0.0.0.0", "255.255.255.255", 17, udp(68, 67, b"\x01\x01\x06\x00" + rng.bytes(24))),
        dst=BROADCAST)  # DHCP discover
    add(ip(lan4, "239.255.255.250", 17, udp(50000, 1900, b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n")),
        dst=b"\x01\0\x5e\x7f\xff\xfa")  # HTTP's form over UDP: not an HTTP request
    add(ip(lan4, tls_server, 17, udp(50001, 443, b"\x16\xfe\xfd" + rng.bytes(40))))  # DTLS: UDP, not TLS
    add(ip(lan5, lan5, 17, udp(123, 123, b"\x23" + b"\0" * 47)), pad=True)  # the same endpoint at both ends
    add(ip("198.51.100.30", "192.0.2.31", 17, udp(123, 123, b"\x24" + b"\0" * 47)))  # equal ports, no LAN end
    cut_udp = ether(ip(lan3, "198.51.100.9", 17, udp(40003, 9, b"u" * 50)))
    tl.add(cut_udp[:14 + 20 + 6], 500, wire=len(cut_udp))  # UDP header cut by the snap length

    # neither TCP nor UDP: ICMP, ICMPv6 above, GRE, IGMP behind IPv4 options
    add(ip(lan1, web, 1, b"\x08\x00\0\0\0\x01\0\x01" + b"ping" * 8))
    add(ip(web, lan1, 1, b"\x00\x00\0\0\0\x01\0\x01" + b"ping" * 8))
    add(ip("10.0.0.9", "198.51.100.90", 47, b"\x30\x81\x88\x0b\0\x04\0\x01\0\0\0\x01" + b"\xff\x03\x00\x21" + b"\x45"
           + rng.bytes(19)))
    add(ip(lan4, "239.255.255.250", 2, b"\x16\x00\xfa\x04\xef\xff\xff\xfa", ttl=1, options=b"\x94\x04\x00\x00"),
        dst=b"\x01\0\x5e\x7f\xff\xfa", pad=True)

    # fragments: an IPv4 UDP datagram in three (the last padded), an IPv4 TCP segment in two, IPv6 in two
    dgram = udp(2049, 800, rng.bytes(1192))
    add(ip(lan2, "192.0.2.20", 17, dgram[:600], ident=77, frag=0x2000))
    add(ip(lan2, "192.0.2.20", 17, dgram[600:1192], ident=77, frag=0x2000 | 75))
    add(ip(lan2, "192.0.2.20", 17, dgram[1192:], ident=77, frag=149), pad=True)
    tcp_frag = seg(40300, 80, 1, 1, ACK | PSH, b"GET /fragmented HTTP/1.1\r\n\r\n")
    add(ip(lan2, web, 6, tcp_frag[:24], ident=78, frag=0x2000))  # the first fragment holds 24 bytes of TCP
    add(ip(lan2, web, 6, tcp_frag[24:], ident=78, frag=3))
    dgram6 = udp(5353, 5353, rng.bytes(800))
    add(ip(v6host, "2001:db8:10::99", 17, dgram6[:504], ext=struct.pack("!BBHI", 17, 0, 1, 0x1234), first=44))
    add(ip(v6host, "2001:db8:10::99", 17, dgram6[504:], ext=struct.pack("!BBHI", 17, 0, 63 << 3, 0x1234), first=44))

    # TCP flags and headers: AccECN, ECN, urgent data, resets, scans, every bit, options, bad data offsets
    e = Conversation(rng, lan3, 40400, "192.0.2.99", 8443)
    mptcp = b"\x1e\x0c\x10\x81" + rng.bytes(8)  # MP_CAPABLE
    tfo = b"\xfe\x06\xf9\x89\0\0"  # TCP Fast Open cookie request (experimental option 254)
    add(e.c(AE | CWR | ECE | SYN, b"early", options=SYN_OPTIONS + mptcp + tfo + b"\x00\x00"))  # data on the SYN
    add(e.s(ECE | SYN | ACK, options=SYN_OPTIONS[:4]), pad=True)
    add(e.c(ACK | PSH | URG, b"!", urgent=1), pad=True)
    ts = b"\x01\x01\x08\x0a" + rng.bytes(8) + b"\x01\x01\x05\x12" + rng.bytes(16)  # timestamps, SACK
    add(e.s(ACK, options=ts + b"\x01" * (40 - len(ts))))  # a 60-byte header
    add(e.c(ACK | 0xE00))  # reserved bits
    add(e.c(0xFFF, b"all"))
    add(e.s(RST | ACK), pad=True)
    add(ip(lan3, "192.0.2.98", 6, seg(40401, 22, 9, 0, 0)), pad=True)  # no flag at all
    add(ip(lan3, "192.0.2.98", 6, seg(40401, 23, 9, 0, FIN | PSH | URG)), pad=True)
    add(ip(lan3, "192.0.2.98", 6, seg(40402, 80, 9, 9, ACK, b"doff4", offset=4)), pad=True)  # data offset below 5
    add(ip(lan3, "192.0.2.98", 6, seg(40403, 80, 9, 9, ACK, offset=15)), pad=True)  # a header longer than the packet
    cut_tcp = ether(ip(lan3, "192.0.2.98", 6, seg(40404, 80, 9, 9, ACK | PSH, b"cut" * 100)))
    tl.add(cut_tcp[:54], 600, wire=len(cut_tcp))  # headers only: the payload is announced, not captured
    cut_get = ether(h.c(ACK | PSH, b"GET /cut/by/the/snap/length/here/and/more HTTP/1.1\r\nHost: www.example\r\n\r\n"))
    tl.add(cut_get[:80], 600, wire=len(cut_get))  # the request line cut by the snap length
    # a connection without a handshake, one whose SYN comes from the lower port, and a reused port
    m = Conversation(rng, lan4, 50500, "198.51.100.44", 443)
    add(m.s(ACK | PSH, rec(23, rng.bytes(33))))
    add(m.c(ACK), pad=True)
    f = Conversation(rng, "198.51.100.30", 20, "192.0.2.31", 40000)
    for _, p in f.handshake():
        add(p, pad=True)
    add(f.c(ACK | PSH, rng.bytes(100)))
    for _ in range(2):
        r = Conversation(rng, lan5, 40500, web, 80)
        for _, p in r.handshake() + [("c", r.c(ACK | PSH, b"GET /again HTTP/1.1\r\n\r\n"))] + r.close():
            add(p, pad=True)

    # frames readers skip: no IP in them, or an IP header they cannot read
    tl.add(BROADCAST + MAC_ROUTER + b"\x08\x06" + b"\0\1\x08\0\6\4\0\1" + MAC_ROUTER + ip4("10.0.0.254")
           + b"\0" * 6 + ip4(lan1) + b"\0" * 18, 300)  # ARP
    tl.add(b"\x01\x80\xc2\0\0\x0e" + MAC_ROUTER + b"\x88\xcc" + b"\x02\x07\x04" + MAC_ROUTER + b"\0" * 36, 300)  # LLDP
    tl.add(b"\x01\x80\xc2\0\0\0" + MAC_ROUTER + struct.pack("!H", 38) + b"\x42\x42\x03" + b"\0" * 35, 300)  # STP (LLC)
    tl.add(ether(ip(lan1, web, 6, seg(1, 2, 3, 4, ACK))[:12]), 300)  # an IPv4 header cut at 12 bytes
    tl.add(ether(b"\x75" + ip(lan1, web, 6, seg(1, 2, 3, 4, ACK))[1:]), 300)  # IP version 7
    # VLAN tags, IPv4 options, a total length shorter than the header
    add(ip(lan1, web, 6, seg(40600, 80, 1, 1, ACK | PSH, b"GET /vlan HTTP/1.1\r\n\r\n")), tags=[(0x8100, 100)])
    add(ip(lan1, "10.0.0.53", 17, udp(53003, 53, q)), tags=[(0x88a8, 10), (0x8100, 20)])
    record_route = b"\x07\x07\x04" + b"\0" * 4 + b"\x00"  # and end of options
    add(ip(lan1, web, 6, seg(40601, 80, 1, 1, ACK, b"opt"), options=record_route))
    add(ip(lan1, web, 6, seg(40602, 80, 1, 1, ACK, b"short"), total=16), pad=True)  # total length 16 < 20
    # a long tail of small packets of both versions, ports and protocols, so that filters have work to do
    for k in range(120):
        a, b = ([lan1, lan2, lan3, "10.1.2.3"][k % 4], ["192.0.2.80", "198.51.100.7", "198.51.100.44"][k % 3])
        if k % 5 == 4:
            a, b = "2001:db8:10::%x" % (k % 7 + 1), "2001:db8:ff::%x" % (k % 3 + 1)
        port = [80, 443, 53, 8080, 22, 993][k % 6]
        if port == 53:
            add(ip(a, b, 17, udp(30000 + k, port, rng.bytes(k % 9))), after=rng.between(50, 5000), pad=True)
        else:
            body = b"" if k % 3 == 0 else rec(23, rng.bytes(k % 20)) if port == 443 else rng.bytes(k % 13)
            flags = ACK | (PSH if body else 0)
            back = k % 2 == 1
            add(ip(b, a, 6, seg(port, 30000 + k, k, k, flags, body)) if back
                else ip(a, b, 6, seg(30000 + k, port, k, k, flags, body)), after=rng.between(50, 5000), pad=True)
    return tl.records


# ---- kit-http.pcap --------------------------------------------------------------------------------

def http():
    """Plain HTTP/1.x between two IPv4 clients, one IPv6 client and three servers: kit-http.pcap."""
    rng = Rng(3)
    tl = Timeline(T0 * 1_000_000_000 + 777_000_000)

    def response(status, body):
        return b"HTTP/1.1 " + status + b"\r\nServer: kit\r\nContent-Length: %d\r\n\r\n" % len(body) + body

    def visit(conv, exchanges, mac_client):
        """A connection: handshake; per exchange the requests, an ACK, the answers, an ACK; close."""
        def frame(side, p):  # the client's frames go to the router, the server's come from it
            return ether(p, MAC_ROUTER, mac_client, pad=True) if side == "c" else ether(p, mac_client, MAC_ROUTER,
                                                                                           pad=True)
        for side, p in conv.handshake():
            tl.add(frame(side, p), rng.between(300, 3000))
        for requests, answers in exchanges:
            for r in requests:
                tl.add(frame("c", conv.c(ACK | PSH, r)), rng.between(1000, 50000))
            tl.add(frame("s", conv.s(ACK)), rng.between(200, 2000))
            for a in answers:
                for at in range(0, len(a), 600):  # responses go in segments of at most 600 bytes
                    tl.add(frame("s", conv.s(ACK | PSH, a[at:at + 600])), rng.between(100, 3000))
            tl.add(frame("c", conv.c(ACK)), rng.between(100, 1000))
        for side, p in conv.close():
            tl.add(frame(side, p), rng.between(300, 3000))

    host = b"Host: www.example\r\nUser-Agent: kit/1.0\r\n"
    page = b"<!doctype html><title>kit</title>" + b"<p>" + rng.bytes(200).hex().encode() + b"</p>"
    visit(Conversation(rng, "10.0.0.1", 49152, "192.0.2.80", 80), [
        ([b"GET / HTTP/1.1\r\n" + host + b"\r\n"], [response(b"200 OK", page)]),
        ([b"GET /style.css HTTP/1.1\r\n" + host + b"\r\n"], [response(b"200 OK", b"p { margin: 0 }" * 8)]),
        ([b"GET /logo.png HTTP/1.1\r\n" + host + b"\r\n"], [response(b"200 OK", rng.bytes(1000))]),
        ([b"GET /missing HTTP/1.1\r\n" + host + b"\r\n"], [response(b"404 Not Found", b"")]),
    ], b"\x02\0\0\0\0\x11")
    visit(Conversation(rng, "10.0.0.2", 49200, "192.0.2.80", 80), [
        ([b"HEAD / HTTP/1.1\r\n" + host + b"\r\n"], [b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(page)]),
        ([b"POST /login HTTP/1.1\r\n" + host + b"Content-Length: 19\r\n\r\n", b"user=kit&pass=s3cr3"],  # body apart
         [response(b"302 Found", b"")]),
    ], b"\x02\0\0\0\0\x12")
    visit(Conversation(rng, "2001:db8:10::2", 50000, "2001:db8:ff::80", 80), [
        ([b"GET /a HTTP/1.1\r\n" + host + b"\r\nGET /b HTTP/1.1\r\n" + host + b"\r\n"],  # two requests, one segment
         [response(b"200 OK", b"a" * 30) + response(b"200 OK", b"b" * 30)]),
        ([b"GET /six HTTP/1.1\r\n" + host + b"\r\n"], [response(b"200 OK", page[:300])]),
    ], b"\x02\0\0\0\0\x13")
    visit(Conversation(rng, "10.0.0.1", 49160, "192.0.2.81", 8080), [
        ([b"OPTIONS * HTTP/1.1\r\n" + host + b"\r\n"], [response(b"204 No Content", b"")]),
        ([b"GET /search?q=" + b"k" * 40, b"&page=2 HTTP/1.1\r\n" + host + b"\r\n"],  # the request line in two
         [response(b"200 OK", b"results" * 20)]),
    ], b"\x02\0\0\0\0\x11")
    return tl.records


# ---- kit-proxy.pcap -------------------------------------------------------------------------------

def proxy():
    """A browser through a local SOCKS5 proxy that relays to a Shadowsocks-like server: kit-proxy.pcap."""
    rng = Rng(4)
    tl = Timeline(T0 * 1_000_000_000 + 250_000_000)
    app, local, remote = "10.0.0.1", "10.0.0.2", "198.51.100.88"
    s = Conversation(rng, app, 51000, local, 1080)
    r = Conversation(rng, local, 52000, remote, 8388)
    for _, p in s.handshake():
        tl.add(ether(p, pad=True), 200)
    tl.add(ether(s.c(ACK | PSH, b"\x05\x01\x00")), 300)
    tl.add(ether(s.s(ACK | PSH, b"\x05\x00"), pad=True), 150)
    tl.add(ether(s.c(ACK | PSH, b"\x05\x01\x00\x03\x0bexample.com\x01\xbb")), 300)
    for _, p in r.handshake():
        tl.add(ether(p, pad=True), rng.between(10000, 40000))
    tl.add(ether(s.s(ACK | PSH, b"\x05\x00\x00\x01\0\0\0\0\0\0"), pad=True), 200)
    hello = rec(22, b"\x01" + rng.bytes(200), TLS10)
    tl.add(ether(s.c(ACK | PSH, hello)), 500)
    # salt, then encrypted length and chunk, each with a 16-byte tag: random bytes on the wire
    tl.add(ether(r.c(ACK | PSH, rng.bytes(32 + 2 + 16 + len(hello) + 16 + 14))), 400)
    for k in range(12):
        n = rng.between(40, 320)
        tl.add(ether(r.s(ACK | PSH, rng.bytes(n + 34))), rng.between(20000, 60000))
        tl.add(ether(r.c(ACK), pad=True), 100)
        tl.add(ether(s.s(ACK | PSH, rec(23 if k else 22, rng.bytes(n)))), 300)
        tl.add(ether(s.c(ACK), pad=True), 100)
        if k % 3 == 2:
            m = rng.between(30, 200)
            tl.add(ether(s.c(ACK | PSH, rec(23, rng.bytes(m)))), rng.between(1000, 30000))
            tl.add(ether(r.c(ACK | PSH, rng.bytes(m + 5 + 34))), 300)
    for _, p in s.close():
        tl.add(ether(p, pad=True), 2000)
    for _, p in r.close():
        tl.add(ether(p, pad=True), 2000)
    return tl.records


# ---- kit-pcapng.pcapng ----------------------------------------------------------------------------

def kit_pcapng(path):
    """A pcapng file of four interfaces, with times of three resolutions and none: kit-pcapng.pcapng."""
    rng = Rng(5)

    def option(code, value):
        return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)

    def block(kind, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack("<II", kind, n) + body + struct.pack("<I", n)

    end = b"\0\0\0\0"
    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + option(1, b"CovertMark store kit capture")
                + option(4, b"tools/make-crafted-captures.py") + end)
    out += block(1, struct.pack("<HHI", 1, 0, 128) + option(2, b"eth0") + option(9, b"\x09") + end)  # ns, snap 128
    out += block(1, struct.pack("<HHI", 113, 0, 0) + option(2, b"any") + end)  # Linux cooked, µs
    out += block(1, struct.pack("<HHI", 147, 0, 0) + end)  # a link type no reader reads
    out += block(1, struct.pack("<HHI", 101, 0, 0) + option(9, b"\x94")  # raw IP, 2^-20 s,
                 + option(14, struct.pack("<q", -2_000_000_000)) + end)  # offset back to 1906
    out += block(4, struct.pack("<HH", 1, 8) + ip4("192.0.2.80") + b"www\0" + struct.pack("<HH", 0, 0))  # names

    def epb(interface, units, data, wire=None, comment=None):
        options = (option(1, comment) + end) if comment else b""
        return block(6, struct.pack("<IIIII", interface, units >> 32, units & M32, len(data),
                                    len(data) if wire is None else wire) + data + b"\0" * (-len(data) % 4) + options)

    def sll(packet):  # Linux cooked v1: packet type, ARPHRD_ETHER, address length, address, protocol
        protocol = 0x86DD if packet[0] >> 4 == 6 else 0x0800
        return struct.pack("!HHH8sH", 0, 1, 6, b"\x02\0\0\0\0\x17", protocol) + packet

    ns = (T0 + 3600) * 1_000_000_000 + 1
    c = Conversation(rng, "10.0.0.1", 40700, "192.0.2.80", 80)
    frames = c.handshake() + [("c", c.c(ACK | PSH, b"GET /ng HTTP/1.1\r\nHost: www.example\r\n\r\n")),
                              ("s", c.s(ACK | PSH, b"HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n" + b"n" * 400)),
                              ("c", c.c(ACK))] + c.close()
    for n, (side, p) in enumerate(frames):
        ns += rng.between(1, 999_999_999)
        frame = ether(p, pad=True)
        out += epb(0, ns, frame[:128], len(frame), b"cut to 128 bytes" if len(frame) > 128 else None)
    # no time at all: a simple packet block, on the first interface
    simple = ether(c.c(ACK | PSH, b"GET /simple HTTP/1.1\r\n\r\n"))
    out += block(3, struct.pack("<I", len(simple)) + simple)
    # microseconds near 2^64: beyond what a signed 64-bit count of microseconds holds
    u = Conversation(rng, "2001:db8:10::2", 50800, "2001:db8:ff::443", 443)
    units = M64 - 40 * 1_000_000 - 123
    for side, p in u.handshake() + [("c", u.c(ACK | PSH, rec(22, b"\x01" + rng.bytes(90), TLS10)))] + u.close():
        units += rng.between(1, 5_000_000)
        out += epb(1, units, sll(p))
    out += epb(2, T0 * 1_000_000, b"\x01\x02\x03\x04")  # skipped: interface of link type 147
    q = dns_query(rng, b"ng.example")
    client, resolver = ("10.0.0.1", 53004), ("10.0.0.53", 53)
    for k in range(6):
        units = (1000 + k) << 20 | rng.between(0, (1 << 20) - 1)  # 1000 + k s, less the offset's 2e9 s: 1906
        (a, pa), (b, pb) = (client, resolver) if k % 2 == 0 else (resolver, client)
        out += epb(3, units, ip(a, b, 17, udp(pa, pb, q)))
    out += block(5, struct.pack("<III", 0, (ns // 1000) >> 32, (ns // 1000) & M32) + end)  # interface statistics
    write(path, out)


# ---- kit-cut-short.pcap ---------------------------------------------------------------------------

def cut_short(path):
    """Three whole records, then a record cut in the middle: kit-cut-short.pcap."""
    rng = Rng(6)
    c = Conversation(rng, "10.0.0.1", 40800, "192.0.2.80", 80)
    records = [(T0 * 1_000_000_000 + n * 1_000_000, ether(p, pad=True), None) for n, (_, p) in enumerate(c.handshake())]
    pcap_records(path, 1, records)
    last = ether(c.c(ACK | PSH, b"GET /never/finished HTTP/1.1\r\n\r\n" + b"x" * 60))
    with open(path, "ab") as f:
        f.write(struct.pack("<IIII", T0 + 1, 0, len(last), len(last)) + last[:40])


def kit(out):
    """The captures of TraceStoreCompatibilityKit, carried in the covertmark-testkit jar."""
    os.makedirs(out, exist_ok=True)
    at = lambda name: os.path.join(out, name)
    shared(at)
    pcap_records(at("kit-browsing.pcap"), 101, browsing())
    pcap_records(at("kit-mixed.pcap"), 1, mixed(), nanos=True)
    pcap_records(at("kit-http.pcap"), 1, http())
    pcap_records(at("kit-proxy.pcap"), 1, proxy())
    kit_pcapng(at("kit-pcapng.pcapng"))
    cut_short(at("kit-cut-short.pcap"))


if __name__ == "__main__":
    args = sys.argv[1:]
    here = os.path.dirname(__file__)
    if args[:1] == ["--kit"]:
        kit(args[1] if len(args) > 1 else os.path.join(here, "..", KIT_DIR))
    else:
        crafted(args[0] if args else os.path.join(here, "..", "data", "crafted"))
