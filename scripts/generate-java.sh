#!/usr/bin/env bash
# Regenerates gen/java (Java message classes + gRPC stubs for sessionpolicy.v1) with buf and the
# pinned protoc / protoc-gen-grpc-java taken from Maven Central into .tools/bin (git-ignored, reused
# while .tools/bin/.java-codegen.version matches). Output is deterministic: CI reruns this and fails
# on any diff. The versions below must match clients/java/pom.xml (protobuf-java, grpc-*).
set -euo pipefail
cd "$(dirname "$0")/.."

PROTOC_VERSION=4.36.2          # com.google.protobuf:protoc == protobuf-java
GRPC_JAVA_VERSION=1.83.1       # io.grpc:protoc-gen-grpc-java == grpc-stub / grpc-protobuf
#   (1.83.1: the newest whose linux-x86_64 plugin exe the Maven Central we reach serves; 1.84+ are 404)
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

bin="$PWD/.tools/bin"
stamp="$bin/.java-codegen.version"
want="protoc=$PROTOC_VERSION grpc-java=$GRPC_JAVA_VERSION"

case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch_64 ;;
  *) echo "unsupported architecture: $(uname -m)" >&2; exit 2 ;;
esac
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=osx ;;
  *) echo "unsupported OS: $(uname -s)" >&2; exit 2 ;;
esac

if [[ -x "$bin/protoc" && -x "$bin/protoc-gen-grpc-java" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  :
else
  echo "installing protoc $PROTOC_VERSION and protoc-gen-grpc-java $GRPC_JAVA_VERSION into .tools/bin" >&2
  mkdir -p "$bin"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mvn -B -q -Dstyle.color=never -Dmaven.repo.local=.tools/m2 "$DEPENDENCY_PLUGIN:copy" -DoutputDirectory="$tmp" -Dmdep.stripVersion=true \
    -Dartifact="com.google.protobuf:protoc:$PROTOC_VERSION:exe:$os-$arch"
  mvn -B -q -Dstyle.color=never -Dmaven.repo.local=.tools/m2 "$DEPENDENCY_PLUGIN:copy" -DoutputDirectory="$tmp" -Dmdep.stripVersion=true \
    -Dartifact="io.grpc:protoc-gen-grpc-java:$GRPC_JAVA_VERSION:exe:$os-$arch"
  install -m 0755 "$tmp/protoc-$os-$arch.exe" "$bin/protoc"
  install -m 0755 "$tmp/protoc-gen-grpc-java-$os-$arch.exe" "$bin/protoc-gen-grpc-java"
  echo "$want" > "$stamp"
fi

# Fail loudly if a binary does not report the pinned version (e.g. a hand-placed one).
[[ "$("$bin/protoc" --version)" == "libprotoc ${PROTOC_VERSION#*.}" ]] || {
  echo "unexpected protoc: $("$bin/protoc" --version), want $PROTOC_VERSION" >&2; exit 1; }

[[ -x node_modules/.bin/buf ]] || bash scripts/install-deps.sh
node_modules/.bin/buf generate --template buf.gen.java.yaml
