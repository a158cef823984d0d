# Jaeger v2 (an OpenTelemetry Collector distribution): receives the product's traces over OTLP and
# answers its query API; traces are kept in memory. The version is pinned in ops/jaeger/go.mod
# (a tool of that small module), built once with go install.
# shellcheck shell=bash
jaeger_install() {
  [ -x "$BIN_DIR/jaeger" ] && return 0
  say "building jaeger with go install tool in ops/jaeger (first run only, may take minutes)"
  (cd "$ROOT/ops/jaeger" && GOBIN="$BIN_DIR" GOFLAGS=-mod=mod go install tool) >"$LOG_DIR/jaeger-build.log" 2>&1 \
    || fail jaeger-build "go install tool (ops/jaeger/go.mod) failed"
}

jaeger_health() { curl -fsS "http://127.0.0.1:$JAEGER_HEALTH_PORT/status" >/dev/null; }

jaeger_start() {
  spawn jaeger env JAEGER_OTLP_GRPC_PORT="$JAEGER_OTLP_GRPC_PORT" JAEGER_OTLP_HTTP_PORT="$JAEGER_OTLP_HTTP_PORT" \
    JAEGER_QUERY_PORT="$JAEGER_QUERY_PORT" JAEGER_QUERY_GRPC_PORT="$JAEGER_QUERY_GRPC_PORT" \
    JAEGER_HEALTH_PORT="$JAEGER_HEALTH_PORT" "$BIN_DIR/jaeger" --config "file:$ROOT/ops/jaeger/config.yaml"
  wait_until jaeger 60 jaeger_health
}

jaeger_stop() { stop_pid jaeger "$JAEGER_QUERY_PORT"; }
