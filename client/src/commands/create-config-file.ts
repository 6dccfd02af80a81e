// Create Config File: a commented `.shipshape.yaml` in a workspace folder. It never overwrites one.
import { Uri, window, workspace, type WorkspaceFolder } from 'vscode';
import { Requests, type RuleSummary } from '../../../server/src/protocol';
import { describe, type ServerConnection } from '../language-client';
import { configFileTemplate } from '../../../server/src/config-template';
import { CONFIG_FILE_NAMES } from '../util/files';

export async function createConfigFile(server: ServerConnection): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  for (const name of CONFIG_FILE_NAMES) {
    const existing = Uri.joinPath(folder.uri, name);
    if (await exists(existing)) {
      const choice = await window.showWarningMessage(`${folder.name} already has ${name}; Shipshape leaves it as it is.`, 'Open It');
      if (choice === 'Open It') await window.showTextDocument(existing);
      return;
    }
  }
  let rules: RuleSummary[] = [];
  try {
    rules = await server.sendRequest<RuleSummary[]>(Requests.listRules, {});
  } catch (error) {
    server.output.warn(`The new configuration file lists no rules, because the server did not answer: ${describe(error)}`);
  }
  const target = Uri.joinPath(folder.uri, CONFIG_FILE_NAMES[0] ?? '.shipshape.yaml');
  try {
    await workspace.fs.writeFile(target, new TextEncoder().encode(configFileTemplate(rules)));
  } catch (error) {
    void window.showErrorMessage(`Shipshape could not write ${target.fsPath}: ${describe(error)}`);
    return;
  }
  await window.showTextDocument(target);
}

async function pickFolder(): Promise<WorkspaceFolder | undefined> {
  const folders = workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void window.showErrorMessage('Open a folder first: the configuration file belongs at the top of a workspace folder.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return window.showWorkspaceFolderPick({ placeHolder: 'Folder to create .shipshape.yaml in' });
}

async function exists(uri: Uri): Promise<boolean> {
  try {
    await workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
