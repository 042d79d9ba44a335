#!/usr/bin/env bash
# Starts a throwaway service for other languages' contract suites: dev mode, embedded FerretDB in a
# temp dir, 127.0.0.1 on a free port. Prints exactly one line to stdout when it is ready:
#   READY <port> <admin-token>
# then stays in the foreground until SIGTERM/SIGINT, when it stops the service and removes its data.
# The service's own logs go to $SERVE_LOG (default: a file in the temp dir, printed on failure).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json >&2
[[ -n "${MONGODB_URI:-}" ]] || bash scripts/install-tools.sh ferretdb >&2
data=$(mktemp -d)
log="${SERVE_LOG:-$data/service.log}"
SESSION_POLICY_DEV_MODE=true SESSION_POLICY_LISTEN=127.0.0.1:0 SESSION_POLICY_DATA_DIR="$data" REPLICA_POLL_INTERVAL_MS=50 \
  node dist/src/main.js >"$log" 2>&1 &
pid=$!
stop() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap 'stop; exit 0' TERM INT
trap stop EXIT
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*"port":\([0-9]*\),"tls".*"msg":"session policy service listening".*/\1/p' "$log" | head -1)
  if [[ -n "$port" && -f "$data/dev-admin-token" ]]; then
    echo "READY $port $(cat "$data/dev-admin-token")"
    wait "$pid"
    exit $?
  fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
  sleep 0.1
done
echo "service did not become ready" >&2
cat "$log" >&2
exit 1
