#!/usr/bin/env bash
# tshark-oracle-extra.sh - per-frame facts that tshark-oracle.sh leaves out, for the parse tests.
#
# Usage: tshark-oracle-extra.sh CAPTURE
#
# One TAB-separated line per frame, header first, in tshark's per-packet mode (no reassembly):
#   frame        frame number (1-based, as tshark numbers them)
#   tls_lengths  lengths of every TLS record tshark dissected, in order, comma-separated
#   tls_opaque   TLS 1.3 opaque record types (tshark names them tls.record.opaque_type, so the main
#                oracle's tls_types column omits them), comma-separated
#   undissected  1 if tshark's TCP analysis took the segment for a retransmission or an
#                out-of-order segment: tshark then does not dissect its payload at all
set -u
[ $# -eq 1 ] || { echo "usage: $0 CAPTURE" >&2; exit 64; }
printf '#frame\ttls_lengths\ttls_opaque\tundissected\n'
set -o pipefail
tshark -n -r "$1" -o tcp.relative_sequence_numbers:FALSE -o ip.defragment:FALSE \
    -o ipv6.defragment:FALSE -o tcp.desegment_tcp_streams:FALSE -T fields -E separator=/t \
    -E occurrence=a -E aggregator=, -e frame.number -e tls.record.length -e tls.record.opaque_type \
    -e tcp.analysis.retransmission -e tcp.analysis.fast_retransmission \
    -e tcp.analysis.spurious_retransmission -e tcp.analysis.out_of_order 2> >(grep -v 'Running as user "root"' >&2) |
LC_ALL=C awk -F'\t' 'BEGIN { OFS = "\t" }
{ print $1, $2, $3, (($4 $5 $6 $7) != "" ? 1 : 0) }'
