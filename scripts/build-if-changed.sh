#!/usr/bin/env bash
# Builds dist/ with tsc only when its inputs changed since the last build: a source file newer than the
# stamp, or a file added, removed or renamed (the stamp keeps a checksum of the file list). An
# unchanged checkout starts without the 7–14 s compile.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=dist/.build-stamp
inputs=(src gen/ts tsconfig.json tsconfig.build.json package.json package-lock.json)
listing=$(find "${inputs[@]}" -type f | LC_ALL=C sort | cksum)
if [[ -f dist/src/main.js && -f "$stamp" && "$(cat "$stamp")" == "$listing" ]] \
  && [[ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit)" ]]; then
  echo "build: dist/ is up to date (no change in src/ or gen/ts/)" >&2
  exit 0
fi
echo "build: compiling TypeScript into dist/" >&2
# A source added, removed or renamed: start from an empty dist/, since tsc never deletes the output of
# a source that is gone (a stale dist/src/app/replica.js once shadowed the new replica/index.js).
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$listing" ]]; then
  rm -rf dist
  mkdir -p dist
fi
rm -f "$stamp"
# The stamp takes the time the build started, so an edit made while tsc runs still counts as a change.
started=$(mktemp)
trap 'rm -f "$started"' EXIT
npx tsc -p tsconfig.build.json >&2 # stdout too: scripts/serve-for-tests.sh keeps stdout for its READY line
printf '%s\n' "$listing" > "$stamp"
touch -r "$started" "$stamp"
