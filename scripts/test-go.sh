#!/usr/bin/env bash
# Go tests: the contract suite (clients/go: every shared vector of test/vectors over gRPC with the Go
# stubs in gen/go, and google.rpc error details) and the enforcer-hook example
# (examples/enforcer-hooks/go). Each package's TestMain starts its own throwaway service with
# scripts/serve-for-tests.sh (which builds the server with tsc and uses .tools/bin/ferretdb, or
# $MONGODB_URI) and stops it at the end.
# Needs Go and what `npm ci` and `scripts/install-tools.sh ferretdb` set up; installs nothing but the
# Go modules pinned in each go.mod/go.sum. Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(clients/go examples/enforcer-hooks/go)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

for module in "${modules[@]}"; do
  (cd "$module" && go mod download)
done

failed=()
for module in "${modules[@]}"; do
  printf '\n=== go test %s\n' "$module"
  log="$logs/$(echo "$module" | tr / _).log"
  if ! (cd "$module" && go vet ./... && go test -count=1 -v ./...) 2>&1 | tee "$log"; then
    failed+=("$module")
  fi
done

printf '\n=== Go test summary\n'
for module in "${modules[@]}"; do
  log="$logs/$(echo "$module" | tr / _).log"
  echo "$module:"
  grep -E '^(ok|FAIL|---|vector cases:)' "$log" | sed 's/^/  /' || true
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "all Go tests passed"
