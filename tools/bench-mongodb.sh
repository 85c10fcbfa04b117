#!/usr/bin/env bash
# Measures the MongoDB trace store from the command line: import throughput, and one strategy run
# on stored traces (trace:ID) against the same run parsing the captures again.
#
#   tools/bench-mongodb.sh [MONGODB_URI]
#
# Without a URI it starts the in-process MongoDB wire-protocol server the tests use
# (mongo-java-server) on a free loopback port and stops it afterwards. The captures are sample
# captures repeated BENCH_REPEAT times (default 40; tls2.pcap x 40 = 298,040 packets, 114 MB).
# Each run is timed BENCH_RUNS times (default 3) and the median is reported. Work files go to
# BENCH_DIR (default: a new temporary folder). BENCH_BATCHES="250 1000 4000" also times the import
# with each of those bulk-insert batch sizes (covertmark.mongodb.importBatch).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
repeat="${BENCH_REPEAT:-40}"
runs="${BENCH_RUNS:-3}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"

# Builds the application if needed.
./covertmark --version > /dev/null 2> "$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
java tools/RepeatCapture.java data/public/tls2.pcap "$work/https.pcap" "$repeat"
java tools/RepeatCapture.java data/public/tor.pcap "$work/tor.pcap" "$repeat"

server=""
if [ $# -ge 1 ]; then
  uri="$1"
  where="$1"
else
  mvn -q -B -Dstyle.color=never dependency:build-classpath -pl covertmark-store-mongodb -Dmdep.includeScope=test \
      -Dmdep.outputFile="$work/classpath.txt" > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
  cp="$(tr ':' '\n' < "$work/classpath.txt" | grep -E 'bwaldvogel|netty|slf4j' | paste -sd: -)"
  port=27100
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  java -Xms4g -Xmx4g -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=error tools/InProcessMongo.java "$port" \
      > "$work/server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
  uri="mongodb://127.0.0.1:$port/covertmark_bench"
  where="mongo-java-server 1.46 (in-process MongoDB wire-protocol server, memory backend) on 127.0.0.1:$port"
fi

timed() { # timed VAR COMMAND...: runs the command, output discarded, and sets VAR to its wall-clock seconds
  local var=$1 start end
  shift
  start=$(date +%s.%N)
  if ! "$@" > "$work/out.txt" 2> "$work/err.txt"; then
    echo "failed: $*" >&2
    cat "$work/err.txt" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  printf -v "$var" '%s' "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')"
}
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(java -version 2>&1 | head -1)"
echo "store: $where"
echo

timed import_s ./covertmark import "$work/https.pcap" --client 192.168.0.17 --description "https x$repeat" --store "$uri"
negative=$(cat "$work/out.txt")
echo "import https.pcap ($(grep -o 'stored [0-9]* packets' "$work/err.txt")): ${import_s} s for the command; $(grep -o '([^)]*)' "$work/err.txt" | tail -1) inside it"
timed import_s ./covertmark import "$work/tor.pcap" --client 192.168.1.252 --description "tor x$repeat" --store "$uri"
positive=$(cat "$work/out.txt")
echo "import tor.pcap ($(grep -o 'stored [0-9]* packets' "$work/err.txt")): ${import_s} s for the command; $(grep -o '([^)]*)' "$work/err.txt" | tail -1) inside it"
echo

for b in ${BENCH_BATCHES:-}; do
  JAVA_OPTS="${JAVA_OPTS:-} -Dcovertmark.mongodb.importBatch=$b" timed t ./covertmark import "$work/https.pcap" \
      --client 192.168.0.17 --description "batch $b" --store "$uri"
  echo "  import batch $b: $(grep -o '([^)]*)' "$work/err.txt" | tail -1)"
  timed t ./covertmark delete "$(cat "$work/out.txt")" --store "$uri"
done

rm -rf "$work"/stored-* "$work"/files-*
common=(run --strategy length-clustering --client 192.168.1.252 --negative-client 192.168.0.17)
stored=() files=() filesmongo=()
for i in $(seq 1 "$runs"); do
  timed t ./covertmark "${common[@]}" --positive "trace:$positive" --negative "trace:$negative" --store "$uri" \
      --out "$work/stored-$i"
  stored+=("$t")
  timed t ./covertmark "${common[@]}" --positive "$work/tor.pcap" --negative "$work/https.pcap" \
      --out "$work/files-$i"
  files+=("$t")
  timed t ./covertmark "${common[@]}" --positive "$work/tor.pcap" --negative "$work/https.pcap" --store "$uri" \
      --out "$work/files-mongo-$i"
  filesmongo+=("$t")
done
s=$(echo "${stored[*]}" | median)
f=$(echo "${files[*]}" | median)
fm=$(echo "${filesmongo[*]}" | median)
echo "run --strategy length-clustering, median of $runs (seconds, whole command):"
echo "  --positive trace:$positive --negative trace:$negative --store MONGODB:  $s   (${stored[*]})"
echo "  --positive tor.pcap --negative https.pcap --store MONGODB:            $fm   (${filesmongo[*]})"
echo "  --positive tor.pcap --negative https.pcap (memory: store):            $f   (${files[*]})"
awk -v s="$s" -v f="$f" -v fm="$fm" 'BEGIN {
  printf "speed-up of trace:ID over re-parsing into the same MongoDB store: %.1fx\n", fm / s
  printf "speed-up of trace:ID over re-parsing into the memory: store:      %.2fx\n", f / s }'
