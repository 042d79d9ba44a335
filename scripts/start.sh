#!/usr/bin/env bash
# `npm start`: the service on 127.0.0.1:50051 in dev mode. Without MONGODB_URI it runs an embedded
# FerretDB whose data stays in ./data across restarts. Installs what is missing (node_modules, the
# pinned FerretDB and grpcurl into .tools/bin), compiles only when the sources changed, and prints
# where grpcurl is so the README's commands work as written.
set -euo pipefail
cd "$(dirname "$0")/.."
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
