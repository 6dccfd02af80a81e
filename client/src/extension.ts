// Entry point of dist/client.js: starts the language server and wires the commands and the status bar.
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { ClientCommands, Notifications, type WorkspaceTrustParams } from '../../server/src/protocol';
import { createConfigFile } from './commands/create-config-file';
import { WorkspaceLinter } from './commands/lint-workspace';
import { restartServer } from './commands/restart-server';
import { ImageScanner } from './commands/scan-image';
import { showOutput } from './commands/show-output';
import { showRuleDocumentation } from './commands/show-rule-documentation';
import { describe, ServerConnection } from './language-client';
import { ScanReportPanels } from './scan-report/report-panels';
import { StatusBar } from './status-bar';

let server: ServerConnection | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Shipshape', { log: true });
  server = new ServerConnection(context, output);
  const connection = server;
  const linter = new WorkspaceLinter(connection);
  const reports = new ScanReportPanels(connection);
  const scanner = new ImageScanner(connection, reports);
  context.subscriptions.push(
    output,
    linter,
    reports,
    commands.registerCommand(ClientCommands.lintWorkspace, () => linter.run()),
    commands.registerCommand(ClientCommands.showRuleDocumentation, (ruleId?: unknown) => showRuleDocumentation(connection, ruleId)),
    commands.registerCommand(ClientCommands.createConfigFile, () => createConfigFile(connection)),
    commands.registerCommand(ClientCommands.restartServer, () => restartServer(connection)),
    commands.registerCommand(ClientCommands.showOutput, () => showOutput(connection)),
    commands.registerCommand(ClientCommands.scanImage, (reference?: unknown) => scanner.run(reference)),
    commands.registerCommand(ClientCommands.openScanReport, (name?: unknown) => reports.open(name)),
    // Trust can only be granted while the window is open (revoking it reloads the window).
    workspace.onDidGrantWorkspaceTrust(() => {
      connection
        .sendNotification(Notifications.workspaceTrustChanged, { trusted: true } satisfies WorkspaceTrustParams)
        .catch((error: unknown) => output.warn(`Could not tell the server that the workspace is trusted now; restart the server to let scans use the network: ${describe(error)}`));
    }),
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
