#!/usr/bin/env bash
# The local stack: every component the product talks to, real, on loopback, data under .stack/.
#   ops/stack.sh up     [component...]   install what is missing, start, wait until healthy
#   ops/stack.sh down   [component...]   stop
#   ops/stack.sh status [component...]   healthy or not, one line each
#   ops/stack.sh install [component...]  install only
# Components: postgres redis redis-cache kafka registry minio stripe-mock jaeger (default: all, in that order).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for f in "$ROOT"/ops/components/*.sh; do source "$f"; done

ALL=(postgres redis redis-cache kafka registry minio stripe-mock jaeger)
action="${1:-status}"; shift || true
components=("$@"); [ ${#components[@]} -gt 0 ] || components=("${ALL[@]}")
fn() { echo "${1//-/_}_$2"; }

case "$action" in
  install)
    for c in "${components[@]}"; do "$(fn "$c" install)"; done ;;
  up)
    for c in "${components[@]}"; do "$(fn "$c" install)"; done
    for c in "${components[@]}"; do
      if "$(fn "$c" health)" >/dev/null 2>&1; then say "$c already running"; continue; fi
      say "starting $c"; "$(fn "$c" start)"; say "$c healthy"
    done ;;
  down)
    rc=0
    for ((i=${#components[@]}-1; i>=0; i--)); do
      if "$(fn "${components[$i]}" stop)"; then say "${components[$i]} stopped"; else rc=1; fi
    done
    exit $rc ;;
  status)
    rc=0
    for c in "${components[@]}"; do
      if "$(fn "$c" health)" >/dev/null 2>&1; then echo "$c: up"; else echo "$c: down"; rc=1; fi
    done
    exit $rc ;;
  *) echo "usage: ops/stack.sh up|down|status|install [component...]" >&2; exit 2 ;;
esac
