// Helpers for the suites that run inside the extension host, against the real extension and language server.
import * as assert from 'node:assert/strict';
import { WAIT_MS, waitUntil as waitFor } from '../lib/wait';
import { commands, languages, Uri, window, workspace, WorkspaceEdit, type Diagnostic, type TextEditor } from 'vscode';

export { sleep, WAIT_MS, waitUntil as waitFor } from '../lib/wait';

export const EXTENSION_ID = 'shipshape.shipshape';

export function docsUrl(ruleId: string): string {
  return `https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/${ruleId}.md`;
}

export function workspaceUri(relativePath: string): Uri {
  const folder = workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The e2e suites need a workspace folder (a copy of examples/); none is open.');
  return Uri.joinPath(folder.uri, ...relativePath.split('/'));
}


export function shipshapeDiagnostics(uri: Uri): Diagnostic[] {
  return languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'shipshape');
}

export function ruleIdOf(diagnostic: Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

export function ruleIds(uri: Uri): string[] {
  return shipshapeDiagnostics(uri)
    .map(ruleIdOf)
    .filter((id): id is string => id !== undefined);
}

/** Waits until the Shipshape diagnostics of `uri` satisfy `accept`, and returns them. */
export function waitForDiagnostics(uri: Uri, what: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  return waitFor(`${what} in ${workspace.asRelativePath(uri)} (now: ${ruleIds(uri).join(', ') || 'none'})`, () => {
    const diagnostics = shipshapeDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  });
}

export function hasRule(ruleId: string, line?: number): (diagnostics: Diagnostic[]) => boolean {
  return (diagnostics) => diagnostics.some((diagnostic) => ruleIdOf(diagnostic) === ruleId && (line === undefined || diagnostic.range.start.line === line));
}

export function lacksRule(ruleId: string): (diagnostics: Diagnostic[]) => boolean {
  return (diagnostics) => diagnostics.length > 0 && !diagnostics.some((diagnostic) => ruleIdOf(diagnostic) === ruleId);
}

export async function openEditor(relativePath: string): Promise<TextEditor> {
  const document = await workspace.openTextDocument(workspaceUri(relativePath));
  return window.showTextDocument(document, { preview: false });
}

/** Appends a line to the end of the document, unsaved. */
export async function appendLine(editor: TextEditor, line: string): Promise<void> {
  const document = editor.document;
  const end = document.lineAt(document.lineCount - 1).range.end;
  const edit = new WorkspaceEdit();
  edit.insert(document.uri, end, `${document.lineAt(document.lineCount - 1).text === '' ? '' : '\n'}${line}\n`);
  assert.ok(await workspace.applyEdit(edit), `could not append "${line}" to ${workspace.asRelativePath(document.uri)}`);
}

/** Throws away unsaved changes of every editor and closes them. */
export async function closeAllEditors(): Promise<void> {
  for (const document of workspace.textDocuments) {
    if (document.isDirty) {
      await window.showTextDocument(document);
      await commands.executeCommand('workbench.action.files.revert');
    }
  }
  await commands.executeCommand('workbench.action.closeAllEditors');
}

export async function readText(uri: Uri): Promise<string> {
  return new TextDecoder().decode(await workspace.fs.readFile(uri));
}

export async function writeText(uri: Uri, text: string): Promise<void> {
  await workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function exists(uri: Uri): Promise<boolean> {
  try {
    await workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with `promise`, or rejects after `ms` with a message naming `what`. */
export async function within<T>(what: string, promise: Thenable<T>, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms / 1000} s waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
