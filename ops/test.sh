#!/usr/bin/env bash
# The tests (npm test): type check and lint, unit tests, the deployment checks (ops/deploy-checks.sh),
# then integration tests against the real local stack (started if it is not running), in band.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/ops/node-runtime.sh"
source "$ROOT/ops/node-deps.sh"
ensure_node_runtime "$ROOT"
ensure_node_deps "$ROOT"
cd "$ROOT"
# Processes the tests start take the local stack's published credentials: not production's.
export NODE_ENV=test
npx tsc --noEmit -p .
# The dashboard is browser code (DOM types): its own project.
npx tsc --noEmit -p api/dashboard
npx eslint .
results="$ROOT/.stack/test-results"
mkdir -p "$results"
npx jest --selectProjects unit --json --outputFile="$results/unit.json"
# The image, chart, alert rules and Alertmanager routing; installs helm and kubeconform for
# test/chart.integration.test.ts.
bash ops/deploy-checks.sh
bash ops/stack.sh up
npx jest --selectProjects integration --runInBand --json --outputFile="$results/integration.json"
node ops/test-summary.js "$results/unit.json" "$results/integration.json"
