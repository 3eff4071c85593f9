#!/usr/bin/env bash
# Measures iperf3 TCP throughput through a WireGuard tunnel for two hubs in the same topology and
# the same run, and prints them side by side with the ratio A / B:
#   A) hub = wghub         <-> peer = wireguard-go
#   B) hub = wireguard-go  <-> peer = wireguard-go
# or, with --metrics, wghub against itself with and without its metrics endpoint (ratio on / off):
#   A) hub = wghub, metrics on, scraped every --scrape-interval seconds while traffic flows
#   B) hub = wghub --no-metrics
# The scraper is curl in the hub namespace asking for OpenMetrics as Prometheus does; it shares the
# CPUs with the data path, so its own cost (reading every body) counts against A.
# Not a test: numbers go to docs/performance.md.
#
# Topology (all made here, all removed on exit): two network namespaces joined by a veth pair,
#   hub  namespace: veth 10.201.0.1/24, tunnel 10.202.0.1/24 (MTU 1420), listens on UDP 51820
#   peer namespace: veth 10.201.0.2/24, tunnel 10.202.0.2/24 (MTU 1420), UDP 51821
# Nothing is routed anywhere else: the namespaces have only lo, the veth and the tunnel.
# With --idle-peers N the hub's tunnel address is 10.202.0.1/16 and idle peer i has AllowedIPs
# 10.202.(1 + i/256).(i%256)/32 (inside the address's subnet, so no route each); none ever connects.
#
# For each set-up and run: iperf3 server in the hub namespace, client in the peer namespace,
# --time seconds peer->hub, then the same with -R (hub->peer). Besides throughput it reports the
# hub process's CPU time (utime+stime, all threads) per GB received, as "hub CPU s/GB".
#
# Needs root, iperf3, wireguard-go, wg, ip (and a JDK 21+ and Maven for wghub, as ./wghub does);
# curl for --metrics.
# Usage: bench/iperf-compare.sh [--time N] [--warmup N] [--runs N] [--only wghub|wireguard-go]
#                               [--metrics [--scrape-interval S] [--idle-peers N]]
#   --time N   seconds per direction (default 10)
#   --warmup N seconds of unrecorded traffic each way before measuring (default 5; JIT warm-up)
#   --runs N   repeat both set-ups N times, interleaved (A B A B ...); the table shows medians
#   --only X   run only set-up A (wghub) or B (wireguard-go); not with --metrics
#   --metrics  compare wghub scraped (A) with wghub --no-metrics (B) instead of with wireguard-go
#   --scrape-interval S  seconds between the end of one scrape and the start of the next
#              (default 1; decimals allowed, e.g. 0.2; Prometheus' usual interval is 15-60 s)
#   --idle-peers N  add N idle peers to wghub's config in both set-ups, so that every scrape
#              carries their series (default 0; 10000 for the issue's 10,000-peer scrape)
# Environment: WGHUB_UP_ARGS, extra arguments for every `wghub up` (e.g. --no-offload).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
me=iperf-compare

# Fixed addresses and ports of the contract above.
hub_under=10.201.0.1 peer_under=10.201.0.2
hub_inner=10.202.0.1 peer_inner=10.202.0.2
hub_port=51820 peer_port=51821 iperf_port=5201 mtu=1420

# Names carry our PID: namespaces are global, and so is wireguard-go's UAPI socket directory
# (/var/run/wireguard/IF.sock is not per namespace), so interface names must be unique too.
hub_ns=wgbh-hub-$$ peer_ns=wgbh-peer-$$

# Options
duration=10 runs=1 only= warmup=5 metrics= scrape_interval=1 idle_peers=0
metrics_port=9586
# Prometheus' Accept header: the scraper gets what a Prometheus server would get.
scrape_accept='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
# State for cleanup
work= ns_made=() started=() if_names=() scraper_pid=
# Results: results[setup.dir.metric] = space-separated values, one per run
declare -A results=()
java_version= java_short=

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

