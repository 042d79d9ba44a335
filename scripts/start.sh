#!/usr/bin/env bash
# `npm start`: the service on 127.0.0.1:50051 in dev mode. Without MONGODB_URI it runs an embedded
# FerretDB whose data stays in ./data across restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || bash scripts/install-deps.sh
if [[ -z "${MONGODB_URI:-}" ]]; then
  if command -v mongod >/dev/null 2>&1 && [[ -z "${FERRETDB_BIN:-}" ]]; then
    echo "note: mongod is on PATH; set MONGODB_URI to use it instead of the embedded FerretDB" >&2
  fi
  bash scripts/install-tools.sh ferretdb
fi
npx tsc -p tsconfig.build.json
export SESSION_POLICY_DEV_MODE="${SESSION_POLICY_DEV_MODE:-true}"
exec node dist/src/main.js
