#!/usr/bin/env python3
"""Helpers of the CovertMark capture lab (run.sh calls them; standard library only).

  lab.py objects  --seed N --dir DIR
      writes the web objects the lab's server offers: pages, style sheets, scripts, images and a few
      media files, 200 B to 2 MB, text or random bytes, all from a seeded generator.
  lab.py drive    --seed N --duration S --mode obfs4|ss|direct --client NS[:SOCKSPORT] ... --log FILE
      browses: one thread per client namespace visits pages (a page, then its objects over parallel
      connections) with idle gaps between visits, for S seconds; every request and connection is
      bounded in count and time. Prints a JSON summary.
  lab.py describe --pcap FILE ...
      reads a classic pcap and prints its manifest entry (packet count, first and last timestamps,
      bytes, endpoints), checking that every packet is TCP between a listed client and a listed
      server port.
  lab.py manifest --lab FILE ENTRY...
      joins the lab description and the entries into manifest.json.
"""

import argparse
import json
import os
import random
import struct
import subprocess
import sys
import threading
import time

# --------------------------------------------------------------------------------------------
# objects

WORDS = ("the of and to in is that for it as with was on be by this are or from at which not "
         "have an but all they were we their has one more can will been if would there who its "
         "about other into than some could them these may only time first new also after over "
         "network packet traffic censor proxy server client stream window protocol length entropy "
         "header payload handshake session address port route bridge tunnel capture sample page "
         "image style script content request response cache cookie token user agent language").split()

# (kind, extension, count, smallest, largest, text?)
KINDS = [
    ("page", "html", 24, 3_000, 60_000, True),
    ("style", "css", 16, 1_000, 80_000, True),
    ("script", "js", 24, 1_000, 120_000, True),
    ("icon", "png", 40, 200, 6_000, False),
    ("image", "jpg", 40, 6_000, 120_000, False),
    ("photo", "webp", 12, 120_000, 600_000, False),
    ("media", "mp4", 3, 250_000, 2_000_000, False),
]


def text_bytes(rng, size, ext):
    out = []
    n = 0
    opener = {"html": "<!doctype html>\n<html><head><title>lab</title></head><body>\n",
              "css": "body { margin: 0; font-family: sans-serif; }\n",
              "js": "'use strict';\n"}[ext]
    out.append(opener)
    n += len(opener)
    while n < size:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
        if ext == "html":
            line = "<p class=\"c%d\">%s</p>\n" % (rng.randint(0, 99), words)
        elif ext == "css":
            line = ".c%d { color: #%06x; padding: %dpx; } /* %s */\n" % (
                rng.randint(0, 99), rng.getrandbits(24), rng.randint(0, 40), words)
        else:
            line = "function f%d(a, b) { return a + b * %d; } // %s\n" % (
                rng.randint(0, 9999), rng.randint(0, 999), words)
        out.append(line)
        n += len(line)
    return "".join(out).encode()[:size]