die() { echo "$me: $*" >&2; exit 1; }
say() { echo "$me: $*" >&2; }
# For foreground commands only: a shell function run with & is a subshell, so $! would be that
# subshell and not the command. Background commands call `ip netns exec` directly.
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --time) [ $# -ge 2 ] || die "--time needs a value"; duration=$2; shift 2 ;;
      --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
      --warmup) [ $# -ge 2 ] || die "--warmup needs a value"; warmup=$2; shift 2 ;;
      --only) [ $# -ge 2 ] || die "--only needs a value"; only=$2; shift 2 ;;
      --metrics) metrics=1; shift ;;
      --scrape-interval) [ $# -ge 2 ] || die "--scrape-interval needs a value"; scrape_interval=$2; shift 2 ;;
      --idle-peers) [ $# -ge 2 ] || die "--idle-peers needs a value"; idle_peers=$2; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
  done
  [[ $duration =~ ^[1-9][0-9]*$ ]] || die "--time must be a positive whole number of seconds"
  [[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive whole number"
  [ "$runs" -le 99 ] || die "--runs must be at most 99 (it is part of interface names)"
  [[ $scrape_interval =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ ]] && awk -v s="$scrape_interval" 'BEGIN { exit !(s > 0) }' \
    || die "--scrape-interval must be a positive number of seconds"
  [[ $idle_peers =~ ^[0-9]+$ ]] && [ "$idle_peers" -le 60000 ] || die "--idle-peers must be a whole number up to 60000"
  if [ -n "$metrics" ]; then
    [ -z "$only" ] || die "--only does not combine with --metrics (both set-ups are wghub)"
    setups=(won woff)
    return 0
  fi
  [ "$idle_peers" -eq 0 ] || die "--idle-peers needs --metrics"
  case $only in
    '') setups=(wghub wggo) ;;
    wghub) setups=(wghub) ;;
    wireguard-go|wg-go) setups=(wggo) ;;
    *) die "--only takes 'wghub' or 'wireguard-go', not '$only'" ;;
  esac
}

check_prerequisites() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (it creates network namespaces and TUN devices); try: sudo $0${*:+ $*}"
  local missing=() tool
  for tool in iperf3 wireguard-go wg ip ss awk ${metrics:+curl}; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}; install with:" \
    "apt-get install -y --no-install-recommends wireguard-go wireguard-tools iperf3 iproute2${metrics:+ curl}"
}

# --- processes -------------------------------------------------------------------------------

# Start time (in ticks since boot) of a process; with the PID it identifies the process even if
# the PID is reused after it exits, so cleanup never signals a stranger.
proc_start() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }          # the command name may contain spaces and ')'; fields after it are plain
  set -- $s            # $1 = state (field 3), so field N is $((N-2))
  echo "${20}"
}

# utime + stime in ticks of all threads of a process (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() {
  local s
  s=$(cat "/proc/$1/stat") || return 1
  s=${s##*) }
  set -- $s
  echo $(( ${12} + ${13} ))
}

# $! must be the program itself (its CPU time is what we measure): `cmd &` forks once and the
# child execs ip, which execs env, which execs the program. Waits briefly for that exec chain.
expect_exec() { # pid name
  local deadline=$((SECONDS + 5)) comm
  while :; do
    comm=$(cat "/proc/$1/comm" 2>/dev/null) || return 0   # already exited: the caller reports it
    [ "$comm" != "$2" ] || return 0
    [ "$comm" = ip ] || [ "$comm" = env ] || die "pid $1 runs '$comm', not $2"
    [ $SECONDS -lt $deadline ] || die "pid $1 still runs '$comm', not $2"
    sleep 0.05
  done
}

# Remember a process we started (as "pid:starttime") so cleanup can end it.
track() {
  local start
  start=$(proc_start "$1") || return 0   # already gone
  started+=("$1:$start")
}

alive() { # pid -> true while the very process we started (same start time) runs
  local entry
  for entry in "${started[@]}"; do
    if [ "${entry%%:*}" = "$1" ]; then
      # Explicit status: a bare `return` in code run from a trap (cleanup) returns the status
      # from before the trap, not that of the test.
      [ "$(proc_start "$1" 2>/dev/null)" = "${entry#*:}" ] && return 0 || return 1
    fi
  done
  kill -0 "$1" 2>/dev/null
}

