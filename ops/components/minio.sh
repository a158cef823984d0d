# MinIO, built from source with go install; the bucket itself is created by the product.
# shellcheck shell=bash
minio_install() { go_install minio "github.com/minio/minio@$MINIO_VERSION"; }

minio_health() { curl -fsS "http://127.0.0.1:$MINIO_PORT/minio/health/live" >/dev/null; }

minio_start() {
  mkdir -p "$STACK_DIR/minio/data"
  spawn minio env MINIO_ROOT_USER="$MINIO_ROOT_USER" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" \
    MINIO_BROWSER=off "$BIN_DIR/minio" server "$STACK_DIR/minio/data" --quiet \
    --address "127.0.0.1:$MINIO_PORT" --console-address "127.0.0.1:$MINIO_CONSOLE_PORT"
  wait_until minio 60 minio_health
}

minio_stop() { stop_pid minio "$MINIO_PORT"; }
