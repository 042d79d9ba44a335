#!/usr/bin/env bash
# `npm test`: unit tests (with domain and app coverage) and contract tests against a real server and a real
# MongoDB-wire store (FerretDB from .tools, or MONGODB_URI when set). Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || bash scripts/install-deps.sh
[[ -n "${MONGODB_URI:-}" ]] || bash scripts/install-tools.sh ferretdb
mkdir -p .jest-results
status=0
npx jest --selectProjects unit --coverage --json --outputFile=.jest-results/unit.json || status=$?
npx jest --selectProjects contract --runInBand --json --outputFile=.jest-results/contract.json || status=$?
# One plain closing line over both runs.
node -e '
  const r = ["unit", "contract"].map((n) => { try { return require(`./.jest-results/${n}.json`); } catch { return { numPassedTests: 0, numFailedTests: 1 }; } });
  const passed = r.reduce((s, x) => s + x.numPassedTests, 0), failed = r.reduce((s, x) => s + x.numFailedTests, 0);
  console.log(`tests: ${passed} passed, ${failed} failed`);
'
exit $status