# SIGTERM, up to $2 seconds to exit, then SIGKILL; reaps it and forgets it.
stop_pid() {
  local pid=$1 grace=${2:-5} deadline
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + grace))
    while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if alive "$pid"; then
      say "pid $pid ignored SIGTERM for ${grace}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}

forget() { # pid: reaped, no longer ours to end
  local entry kept=()
  for entry in "${started[@]}"; do [ "${entry%%:*}" = "$1" ] || kept+=("$entry"); done
  started=("${kept[@]}")
}

# Wait until a command succeeds, at most $1 seconds; $2 = what we wait for (for the error).
wait_until() {
  local timeout=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || { say "timed out after ${timeout}s waiting for $what"; return 1; }
    sleep 0.1
  done
}

cleanup() {
  local status=$? entry ns pid
  trap - EXIT
  # Finish cleaning up whatever comes: a second Ctrl-C, or stdout/stderr being a closed pipe.
  # (Bounded: every process gets SIGKILL after a few seconds.)
  trap '' HUP INT PIPE TERM
  set +e
  for entry in "${started[@]}"; do stop_pid "${entry%%:*}" 3; done
  # Anything still inside our namespaces was started by us (e.g. an iperf3 child): end it.
  for ns in "${ns_made[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  done
  for ns in "${ns_made[@]}"; do ip netns del "$ns" 2>/dev/null; done
  # A killed wireguard-go leaves its socket behind; these names are ours (they contain our PID).
  for entry in "${if_names[@]}"; do rm -f "/var/run/wireguard/$entry.sock"; done
  [ -z "$work" ] || rm -rf "$work"
  exit "$status"
}

# --- topology --------------------------------------------------------------------------------

make_topology() {
  local ns
  for ns in "$hub_ns" "$peer_ns"; do
    ip netns add "$ns" || die "cannot create namespace $ns"
    ns_made+=("$ns")
    ip -n "$ns" link set lo up
  done
  # Created inside the hub namespace with its other end moved straight to the peer namespace:
  # the veth never exists in the host namespace.
  ip -n "$hub_ns" link add veth-hub type veth peer name veth-peer netns "$peer_ns"
  ip -n "$hub_ns" addr add "$hub_under/24" dev veth-hub
  ip -n "$peer_ns" addr add "$peer_under/24" dev veth-peer
  ip -n "$hub_ns" link set veth-hub up
  ip -n "$peer_ns" link set veth-peer up
}

make_keys() {
  (umask 077
   wg genkey > "$work/hub.key"
   wg genkey > "$work/peer.key")
  wg pubkey < "$work/hub.key" > "$work/hub.pub"
  wg pubkey < "$work/peer.key" > "$work/peer.pub"
}

# --- hubs and peer ---------------------------------------------------------------------------

# Starts `wireguard-go -f IF` in namespace $1 and waits for its UAPI socket; sets wg_pid.
# `ip netns exec` and `env` both exec, so $! is the wireguard-go process itself.
start_wireguard_go() {
  local ns=$1 ifname=$2 log=$3
  [ ! -e "/var/run/wireguard/$ifname.sock" ] || die "/var/run/wireguard/$ifname.sock already exists"
  if_names+=("$ifname")
  ip netns exec "$ns" env WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 wireguard-go -f "$ifname" \
    >"$log" 2>&1 &
  wg_pid=$!
  track "$wg_pid"
  expect_exec "$wg_pid" wireguard-go
  if ! wait_until 10 "wireguard-go's socket for $ifname" \
       eval "[ -S /var/run/wireguard/$ifname.sock ] || ! alive $wg_pid"; then
    tail -n 20 "$log" >&2; die "wireguard-go $ifname did not start"
  fi
  alive "$wg_pid" || { tail -n 20 "$log" >&2; die "wireguard-go $ifname exited"; }
}

set_tunnel_address() { # ns ifname address
  in_ns "$1" ip addr add "$3/24" dev "$2"
  in_ns "$1" ip link set "$2" mtu "$mtu" up
}

