#!/usr/bin/env bash
# `npm test`: unit tests (with domain and app coverage) and contract tests against a real server and a real
# MongoDB-wire store (FerretDB from .tools, or MONGODB_URI when set). Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || bash scripts/install-deps.sh
[[ -n "${MONGODB_URI:-}" ]] || bash scripts/install-tools.sh ferretdb
mkdir -p .jest-results
# Every service log of this run, and every credential the tests used: checked against each other last.
if [[ -z "${SPOL_RUN_LOG_DIR:-}" ]]; then
  export SPOL_RUN_LOG_DIR="$PWD/.test-logs/run-$(date +%Y%m%d-%H%M%S)-$$"
  own_run_log=1
fi
mkdir -p "$SPOL_RUN_LOG_DIR"
status=0
# The tracing tests' OpenTelemetry Collector is compiled (once, into .tools) while the unit tests run.
otelcol_log=$(mktemp)
bash scripts/install-tools.sh otelcol >"$otelcol_log" 2>&1 &
otelcol_pid=$!
npx jest --selectProjects unit --coverage --json --outputFile=.jest-results/unit.json || status=$?
wait "$otelcol_pid" || { cat "$otelcol_log" >&2; status=1; }
rm -f "$otelcol_log"
npx jest --selectProjects contract --runInBand --json --outputFile=.jest-results/contract.json || status=$?
# One plain closing line over both runs.
node -e '
  const r = ["unit", "contract"].map((n) => { try { return require(`./.jest-results/${n}.json`); } catch { return { numPassedTests: 0, numFailedTests: 1 }; } });
  const passed = r.reduce((s, x) => s + x.numPassedTests, 0), failed = r.reduce((s, x) => s + x.numFailedTests, 0);
  console.log(`tests: ${passed} passed, ${failed} failed`);
'
# .ci/run checks once more at its end, over the fuzz and browser runs' logs too.
[[ -z "${own_run_log:-}" ]] || node scripts/check-run-logs.mjs "$SPOL_RUN_LOG_DIR" || status=$?
exit $status
