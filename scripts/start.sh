#!/usr/bin/env bash
# `npm start`: the service on 127.0.0.1:50051 in dev mode. Without MONGODB_URI it runs an embedded
# FerretDB whose data stays in ./data across restarts. Installs what is missing (node_modules, the
# pinned FerretDB and grpcurl into .tools/bin), compiles only when the sources changed, and prints
# where grpcurl is so the README's commands work as written.
set -euo pipefail
cd "$(dirname "$0")/.."
# A running instance owns its data dir (src/local-instance.ts); say so before building or installing
# anything. The server checks again itself (and also finds a busy port).
lock="${SESSION_POLICY_DATA_DIR:-data}/instance.lock"
if [[ -f "$lock" && ! -L "$lock" ]] && pid=$(head -c 32 "$lock" | tr -dc 0-9) && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
  echo "not started: data dir ${SESSION_POLICY_DATA_DIR:-data} is in use by a running instance (pid $pid); stop it first or set SESSION_POLICY_DATA_DIR" >&2
  exit 1
fi
# Node 22.15 is the supported floor (package.json engines): an older machine Node runs the pinned Node 24.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 15) ? 0 : 1)'; then
  node_bin=$(bash scripts/install-node.sh)
  echo "Node $(node -v) is older than the supported 22.15: running on the pinned Node $("$node_bin/node" -v) from $node_bin" >&2
  export PATH="$node_bin:$PATH"
fi
[[ -d node_modules ]] || bash scripts/install-deps.sh
tools=(grpcurl)
if [[ -z "${MONGODB_URI:-}" ]]; then
  if command -v mongod >/dev/null 2>&1 && [[ -z "${FERRETDB_BIN:-}" ]]; then
    echo "note: mongod is on PATH; set MONGODB_URI to use it instead of the embedded FerretDB" >&2
  fi
  tools+=(ferretdb)
fi
bash scripts/install-tools.sh "${tools[@]}"
bash scripts/build-if-changed.sh
echo "grpcurl: $PWD/.tools/bin/grpcurl (the README's first command puts .tools/bin on PATH: export PATH=\"\$PWD/.tools/bin:\$PATH\")" >&2
export SESSION_POLICY_DEV_MODE="${SESSION_POLICY_DEV_MODE:-true}"
exec node dist/src/main.js
