#!/usr/bin/env bash
# Real-VS-Code E2E, offline (../shared/recipes/vscode-e2e.md): code-server on 127.0.0.1 with the
# packaged .vsix, HOME pointed at a fixture home, driven by Debian Chromium + playwright-core.
#  1. UI: the status-bar badge, the activity-bar view and the panel's webview (+ screenshot, idle CPU)
#  2. opt-in reporting to the real team backend: token, consent dialog, org section, backend gone
#  3. small teams without a server: the org usage API (a local fake of Anthropic's) connected by
#     command, the team view, org-confirmed beside local, the key nowhere but SecretStorage
#  4. the mocha integration suite inside the real extension host
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
T0=$(date +%s%N)
source scripts/e2e/code-server-lib.sh
bash scripts/install-test-tools.sh "$T" >/dev/null
mkdir -p build test-results
npm run --silent build
node scripts/build-integration-tests.mjs
npx vsce package --no-dependencies --allow-missing-repository -o build/token-tier.vsix >/dev/null

R=$(mktemp -d /tmp/tt-e2e.XXXXXX)
cs_prepare "$R"
# The reference team backend, for the reporting test (SQLite in the temp folder).
BPORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
node dist/server.js serve --port "$BPORT" --db "$R/team.db" > "$R/backend.log" 2>&1 &
BACKEND_PID=$!
for _ in $(seq 100); do node -e "fetch('http://127.0.0.1:$BPORT/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break; sleep 0.1; done
TEAM_TOKEN=$(node dist/server.js add-person --name "E2E Dev" --email dev@example.com --db "$R/team.db" | grep -o 'tt_[A-Za-z0-9_-]*')
# The organisation's own text for every tier, set through the admin API (the panel shows it once /me brings it).
ADMIN_TOKEN=$(node dist/server.js admin-token --db "$R/team.db" | grep -o 'tt_[A-Za-z0-9_-]*')
node -e "
const tiers = ['Not started', 'Beginner', 'Intermediate', 'Expert', 'Architect', 'Catalyst', 'AI God'];
const tierGuides = Object.fromEntries(tiers.map((t) => [t, { text: 'Acme: ' + t + ' — ask the AI guild.', links: [{ label: 'Guild wiki', url: 'https://wiki.acme.example/ai' }] }]));
fetch('http://127.0.0.1:$BPORT/api/v1/admin/team', { method: 'PATCH', headers: { authorization: 'Bearer $ADMIN_TOKEN', 'content-type': 'application/json' }, body: JSON.stringify({ tierGuides }) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
"
sed -i "s#^  \"chat.disableAIFeatures\"#  \"tokenTier.team.url\": \"http://127.0.0.1:$BPORT\", \"chat.disableAIFeatures\"#" "$R/data/User/settings.json"
# A fake Anthropic Admin API with a 30-person org (test/fakes), for the serverless team view.
ORG_KEY="sk-ant-admin-e2e-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")"
node --import tsx scripts/e2e/fake-org.ts "$ORG_KEY" > "$R/fake-org.log" 2>&1 &
FAKE_PID=$!
FAKE_URL=; for _ in $(seq 100); do FAKE_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$R/fake-org.log" | head -1 || true); [ -n "$FAKE_URL" ] && break; sleep 0.1; done
[ -n "$FAKE_URL" ] || { cat "$R/fake-org.log"; exit 1; }
ROSTER=$(node -e "console.log(JSON.stringify(Array.from({ length: 30 }, (_, i) => 'dev' + String(i + 1).padStart(2, '0') + '@example.com')))")
sed -i "s#\"chat.disableAIFeatures\"#\"tokenTier.org.baseUrl\": \"$FAKE_URL\", \"tokenTier.org.myIdentities\": [\"dev01@example.com\"], \"tokenTier.org.roster\": $ROSTER, \"chat.disableAIFeatures\"#" "$R/data/User/settings.json"
trap 'if [ -n "${CS_PGID:-}" ]; then kill -- -$CS_PGID 2>/dev/null || true; wait $CS_PGID 2>/dev/null || true; fi; kill $BACKEND_PID $FAKE_PID 2>/dev/null || true; rm -rf "$R"' EXIT
cs_start "$R"
URL=$CS_URL

pass=0; fail=0
if node --import tsx test/e2e/vscode-ui.ts "$URL" "$R/ws" test-results/vscode-panel.png "$CS_PGID"; then pass=$((pass+1)); else fail=$((fail+1)); fi
if node --import tsx test/e2e/vscode-reporting.ts "$URL" "$R/ws" "http://127.0.0.1:$BPORT" "$TEAM_TOKEN" "$BACKEND_PID" "$R/home" test-results/vscode-reporting.png; then pass=$((pass+1)); else fail=$((fail+1)); fi
# After the reporting test, which stops the backend: the team view runs with no server at all.
if node --import tsx test/e2e/vscode-orgapi.ts "$URL" "$R/ws" "$ORG_KEY" "http://127.0.0.1:$BPORT" "$R/data" test-results/vscode-team-view.png; then pass=$((pass+1)); else fail=$((fail+1)); fi
if node --import tsx test/e2e/vscode-ext.ts "$URL" "$R/ws" "$PWD" "$PWD/out/test/integration/index.js"; then pass=$((pass+1)); else fail=$((fail+1)); fi
if [ "$fail" -gt 0 ]; then
  echo "--- Token Tier output channel(s) ---"
  find "$R/data/logs" -name 'Token Tier.log' -exec tail -n 40 {} \; 2>/dev/null || true
fi
echo "vscode-e2e: $(( ($(date +%s%N) - T0) / 1000000 )) ms in all"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
