#!/usr/bin/env bash
# Regenerates everything under gen/ from proto/ with the pinned local toolchain (no remote registry).
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf

"$buf" generate
# The descriptor set server reflection serves (comments included, so `grpcurl describe` shows them).
mkdir -p gen/descriptor
"$buf" build --as-file-descriptor-set -o gen/descriptor/sessionpolicy.binpb