start_peer() { # ifname
  start_wireguard_go "$peer_ns" "$1" "$work/peer-$1.log"
  peer_pid=$wg_pid
  in_ns "$peer_ns" wg set "$1" listen-port "$peer_port" private-key "$work/peer.key" \
    peer "$(cat "$work/hub.pub")" endpoint "$hub_under:$hub_port" allowed-ips "$hub_inner/32"
  set_tunnel_address "$peer_ns" "$1" "$peer_inner"
}

start_hub_wggo() { # ifname
  start_wireguard_go "$hub_ns" "$1" "$work/hub-$1.log"
  hub_pid=$wg_pid
  in_ns "$hub_ns" wg set "$1" listen-port "$hub_port" private-key "$work/hub.key" \
    peer "$(cat "$work/peer.pub")" allowed-ips "$peer_inner/32"
  set_tunnel_address "$hub_ns" "$1" "$hub_inner"
}

# wghub brings up its TUN, addresses, routes and sockets itself from the config, and says
# "wghub: ready" on stdout when done. `ip netns exec` execs the launcher, which execs java, so
# $! is the JVM. Arguments after the interface name go to `wghub up`.
start_hub_wghub() { # ifname [wghub up options...]
  local ifname=$1 conf=$work/hub-$1.conf out=$work/hub-$1.out err=$work/hub-$1.err
  shift
  (umask 077; { cat <<EOF
[Interface]
PrivateKey = $(cat "$work/hub.key")
ListenPort = $hub_port
Address = $hub_inner/$([ "$idle_peers" -gt 0 ] && echo 16 || echo 24)
MTU = $mtu

[Peer]
PublicKey = $(cat "$work/peer.pub")
AllowedIPs = $peer_inner/32
EOF
    [ "$idle_peers" -eq 0 ] || cat "$work/idle-peers.conf"
  } > "$conf")
  if_names+=("$ifname")
  ip netns exec "$hub_ns" "$root/wghub" up "$conf" --interface "$ifname" ${WGHUB_UP_ARGS:-} "$@" >"$out" 2>"$err" &
  hub_pid=$!
  track "$hub_pid"
  # Generous: the JVM starts, and the launcher rebuilds if the sources changed since the prebuild.
  if ! wait_until 120 "'wghub: ready' from wghub" \
       eval "grep -q '^wghub: ready' '$out' || ! alive $hub_pid"; then
    tail -n 20 "$err" >&2; die "wghub did not get ready"
  fi
  if ! alive "$hub_pid"; then
    echo "--- wghub stdout:" >&2; tail -n 20 "$out" >&2
    echo "--- wghub stderr:" >&2; tail -n 20 "$err" >&2
    die "wghub exited before it was ready"
  fi
  local exe
  exe=$(readlink -f "/proc/$hub_pid/exe")
  # The CPU figures are this process's: it must be the JVM, i.e. the launcher must still exec java.
  case $exe in
    */java) ;;
    *) die "wghub's pid $hub_pid runs $exe, not java (does ./wghub still end in 'exec java'?)" ;;
  esac
  # The JDK the launcher picked, for the report (the default java may be another).
  if [ -z "$java_version" ]; then
    java_version=$("$exe" -version 2>&1 | head -n 2 | paste -sd ';' | sed 's/;/; /')
    local props
    props=$("$exe" -XshowSettings:properties -version 2>&1)
    java_short=$(sed -n 's/^ *java\.vendor\.version = //p' <<<"$props")   # e.g. Temurin-25.0.3+9
    [ -n "$java_short" ] || java_short="JDK $(sed -n 's/^ *java\.runtime\.version = //p' <<<"$props")"
  fi
}

# --metrics: set-up A is wghub with its endpoint on and scraped, B the same wghub without one.
start_hub_won() { # ifname
  start_hub_wghub "$1" --metrics-listen "127.0.0.1:$metrics_port"
  start_scraper "$1"
}

start_hub_woff() { # ifname
  start_hub_wghub "$1" --no-metrics
}

