#!/usr/bin/env bash
# CovertMark capture lab: makes the sample captures of covertmark-examples/samples from real
# implementations of the transports, inside network namespaces of its own.
#
#   sudo covertmark-examples/capture-lab/run.sh [--seed N] [--out DIR] [--duration S] [--keep-work]
#
# As root on Debian 12 it installs what it needs from Debian's packages, builds a small network of
# namespaces joined by veth pairs and bridges, browses a seeded workload through obfs4 (iat-mode 0,
# 1 and 2, run as a Tor pluggable transport), shadowsocks-libev (AEAD ciphers) and plain HTTPS/HTTP,
# captures each with tcpdump and writes the captures and manifest.json to DIR. Traffic never leaves
# the lab's namespaces; every process it starts is bounded in time and stopped at the end, and every
# namespace removed, also when interrupted.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SEED=1
OUT="$HERE/../samples"
DURATION=140
KEEP_WORK=0
PREFIX=cmlab

usage() {
  cat <<EOF
usage: sudo $0 [--seed N] [--out DIR] [--duration SECONDS] [--keep-work]

Makes the sample captures (obfs4 iat-mode 0/1/2 and a recall capture, shadowsocks-libev and a
recall capture, HTTPS/HTTP from several clients) and manifest.json in DIR.

  --seed N          seed of the web objects and of the browsing workload (default 1)
  --out DIR         where the captures and manifest.json go (default: covertmark-examples/samples)
  --duration S      seconds of browsing per capture (default 140; under 120 gives captures too
                    short for the samples' 60-second windows)
  --keep-work       keep the work directory (logs, keys, web objects) instead of removing it
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) SEED=${2:?--seed needs a number}; shift 2 ;;
    --out) OUT=${2:?--out needs a directory}; shift 2 ;;
    --duration) DURATION=${2:?--duration needs seconds}; shift 2 ;;
    --keep-work) KEEP_WORK=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$SEED" =~ ^[0-9]+$ ]] || { echo "--seed must be a whole number" >&2; exit 2; }
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -ge 20 && "$DURATION" -le 900 ]] \
  || { echo "--duration must be 20 to 900 seconds" >&2; exit 2; }
[[ $EUID -eq 0 ]] || { echo "run as root (network namespaces, tcpdump, apt-get)" >&2; exit 1; }

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ------------------------------------------------------------------------------------------------
# clean-up: every namespace made, every process started, the work directory

