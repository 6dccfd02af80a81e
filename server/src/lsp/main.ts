// Entry point of dist/server.js: the only module with side effects. Speaks LSP over IPC when started by the
// VS Code client, or over standard input/output with `--stdio` for other editors.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './server';

const connection = createConnection(ProposedFeatures.all);
createServer(connection);
connection.listen();
