#!/usr/bin/env bash
# What a newcomer does with the README: start the built service (dev mode, embedded FerretDB), then
# list services through reflection, check health, Update then Resolve with grpcurl -d JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
grpcurl=.tools/bin/grpcurl
data=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log="$data/service.log"
bash scripts/build-if-changed.sh
SESSION_POLICY_DEV_MODE=true SESSION_POLICY_LISTEN="127.0.0.1:$port" HTTP_LISTEN=127.0.0.1:0 SESSION_POLICY_DATA_DIR="$data" \
  node dist/src/main.js >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
fail() { echo "grpcurl smoke: FAIL: $*" >&2; cat "$log" >&2; exit 1; }

for _ in $(seq 1 100); do
  "$grpcurl" -plaintext "127.0.0.1:$port" grpc.health.v1.Health/Check 2>/dev/null | grep -q SERVING && break
  sleep 0.2
done
addr="127.0.0.1:$port"
auth="authorization: Bearer $(cat "$data/dev-admin-token")"

services=$("$grpcurl" -plaintext "$addr" list)
echo "$services"
for s in grpc.health.v1.Health sessionpolicy.v1.SessionPolicyAdminService sessionpolicy.v1.SessionPolicyResolverService; do
  grep -qx "$s" <<<"$services" || fail "reflection does not list $s"
done
"$grpcurl" -plaintext "$addr" grpc.health.v1.Health/Check | grep -q '"SERVING"' || fail "health is not SERVING"

"$grpcurl" -plaintext -H "$auth" -d '{"organization_id":"org_12345","settings":{"features":[{"name":"session_policy","enabled":true}]}}' \
  "$addr" sessionpolicy.v1.SessionPolicyAdminService/UpdateOrganizationSettings >/dev/null
updated=$("$grpcurl" -plaintext -H "$auth" -d '{"organization_id":"org_12345","policy_source":"CUSTOM","absolute_session_timeout":8,"absolute_session_timeout_unit":"HOURS","idle_session_timeout_enabled":true,"idle_session_timeout":30}' \
  "$addr" sessionpolicy.v1.SessionPolicyAdminService/UpdateOrganizationSessionPolicy)
echo "$updated"
node -e 'const r=JSON.parse(process.argv[1]).policy; if (r.absoluteSessionTimeout!==480||r.absoluteSessionTimeoutUnit!=="MINUTES"||r.idleSessionTimeout!==30) process.exit(1)' "$updated" \
  || fail "Update did not store 8 HOURS as 480 MINUTES"
resolved=$("$grpcurl" -plaintext -H "$auth" -d '{"organization_ids":["org_12345"]}' "$addr" sessionpolicy.v1.SessionPolicyResolverService/ResolveEffectivePolicy)
echo "$resolved"
node -e 'const p=JSON.parse(process.argv[1]).effectivePolicy; if (p.absoluteSessionTimeout.value!=="28800s"||p.absoluteSessionTimeout.source.organizationId!=="org_12345"||p.idleSessionTimeout.value!=="1800s") process.exit(1)' "$resolved" \
  || fail "Resolve did not return the organization's 8 h / 30 min"
if "$grpcurl" -plaintext -d '{"organization_ids":["org_12345"]}' "$addr" sessionpolicy.v1.SessionPolicyResolverService/ResolveEffectivePolicy 2>"$data/err"; then
  fail "an anonymous call was answered"
fi
grep -q Unauthenticated "$data/err" || fail "an anonymous call was not UNAUTHENTICATED"

kill -TERM "$pid"
wait "$pid" || fail "the service did not exit 0 on SIGTERM"
grep -q '"msg":"stopped"' "$log" || fail "no clean shutdown logged"
if [[ -n "${SPOL_RUN_LOG_DIR:-}" ]]; then
  # For the run's credential check (scripts/check-run-logs.mjs): this log and the dev token it used.
  cp "$log" "$SPOL_RUN_LOG_DIR/grpcurl-smoke.log"
  cat "$data/dev-admin-token" >>"$SPOL_RUN_LOG_DIR/credentials.txt"
  echo >>"$SPOL_RUN_LOG_DIR/credentials.txt"
fi
echo "grpcurl smoke: OK"
