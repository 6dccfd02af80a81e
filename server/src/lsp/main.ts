// Entry point of dist/server.js (`shipshape-language-server` in the npm package): the only module with side
// effects. Speaks LSP over IPC when started by the VS Code client, or over standard input/output with
// `--stdio` for other editors, which is also what it does when no transport is named.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { VERSION } from '../cli/version';
import { createServer } from './server';

const TRANSPORTS = /^--(stdio|node-ipc|socket=|pipe=)/;

if (process.argv.includes('--version')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  if (!process.argv.slice(2).some((arg) => TRANSPORTS.test(arg))) process.argv.push('--stdio');
  const connection = createConnection(ProposedFeatures.all);
  createServer(connection);
  // Every handler guards its own input; this is the last line, so that one bug costs one answer and a log
  // line instead of the server that every open editor relies on.
  const report = (error: unknown): void => connection.console.error(`Internal error (the server keeps running): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  connection.listen();
}
