#!/usr/bin/env bash
# Entry point behind `npm start`, `npm test` and friends: `run.sh <command> [args]`. The machine may only have an
# older Node and npm, so this fetches Node 24 and pnpm from the npm registry into
# .runtime/ (git-ignored), never touching the machine's own node, installs the
# workspace, then hands over to the named pnpm script running on Node 24.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runtime="$root/.runtime"
want_major=24

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_runtime() {
  mkdir -p "$runtime/bin"
  local system_node
  system_node="$(command -v node || true)"
  if [ -x "$runtime/bin/node" ] && [ "$(node_major "$runtime/bin/node")" -ge "$want_major" ]; then
    :
  elif [ -n "$system_node" ] && [ "$(node_major "$system_node")" -ge "$want_major" ]; then
    ln -sf "$system_node" "$runtime/bin/node"
  else
    local platform
    platform="$(node -p 'process.platform.replace("win32","win") + "-" + process.arch')"
    echo "[ai-service] fetching Node ${want_major} (node-${platform}) into .runtime/ ..." >&2
    npm install --silent --no-save --no-audit --no-fund --prefix "$runtime/pkg" "node-${platform}@${want_major}" >&2
    ln -sf "$runtime/pkg/node_modules/node-${platform}/bin/node" "$runtime/bin/node"
  fi
  if [ ! -x "$runtime/pnpm/node_modules/.bin/pnpm" ]; then
    echo "[ai-service] fetching pnpm 10 into .runtime/ ..." >&2
    npm install --silent --no-save --no-audit --no-fund --prefix "$runtime/pnpm" pnpm@10 >&2
  fi
  ln -sf "$runtime/pnpm/node_modules/.bin/pnpm" "$runtime/bin/pnpm"
  export PATH="$runtime/bin:$PATH"
}

ensure_install() {
  local marker="$root/node_modules/.modules.yaml"
  if [ ! -f "$marker" ] || [ "$root/pnpm-lock.yaml" -nt "$marker" ] || [ "${CI:-}" = "true" ]; then
    (cd "$root" && pnpm install --frozen-lockfile --reporter=append-only >&2)
  fi
}

ensure_runtime
ensure_install
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
exec "$@"
