# Installs the npm packages when node_modules is missing or older than the lockfile. Sourced.
# shellcheck shell=bash
ensure_node_deps() {
  local root="$1"
  if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    # npm install, not npm ci: chdb lists per-platform optional packages that the registry here does
    # not serve for other platforms, so the lockfile cannot record them and npm ci refuses it.
    # npm install still installs exactly the locked versions.
    echo "[setup] installing npm packages" >&2
    (cd "$root" && npm install --no-audit --no-fund --loglevel=error)
  fi
  node "$root/ops/patches/kafkajs.js"
}