# curl in the hub namespace: a scrape, --scrape-interval seconds of pause, the next scrape; one
# line per scrape ("HTTP-status bytes seconds") in $scrape_log. The pause runs in the background,
# so SIGTERM ends the loop at once (a scrape under way is finished first).
start_scraper() { # ifname
  local code
  scrape_log=$work/scrapes-$1.log
  : >"$scrape_log"
  ip netns exec "$hub_ns" bash -c '
    trap "kill \$! 2>/dev/null; exit 0" TERM
    while :; do
      curl -s -o /dev/null --max-time 30 -H "Accept: $1" -w "%{http_code} %{size_download} %{time_total}\n" \
        "http://127.0.0.1:$2/metrics" || echo "000 0 0"
      sleep "$3" & wait $!
    done' scraper "$scrape_accept" "$metrics_port" "$scrape_interval" >>"$scrape_log" 2>/dev/null &
  scraper_pid=$!
  track "$scraper_pid"
  wait_until 30 "the first scrape" eval "[ -s '$scrape_log' ]" || die "the scraper got no answer"
  read -r code _ <"$scrape_log"
  [ "$code" = 200 ] || die "the first scrape of http://127.0.0.1:$metrics_port/metrics answered HTTP $code"
}

stop_scraper() {
  [ -n "$scraper_pid" ] || return 0
  stop_pid "$scraper_pid" 5
  scraper_pid=
}

scrapes_so_far() { # lines in the scraper's log, 0 without a scraper
  if [ -n "$scraper_pid" ]; then wc -l <"$scrape_log"; else echo 0; fi
}

# Idle peers for --idle-peers: real X25519 public keys (made with wghub's own classes, as
# bench/scale-10k.sh does), one /32 each inside the hub's /16, no endpoint: they never connect.
make_idle_peers() {
  [ "$idle_peers" -gt 0 ] || return 0
  local java_home
  java_home=$(. "$root/scripts/jdk.sh" >/dev/null && echo "$JAVA_HOME") || die "no JDK for the idle peers' keys"
  cat >"$work/IdleKeys.java" <<'EOF'
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;

/** Prints N fresh X25519 public keys (base64), one a line. */
public class IdleKeys {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        StringBuilder out = new StringBuilder(n * 45);
        byte[] priv = new byte[32];
        byte[] pub = new byte[32];
        for (int i = 0; i < n; i++) {
            X25519.generatePrivateKey(priv);
            X25519.publicKey(priv, pub);
            out.append(KeyEncoding.toBase64(pub)).append('\n');
        }
        System.out.print(out);
    }
}
EOF
  "$java_home/bin/java" -cp "$root/gateway/target/wghub.jar" "$work/IdleKeys.java" "$idle_peers" >"$work/idle.keys" \
    || die "cannot generate the idle peers' keys"
  awk '{ i = NR - 1; printf "\n# Name = idle%d\n[Peer]\nPublicKey = %s\nAllowedIPs = 10.202.%d.%d/32\n", i, $1, 1 + int(i / 256), i % 256 }' \
    "$work/idle.keys" >"$work/idle-peers.conf"
  [ "$(grep -c '^\[Peer\]' "$work/idle-peers.conf")" -eq "$idle_peers" ] || die "the idle peers' config is incomplete"
  say "$idle_peers idle peers for wghub's config"
}

# The first handshake is not part of the measurement: poke the tunnel with a UDP datagram (to
# the discard port of the hub's tunnel address) until the peer reports a handshake.
wait_handshake() { # peer ifname
  local deadline=$((SECONDS + 20)) latest
  while :; do
    latest=$(in_ns "$peer_ns" wg show "$1" latest-handshakes | awk '{print $2}')
    [ "${latest:-0}" = 0 ] || return 0
    [ $SECONDS -lt $deadline ] || die "no handshake between hub and peer within 20s"
    in_ns "$peer_ns" bash -c "echo poke > /dev/udp/$hub_inner/9" 2>/dev/null || true
    sleep 0.5
  done
}

# --- measurement -----------------------------------------------------------------------------

