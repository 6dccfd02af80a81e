// "Disable <rule> in .shipshape.yaml" and "… for this file": workspace edits of the nearest configuration
// file (versioned when it is open, so a stale edit is refused), or of a new one created beside the workspace
// folder's root when there is none. The project file is what CI reads, so the editor and CI stay in step.
import nodePath from 'node:path';
import { CodeActionKind, CreateFile, TextDocumentEdit, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { disableRuleEdits, ignoreInFileEdits } from '../engine/config-edits';
import { CONFIG_FILE_NAMES } from '../engine/config';
import type { Edit } from '../engine/types';
import { relativeInside } from '../host/discover';
import type { DiagnosticData } from '../protocol';
import { UNSUPPRESSIBLE } from './code-actions';
import { isShipshapeDiagnostic, toTextEdit } from './diagnostics';

export interface ConfigTarget {
  /** Absolute path of the configuration file to edit or create. */
  path: string;
  /** Its current text; undefined when it does not exist yet. */
  text: string | undefined;
  /** The version of its open editor, or null when it is not open. */
  version: number | null;
}

/** The nearest configuration file, or a new `.shipshape.yaml` at the root of the workspace folder holding the file. */
export function configTarget(
  filePath: string,
  nearest: string | undefined,
  workspaceFolders: readonly string[],
  read: (path: string) => { text: string | undefined; version: number | null },
): ConfigTarget {
  if (nearest) return { path: nearest, ...read(nearest) };
  const folder =
    workspaceFolders.filter((root) => relativeInside(root, filePath) !== undefined).sort((a, b) => b.length - a.length)[0] ?? nodePath.dirname(filePath);
  return { path: nodePath.join(folder, CONFIG_FILE_NAMES[0] ?? '.shipshape.yaml'), text: undefined, version: null };
}

/** Both actions for each Shipshape diagnostic of the current version (one pair per rule). */
export function configQuickFixes(document: { version: number }, diagnostics: readonly Diagnostic[], filePath: string, target: ConfigTarget): CodeAction[] {
  const seen = new Set<string>();
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (!isShipshapeDiagnostic(diagnostic)) continue;
    const { ruleId, version } = diagnostic.data as DiagnosticData;
    if (version !== document.version || seen.has(ruleId)) continue;
    seen.add(ruleId);
    actions.push(...configActions(diagnostic, ruleId, filePath, target, !UNSUPPRESSIBLE.has(ruleId)));
  }
  return actions;
}

function configActions(diagnostic: Diagnostic, ruleId: string, filePath: string, target: ConfigTarget, suppressible: boolean): CodeAction[] {
  const name = nodePath.basename(target.path);
  const text = target.text ?? '';
  const actions: CodeAction[] = [];
  const disable = disableRuleEdits(text, ruleId);
  if (disable) actions.push(action(`Disable ${ruleId} in ${name}`, diagnostic, target, disable));
  const relative = relativeInside(nodePath.dirname(target.path), filePath);
  const perFile = suppressible && relative !== undefined ? ignoreInFileEdits(text, ruleId, relative) : undefined;
  if (perFile) actions.push(action(`Disable ${ruleId} for this file in ${name}`, diagnostic, target, perFile));
  return actions;
}

function action(title: string, diagnostic: Diagnostic, target: ConfigTarget, edits: Edit[]): CodeAction {
  const uri = URI.file(target.path).toString();
  const document = TextDocument.create(uri, 'yaml', target.version ?? 0, target.text ?? '');
  const change = TextDocumentEdit.create({ uri, version: target.version }, edits.map((edit) => toTextEdit(document, edit)));
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { documentChanges: target.text === undefined ? [CreateFile.create(uri), change] : [change] },
  };
}
