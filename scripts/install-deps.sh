#!/usr/bin/env bash
# Installs node_modules from package-lock.json. `npm ci` first; npm 11 on this machine records only this
# platform's optional binaries (e.g. @bufbuild/buf-linux-x64) in the lock and then `npm ci` refuses
# that very lock as "Missing: …-darwin-… from lock file". Only for that refusal, fall back to
# `npm install`, which installs the locked versions present and leaves the tracked lock unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
if npm ci --no-audit --no-fund 2>"$log"; then
  rm -f "$log"
  exit 0
fi
missing=$(grep -o "Missing: [^ ]*" "$log" || true)
not_platform=$(grep -vE -- '-(darwin|win32|android|freebsd|openharmony|linux|sunos|aix|netbsd|openbsd)-' <<<"$missing" || true)
if [[ -n "$missing" && -z "$not_platform" ]]; then
  echo "npm ci refused the lock only for other platforms' optional binaries; installing with npm install" >&2
  cp package-lock.json "$log.lock"
  npm install --no-audit --no-fund
  cp "$log.lock" package-lock.json
  rm -f "$log" "$log.lock"
  exit 0
fi
cat "$log" >&2
exit 1
