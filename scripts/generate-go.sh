#!/usr/bin/env bash
# Regenerates gen/go (Go message types + gRPC stubs for sessionpolicy.v1) with buf and the pinned
# protoc-gen-go / protoc-gen-go-grpc, built from the Go module proxy into .tools/bin (git-ignored,
# reused while .tools/bin/.NAME.version matches). gen/go is its own Go module (gen/go/go.mod, committed
# by hand with pinned requirements); this script rewrites only the generated *.pb.go files and keeps
# go.mod/go.sum tidy. Output is deterministic: CI reruns this and fails on any diff.
set -euo pipefail
cd "$(dirname "$0")/.."

# protoc-gen-go's version must not be newer than the google.golang.org/protobuf required by
# gen/go/go.mod (generated code needs a runtime at least as new as its generator).
PROTOC_GEN_GO_VERSION=v1.36.12       # module google.golang.org/protobuf
PROTOC_GEN_GO_GRPC_VERSION=v1.6.2    # module google.golang.org/grpc/cmd/protoc-gen-go-grpc

bin="$PWD/.tools/bin"
mkdir -p "$bin"

# Builds one main package of a module at an exact version into .tools/bin, unless the stamp says it is
# already there. `go install pkg@version` first; if the proxy refuses it (e.g. a 403 on a version
# list), a writable copy of the module from `go mod download` built with its own go.mod/go.sum.
install_plugin() {
  local name=$1 module=$2 pkg=$3 version=$4
  local stamp="$bin/.$name.version"
  if [[ -x "$bin/$name" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
    return 0
  fi
  echo "installing $name $version into .tools/bin" >&2
  rm -f "$stamp"
  local target="$module@$version"
  [[ "$pkg" == "." ]] || target="$module/$pkg@$version"
  local tmp
  tmp=$(mktemp -d)
  # Outside any module, so that only the tool's own go.mod/go.sum decide its dependencies.
  if ! (cd "$tmp" && GOBIN="$bin" go install -trimpath "$target"); then
    echo "go install $target failed; building from the downloaded module instead" >&2
    local src
    src=$(cd "$tmp" && go mod download -json "$module@$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    [[ -n "$src" ]] || { rm -rf "$tmp"; echo "could not download $module@$version" >&2; exit 1; }
    mkdir "$tmp/src"
    cp -r "$src/." "$tmp/src/" && chmod -R u+w "$tmp/src"
    (cd "$tmp/src" && go build -trimpath -o "$bin/$name" "./$pkg")
  fi
  rm -rf "$tmp"
  echo "$version" > "$stamp"
}

install_plugin protoc-gen-go google.golang.org/protobuf cmd/protoc-gen-go "$PROTOC_GEN_GO_VERSION"
install_plugin protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc . "$PROTOC_GEN_GO_GRPC_VERSION"

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
