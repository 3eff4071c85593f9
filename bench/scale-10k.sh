#!/usr/bin/env bash
# Scale benchmark: wghub with 10,000 peers. Not a test: it prints numbers against targets.
#   (a) ready   `wghub up FILE`: from process start to its "wghub: ready" line      (target < 3 s)
#   (b) dump    `wg show IF dump` wall time, and that it lists every peer            (target < 1 s)
#   (c) reload  one change: append a peer, `wghub reload`, until `wg show IF peers`
#               lists it (end to end, including the reload command's own JVM)        (target < 1 s)
#       also:   "wghub reload" alone (JVM start, checking the file, SIGHUP), and the hub's own time
#               from a bare SIGHUP to its "reloaded:" log line (from that line's timestamp)
# Each is measured once per round, in RUNS rounds (a fresh `wghub up` each); the table shows every
# run and the median.
#
# Set-up (all made here, all removed on exit): one network namespace with only lo and the wghub
# interface; the hub listens on UDP 51820 there. The peers have no endpoints, so nothing is sent
# anywhere. Peer i has AllowedIPs 10.100.H.L/32 inside the interface's 10.100.0.1/16 (so no per-peer
# routes). Keys are real X25519 key pairs, made in one JVM with wghub's own crypto classes.
#
# Needs root, ip, wg, and a JDK 21+ and Maven (as ./wghub does; the jar is built once, before timing).
# Usage: bench/scale-10k.sh [--peers N] [--runs N]
#   --peers N  peers in the file (default 10000)
#   --runs N   rounds (default 3)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
me=scale-10k
peers=10000 runs=3
# Names carry our PID: namespaces are global, and so is the UAPI socket directory.
ns=wgscale-$$ ifname=wgs$$
ifname=${ifname:0:15}
port=51820

work= ns_made= hub_pid= hub_err=
declare -A samples=()

die() { echo "$me: $*" >&2; exit 1; }
say() { echo "$me: $*" >&2; }
now_ms() { date +%s%3N; }

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case $1 in
    --peers) [ $# -ge 2 ] || die "--peers needs a value"; peers=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done
[[ $peers =~ ^[0-9]+$ ]] && [ "$peers" -ge 1 ] && [ "$peers" -le 60000 ] || die "--peers must be 1..60000"
[[ $runs =~ ^[0-9]+$ ]] && [ "$runs" -ge 1 ] || die "--runs must be a positive number"

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, TUN)"
for tool in ip wg; do command -v "$tool" >/dev/null || die "needs $tool"; done
[ ! -e "/var/run/wireguard/$ifname.sock" ] || die "/var/run/wireguard/$ifname.sock exists; is another run using $ifname?"

stop_hub() {
  [ -n "$hub_pid" ] || return 0
  if kill -0 "$hub_pid" 2>/dev/null; then
    kill -TERM "$hub_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$hub_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$hub_pid" 2>/dev/null || true
  fi
  wait "$hub_pid" 2>/dev/null || true
  hub_pid=
}

cleanup() {
  local status=$?
  trap - EXIT
  trap '' HUP INT PIPE TERM
  set +e
  stop_hub
  if [ -n "$ns_made" ]; then
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  fi
  # A killed hub leaves its socket behind; the name carries our PID.
  rm -f "/var/run/wireguard/$ifname.sock"
  [ -z "$work" ] || rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

work=$(mktemp -d /tmp/wghub-scale.XXXXXX)
chmod 700 "$work"
rundir=$work/run

# --- build once, outside the timed part (the launcher rebuilds when the sources are newer) ---
say "building wghub (if needed) ..."
"$root/wghub" --version >&2 || die "./wghub --version failed; fix the build first"
. "$root/scripts/jdk.sh"
jar=$root/gateway/target/wghub.jar
java_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)

# --- keys and the config file ---
say "generating $((peers + 2)) key pairs ..."
cat >"$work/GenKeys.java" <<'EOF'
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;

