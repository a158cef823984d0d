#!/usr/bin/env bash
# Runs a command on the product's Node.js (ops/node-runtime.sh): `bash ops/with-node.sh tsx bench/...`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/ops/node-runtime.sh"
ensure_node_runtime "$ROOT"
cd "$ROOT"
exec npx --no-install "$@"
