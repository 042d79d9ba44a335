#!/usr/bin/env bash
# Installs the pinned Go tools into .tools/bin (git-ignored), reusing what is already there.
# Usage: scripts/install-tools.sh [ferretdb] [grpcurl] [ghz] [protoc-gen-go] [protoc-gen-go-grpc] [helm]
#        (no argument: ferretdb, grpcurl and ghz)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/.tools/bin"
mkdir -p "$bin"

FERRETDB_VERSION=v1.24.2
GRPCURL_VERSION=v1.9.3
GHZ_VERSION=v0.120.0
# protoc-gen-go must not be newer than the google.golang.org/protobuf that gen/go/go.mod requires.
PROTOC_GEN_GO_VERSION=v1.36.12
PROTOC_GEN_GO_GRPC_VERSION=v1.6.2
# The chart is linted and rendered with helm built from its own module (no helm binary download).
HELM_VERSION=v4.3.2

# Builds one main package of a module at an exact version, from a writable copy of the module
# downloaded through the Go module proxy and built with its own go.mod/go.sum. (`go install pkg@v`
# cannot be used for FerretDB: the proxy refuses its version list, and its binary panics at start
# unless build/version/version.txt is written before building.)
build() {
  local name=$1 module=$2 pkg=$3 version=$4
  local stamp="$bin/.$name.version"
  if [[ -x "$bin/$name" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
    return 0
  fi
  echo "installing $name $version into .tools/bin" >&2
  local src work
  src=$(cd "$(mktemp -d)" && go mod download -json "$module@$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  work=$(mktemp -d)
  cp -r "$src/." "$work/" && chmod -R u+w "$work"
  if [[ -d "$work/build/version" ]]; then
    echo "$version" > "$work/build/version/version.txt"
  fi
  (cd "$work" && go build -trimpath -ldflags "-X main.version=$version" -o "$bin/$name" "./$pkg")
  rm -rf "$work"
  echo "$version" > "$stamp"
}

want=("$@")
[[ ${#want[@]} -eq 0 ]] && want=(ferretdb grpcurl ghz)
for tool in "${want[@]}"; do
  case "$tool" in
    ferretdb) build ferretdb github.com/FerretDB/FerretDB cmd/ferretdb "$FERRETDB_VERSION" ;;
    grpcurl) build grpcurl github.com/fullstorydev/grpcurl cmd/grpcurl "$GRPCURL_VERSION" ;;
    ghz) build ghz github.com/bojand/ghz cmd/ghz "$GHZ_VERSION" ;;
    protoc-gen-go) build protoc-gen-go google.golang.org/protobuf cmd/protoc-gen-go "$PROTOC_GEN_GO_VERSION" ;;
    protoc-gen-go-grpc) build protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc . "$PROTOC_GEN_GO_GRPC_VERSION" ;;
    helm) build helm helm.sh/helm/v4 cmd/helm "$HELM_VERSION" ;;
    *) echo "unknown tool: $tool" >&2; exit 2 ;;
  esac
done
