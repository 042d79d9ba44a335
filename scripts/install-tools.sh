#!/usr/bin/env bash
# Installs the pinned Go tools into .tools/bin (git-ignored), reusing what is already there.
# Usage: scripts/install-tools.sh [ferretdb] [grpcurl] [ghz] [protoc-gen-go] [protoc-gen-go-grpc] [helm] [otelcol]
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
# The tracing tests' collector: the Collector's builder and every component at this one release.
OTELCOL_VERSION=v0.161.0

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

# An OpenTelemetry Collector with exactly the components of scripts/otelcol-builder.yaml, generated
# and compiled by the Collector's own builder (there is no collector binary to download here).
build_otelcol() {
  local stamp="$bin/.otelcol.version" want
  want="$OTELCOL_VERSION $(sha256sum scripts/otelcol-builder.yaml | cut -c1-16)"
  if [[ -x "$bin/otelcol" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  build otelcol-builder go.opentelemetry.io/collector/cmd/builder . "$OTELCOL_VERSION"
  echo "building otelcol $OTELCOL_VERSION into .tools/bin" >&2
  local work
  work=$(mktemp -d)
  sed -e "s|@VERSION@|$OTELCOL_VERSION|g" -e "s|@OUTPUT@|$work/dist|g" scripts/otelcol-builder.yaml > "$work/builder.yaml"
  "$bin/otelcol-builder" --config "$work/builder.yaml" >"$work/builder.log" 2>&1 || { cat "$work/builder.log" >&2; exit 1; }
  mv "$work/dist/otelcol-sessionpolicy" "$bin/otelcol"
  rm -rf "$work"
  echo "$want" > "$stamp"
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
    otelcol) build_otelcol ;;
    *) echo "unknown tool: $tool" >&2; exit 2 ;;
  esac
done