# Prints "bits_per_second bytes" of end.sum_received from iperf3's JSON. jq or python3 when
# present; otherwise awk over iperf3's pretty-printed output (one key per line), which is all a
# minimal Debian has.
parse_iperf() { # json file
  if command -v jq >/dev/null 2>&1; then
    jq -r '"\(.end.sum_received.bits_per_second) \(.end.sum_received.bytes)"' "$1"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["end"]["sum_received"]; print(s["bits_per_second"], s["bytes"])' "$1"
  else
    awk '
      /"sum_received"[ \t]*:[ \t]*\{/ { inside = 1; next }
      inside && /}/ { exit }
      inside && /"bits_per_second"[ \t]*:/ { v = $0; sub(/^[^:]*:[ \t]*/, "", v); sub(/,?[ \t\r]*$/, "", v); bps = v }
      inside && /"bytes"[ \t]*:/ { v = $0; sub(/^[^:]*:[ \t]*/, "", v); sub(/,?[ \t\r]*$/, "", v); bytes = v }
      END { if (bps != "" && bytes != "") print bps, bytes; else exit 1 }
    ' "$1"
  fi
}

server_listening() {
  in_ns "$hub_ns" ss -Hltn "sport = :$iperf_port" | grep -q .
}

# One iperf3 test; stores Mbit/s and hub CPU s/GB under results[setup.dir.*].
measure() { # setup dir(up|down) tag
  local setup=$1 dir=$2 tag=$3 reverse=() srv cli rc=0 c0 c1 s0 s1 bps bytes mbit cpu_s cpu
  local json=$work/$3-$2.json
  [ "$dir" = down ] && reverse=(-R)
  # -1: the server serves exactly this test, then exits.
  ip netns exec "$hub_ns" iperf3 -s -1 -B "$hub_inner" -p "$iperf_port" \
    >"$work/$tag-$dir-server.log" 2>&1 &
  srv=$!
  track "$srv"
  wait_until 10 "the iperf3 server" server_listening || die "iperf3 server did not start"

  c0=$(cpu_ticks "$hub_pid") || die "the hub (pid $hub_pid) is gone"
  s0=$(scrapes_so_far)
  # In the background and waited for: `wait` returns at once on Ctrl-C/SIGTERM, so we clean up
  # without first sitting out the rest of the test.
  ip netns exec "$peer_ns" iperf3 -c "$hub_inner" -B "$peer_inner" -p "$iperf_port" \
    -t "$duration" -J "${reverse[@]}" >"$json" 2>"$work/$tag-$dir-client.err" &
  cli=$!
  track "$cli"
  wait "$cli" || rc=$?
  forget "$cli"
  c1=$(cpu_ticks "$hub_pid") || die "the hub (pid $hub_pid) died during the test"
  s1=$(scrapes_so_far)
  if [ "$rc" -ne 0 ]; then
    grep -o '"error":[^,}]*' "$json" >&2 || cat "$work/$tag-$dir-client.err" >&2
    die "iperf3 client failed ($(label "$setup") hub, $(direction "$dir"))"
  fi
  stop_pid "$srv" 5

  read -r bps bytes < <(parse_iperf "$json") && [ -n "$bytes" ] \
    || die "cannot read end.sum_received from $json"
  mbit=$(awk -v b="$bps" 'BEGIN { printf "%.1f", b / 1e6 }')
  cpu_s=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }')
  cpu=$(awk -v s="$cpu_s" -v b="$bytes" 'BEGIN { printf "%.2f", s / (b / 1e9) }')
  results[$setup.$dir.mbit]+="$mbit "
  results[$setup.$dir.cpu]+="$cpu "
  results[$setup.$dir.scrapes]+="$((s1 - s0)) "
  local scraped=
  [ -z "$scraper_pid" ] || scraped="; $((s1 - s0)) scrapes meanwhile"
  say "  $(label "$setup") hub, $(direction "$dir"): $mbit Mbit/s," \
      "$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e9 }') GB, hub CPU $cpu_s s = $cpu s/GB$scraped"
}

# Traffic before the measurement, both directions, not recorded. A hub runs for days, so the
# steady state is what counts: this keeps the JVM's JIT compilation of the data path out of
# wghub's numbers, and gives wireguard-go the same treatment.
warm_up() { # setup
  local dir reverse srv cli
  [ "$warmup" -gt 0 ] || return 0
  for dir in up down; do
    reverse=()
    [ "$dir" = down ] && reverse=(-R)
    ip netns exec "$hub_ns" iperf3 -s -1 -B "$hub_inner" -p "$iperf_port" >/dev/null 2>&1 &
    srv=$!
    track "$srv"
    wait_until 10 "the iperf3 server" server_listening || die "iperf3 server did not start"
    ip netns exec "$peer_ns" iperf3 -c "$hub_inner" -B "$peer_inner" -p "$iperf_port" \
      -t "$warmup" "${reverse[@]}" >/dev/null 2>&1 &
    cli=$!
    track "$cli"
    wait "$cli" || die "warm-up iperf3 failed ($(label "$1") hub, $(direction "$dir"))"
    forget "$cli"
    stop_pid "$srv" 5
  done
}

