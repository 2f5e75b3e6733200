#!/usr/bin/env bash
# npm run screenshots: the listing's pictures, made again from demo data so they never go stale —
# the sidebar in real VS Code (code-server) in Dark Modern and Light Modern, the status-bar badge
# with its tooltip, the CLI's daily table, and the company dashboard on the seeded organisation.
# Written to media/screenshots/ (in git for the listing; not in the .vsix).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/e2e/code-server-lib.sh
bash scripts/install-test-tools.sh "$T" >/dev/null
OUT=media/screenshots
mkdir -p "$OUT" build
npm run --silent build
npx vsce package --no-dependencies --allow-missing-repository -o build/token-tier.vsix >/dev/null
R=$(mktemp -d /tmp/tt-shots.XXXXXX)
trap 'if [ -n "${CS_PGID:-}" ]; then kill -- -$CS_PGID 2>/dev/null || true; wait $CS_PGID 2>/dev/null || true; fi; rm -rf "$R"' EXIT
cs_prepare "$R"
cs_start "$R"
node --import tsx scripts/screenshots/workbench.ts "$CS_URL" "$R/ws" "$OUT"
node --import tsx scripts/screenshots/cli.ts "$OUT"
node --import tsx scripts/screenshots/dashboard.ts "$OUT"
ls -l "$OUT"
