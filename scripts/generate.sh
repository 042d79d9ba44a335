#!/usr/bin/env bash
# Regenerates everything under gen/ from proto/ with the pinned local toolchain (no remote registry).
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf

"$buf" generate
# The descriptor set server reflection serves (comments included, so `grpcurl describe` shows them).
mkdir -p gen/descriptor
"$buf" build --as-file-descriptor-set -o gen/descriptor/sessionpolicy.binpb
# grpc.health.v1 too, so reflection describes the health service with buf's exact descriptors.
"$buf" build node_modules/grpc-health-check/proto --as-file-descriptor-set -o gen/descriptor/health.binpb