/** Prints N lines "private public" (base64): fresh X25519 key pairs, with wghub's own classes. */
public class GenKeys {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        StringBuilder out = new StringBuilder(n * 90);
        byte[] priv = new byte[32];
        byte[] pub = new byte[32];
        for (int i = 0; i < n; i++) {
            X25519.generatePrivateKey(priv);
            X25519.publicKey(priv, pub);
            out.append(KeyEncoding.toBase64(priv)).append(' ').append(KeyEncoding.toBase64(pub)).append('\n');
        }
        System.out.print(out);
    }
}
EOF
t0=$(now_ms)
"$JAVA_HOME/bin/java" -cp "$jar" "$work/GenKeys.java" $((peers + 2)) >"$work/keys"
keygen_ms=$(( $(now_ms) - t0 ))
[ "$(wc -l <"$work/keys")" -eq $((peers + 2)) ] || die "key generation failed"

# Peer i (1-based) gets host number i+1 in 10.100.0.0/16 (the hub is .0.1); the two spare key
# pairs are the hub's and the peer that reloads append.
awk -v peers="$peers" -v port="$port" '
  NR == 1 { printf "[Interface]\nPrivateKey = %s\nListenPort = %d\nAddress = 10.100.0.1/16\n", $1, port; next }
  NR <= peers + 1 { h = NR; printf "\n# Name = peer%d\n[Peer]\nPublicKey = %s\nAllowedIPs = 10.100.%d.%d/32\n", NR - 1, $2, int(h / 256), h % 256 }
' "$work/keys" >"$work/base.conf"
extra_pub=$(sed -n "$((peers + 2))p" "$work/keys" | cut -d' ' -f2)
extra_ip() { local h=$((peers + 2 + $1)); echo "10.100.$((h / 256)).$((h % 256))"; }
conf=$work/$ifname.conf
[ "$(grep -c '^\[Peer\]' "$work/base.conf")" -eq "$peers" ] || die "the config does not have $peers peers"
say "config: $peers peers, $(wc -c <"$work/base.conf") bytes (keys in ${keygen_ms} ms)"

ip netns add "$ns"
ns_made=1
ip -n "$ns" link set lo up

# Starts `wghub up` in the namespace and sets ready_ms (process start to the ready line).
# The hub runs with TZ=UTC: its log timestamps end in 'Z' (see log_ms).
start_hub() {
  local round=$1 line t0
  hub_err=$work/hub-$round.err
  t0=$(now_ms)
  # -D options reach the JVM through the launcher's WGHUB_JAVA_OPTS; `ip netns exec` execs the
  # launcher, which execs java, so the coprocess's pid is the hub's.
  coproc HUB { exec env TZ=UTC WGHUB_JAVA_OPTS="-Dwghub.run.dir=$rundir" \
      ip netns exec "$ns" "$root/wghub" up "$conf" 2>"$hub_err"; }
  hub_pid=$HUB_PID
  ready_ms=
  while IFS= read -r -t 120 line <&"${HUB[0]}"; do
    if [[ $line == "wghub: ready:"* ]]; then
      ready_ms=$(( $(now_ms) - t0 ))
      break
    fi
  done
  if [ -z "$ready_ms" ]; then
    tail -n 20 "$hub_err" >&2
    die "wghub up did not print its ready line"
  fi
  # With a config file it prints nothing more on stdout (logs go to stderr), so the pipe never fills.
}

# The epoch milliseconds of the Nth log line of the hub containing TEXT (its own timestamp), waiting for it.
log_ms() {
  local text=$1 n=$2 line deadline=$(( $(now_ms) + 60000 ))
  while :; do
    line=$(grep -F -- "$text" "$hub_err" | sed -n "${n}p")
    [ -n "$line" ] && break
    kill -0 "$hub_pid" 2>/dev/null || die "the hub exited; its log: $(tail -n 5 "$hub_err")"
    [ "$(now_ms)" -lt "$deadline" ] || die "no hub log line '$text' #$n within 60 s: $(tail -n 5 "$hub_err")"
    sleep 0.02
  done
  date -d "${line%% *}" +%s%3N
}

peer_count() { wg show "$ifname" peers | wc -l; }

record() { samples[$1]+="$2 "; }

