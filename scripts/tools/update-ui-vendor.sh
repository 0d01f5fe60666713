#!/usr/bin/env bash
# Copies the dashboard's third-party files (Cytoscape.js and its dagre layout, uPlot, with their licences) from node_modules
# into functions/Watcher.Api/Ui/vendor/, as listed in that folder's MANIFEST. Run it after changing their versions in
# package.json and `npm install`; commit the result. tests/Watcher.Api.Tests/DashboardFilesTests.cs fails when a copy differs.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
vendor="$root/functions/Watcher.Api/Ui/vendor"
modules="$root/node_modules"

if [ ! -d "$modules" ]; then
  echo "update-ui-vendor: $modules is missing: run 'npm ci --no-audit --no-fund' at the repository root" >&2
  exit 1
fi

grep -v '^[[:space:]]*\(#\|$\)' "$vendor/MANIFEST" | while read -r name source; do
  if [ ! -f "$modules/$source" ]; then
    echo "update-ui-vendor: $modules/$source is missing (is the package in package.json and installed?)" >&2
    exit 1
  fi
  cp "$modules/$source" "$vendor/$name"
  echo "update-ui-vendor: $name <- node_modules/$source"
done
