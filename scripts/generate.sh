#!/usr/bin/env bash
# Regenerates everything under gen/ from proto/ with the pinned local toolchain (no remote registry).
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf

# Our protos and google/rpc (the error details the server builds); google/api is only imported (for
# field_behavior options), its types are not generated.
"$buf" generate --path proto/sessionpolicy --path node_modules/google-proto-files/google/rpc
# An absent string is sent as absent, not as "undefined" (why: the script's header).
node scripts/absent-strings-as-absent.mjs gen/ts
# The descriptor set server reflection serves (comments included, so `grpcurl describe` shows them).
mkdir -p gen/descriptor
"$buf" build --path proto/sessionpolicy --path node_modules/google-proto-files/google/rpc --as-file-descriptor-set -o gen/descriptor/sessionpolicy.binpb
# grpc.health.v1 too, so reflection describes the health service with buf's exact descriptors.
"$buf" build node_modules/grpc-health-check/proto --as-file-descriptor-set -o gen/descriptor/health.binpb