for round in $(seq "$runs"); do
  say "round $round of $runs ..."
  cp "$work/base.conf" "$conf"
  chmod 600 "$conf"

  # (a) ready
  start_hub "$round"
  record ready "$ready_ms"

  # (b) dump
  t0=$(now_ms)
  wg show "$ifname" dump >"$work/dump"
  record dump $(( $(now_ms) - t0 ))
  [ "$(wc -l <"$work/dump")" -eq $((peers + 1)) ] || die "wg show dump lists $(($(wc -l <"$work/dump") - 1)) peers, not $peers"
  [ "$(peer_count)" -eq "$peers" ] || die "wg show peers does not list $peers peers"

  # (c) reload of one change, end to end: append a peer, `wghub reload`, until wg lists it.
  printf '\n# Name = extra\n[Peer]\nPublicKey = %s\nAllowedIPs = %s/32\n' "$extra_pub" "$(extra_ip 0)" >>"$conf"
  t0=$(now_ms)
  WGHUB_JAVA_OPTS="-Dwghub.run.dir=$rundir" "$root/wghub" reload "$conf" --interface "$ifname" >"$work/reload.out" 2>&1 \
    || die "wghub reload failed: $(cat "$work/reload.out")"
  t1=$(now_ms)
  until [ "$(peer_count)" -eq $((peers + 1)) ]; do
    [ $(( $(now_ms) - t0 )) -lt 60000 ] || die "the added peer did not show up within 60 s"
  done
  record reload $(( $(now_ms) - t0 ))
  record reload_cmd $(( t1 - t0 ))
  log_ms "reloaded:" 1 >/dev/null
  grep -q "reloaded: 1 change(s), $((peers + 1)) peer(s)" "$hub_err" || die "unexpected reload log: $(grep reloaded: "$hub_err")"

  # The hub alone: change the new peer's AllowedIPs, bare SIGHUP, time to its "reloaded:" log line.
  sed -i "s|^AllowedIPs = $(extra_ip 0)/32\$|AllowedIPs = $(extra_ip 1)/32|" "$conf"
  t0=$(now_ms)
  kill -HUP "$hub_pid"
  t1=$(log_ms "reloaded:" 2)
  record reload_hub $(( t1 - t0 ))
  wg show "$ifname" allowed-ips | grep -q "$(extra_ip 1)/32" || die "the second reload was not applied"

  if grep -q "wghub: building" "$hub_err" "$work/reload.out"; then
    say "warning: the launcher rebuilt the jar during round $round (sources changed meanwhile): its numbers include a build"
  fi
  stop_hub
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
verdict() { [ "$1" -lt "$2" ] && echo ok || echo MISSED; }

cpus=$(nproc)
model=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)
kernel=$(uname -r)
echo
echo "wghub scale: $peers peers, $runs run(s), $cpus CPUs, ${model:-unknown CPU}, Linux $kernel, $java_version"
printf '%-44s %-22s %9s %9s %7s\n' metric "runs (ms)" "median" target result
row() { # key label target_ms|-
  local m; m=$(median "${samples[$1]}")
  if [ "$3" = - ]; then
    printf '%-44s %-22s %6s ms %9s %7s\n' "$2" "${samples[$1]% }" "$m" - -
  else
    printf '%-44s %-22s %6s ms %6s ms %7s\n' "$2" "${samples[$1]% }" "$m" "$3" "$(verdict "$m" "$3")"
  fi
}
row ready "(a) wghub up: start -> ready" 3000
row dump "(b) wg show dump ($peers peers)" 1000
row reload "(c) reload one change, end to end" 1000
row reload_cmd "    of which: wghub reload command" -
row reload_hub "    hub alone: SIGHUP -> 'reloaded:' log" -
echo
echo "| $peers peers | ready (a) | dump (b) | reload end-to-end (c) | hub SIGHUP→applied |"
echo "|---|---|---|---|---|"
echo "| median of $runs on $cpus × ${model:-unknown CPU} | $(median "${samples[ready]}") ms (< 3000) | $(median "${samples[dump]}") ms (< 1000) | $(median "${samples[reload]}") ms (< 1000) | $(median "${samples[reload_hub]}") ms |"
