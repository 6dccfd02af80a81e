// A `.shipshape.yaml` with problems still applies its valid parts; every file it governs carries one warning
// saying the policy is not fully in force, pointing at the first problem, so a typo is never silent.
import nodePath from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { ConfigFile } from '../host/config-files';
import { DIAGNOSTIC_SOURCE } from '../protocol';

export function policyNotInForce(config: ConfigFile): Diagnostic | undefined {
  const [first] = config.problems;
  if (!first) return undefined;
  const name = nodePath.basename(config.path);
  const count = config.problems.length;
  const firstText = first.line === undefined ? `: ${first.message}` : ` (line ${first.line}: ${first.message})`;
  const diagnostic: Diagnostic = {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: `The Shipshape policy in ${name} is not fully in force: it has ${count === 1 ? 'a problem' : `${count} problems`}${firstText}. Its valid settings still apply; fix the file so the editor and CI agree.`,
  };
  if (first.line !== undefined) {
    const start = { line: first.line - 1, character: (first.column ?? 1) - 1 };
    const end = { line: (first.endLine ?? first.line) - 1, character: (first.endColumn ?? first.column ?? 1) - 1 };
    diagnostic.relatedInformation = [{ location: { uri: URI.file(config.path).toString(), range: { start, end } }, message: first.message }];
  }
  return diagnostic;
}
