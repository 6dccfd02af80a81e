#!/usr/bin/env bash
# Starts code-server for the end-to-end tests, in its own process group, with every directory it (or VS Code
# inside it) writes to under RUN_DIR, bound to a free port on 127.0.0.1. Waits until /healthz answers, then
# prints the URL and writes RUN_DIR/code-server.pid (the process group id) and RUN_DIR/code-server.url.
# Stop it with: kill -TERM -- -"$(cat RUN_DIR/code-server.pid)"
# Usage: start-code-server.sh RUN_DIR
set -euo pipefail
source "$(dirname "$0")/env.sh"

RUN_DIR=${1:?usage: start-code-server.sh RUN_DIR}
mkdir -p "$RUN_DIR"/{user-data/User,extensions,xdg-config,xdg-data,xdg-cache,tmp}
# Any code-server invocation writes its config and logs under XDG_*, and VS Code puts its IPC sockets in TMPDIR.
export XDG_CONFIG_HOME=$RUN_DIR/xdg-config XDG_DATA_HOME=$RUN_DIR/xdg-data XDG_CACHE_HOME=$RUN_DIR/xdg-cache TMPDIR=$RUN_DIR/tmp

cat >"$RUN_DIR/config.yaml" <<'YAML'
bind-addr: 127.0.0.1:0
auth: none
cert: false
YAML
# Quiet, deterministic workbench: no welcome page, no AI or Git features, no suggestion pop-ups while the
# tests type, no update checks.
cat >"$RUN_DIR/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "chat.disableAIFeatures": true,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "git.enabled": false,
  "security.workspace.trust.enabled": false,
  "editor.quickSuggestions": { "other": false, "comments": false, "strings": false },
  "editor.suggestOnTriggerCharacters": false,
  "editor.wordBasedSuggestions": "off",
  "editor.minimap.enabled": false,
  "files.autoSave": "off",
  "window.zoomLevel": 0
}
JSON

log=$RUN_DIR/code-server.log
: >"$log"
# --reconnection-grace-time: a closed browser tab would otherwise keep its extension host and language server
# alive for 3 hours. enable-smoke-test-driver: the workbench honours the `payload` URL parameter (extension
# development path and tests path) only with it.
setsid "$NODE24_DIR/bin/node" "$CODE_SERVER_BIN" \
  --config "$RUN_DIR/config.yaml" \
  --bind-addr 127.0.0.1:0 --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --reconnection-grace-time 10 \
  --vscode-option enable-smoke-test-driver \
  --user-data-dir "$RUN_DIR/user-data" --extensions-dir "$RUN_DIR/extensions" \
  >"$log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$RUN_DIR/code-server.pid"

url=''
deadline=$((SECONDS + ${SHIPSHAPE_E2E_START_TIMEOUT:-60}))
while ((SECONDS < deadline)); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "e2e: code-server exited during start; its log ($log):" >&2
    cat "$log" >&2
    exit 1
  fi
  if [ -z "$url" ]; then
    url=$(sed -n 's|.*HTTP server listening on \(http://[^ ]*\).*|\1|p' "$log" | head -n 1)
    url=${url%/}
  fi
  if [ -n "$url" ] && curl -fsS --max-time 2 "$url/healthz" >/dev/null 2>&1; then
    echo "$url" >"$RUN_DIR/code-server.url"
    echo "$url"
    exit 0
  fi
  sleep 0.2
done
echo "e2e: code-server did not answer $url/healthz within ${SHIPSHAPE_E2E_START_TIMEOUT:-60} s; its log ($log):" >&2
cat "$log" >&2
kill -TERM -- -"$pid" 2>/dev/null || true
exit 1