def make_objects(seed, directory):
    rng = random.Random(seed)
    os.makedirs(directory, exist_ok=True)
    index = []
    for kind, ext, count, low, high, text in KINDS:
        for i in range(count):
            # log-uniform sizes within the kind's range
            size = int(round(low * (high / low) ** rng.random()))
            name = "%s%02d.%s" % (kind, i, ext)
            data = text_bytes(rng, size, ext) if text else rng.randbytes(size)
            with open(os.path.join(directory, name), "wb") as f:
                f.write(data)
            index.append({"name": name, "kind": kind, "size": size})
    with open(os.path.join(directory, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    total = sum(o["size"] for o in index)
    print("%d objects, %d bytes" % (len(index), total))


# --------------------------------------------------------------------------------------------
# drive

HOSTS = {"page": "www", "style": "static", "script": "static", "icon": "img", "image": "img",
         "photo": "img", "media": "cdn"}
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0"
# share of the subresources of a page, by kind
SUB_WEIGHTS = [("style", 12), ("script", 16), ("icon", 40), ("image", 24), ("photo", 6), ("media", 2)]


class Driver:
    def __init__(self, args):
        self.args = args
        with open(os.path.join(args.objects, "index.json")) as f:
            objects = json.load(f)
        self.by_kind = {}
        for o in objects:
            self.by_kind.setdefault(o["kind"], []).append(o)
        self.lock = threading.Lock()
        self.requests = 0
        self.ok = 0
        self.failed = 0
        self.bytes = 0
        self.pages = 0
        self.connections = 0
        self.errors = []
        self.log = open(args.log, "w")
        self.start = None

    # -- what a client asks for
    def scheme(self, rng):
        """https with TLS 1.3 or 1.2, or plain http, drawn per page."""
        r = rng.random()
        if self.args.mode == "obfs4":
            return "tls1.3" if r < 0.7 else "tls1.2"   # the bridge's backend speaks TLS only
        if r < 0.6:
            return "tls1.3"
        if r < 0.85:
            return "tls1.2"
        return "http"

    def page(self, rng, allowance):
        """A page and its subresources, within a byte allowance (small objects past it)."""
        kinds = [k for k, _ in SUB_WEIGHTS]
        weights = [w for _, w in SUB_WEIGHTS]
        main = rng.choice(self.by_kind["page"])
        spent = main["size"]
        subs = []
        for _ in range(rng.randint(2, 8)):
            o = rng.choice(self.by_kind[rng.choices(kinds, weights)[0]])
            if spent + o["size"] > allowance:
                o = rng.choice(self.by_kind["icon"])   # over the allowance: only small objects
            subs.append(o)
            spent += o["size"]
        return main, subs, spent

    def curl(self, ns, socks, scheme, objs, deadline):
        """One connection (one curl process) fetching objs in turn; returns the Popen."""
        a = self.args
        cmd = ["ip", "netns", "exec", ns, "curl", "-sS", "-k", "--max-time", str(a.request_timeout),
               "--connect-timeout", "10", "-A", USER_AGENT, "-H", "Accept-Language: en-GB,en;q=0.7"]
        if socks:
            cmd += ["--socks5", socks]
            if a.proxy_user:
                cmd += ["--proxy-user", a.proxy_user]
        if scheme == "tls1.3":
            cmd += ["--tlsv1.3"]
        elif scheme == "tls1.2":
            cmd += ["--tlsv1.2", "--tls-max", "1.2"]
        proto = "http" if scheme == "http" else "https"
        host = HOSTS[objs[0]["kind"]] + ".lab.test"
        addr, _, port = a.target.partition(":")
        if not port:
            port = "80" if proto == "http" else "443"
        cmd += ["--resolve", "%s:%s:%s" % (host, port, addr)]
        cmd += ["-w", "%{url_effective}\\t%{http_code}\\t%{size_download}\\t%{time_total}\\n"]
        for o in objs:
            cmd += ["-o", "/dev/null", "%s://%s:%s/%s" % (proto, host, port, o["name"])]
        with self.lock:
            self.connections += 1
            self.requests += len(objs)
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish(self, ns, procs, deadline):
        for p, objs in procs:
            try:
                out, err = p.communicate(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                out, err = p.communicate()
            ok = 0
            got = 0
            for line in out.splitlines():
                parts = line.split("\t")
                if len(parts) == 4 and parts[1] == "200":
                    ok += 1
                    got += int(parts[2])
            with self.lock:
                for line in out.splitlines():
                    self.log.write("%s\t%.3f\t%s\n" % (ns, time.monotonic() - self.start, line))
                self.ok += ok
                self.failed += len(objs) - ok
                self.bytes += got
                if len(objs) != ok and len(self.errors) < 20:
                    self.errors.append("%s: %s" % (ns, err.strip()[:200] or "exit %s" % p.returncode))

    def visit(self, ns, socks, rng, allowance):
        """A page: the main document, a short pause, then the objects over parallel connections."""
        main, subs, spent = self.page(rng, allowance)
        scheme = self.scheme(rng)
        deadline = time.monotonic() + self.args.request_timeout + 5
        self.finish(ns, [(self.curl(ns, socks, scheme, [main], deadline), [main])], deadline)
        time.sleep(rng.uniform(0.05, 0.4))
        by_host = {}
        for o in subs:
            by_host.setdefault(HOSTS[o["kind"]], []).append(o)
        groups = []
        for objs in by_host.values():
            n = 1 if len(objs) < 6 else 2   # connections per host
            for i in range(n):
                if objs[i::n]:
                    groups.append(objs[i::n])
        groups = groups[:self.args.parallel]
        deadline = time.monotonic() + self.args.request_timeout + 5
        procs = [(self.curl(ns, socks, scheme, objs, deadline), objs) for objs in groups]
        self.finish(ns, procs, deadline)
        with self.lock:
            self.pages += 1
        return spent

    def client(self, index, ns, socks):
        a = self.args
        rng = random.Random("%d/%d" % (a.seed, index))
        budget = a.budget / len(a.client)
        spent = 0.0
        end = self.start + a.duration
        time.sleep(rng.uniform(0.0, 1.5))
        pages = 0
        while pages < a.max_pages and time.monotonic() < end - 8:
            elapsed = time.monotonic() - self.start
            allowance = budget * min(1.0, (elapsed + 10) / a.duration) - spent
            spent += self.visit(ns, socks, rng, max(allowance, 0))
            pages += 1
            # idle: mostly short reading pauses, sometimes a long one
            gap = rng.uniform(2.0, 8.0) if rng.random() < 0.5 else rng.uniform(15.0, 40.0)
            time.sleep(max(0.0, min(gap, end - 6 - time.monotonic())))
        # a last small visit close to the end, so that every capture spans the whole duration
        wait = end - rng.uniform(3.0, 5.0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.visit(ns, socks, rng, 0)

    def run(self):
        self.start = time.monotonic()
        threads = []
        for i, spec in enumerate(self.args.client):
            ns, _, port = spec.partition(":")
            socks = "127.0.0.1:" + port if port else None
            t = threading.Thread(target=self.client, args=(i, ns, socks), daemon=True)
            t.start()
            threads.append(t)
        hard_end = self.start + self.args.duration + self.args.request_timeout * 2 + 20
        for t in threads:
            t.join(max(0.0, hard_end - time.monotonic()))
        self.log.close()
        return {"pages": self.pages, "connections": self.connections, "requests": self.requests,
                "ok": self.ok, "failed": self.failed, "bytes": self.bytes,
                "seconds": round(time.monotonic() - self.start, 1), "errors": self.errors}


def drive(args):
    summary = Driver(args).run()
    print(json.dumps(summary))
    return 0 if summary["requests"] and summary["failed"] <= summary["requests"] * 0.02 else 1


# --------------------------------------------------------------------------------------------
# describe

def read_pcap(path):
    """Yields (ts_us, orig_len, frame bytes) of a classic pcap; returns the link type first."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0xa1b2c3d4:
        endian, scale = "<", 1
    elif magic == 0xd4c3b2a1:
        endian, scale = ">", 1
    elif magic == 0xa1b23c4d:
        endian, scale = "<", 1000
    elif magic == 0x4d3cb2a1:
        endian, scale = ">", 1000
    else:
        raise SystemExit("%s: not a classic pcap" % path)
    link = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    records = []
    while off < len(data):
        if off + 16 > len(data):
            raise SystemExit("%s: record header cut short at byte %d" % (path, off))
        sec, frac, incl, orig = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        if off + incl > len(data):
            raise SystemExit("%s: record cut short at byte %d" % (path, off))
        ts = sec * 1_000_000 + frac // scale
        records.append((ts, orig, data[off:off + incl]))
        off += incl
    return link, records


def ip4(b):
    return "%d.%d.%d.%d" % tuple(b)


def describe(args):
    link, records = read_pcap(args.pcap)
    if link != 1:
        raise SystemExit("%s: link type %d, expected Ethernet" % (args.pcap, link))
    clients = set(args.clients.split(","))
    servers = {}
    for s in args.server:
        addr, _, port = s.rpartition(":")
        servers.setdefault(addr, set()).add(int(port))
    problems = []
    connections = set()
    seen_clients = set()
    up = down = 0
    for n, (ts, orig, frame) in enumerate(records, 1):
        ethertype = struct.unpack("!H", frame[12:14])[0]
        if ethertype != 0x0800:
            problems.append("frame %d: ethertype %04x" % (n, ethertype))
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        if ip[9] != 6:
            problems.append("frame %d: IP protocol %d, not TCP" % (n, ip[9]))
            continue
        src, dst = ip4(ip[12:16]), ip4(ip[16:20])
        sport, dport = struct.unpack("!HH", ip[ihl:ihl + 4])
        flags = ip[ihl + 13]
        if src in clients and dport in servers.get(dst, ()):
            up += 1
            seen_clients.add(src)
            if flags & 0x12 == 0x02:   # SYN without ACK: a connection opened by the client
                connections.add((src, sport, dst, dport, ts))
        elif dst in clients and sport in servers.get(src, ()):
            down += 1
        else:
            problems.append("frame %d: %s:%d > %s:%d is not client-server traffic" % (n, src, sport, dst, dport))
    if problems:
        raise SystemExit("%s: %d unexpected packets, e.g. %s" % (args.pcap, len(problems), "; ".join(problems[:5])))
    if not records:
        raise SystemExit("%s: no packets" % args.pcap)
    missing = clients - seen_clients
    if missing:
        raise SystemExit("%s: no traffic from clients %s" % (args.pcap, ", ".join(sorted(missing))))
    largest = max(r[1] for r in records)
    if largest > 1514:
        raise SystemExit("%s: a frame of %d bytes: segmentation offload was on" % (args.pcap, largest))
    first, last = records[0][0], records[-1][0]
    entry = {
        "file": os.path.basename(args.pcap),
        "transport": args.transport,
        "role": args.role,
        "options": json.loads(args.options),
        "seed": args.seed,
        "clients": sorted(clients, key=lambda a: tuple(int(x) for x in a.split("."))),
        "client_subnet": args.client_subnet,
        "servers": [{"address": a, "ports": sorted(p)} for a, p in sorted(servers.items())],
        "capture_point": args.capture_point,
        "link_type": "ethernet",
        "packets": len(records),
        "packets_client_to_server": up,
        "packets_server_to_client": down,
        "tcp_connections": len(connections),
        "first_timestamp_us": first,
        "last_timestamp_us": last,
        "duration_s": round((last - first) / 1e6, 6),
        "file_bytes": os.path.getsize(args.pcap),
        "wire_bytes": sum(r[1] for r in records),
        "largest_frame_bytes": largest,
        "dropped_by_kernel": args.dropped,
        "workload": json.load(open(args.workload)),
        "shaping": json.load(open(args.shaping)),
        "packages": json.load(open(args.packages)),
    }
    entry["workload"].pop("errors", None)
    entry["attempts"] = args.attempts
    if args.attempts_note:
        entry["attempts_note"] = args.attempts_note
    print(json.dumps(entry, indent=2))


def manifest(args):
    lab = json.load(open(args.lab))
    entries = [json.load(open(p)) for p in args.entry]
    lab["captures"] = entries
    print(json.dumps(lab, indent=2))


def main(argv):
    p = argparse.ArgumentParser(prog="lab.py")
    sub = p.add_subparsers(dest="cmd", required=True)

    o = sub.add_parser("objects")
    o.add_argument("--seed", type=int, required=True)
    o.add_argument("--dir", required=True)

    d = sub.add_parser("drive")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--duration", type=float, required=True)
    d.add_argument("--mode", choices=["obfs4", "ss", "direct"], required=True)
    d.add_argument("--client", action="append", required=True, help="NS or NS:SOCKSPORT")
    d.add_argument("--target", required=True, help="address[:port] the clients' requests go to")
    d.add_argument("--proxy-user", help="SOCKS5 user:password (obfs4 bridge arguments)")
    d.add_argument("--objects", required=True)
    d.add_argument("--log", required=True)
    d.add_argument("--budget", type=float, default=0.6e6, help="object bytes of all clients together")
    d.add_argument("--parallel", type=int, default=4, help="connections at once per page")
    d.add_argument("--max-pages", type=int, default=60, help="visits per client at most")
    d.add_argument("--request-timeout", type=int, default=30)

    e = sub.add_parser("describe")
    e.add_argument("--pcap", required=True)
    e.add_argument("--transport", required=True)
    e.add_argument("--role", required=True)
    e.add_argument("--options", default="{}")
    e.add_argument("--seed", type=int, required=True)
    e.add_argument("--clients", required=True)
    e.add_argument("--client-subnet", required=True)
    e.add_argument("--server", action="append", required=True, help="address:port")
    e.add_argument("--capture-point", required=True)
    e.add_argument("--dropped", type=int, required=True)
    e.add_argument("--workload", required=True)
    e.add_argument("--shaping", required=True)
    e.add_argument("--packages", required=True)
    e.add_argument("--attempts", type=int, default=1)
    e.add_argument("--attempts-note", default="")

    m = sub.add_parser("manifest")
    m.add_argument("--lab", required=True)
    m.add_argument("entry", nargs="+")

    args = p.parse_args(argv)
    if args.cmd == "objects":
        make_objects(args.seed, args.dir)
    elif args.cmd == "drive":
        return drive(args)
    elif args.cmd == "describe":
        describe(args)
    else:
        manifest(args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