label() {
  case $1 in
    wghub) echo wghub ;;
    wggo) echo wireguard-go ;;
    won) echo 'wghub (metrics on, scraped)' ;;
    woff) echo 'wghub --no-metrics' ;;
  esac
}
direction() { case $1 in up) echo 'peer->hub' ;; down) echo 'hub->peer' ;; esac; }

run_setup() { # setup run
  local setup=$1 run=$2 letter hub_if peer_if
  case $setup in wghub) letter=a ;; wggo) letter=b ;; won) letter=c ;; woff) letter=d ;; esac
  # At most 15 characters (IFNAMSIZ): 3 + PID (<= 7) + 1 + run (<= 2).
  hub_if=wbh$$$letter$run peer_if=wbp$$$letter$run
  say "run $run/$runs: hub = $(label "$setup"), peer = wireguard-go (interfaces $hub_if, $peer_if)"
  "start_hub_$setup" "$hub_if"
  start_peer "$peer_if"
  wait_handshake "$peer_if"
  warm_up "$setup"
  measure "$setup" up "$setup$run"
  measure "$setup" down "$setup$run"
  stop_scraper
  stop_pid "$peer_pid" 5
  stop_pid "$hub_pid" 15
}

# --- report ----------------------------------------------------------------------------------

median() { # values... -> median, or "-" when none
  [ $# -gt 0 ] || { echo -; return 0; }
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

stat_of() { # setup dir metric
  # shellcheck disable=SC2086 # the stored values are space-separated on purpose
  median ${results[$1.$2.$3]:-}
}

ratio() {
  if [ "$1" = - ] || [ "$2" = - ]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}

# All scrapes of all runs (warm-up included): "count failed median-seconds median-bytes".
scrape_summary() {
  cat "$work"/scrapes-*.log 2>/dev/null | awk '
    { n++; if ($1 != 200) failed++; else { t[++ok] = $3; b[ok] = $2 } }
    function median(a, k,   i, j, v) {
      for (i = 2; i <= k; i++) { v = a[i]; for (j = i - 1; j > 0 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
      return k == 0 ? "-" : (k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2)
    }
    END { printf "%d %d %s %s\n", n, failed, median(t, ok), median(b, ok) }'
}

report() {
  local dir a b ca cb model kernel cpus what sa sb la lb summary
  model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
  kernel=$(uname -r) cpus=$(nproc)
  what=$([ "$runs" -gt 1 ] && echo "median of $runs runs" || echo "1 run")
  # The two set-ups compared (A / B), with short (console) and long (markdown) column names.
  if [ -n "$metrics" ]; then
    sa=won sb=woff la='metrics on' lb='metrics off'
  else
    sa=wghub sb=wggo la=wghub lb=wireguard-go
  fi

  echo
  echo "iperf3 TCP through WireGuard, ${duration}s per direction after ${warmup}s warm-up each way, $what; hub CPU = hub process utime+stime per GB received"
  if [ -n "$metrics" ]; then
    echo "A = wghub with metrics on, curl scraping /metrics (OpenMetrics) with ${scrape_interval}s between scrapes; B = wghub --no-metrics; both with $idle_peers idle peers"
    printf '%-12s %14s %14s %7s %16s %16s %14s\n' direction 'on Mbit/s' 'off Mbit/s' ratio 'on CPU s/GB' 'off CPU s/GB' 'scrapes (on)'
  else
    printf '%-12s %14s %14s %7s %16s %16s\n' direction 'wghub Mbit/s' 'wg-go Mbit/s' ratio 'wghub CPU s/GB' 'wg-go CPU s/GB'
  fi
  local md_rows=()
  for dir in up down; do
    a=$(stat_of "$sa" "$dir" mbit) b=$(stat_of "$sb" "$dir" mbit)
    ca=$(stat_of "$sa" "$dir" cpu) cb=$(stat_of "$sb" "$dir" cpu)
    if [ -n "$metrics" ]; then
      printf '%-12s %14s %14s %7s %16s %16s %14s\n' "$(direction "$dir")" "$a" "$b" "$(ratio "$a" "$b")" "$ca" "$cb" \
        "$(stat_of "$sa" "$dir" scrapes)"
      md_rows+=("| $(direction "$dir") | $a | $b | $(ratio "$a" "$b") | $ca | $cb | $(stat_of "$sa" "$dir" scrapes) |")
    else
      printf '%-12s %14s %14s %7s %16s %16s\n' "$(direction "$dir")" "$a" "$b" "$(ratio "$a" "$b")" "$ca" "$cb"
      md_rows+=("| $(direction "$dir") | $a | $b | $(ratio "$a" "$b") | $ca | $cb |")
    fi
  done
  if [ -n "$metrics" ]; then
    read -r -a summary < <(scrape_summary)
    echo "scrapes (all runs, warm-up included): ${summary[0]}, failed ${summary[1]}; median ${summary[2]} s and ${summary[3]} bytes each (curl's time_total)"
  fi

  echo
  echo "machine: ${model:-unknown CPU}, $cpus CPUs, kernel $kernel"
  echo "tools:   $(iperf3 --version | head -n 1); $(wireguard-go --version 2>&1 | head -n 1)${metrics:+; $(curl --version | head -n 1 | cut -d' ' -f1-2)}"
  [ -z "$java_version" ] || echo "JDK:     $java_version"

  echo
  echo "markdown:"
  if [ -n "$metrics" ]; then
    echo "| direction | $la Mbit/s | $lb Mbit/s | ratio | $la CPU s/GB | $lb CPU s/GB | scrapes while measuring |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  else
    echo "| direction | $la Mbit/s | $lb Mbit/s | ratio | $la CPU s/GB | $lb CPU s/GB |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  fi
  printf '%s\n' "${md_rows[@]}"
  local setting=""
  [ -z "$metrics" ] || setting=" (metrics on: scraped with ${scrape_interval} s between scrapes, $idle_peers idle peers; off: --no-metrics)"
  echo "iperf3 TCP, ${duration} s per direction, $what, on ${model:-unknown CPU}, $cpus CPUs, Linux $kernel${java_short:+, $java_short}$setting: peer→hub $(stat_of "$sa" up mbit) vs $(stat_of "$sb" up mbit) Mbit/s ($la/$lb $(ratio "$(stat_of "$sa" up mbit)" "$(stat_of "$sb" up mbit)")), hub→peer $(stat_of "$sa" down mbit) vs $(stat_of "$sb" down mbit) Mbit/s ($(ratio "$(stat_of "$sa" down mbit)" "$(stat_of "$sb" down mbit)")); hub CPU s/GB peer→hub $(stat_of "$sa" up cpu) vs $(stat_of "$sb" up cpu), hub→peer $(stat_of "$sa" down cpu) vs $(stat_of "$sb" down cpu)."
}

main() {
  parse_args "$@"
  check_prerequisites "$@"
  trap cleanup EXIT
  # A signal that is not trapped kills bash without running the EXIT trap: turn the usual ones
  # (Ctrl-C, kill, closed terminal, `| head` closing our output) into an exit, which cleans up.
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 141' PIPE
  trap 'exit 143' TERM
  work=$(mktemp -d /tmp/wgbh.XXXXXX)

  if [[ " ${setups[*]} " != " wggo " ]]; then
    # Outside the timed part: the launcher builds the jar on first use.
    say "building wghub (if needed) ..."
    "$root/wghub" --version >&2 || die "./wghub --version failed; fix the build first"
  fi
  make_idle_peers

  make_topology
  make_keys
  local run setup
  for run in $(seq 1 "$runs"); do
    for setup in "${setups[@]}"; do run_setup "$setup" "$run"; done
  done
  report
}

main "$@"
