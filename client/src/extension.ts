// Entry point of dist/client.js: starts the language server and wires the commands and the status bar.
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { ClientCommands } from '../../server/src/protocol';
import { createConfigFile } from './commands/create-config-file';
import { WorkspaceLinter } from './commands/lint-workspace';
import { restartServer } from './commands/restart-server';
import { showOutput } from './commands/show-output';
import { showRuleDocumentation } from './commands/show-rule-documentation';
import { ServerConnection } from './language-client';
import { StatusBar } from './status-bar';

let server: ServerConnection | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Shipshape', { log: true });
  server = new ServerConnection(context, output);
  const connection = server;
  const linter = new WorkspaceLinter(connection);
  context.subscriptions.push(
    output,
    linter,
    commands.registerCommand(ClientCommands.lintWorkspace, () => linter.run()),
    commands.registerCommand(ClientCommands.showRuleDocumentation, (ruleId?: unknown) => showRuleDocumentation(connection, ruleId)),
    commands.registerCommand(ClientCommands.createConfigFile, () => createConfigFile(connection)),
    commands.registerCommand(ClientCommands.restartServer, () => restartServer(connection)),
    commands.registerCommand(ClientCommands.showOutput, () => showOutput(connection)),
    // The server learns of trust at start; restarting it is how it learns that trust was granted.
    workspace.onDidGrantWorkspaceTrust(() => restartServer(connection)),
  );
  try {
    await connection.start();
  } catch {
    void window.showErrorMessage('The Shipshape language server did not start. The Shipshape output has details.', 'Show Output').then((choice) => {
      if (choice) showOutput(connection);
    });
  }
  context.subscriptions.push(new StatusBar(connection));
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
