#!/usr/bin/env bash
# Runs kubectl v1.32.5 (kustomize v5.5.0 inside) for `kubectl kustomize`, fetched once from dl.k8s.io
# into ~/.cache/wghub/ and checked against its SHA-256. $WGHUB_KUBECTL names another kubectl to use.
# Without network, a kubectl already on PATH is used, with a note on stderr.
#   deploy/tools/kubectl.sh kustomize deploy/k8s/overlays/dev
#   deploy/tools/kubectl.sh --which     # print the kubectl it would run
# Exit status 3: no kubectl at all (ManifestTest then skips and says so).
set -euo pipefail
version=v1.32.5
sha256=aaa7e6ff3bd28c262f2d95c8c967597e097b092e9b79bcb37de699e7488e3e7b
url="https://dl.k8s.io/release/$version/bin/linux/amd64/kubectl"

use() {
  if [ "${1:-}" = --which ]; then printf '%s\n' "$kubectl"; exit 0; fi
  exec "$kubectl" "$@"
}

if [ -n "${WGHUB_KUBECTL:-}" ]; then
  kubectl=$WGHUB_KUBECTL use "$@"
fi
cache="${XDG_CACHE_HOME:-$HOME/.cache}/wghub"
kubectl="$cache/kubectl-$version"
if [ ! -x "$kubectl" ] && [ "$(uname -sm)" = "Linux x86_64" ] && command -v curl >/dev/null; then
  mkdir -p "$cache"
  tmp=$(mktemp "$cache/kubectl.XXXXXX")
  if curl -fsSL --connect-timeout 10 -o "$tmp" "$url"; then
    if echo "$sha256  $tmp" | sha256sum --check --quiet -; then
      chmod 0755 "$tmp"
      mv "$tmp" "$kubectl"
    else
      echo "kubectl.sh: $url does not have SHA-256 $sha256; not using it" >&2
    fi
  fi
  rm -f "$tmp"
fi
if [ -x "$kubectl" ]; then
  use "$@"
fi
if kubectl=$(command -v kubectl); then
  echo "kubectl.sh: could not fetch $url; using $kubectl from PATH" >&2
  use "$@"
fi
echo "kubectl.sh: no kubectl: could not fetch $url and none is on PATH (or set WGHUB_KUBECTL)" >&2
exit 3
