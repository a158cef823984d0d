# Shared helpers for the local stack scripts. Sourced, never run.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=stack.env
source "$ROOT/ops/stack.env"
STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
BIN_DIR="$STACK_DIR/bin"
LOG_DIR="$STACK_DIR/logs"
RUN_DIR="$STACK_DIR/run"
mkdir -p "$BIN_DIR" "$LOG_DIR" "$RUN_DIR"

say() { printf '[stack] %s\n' "$*" >&2; }

# fail NAME MESSAGE: stop loudly, with the tail of the component's log.
fail() {
  local name="$1"; shift
  say "FAILED: $name: $*"
  if [ -f "$LOG_DIR/$name.log" ]; then
    say "last lines of $LOG_DIR/$name.log:"
    tail -n 40 "$LOG_DIR/$name.log" >&2
  fi
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until NAME SECONDS COMMAND...: polls COMMAND until it succeeds; fails with the log.
wait_until() {
  local name="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ -f "$RUN_DIR/$name.pid" ] && ! kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
      fail "$name" "process exited during start-up"
    fi
    [ $SECONDS -lt $deadline ] || fail "$name" "not healthy after ${seconds}s"
    sleep 0.5
  done
}

# spawn NAME COMMAND...: runs COMMAND detached, output to the component's log, pid recorded.
spawn() {
  local name="$1"; shift
  nohup "$@" >>"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
}

# stop_pid NAME [PORT]: SIGTERM, then SIGKILL after 20 s. Only processes this checkout started
# (pid file under .stack/run) are stopped; one that another checkout started on PORT is an error.
stop_pid() {
  local name="$1" port="${2:-}" pidfile="$RUN_DIR/$1.pid"
  if [ ! -f "$pidfile" ]; then
    if [ -n "$port" ] && port_open "$port"; then
      say "$name on port $port was not started by this checkout ($ROOT); stop it from the checkout that started it"
      return 1
    fi
    return 0
  fi
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

apt_install() {
  command -v apt-get >/dev/null || { say "apt-get not found: install $* by hand"; exit 1; }
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ ! -f "$STACK_DIR/.apt-updated" ]; then
    $sudo apt-get update -qq >"$LOG_DIR/apt.log" 2>&1 || fail apt "apt-get update failed"
    touch "$STACK_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >>"$LOG_DIR/apt.log" 2>&1 \
    || fail apt "apt-get install $* failed"
}

go_install() {
  local name="$1" module="$2"
  [ -x "$BIN_DIR/$name" ] && return 0
  say "building $name with go install $module (first run only, may take minutes)"
  GOBIN="$BIN_DIR" GOFLAGS=-mod=mod go install "$module" >"$LOG_DIR/$name-build.log" 2>&1 \
    || fail "$name-build" "go install $module failed"
}
