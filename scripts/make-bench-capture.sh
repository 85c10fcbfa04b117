#!/usr/bin/env bash
# Writes the synthetic benchmark capture that 'covertmark bench' measures on.
# Usage: scripts/make-bench-capture.sh [OUT] [SIZE]
#   OUT   default /tmp/covertmark-bench/bench-1g.pcap (keep it out of the repository)
#   SIZE  default 1g (also e.g. 200m); seed 1, so the same SIZE always gives the same bytes
# Then: ./covertmark bench OUT --markdown
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/covertmark-bench/bench-1g.pcap}"
size="${2:-1g}"
mkdir -p "$(dirname "$out")"
exec "$root/covertmark" bench --generate "$out" --size "$size" --seed 1
