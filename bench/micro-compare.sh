#!/usr/bin/env bash
# Runs wghub's JMH micro-benchmarks and the same operations in wireguard-go's own code
# (bench/wireguard-go/micro.go) in one run on this machine, and prints them side by side with
# the ratio wghub / wireguard-go. Not a test: numbers go to docs/performance.md.
#
# Needs: a JDK 21+ and Maven (as ./run-tests), and Debian's golang-go and
# golang-golang.zx2c4-wireguard-dev (the wireguard-go library source the Go side builds against).
# Usage: bench/micro-compare.sh [JMH options, default: -f 1 -wi 3 -w 2 -i 5 -r 3]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$root/scripts/jdk.sh"

wg_src=/usr/share/gocode/src/golang.zx2c4.com/wireguard
if ! command -v go >/dev/null || [ ! -d "$wg_src" ]; then
  echo "micro-compare: needs Go and the wireguard-go source; install them with" \
       "'apt-get install -y --no-install-recommends golang-go golang-golang.zx2c4-wireguard-dev'" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && mvn -q -B -ntp -Dstyle.color=never -DskipTests package) >&2
cp "$root/bench/target/benchmarks.jar" "$work/benchmarks.jar"
mkdir -p "$work/src/micro"
cp "$root/bench/wireguard-go/micro.go" "$work/src/micro/"
(cd "$work/src/micro" && GO111MODULE=off GOPATH="$work:/usr/share/gocode" go build -o "$work/micro" .)

jmh_options=("$@")
[ ${#jmh_options[@]} -gt 0 ] || jmh_options=(-f 1 -wi 3 -w 2 -i 5 -r 3)
"$JAVA_HOME/bin/java" -jar "$work/benchmarks.jar" 'AeadBenchmark|HandshakeBenchmark|AllowedIpsBenchmark' \
  "${jmh_options[@]}" -rf json -rff "$work/jmh.json" >&2
"$work/micro" > "$work/go.txt"

python3 - "$work/jmh.json" "$work/go.txt" <<'PY'
import json, sys
jmh = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 2)[-2:]
    key = {"AeadBenchmark.seal1420": "aead.seal1420", "AeadBenchmark.open1420": "aead.open1420",
           "HandshakeBenchmark.fullHandshake": "handshake.full"}.get(".".join(name))
    if key is None and name[0] == "AllowedIpsBenchmark":
        key = "allowedips." + r["params"]["scenario"]
    if key:
        jmh[key] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
go = dict((line.split()[0], float(line.split()[1])) for line in open(sys.argv[2]) if line.strip())
print(f"{'operation':<24}{'wghub ops/s':>16}{'± error':>12}{'wireguard-go ops/s':>20}{'ratio':>8}")
for key in ["aead.seal1420", "aead.open1420", "handshake.full", "allowedips.hub", "allowedips.random",
            "allowedips.hub6", "allowedips.hub6sparse"]:
    if key in jmh and key in go:
        score, error = jmh[key]
        print(f"{key:<24}{score:>16,.0f}{error:>12,.0f}{go[key]:>20,.0f}{score / go[key]:>8.2f}")
PY