NAMESPACES=()
SPAWNED=()
WORK=""
POLICY_RC=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  local pid ns
  for pid in "${SPAWNED[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  for ns in "${NAMESPACES[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null; done
  done
  for _ in $(seq 1 25); do    # up to 5 s for them to go
    local left=0
    for ns in "${NAMESPACES[@]}"; do [[ -n "$(ip netns pids "$ns" 2>/dev/null)" ]] && left=1; done
    for pid in "${SPAWNED[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
    [[ $left -eq 0 ]] && break
    sleep 0.2
  done
  for pid in "${SPAWNED[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  for ns in "${NAMESPACES[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  done
  wait 2>/dev/null
  for ns in "${NAMESPACES[@]}"; do ip netns delete "$ns" 2>/dev/null; done
  [[ -n "$POLICY_RC" ]] && rm -f "$POLICY_RC"
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ $KEEP_WORK -eq 1 ]]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
  fi
  [[ $status -ne 0 ]] && log "stopped (status $status); namespaces and processes removed"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# spawn NAME NS LIMIT CMD...: runs CMD in namespace NS in a process group of its own, killed after
# LIMIT seconds at the latest; output in $WORK/log/NAME.out and .err; sets SPAWN_PID.
spawn() {
  local name=$1 ns=$2 limit=$3
  shift 3
  setsid ip netns exec "$ns" timeout -k 5 "$limit" "$@" \
    >"$WORK/log/$name.out" 2>"$WORK/log/$name.err" </dev/null &
  SPAWN_PID=$!
  SPAWNED+=("$SPAWN_PID")
}

# stop PID: ends a spawned process group, waiting up to 5 s before killing it.
stop() {
  local pid=$1 signal=${2:-TERM}
  kill "-$signal" -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# wait_until SECONDS WHAT CMD...: polls CMD every 0.2 s for at most SECONDS.
wait_until() {
  local limit=$1 what=$2
  shift 2
  local i
  for ((i = 0; i < limit * 5; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "$what: not ready after ${limit}s"
}

# ------------------------------------------------------------------------------------------------
# packages

PACKAGES=(obfs4proxy shadowsocks-libev tcpdump nginx openssl curl iproute2 ethtool python3)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing ${missing[*]}"
  # Keep the packages' own services (nginx on port 80, a shadowsocks server) from starting.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    POLICY_RC=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC"
    chmod 755 "$POLICY_RC"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ -n "$POLICY_RC" ]]; then rm -f "$POLICY_RC"; POLICY_RC=""; fi
fi
for c in obfs4proxy ss-server ss-local tcpdump nginx openssl curl ip tc ethtool python3 setsid timeout; do
  command -v "$c" >/dev/null || die "$c not found after installing"
done

for ns in $(ip netns list | awk '{print $1}'); do
  [[ "$ns" == "$PREFIX"-* ]] && die "namespace $ns exists: another lab is running, or remove it (ip netns delete $ns)"
done

WORK=$(mktemp -d /tmp/covertmark-lab.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/log" "$WORK/pcap" "$WORK/meta" "$WORK/state"
log "work directory $WORK"

version() { dpkg-query -W -f='${Version}' "$1"; }
python3 - "$WORK/packages.json" <<EOF
import json, sys
json.dump({"obfs4proxy": "$(version obfs4proxy)", "shadowsocks-libev": "$(version shadowsocks-libev)",
           "nginx": "$(version nginx)", "openssl": "$(version openssl)", "libssl3": "$(version libssl3)",
           "curl": "$(version curl)", "tcpdump": "$(version tcpdump)", "libpcap0.8": "$(version libpcap0.8)",
           "iproute2": "$(version iproute2)", "kernel": "$(uname -r)",
           "debian": "$(cat /etc/debian_version 2>/dev/null || echo unknown)"}, open(sys.argv[1], "w"), indent=1)
EOF

# ------------------------------------------------------------------------------------------------
# network
#
#   clients  cmlab-c1..c3  10.1.0.11-13   } bridge brc 10.1.0.1/24 ┐
#   recall   cmlab-r1..r3  10.1.0.21-23   }                         │ router cmlab-rt
#   ordinary cmlab-n1..n4  10.3.0.11-14     bridge brn 10.3.0.1/24 ┤ (captures on brc and brn)
#   proxy    cmlab-px      10.2.0.1       } bridge brs 10.2.0.254/24┘
#   web      cmlab-web     10.2.0.2       }

RT=$PREFIX-rt
OFFLOAD_FAILURES=()

new_ns() {
  ip netns add "$1"
  NAMESPACES+=("$1")
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$1" link set lo up
}

# offloads_off NS DEV: segments on the wire size (no TSO/GSO/GRO; checksums filled in).
offloads_off() {
  local f
  for f in tso gso gro tx; do
    ip netns exec "$1" ethtool -K "$2" "$f" off >/dev/null 2>&1 || OFFLOAD_FAILURES+=("$1/$2:$f")
  done
  local k
  for k in tcp-segmentation-offload generic-segmentation-offload generic-receive-offload; do
    ip netns exec "$1" ethtool -k "$2" | grep -q "^$k: off" || OFFLOAD_FAILURES+=("$1/$2:$k-still-on")
  done
}

SHAPING=none
probe_shaping() {
  if ip netns exec "$RT" tc qdisc add dev lo root netem delay 1ms 2>/dev/null; then
    ip netns exec "$RT" tc qdisc del dev lo root
    SHAPING=netem
  elif ip netns exec "$RT" tc qdisc add dev lo root tbf rate 1mbit burst 8kb latency 100ms 2>/dev/null; then
    ip netns exec "$RT" tc qdisc del dev lo root
    SHAPING=tbf
  fi
}

DOWN_RATE=8mbit
UP_RATE=2mbit
DELAY=20ms
# shape NS DEV RATE: the egress of DEV in NS
shape() {
  case "$SHAPING" in
    netem) ip netns exec "$1" tc qdisc add dev "$2" root netem delay "$DELAY" rate "$3" limit 1000 ;;
    tbf) ip netns exec "$1" tc qdisc add dev "$2" root tbf rate "$3" burst 16kb latency 300ms ;;
    none) ;;
  esac
}

# host NAME ADDRESS/LEN GATEWAY BRIDGE [shaped]
host() {
  local ns=$PREFIX-$1 port=p-$1
  new_ns "$ns"
  ip link add eth0 netns "$ns" mtu 1500 type veth peer name "$port" netns "$RT" mtu 1500
  ip -n "$ns" addr add "$2" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$3"
  ip -n "$RT" link set "$port" master "$4" up
  offloads_off "$ns" eth0
  offloads_off "$RT" "$port"
  if [[ "${5:-}" == shaped ]]; then
    shape "$ns" eth0 "$UP_RATE"      # uplink
    shape "$RT" "$port" "$DOWN_RATE" # downlink
  fi
}

log "building the network"
new_ns "$RT"
ip netns exec "$RT" sysctl -qw net.ipv4.ip_forward=1
for br in brc:10.1.0.1/24 brn:10.3.0.1/24 brs:10.2.0.254/24; do
  ip -n "$RT" link add "${br%%:*}" type bridge
  ip -n "$RT" link set "${br%%:*}" mtu 1500 up
  ip -n "$RT" addr add "${br#*:}" dev "${br%%:*}"
  offloads_off "$RT" "${br%%:*}"
done
probe_shaping
log "link shaping: $SHAPING"
CLIENTS=(c1:10.1.0.11 c2:10.1.0.12 c3:10.1.0.13)
RECALL=(r1:10.1.0.21 r2:10.1.0.22 r3:10.1.0.23)
ORDINARY=(n1:10.3.0.11 n2:10.3.0.12 n3:10.3.0.13 n4:10.3.0.14)
for h in "${CLIENTS[@]}" "${RECALL[@]}"; do host "${h%%:*}" "${h#*:}/24" 10.1.0.1 brc shaped; done
for h in "${ORDINARY[@]}"; do host "${h%%:*}" "${h#*:}/24" 10.3.0.1 brn shaped; done
host px 10.2.0.1/24 10.2.0.254 brs
host web 10.2.0.2/24 10.2.0.254 brs
PX=$PREFIX-px
WEB=$PREFIX-web

if [[ ${#OFFLOAD_FAILURES[@]} -gt 0 ]]; then log "offloads that could not be turned off: ${OFFLOAD_FAILURES[*]}"; fi
python3 - "$WORK/shaping.json" "$SHAPING" "$DOWN_RATE" "$UP_RATE" "$DELAY" "${OFFLOAD_FAILURES[*]:-}" <<'EOF'
import json, sys
out, kind, down, up, delay, failures = sys.argv[1:]
s = {"qdisc": kind, "mtu": 1500, "offloads_off": ["tso", "gso", "gro", "tx-checksumming"],
     "offloads_not_changed": failures.split() if failures else []}
if kind == "netem":
    s.update(downlink="netem delay %s rate %s" % (delay, down), uplink="netem delay %s rate %s" % (delay, up),
             added_delay_ms_each_way=int(delay.rstrip("ms")) * 2)
elif kind == "tbf":
    s.update(downlink="tbf rate %s burst 16kb latency 300ms" % down, uplink="tbf rate %s burst 16kb latency 300ms" % up,
             added_delay_ms_each_way=0, note="netem is not available in this kernel: rate limits only, no added delay")
else:
    s.update(note="neither netem nor tbf is available: links are not shaped")
json.dump(s, open(out, "w"), indent=1)
EOF

# ------------------------------------------------------------------------------------------------
# web server: TLS 1.2 and 1.3 on 443, HTTP on 80, objects of a seeded generator

log "making web objects and a self-signed certificate"
python3 "$HERE/lab.py" objects --seed "$SEED" --dir "$WORK/www" >&2
chmod -R a+rX "$WORK/www"
mkdir -p "$WORK/tls" "$WORK/nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=www.lab.test" \
  -addext "subjectAltName=DNS:www.lab.test,DNS:static.lab.test,DNS:img.lab.test,DNS:cdn.lab.test" \
  -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" 2>/dev/null
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
user nobody nogroup;
pid $WORK/nginx/nginx.pid;
error_log $WORK/log/nginx-error.log warn;
events { worker_connections 512; }
http {
  types { text/html html; text/css css; application/javascript js; image/png png;
          image/jpeg jpg; image/webp webp; video/mp4 mp4; application/json json; }
  default_type application/octet-stream;
  access_log $WORK/log/nginx-access.log;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  sendfile on;
  keepalive_timeout 15s;
  server {
    listen 10.2.0.2:80;
    listen 10.2.0.2:443 ssl http2;
    server_name _;
    ssl_certificate $WORK/tls/cert.pem;
    ssl_certificate_key $WORK/tls/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $WORK/www;
  }
}
EOF
ALL_LIMIT=$((DURATION * 8 + 600))   # the whole lab, at the latest
ip netns exec "$WEB" nginx -e "$WORK/log/nginx-error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -t 2>/dev/null \
  || die "nginx configuration: $(ip netns exec "$WEB" nginx -e "$WORK/log/nginx-error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -t 2>&1)"
spawn nginx "$WEB" "$ALL_LIMIT" nginx -e "$WORK/log/nginx-error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;'
listening() { ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .; }
wait_until 10 "nginx" listening "$WEB" 443
wait_until 10 "nginx" listening "$WEB" 80
ip netns exec "$PREFIX-n1" curl -sfk --max-time 5 -o /dev/null https://10.2.0.2/index.json \
  || die "the web server does not answer"

# ------------------------------------------------------------------------------------------------
# captures

STEP_LIMIT=$((DURATION + 120))   # any one capture's processes, at the latest
ENTRIES=()

# start_tcpdump NAME BRIDGE: starts tcpdump on BRIDGE of the router, sets TCPDUMP_PID
start_tcpdump() {
  spawn "tcpdump-$1" "$RT" "$STEP_LIMIT" tcpdump -i "$2" -n -U -Z root -s 0 -w "$WORK/pcap/$1.pcap" ip
  TCPDUMP_PID=$SPAWN_PID
  wait_until 10 "tcpdump on $2" grep -q "listening on" "$WORK/log/tcpdump-$1.err"
}

# stop_tcpdump NAME: stops tcpdump, returns the packets the kernel dropped in DROPPED
stop_tcpdump() {
  sleep 2
  stop "$TCPDUMP_PID" TERM
  DROPPED=$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' "$WORK/log/tcpdump-$1.err")
  [[ -n "$DROPPED" ]] || die "tcpdump for $1 did not report its statistics"
  [[ "$DROPPED" -eq 0 ]] || log "warning: tcpdump dropped $DROPPED packets of $1"
}

# drive NAME SEED MODE TARGET CLIENT... [-- proxy-user]: runs the workload, bounded; fails (status 1)
# when too many requests failed
drive() {
  local name=$1 seed=$2 mode=$3 target=$4
  shift 4
  local args=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do args+=(--client "$1"); shift; done
  [[ "${1:-}" == "--" ]] && args+=(--proxy-user "$2")
  log "$name: browsing for ${DURATION}s through $mode"
  # in the background, so that a signal to this script is handled at once
  timeout -k 5 "$((DURATION + 90))" python3 "$HERE/lab.py" drive --seed "$seed" --duration "$DURATION" \
    --mode "$mode" --target "$target" --objects "$WORK/www" --log "$WORK/log/requests-$name.tsv" "${args[@]}" \
    >"$WORK/meta/$name.workload.json" 2>"$WORK/log/drive-$name.err" &
  local pid=$!
  SPAWNED+=("$pid")
  if ! wait "$pid"; then
    log "$name: the workload failed: $(cat "$WORK/meta/$name.workload.json" "$WORK/log/drive-$name.err" | head -c 600)"
    return 1
  fi
  log "$name: $(cat "$WORK/meta/$name.workload.json")"
}

# describe NAME TRANSPORT ROLE OPTIONS SEED CLIENTS SUBNET BRIDGE SERVER...: the manifest entry
# (ATTEMPTS and ATTEMPTS_NOTE, when set, say why a capture was made more than once)
describe() {
  local name=$1 transport=$2 role=$3 options=$4 seed=$5 clients=$6 subnet=$7 bridge=$8
  shift 8
  local servers=()
  for s in "$@"; do servers+=(--server "$s"); done
  python3 "$HERE/lab.py" describe --pcap "$WORK/pcap/$name.pcap" --transport "$transport" --role "$role" \
    --options "$options" --seed "$seed" --clients "$clients" --client-subnet "$subnet" "${servers[@]}" \
    --capture-point "bridge $bridge of the router namespace (all traffic of the clients' subnet)" \
    --dropped "$DROPPED" --workload "$WORK/meta/$name.workload.json" --shaping "$WORK/shaping.json" \
    --packages "$WORK/packages.json" --attempts "${ATTEMPTS:-1}" --attempts-note "${ATTEMPTS_NOTE:-}" \
    >"$WORK/meta/$name.entry.json"
  ENTRIES+=("$WORK/meta/$name.entry.json")
  local tcpdump_count
  tcpdump_count=$(tcpdump -r "$WORK/pcap/$name.pcap" -n 2>/dev/null | wc -l)
  python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); assert e["packets"]==int(sys.argv[2]), (e["packets"], sys.argv[2])' \
    "$WORK/meta/$name.entry.json" "$tcpdump_count" || die "$name: packet counts of lab.py and tcpdump differ"
  log "$name: $tcpdump_count packets, $(stat -c %s "$WORK/pcap/$name.pcap") bytes"
}

hosts_of() { local h out=(); for h in "$@"; do out+=("${h#*:}"); done; (IFS=,; echo "${out[*]}"); }
names_of() { local h; for h in "$@"; do echo "${h%%:*}"; done; }

# obfs4 NAME IAT SEED PORT ROLE HOSTS...: a fresh bridge (new keys) and a client per host.
# obfs4proxy 0.0.14 panics ("BUG: Write(), iat length was 0") in iat-mode 2 when the length table
# drawn from its seed holds a zero; when one of its processes does, the capture is made again with a
# new bridge, at most OBFS4_ATTEMPTS times.
OBFS4_ATTEMPTS=4
obfs4() {
  local name=$1 iat=$2 seed=$3 port=$4 role=$5
  shift 5
  local hosts=("$@") attempt panicked=0
  ATTEMPTS_NOTE=""
  for ((attempt = 1; attempt <= OBFS4_ATTEMPTS; attempt++)); do
    if obfs4_attempt "$name" "$iat" "$seed" "$port" "$attempt" "${hosts[@]}"; then
      ATTEMPTS=$attempt
      if [[ $attempt -gt 1 ]]; then
        ATTEMPTS_NOTE="obfs4proxy panicked ('BUG: Write(), iat length was 0') in $panicked earlier attempt(s); each attempt has a new bridge and keys"
      fi
      describe "$name" obfs4 "$role" "{\"iat_mode\": $iat}" "$seed" "$(hosts_of "${hosts[@]}")" 10.1.0.0/24 brc \
        "10.2.0.1:$port"
      ATTEMPTS=1
      ATTEMPTS_NOTE=""
      return 0
    fi
    grep -qs "^panic: BUG: Write(), iat length was 0" "$WORK/log/$name-a$attempt-"*.err \
      || die "$name: failed, and not by the known obfs4proxy panic"
    panicked=$((panicked + 1))
    log "$name: obfs4proxy panicked (its known iat-mode 2 fault); again with a new bridge"
    rm -f "$WORK/pcap/$name.pcap"
  done
  die "$name: obfs4proxy panicked in all $OBFS4_ATTEMPTS attempts"
}

# obfs4_attempt NAME IAT SEED PORT ATTEMPT HOSTS...: one try of a capture; status 1 if the workload failed
obfs4_attempt() {
  local name=$1 iat=$2 seed=$3 port=$4 attempt=$5
  shift 5
  local hosts=("$@") tag="$name-a$attempt" state="$WORK/state/$name-a$attempt" h pids=() status=0
  mkdir -p "$state/server"
  log "$name: obfs4 bridge 10.2.0.1:$port, iat-mode $iat, new keys"
  spawn "$tag-server" "$PX" "$STEP_LIMIT" env TOR_PT_MANAGED_TRANSPORT_VER=1 \
    TOR_PT_STATE_LOCATION="$state/server" TOR_PT_SERVER_TRANSPORTS=obfs4 \
    TOR_PT_SERVER_BINDADDR="obfs4-10.2.0.1:$port" TOR_PT_ORPORT=10.2.0.2:443 \
    TOR_PT_SERVER_TRANSPORT_OPTIONS="obfs4:iat-mode=$iat" \
    bash -c "sleep $STEP_LIMIT | exec obfs4proxy -enableLogging -logLevel WARN"
  pids+=("$SPAWN_PID")
  wait_until 15 "obfs4 server" grep -q "^SMETHODS DONE" "$WORK/log/$tag-server.out"
  grep -q "^SMETHOD obfs4 10.2.0.1:$port " "$WORK/log/$tag-server.out" \
    || die "obfs4 server: $(cat "$WORK/log/$tag-server.out" "$WORK/log/$tag-server.err")"
  local cert
  cert=$(sed -n 's/.* cert=\([^ ]*\) iat-mode=.*/\1/p' "$state/server/obfs4_bridgeline.txt" | tail -1)
  [[ "$cert" =~ ^[A-Za-z0-9+/]+$ ]] || die "obfs4 server: no cert in its bridge line"
  local clients=()
  for h in $(names_of "${hosts[@]}"); do
    mkdir -p "$state/$h"
    spawn "$tag-$h" "$PREFIX-$h" "$STEP_LIMIT" env TOR_PT_MANAGED_TRANSPORT_VER=1 \
      TOR_PT_STATE_LOCATION="$state/$h" TOR_PT_CLIENT_TRANSPORTS=obfs4 \
      bash -c "sleep $STEP_LIMIT | exec obfs4proxy"
    pids+=("$SPAWN_PID")
    wait_until 15 "obfs4 client in $h" grep -q "^CMETHODS DONE" "$WORK/log/$tag-$h.out"
    local socks
    socks=$(sed -n 's/^CMETHOD obfs4 socks5 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$WORK/log/$tag-$h.out")
    [[ -n "$socks" ]] || die "obfs4 client in $h: $(cat "$WORK/log/$tag-$h.out")"
    clients+=("$PREFIX-$h:$socks")
  done
  start_tcpdump "$name" brc
  # goptlib joins the SOCKS5 user name and password into the bridge arguments
  drive "$name" "$seed" obfs4 "10.2.0.1:$port" "${clients[@]}" -- "cert=$cert;iat-mode=:$iat" || status=1
  stop_tcpdump "$name"
  for pid in "${pids[@]}"; do stop "$pid"; done
  if grep -qs "^panic:" "$WORK/log/$tag-"*.err; then status=1; fi
  return "$status"
}

# shadowsocks NAME CIPHER SEED PORT ROLE HOSTS...: a server with a new password, ss-local per host
shadowsocks() {
  local name=$1 cipher=$2 seed=$3 port=$4 role=$5
  shift 5
  local hosts=("$@") h pids=() password
  password=$(openssl rand -base64 24)
  log "$name: shadowsocks-libev server 10.2.0.1:$port, $cipher, new password"
  spawn "$name-server" "$PX" "$STEP_LIMIT" ss-server -s 10.2.0.1 -p "$port" -k "$password" -m "$cipher" -t 60
  pids+=("$SPAWN_PID")
  wait_until 10 "ss-server" listening "$PX" "$port"
  local clients=()
  for h in $(names_of "${hosts[@]}"); do
    spawn "$name-$h" "$PREFIX-$h" "$STEP_LIMIT" ss-local -s 10.2.0.1 -p "$port" -b 127.0.0.1 -l 1080 \
      -k "$password" -m "$cipher" -t 60
    pids+=("$SPAWN_PID")
    wait_until 10 "ss-local in $h" listening "$PREFIX-$h" 1080
    clients+=("$PREFIX-$h:1080")
  done
  start_tcpdump "$name" brc
  drive "$name" "$seed" ss 10.2.0.2 "${clients[@]}" || die "$name: the workload failed"
  stop_tcpdump "$name"
  for pid in "${pids[@]}"; do stop "$pid"; done
  describe "$name" shadowsocks "$role" "{\"cipher\": \"$cipher\"}" "$seed" "$(hosts_of "${hosts[@]}")" 10.1.0.0/24 brc \
    "10.2.0.1:$port"
}

# ordinary NAME SEED HOSTS...: HTTPS (TLS 1.2 and 1.3) and HTTP straight to the web server
ordinary() {
  local name=$1 seed=$2
  shift 2
  local hosts=("$@") clients=() h
  for h in $(names_of "${hosts[@]}"); do clients+=("$PREFIX-$h"); done
  start_tcpdump "$name" brn
  drive "$name" "$seed" direct 10.2.0.2 "${clients[@]}" || die "$name: the workload failed"
  stop_tcpdump "$name"
  describe "$name" https-http negative '{"tls": ["1.2", "1.3"], "http": true}' "$seed" "$(hosts_of "${hosts[@]}")" \
    10.3.0.0/24 brn 10.2.0.2:443 10.2.0.2:80
}

START=$(date +%s)
obfs4 obfs4-iat0 0 "$SEED" 4431 positive "${CLIENTS[@]}"
obfs4 obfs4-iat1 1 "$((SEED + 1))" 4432 positive "${CLIENTS[@]}"
obfs4 obfs4-iat2 2 "$((SEED + 2))" 4433 positive "${CLIENTS[@]}"
obfs4 obfs4-recall 0 "$((SEED + 100))" 4434 recall "${RECALL[@]}"
shadowsocks shadowsocks chacha20-ietf-poly1305 "$((SEED + 3))" 8388 positive "${CLIENTS[@]}"
shadowsocks shadowsocks-recall aes-256-gcm "$((SEED + 101))" 8389 recall "${RECALL[@]}"
ordinary https-http "$((SEED + 4))" "${ORDINARY[@]}"

# ------------------------------------------------------------------------------------------------
# results

python3 - "$WORK/lab.json" "$SEED" "$DURATION" "$START" <<'EOF'
import json, sys, time
out, seed, duration, start = sys.argv[1:]
json.dump({
    "generator": "covertmark-examples/capture-lab/run.sh",
    "command": "sudo covertmark-examples/capture-lab/run.sh --seed %s --duration %s" % (seed, duration),
    "seed": int(seed),
    "duration_s": int(duration),
    "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(start))),
    "network": {
        "clients": "10.1.0.11-13 (positive captures), 10.1.0.21-23 (recall captures): 10.1.0.0/24 behind bridge brc",
        "ordinary_clients": "10.3.0.11-14: 10.3.0.0/24 behind bridge brn",
        "proxy_server": "10.2.0.1 (obfs4proxy server, ss-server)",
        "web_server": "10.2.0.2 (nginx: HTTPS with TLS 1.2 and 1.3 on 443, HTTP on 80; the obfs4 bridges' backend)",
        "router": "a namespace joining the three bridges; each capture is taken on the clients' bridge",
    },
}, open(out, "w"), indent=1)
EOF
mkdir -p "$OUT"
python3 "$HERE/lab.py" manifest --lab "$WORK/lab.json" "${ENTRIES[@]}" >"$WORK/manifest.json"
for e in "${ENTRIES[@]}"; do
  f=$(basename "$e" .entry.json)
  cp "$WORK/pcap/$f.pcap" "$OUT/$f.pcap"
done
cp "$WORK/manifest.json" "$OUT/manifest.json"
log "done in $(( $(date +%s) - START ))s: $(du -ch "$OUT"/*.pcap | tail -1 | cut -f1) of captures and manifest.json in $OUT"
