# A second Redis, for the query cache only: bounded (maxmemory) and evicting, apart from the
# Redis that holds sessions, refresh tokens and rate limits (which must never be evicted, so that
# one runs noeviction). maxmemory is per instance, not per database, hence an instance of its own.
# volatile-lru evicts only keys with a TTL: cached answers (1 hour) go, the per-channel generation
# counters (no TTL, a few bytes each) stay, so an eviction never makes a stale answer current again.
# shellcheck shell=bash
redis_cache_install() { redis_install; }

redis_cache_health() { redis-cli -h 127.0.0.1 -p "$REDIS_CACHE_PORT" ping | grep -q PONG; }

redis_cache_start() {
  mkdir -p "$STACK_DIR/redis-cache"
  : >"$LOG_DIR/redis-cache.log"
  redis-server --bind 127.0.0.1 --port "$REDIS_CACHE_PORT" --dir "$STACK_DIR/redis-cache" --daemonize yes \
    --pidfile "$RUN_DIR/redis-cache.pid" --logfile "$LOG_DIR/redis-cache.log" --save "" --appendonly no \
    --maxmemory "$REDIS_CACHE_MAXMEMORY" --maxmemory-policy volatile-lru \
    || fail redis-cache "redis-server (cache) did not start"
  wait_until redis-cache 30 redis_cache_health
}

redis_cache_stop() {
  redis-cli -h 127.0.0.1 -p "$REDIS_CACHE_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -f "$RUN_DIR/redis-cache.pid"
}
