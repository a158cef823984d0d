# Redis from Debian's packages, on loopback, data under .stack/.
# shellcheck shell=bash
redis_install() { command -v redis-server >/dev/null || apt_install redis-server; }

redis_health() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping | grep -q PONG; }

redis_start() {
  mkdir -p "$STACK_DIR/redis"
  : >"$LOG_DIR/redis.log"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STACK_DIR/redis" --daemonize yes \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" --save 60 1000 --appendonly no \
    || fail redis "redis-server did not start"
  wait_until redis 30 redis_health
}

redis_stop() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -f "$RUN_DIR/redis.pid"
}
