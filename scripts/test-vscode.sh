#!/usr/bin/env bash
# `npm run test:vscode`: the integration suite in a VS Code downloaded by @vscode/test-electron
# (needs the network; offline, `npm run test:e2e` runs the same suite in code-server).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
node scripts/build-integration-tests.mjs
home=$(mktemp -d /tmp/tt-vscode-home.XXXXXX)
trap 'rm -rf "$home"' EXIT
node --import tsx scripts/e2e/fixture-home.ts "$home"
TOKEN_TIER_TEST_HOME="$home" npx vscode-test
