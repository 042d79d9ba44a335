#!/usr/bin/env bash
# Checks the deployment files as far as a machine without a container engine or a cluster can:
# the Dockerfile linted (dockerfile-utils, the Docker language server's linter), the chart linted and
# rendered by helm (built from its pinned module), the rendered manifests decoded strictly into the
# Kubernetes API types with the chart's promises checked (deploy/manifest-check), compose.yaml parsed.
# Nothing here builds an image, starts a container or talks to a cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || bash scripts/install-deps.sh
bash scripts/install-tools.sh helm
helm=.tools/bin/helm
chart=deploy/helm/session-policy

echo "--- Dockerfile (dockerfile-utils lint)"
npx dockerfile-utils lint Dockerfile
echo "Dockerfile: no problems"

echo "--- helm lint"
# What an operator must give (a replica set, service-token hashes), as a values file.
given=$(mktemp --suffix .yaml)
trap 'rm -f "$given"' EXIT
cat > "$given" <<'VALUES'
mongodb:
  uri: mongodb://db-0,db-1,db-2/?replicaSet=rs0
serviceTokens:
  value: gateway:read:0000000000000000000000000000000000000000000000000000000000000000
VALUES
values=(-f "$given")
"$helm" lint "$chart" "${values[@]}" --strict

echo "--- helm template | manifest-check (default values; TLS with the HTTP face; mTLS)"
rendered=$(mktemp)
"$helm" template spol "$chart" "${values[@]}" > "$rendered"
(cd deploy/manifest-check && go run . < "$rendered")
"$helm" template spol "$chart" "${values[@]}" --set tls.secretName=spol-tls --set http.enabled=true --set http.widgetTokenSecret=spol-widget --set http.widgetAllowedOrigins=https://app.example.com > "$rendered"
(cd deploy/manifest-check && go run . < "$rendered")
"$helm" template spol "$chart" "${values[@]}" --set tls.secretName=spol-tls --set tls.mutual=true > "$rendered"
(cd deploy/manifest-check && go run . < "$rendered")
# Without a store or callers the chart refuses to render, as the service refuses to start.
if "$helm" template spol "$chart" > /dev/null 2>&1; then
  echo "helm template rendered without mongodb.uri and serviceTokens: it must refuse" >&2
  exit 1
fi
rm -f "$rendered"

echo "--- compose.yaml (three replica-set members, the set initiated by a healthcheck, the service instances)"
(cd deploy/manifest-check && go run . -compose ../compose.yaml)
echo "deploy checks: OK"
