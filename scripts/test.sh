#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against Azurite and the local host (both started by the tests),
# the Functions app's route parity, and the deployment checks (bicep, Helm chart, Dockerfile).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ ! -d node_modules/kubernetes-models ]; then
  npm ci --no-audit --no-fund
fi

dotnet test Watcher.sln -c Release "$@"
