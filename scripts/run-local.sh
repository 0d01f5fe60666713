#!/usr/bin/env bash
# Runs Watcher on its embedded default: the simulated cluster, Azurite storage under .watcher-data/, the API on
# http://127.0.0.1:7071. Installs the npm tools on first use. Ctrl+C stops the service and Azurite.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_pid=""
if port_open 10000; then
  echo "Storage is already listening on 127.0.0.1:10000; using it."
else
  mkdir -p .watcher-data/azurite
  node node_modules/azurite/dist/src/azurite.js --skipApiVersionCheck --silent \
    --location .watcher-data/azurite \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  azurite_pid=$!
  # Azurite shuts down gracefully on SIGTERM, flushing its data to .watcher-data/.
  trap 'kill -TERM "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do port_open 10000 && port_open 10001 && port_open 10002 && break; sleep 0.1; done
fi

dotnet run --project hosts/Watcher.LocalHost -c Release -- "$@"
