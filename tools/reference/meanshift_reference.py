#!/usr/bin/python3
"""Reference clusters of TCP payload lengths from scikit-learn's MeanShift, for LengthClustersTest.

Run with Debian's python3 and python3-sklearn (apt-get install python3-sklearn) and tshark:
    /usr/bin/python3 tools/reference/meanshift_reference.py > \
        covertmark-analytics/src/test/resources/reference/meanshift.json
Lengths are tshark's tcp.len of every TCP packet (per-packet mode), at most 1300 bytes; clusters are
ordered by packet count, most first, ties by centre.
"""
import json
import subprocess
import sys

import numpy as np
import sklearn
from sklearn.cluster import MeanShift

CAPTURES = ["tor.pcap", "shadowsocks.pcap", "psiphon3.pcap", "http-packets2.pcap", "ultrasurf.pcap"]
BANDWIDTHS = [1, 2, 3, 5, 10]


def lengths(capture):
    out = subprocess.run(
        ["tshark", "-n", "-r", "data/public/" + capture, "-o", "tcp.desegment_tcp_streams:FALSE",
         "-o", "ip.defragment:FALSE", "-Y", "tcp", "-T", "fields", "-e", "tcp.len"],
        capture_output=True, text=True, check=True).stdout.split()
    return [int(x) for x in out if int(x) <= 1300]


cases = []
for capture in CAPTURES:
    values = lengths(capture)
    x = np.array(values, dtype=float).reshape(-1, 1)
    for bw in BANDWIDTHS:
        ms = MeanShift(bandwidth=bw, bin_seeding=True).fit(x)
        clusters = []
        for label, centre in enumerate(ms.cluster_centers_[:, 0]):
            members = sorted({v for v, l in zip(values, ms.labels_) if l == label})
            n = int(np.sum(ms.labels_ == label))
            if n:
                clusters.append({"lengths": members, "packets": n, "centre": float(centre)})
        clusters.sort(key=lambda c: (-c["packets"], c["centre"]))
        cases.append({"capture": capture, "bandwidth": bw, "values": len(values), "clusters": clusters})

json.dump({"source": "scikit-learn %s MeanShift(bandwidth, bin_seeding=True)" % sklearn.__version__,
           "cases": cases}, sys.stdout, indent=1)
