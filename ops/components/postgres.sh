# PostgreSQL from Debian's packages: a cluster of the project's own under .stack/, on loopback.
# The server refuses to run as root, so as root it runs as the system's postgres user.
# shellcheck shell=bash

# The cluster's folder: .stack/postgres, unless (as root) the postgres user cannot reach the
# checkout, e.g. under a private home folder; then a folder of its own, one per checkout.
pg_home() {
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$STACK_DIR" 2>/dev/null; then
    echo "/var/tmp/social-analytics-postgres-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
  else
    echo "$STACK_DIR/postgres"
  fi
}

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

postgres_install() {
  [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ] && return 0
  say "installing PostgreSQL from Debian's packages"
  apt_install postgresql
}

as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_health() { "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT"; }

postgres_start() {
  local bin; bin="$(pg_bindir)"
  PG_HOME="$(pg_home)"
  mkdir -p "$PG_HOME"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_HOME"
  if [ ! -f "$PG_HOME/data/PG_VERSION" ]; then
    as_pg_owner "$bin/initdb" -D "$PG_HOME/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$LOG_DIR/postgres-init.log" 2>&1 || fail postgres-init "initdb failed"
  fi
  # The server writes its log where it can reach; .stack/logs links to it.
  ln -sfn "$PG_HOME/server.log" "$LOG_DIR/postgres.log"
  as_pg_owner "$bin/pg_ctl" -D "$PG_HOME/data" -l "$PG_HOME/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k $PG_HOME -c fsync=off" >/dev/null \
    || fail postgres "pg_ctl start failed"
  wait_until postgres 60 postgres_health
  postgres_bootstrap
}

# The application role and its two databases; the test one carries "test" in its name, which
# destructive test helpers require.
postgres_bootstrap() {
  local psql=("$(pg_bindir)/psql" -q -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
  "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname='$POSTGRES_USER'" | grep -q 1 \
    || "${psql[@]}" -c "CREATE ROLE $POSTGRES_USER LOGIN CREATEDB PASSWORD '$POSTGRES_PASSWORD'"
  for db in social_analytics social_analytics_test; do
    "${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
      || "${psql[@]}" -c "CREATE DATABASE $db OWNER $POSTGRES_USER"
  done
}

postgres_stop() {
  PG_HOME="$(pg_home)"
  [ -f "$PG_HOME/data/postmaster.pid" ] || return 0
  as_pg_owner "$(pg_bindir)/pg_ctl" -D "$PG_HOME/data" -m fast -w stop >/dev/null 2>&1 || true
}
