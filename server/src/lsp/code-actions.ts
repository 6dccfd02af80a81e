// Code actions for the diagnostics the client sends back: their `data` names the rule and the document version,
// and the fixes' edits come from linting that same version again (a cached result), so nothing stale is applied.
import nodePath from 'node:path';
import { CodeActionKind, CreateFile, TextDocumentEdit, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixSource } from '../analysis';
import type { ResolvedConfig } from '../engine/config';
import { detectFileKind } from '../engine/detect';
import { SYNTAX_ERROR_RULE, UNUSED_SUPPRESSION_RULE } from '../engine/lint';
import { parseDockerfile } from '../engine/languages/dockerfile/model';
import { LineIndex, detectEol } from '../engine/text';
import type { Edit, Finding, Fix, SourceFile } from '../engine/types';
import { relativeInside } from '../host/discover';
import { FIX_ALL_KIND, ServerCommands, type DiagnosticData } from '../protocol';
import { isApplicableFix, isShipshapeDiagnostic, toTextEdit } from './diagnostics';

/** Reported by the engine after suppressions, so no comment or `ignore:` entry can silence them. */
export const UNSUPPRESSIBLE: ReadonlySet<string> = new Set([SYNTAX_ERROR_RULE, UNUSED_SUPPRESSION_RULE]);

/** Quick fixes, suppressions and documentation links for the Shipshape diagnostics in the request.
 * `findingFor` returns the current version's finding a diagnostic stands for. */
export function quickFixActions(document: TextDocument, diagnostics: Diagnostic[], findingFor: (diagnostic: Diagnostic) => Finding | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const seenSuppressions = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (!isShipshapeDiagnostic(diagnostic)) continue;
    const { ruleId, version } = diagnostic.data as DiagnosticData;
    // A fix computed for another version of the text would land in the wrong place: offer none.
    if (version !== document.version) continue;
    const fixes = (findingFor(diagnostic)?.fixes ?? []).filter(isApplicableFix);
    fixes.forEach((fix, index) => {
      const documentChanges = fixChanges(document, version, fix);
      if (documentChanges.length === 0) return;
      actions.push({
        title: fix.safety === 'unsafe' ? `${fix.title} (review: may change behaviour)` : fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0 && fix.safety === 'safe',
        edit: { documentChanges },
      });
    });
    if (!UNSUPPRESSIBLE.has(ruleId)) {
      const line = diagnostic.range.start.line;
      const key = `${ruleId}:${line}`;
      if (!seenSuppressions.has(key)) {
        seenSuppressions.add(key);
        const edit = suppressionEdit(document, document.offsetAt(diagnostic.range.start), ruleId);
        actions.push({
          title: `Suppress ${ruleId} here with a comment`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version }, [toTextEdit(document, edit)])] },
        });
        actions.push({
          title: `Suppress ${ruleId} in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version }, [toTextEdit(document, fileSuppressionEdit(document, ruleId))])] },
        });
      }
    }
    actions.push({
      title: `Show documentation for ${ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${ruleId}`, command: ServerCommands.showRuleDocumentation, arguments: [ruleId] },
    });
  }
  return actions;
}

/**
 * The workspace changes of one fix: its text edits (versioned), and each file it creates beside the document
 * (a `.dockerignore`), created only when it does not exist yet and then filled in. Creating files needs a
 * `file:` document; elsewhere such a fix is left out.
 */
function fixChanges(document: TextDocument, version: number, fix: Fix): Array<TextDocumentEdit | CreateFile> {
  const changes: Array<TextDocumentEdit | CreateFile> = [];
  if (fix.edits.length > 0) changes.push(TextDocumentEdit.create({ uri: document.uri, version }, fix.edits.map((edit) => toTextEdit(document, edit))));
  const creations = fix.createFiles ?? [];
  if (creations.length === 0) return changes;
  const parsed = URI.parse(document.uri);
  if (parsed.scheme !== 'file') return [];
  const folder = nodePath.dirname(parsed.fsPath);
  for (const creation of creations) {
    const target = nodePath.resolve(folder, ...creation.relativePath.split('/'));
    // Fixes only create files beside the linted one, never elsewhere (the CLI refuses the same).
    if (relativeInside(folder, target) === undefined) return [];
    const uri = URI.file(target).toString();
    // Without ignoreIfExists: if the file appeared meanwhile, the editor refuses the edit instead of prepending to it.
    changes.push(CreateFile.create(uri));
    changes.push(TextDocumentEdit.create({ uri, version: null }, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: creation.text }]));
  }
  return changes;
}

/** `source.fixAll.shipshape`: every safe fix, applied until stable, as one versioned edit. */
export function fixAllAction(document: TextDocument, file: SourceFile, config: ResolvedConfig): CodeAction | undefined {
  const run = fixSource(file, config, { safety: 'safe' });
  if (run.text === document.getText()) return undefined;
  const edit = minimalEdit(document.getText(), run.text);
  return {
    title: `Fix all safe Shipshape problems (${run.applied.length})`,
    kind: FIX_ALL_KIND,
    edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, [toTextEdit(document, edit)])] },
  };
}

/** One edit replacing only the part between the common prefix and suffix of two texts. */
export function minimalEdit(before: string, after: string): Edit {
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}

const DIRECTIVE_LINE = /^\s*#\s*shipshape-ignore(?=[\s:]|$)/;

/**
 * A `# shipshape-ignore <id>` comment above what the finding is on: the whole instruction in a Dockerfile,
 * the line (and so its node) in YAML. An existing directive right above gets the id appended instead.
 */
export function suppressionEdit(document: TextDocument, offset: number, ruleId: string): Edit {
  const text = document.getText();
  const lines = new LineIndex(text);
  let line = lines.positionAt(offset).line;
  if (detectFileKind({ path: document.uri, text, languageId: document.languageId }) === 'dockerfile') {
    const instruction = parseDockerfile(text).instructions.find((i) => i.range.start <= offset && offset <= i.range.end);
    if (instruction) line = lines.positionAt(instruction.range.start).line;
  }
  if (line > 0) {
    const above = text.slice(lines.lineStart(line - 1), lines.lineEnd(line - 1));
    if (DIRECTIVE_LINE.test(above)) {
      const reason = /\s--(\s|$)/.exec(above);
      const ids = above.slice(0, reason ? reason.index : above.length).trimEnd();
      const at = lines.lineStart(line - 1) + ids.length;
      return { start: at, end: at, text: /shipshape-ignore:?$/.test(ids) ? ` ${ruleId}` : `, ${ruleId}` };
    }
  }
  const start = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(start, lines.lineEnd(line)))?.[0] ?? '';
  return { start, end: start, text: `${indent}# shipshape-ignore ${ruleId}${detectEol(text)}` };
}

/** `# shipshape-ignore-file <id>` at the top (below a Dockerfile's parser directives, which must stay first). */
export function fileSuppressionEdit(document: TextDocument, ruleId: string): Edit {
  const text = document.getText();
  const lines = new LineIndex(text);
  let line = 0;
  if (detectFileKind({ path: document.uri, text, languageId: document.languageId }) === 'dockerfile') {
    while (line < lines.lineCount && /^\s*#\s*[a-zA-Z]+\s*=/.test(text.slice(lines.lineStart(line), lines.lineEnd(line)))) line++;
  }
  const start = line < lines.lineCount ? lines.lineStart(line) : text.length;
  const eol = detectEol(text);
  const prefix = start === text.length && text.length > 0 && !text.endsWith('\n') ? eol : '';
  return { start, end: start, text: `${prefix}# shipshape-ignore-file ${ruleId}${eol}` };
}
