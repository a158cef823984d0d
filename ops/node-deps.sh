# Installs the npm packages when node_modules is missing or older than the lockfile. Sourced.
# shellcheck shell=bash
ensure_node_deps() {
  local root="$1"
  if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "[setup] installing npm packages (npm ci)" >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
