#!/usr/bin/env bash
# Regenerates gen/go (Go message types + gRPC stubs for sessionpolicy.v1) with buf and the pinned
# protoc-gen-go / protoc-gen-go-grpc, built by scripts/install-tools.sh into .tools/bin (git-ignored,
# reused while .tools/bin/.NAME.version matches). gen/go is its own Go module (gen/go/go.mod, committed
# by hand with pinned requirements); this script rewrites only the generated *.pb.go files and keeps
# go.mod/go.sum tidy. Output is deterministic: CI reruns this and fails on any diff.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="$PWD/.tools/bin"
bash scripts/install-tools.sh protoc-gen-go protoc-gen-go-grpc
PROTOC_GEN_GO_VERSION=$(cat "$bin/.protoc-gen-go.version")
PROTOC_GEN_GO_GRPC_VERSION=$(cat "$bin/.protoc-gen-go-grpc.version")

# Fail loudly if a binary does not report the pinned version (e.g. a hand-placed one).
[[ "$("$bin/protoc-gen-go" --version)" == "protoc-gen-go $PROTOC_GEN_GO_VERSION" ]] || {
  echo "unexpected protoc-gen-go: $("$bin/protoc-gen-go" --version), want $PROTOC_GEN_GO_VERSION" >&2; exit 1; }
[[ "$("$bin/protoc-gen-go-grpc" --version)" == "protoc-gen-go-grpc ${PROTOC_GEN_GO_GRPC_VERSION#v}" ]] || {
  echo "unexpected protoc-gen-go-grpc: $("$bin/protoc-gen-go-grpc" --version), want $PROTOC_GEN_GO_GRPC_VERSION" >&2; exit 1; }

# buf.gen.go.yaml has no `clean` (it would delete gen/go/go.mod): drop the old generated files here so
# a removed .proto leaves nothing behind.
find gen/go -name '*.pb.go' -type f -delete
find gen/go -mindepth 1 -type d -empty -delete
node_modules/.bin/buf generate --template buf.gen.go.yaml

# The module must stay consistent with what the generated code imports, and compile.
(cd gen/go && go mod tidy && go build ./... && go vet ./...)
