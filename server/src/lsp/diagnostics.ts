// Findings as LSP diagnostics: rule id as `code`, a link to the rule's page, related locations, and in
// `data` the fixes on offer with the document version they were computed for.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ruleDocsUrl } from '../engine/docs-url';
import { UNUSED_SUPPRESSION_RULE } from '../engine/lint';
import type { Edit, Finding, Fix, Severity, TextRange } from '../engine/types';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, type LspRange } from '../protocol';
import { displayText } from '../engine/display-text';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspRange(document: TextDocument, range: TextRange): LspRange {
  return { start: document.positionAt(range.start), end: document.positionAt(range.end) };
}

export function toTextEdit(document: TextDocument, edit: Edit): { range: LspRange; newText: string } {
  return { range: toLspRange(document, edit), newText: edit.text };
}

/** A fix the editor can apply: it edits the text or creates a file (a `.dockerignore`) as a workspace edit. */
export function isApplicableFix(fix: Fix): boolean {
  return fix.edits.length > 0 || (fix.createFiles?.length ?? 0) > 0;
}

/** `relatedText` reads the files of related locations in other files (absent: those are left out). */
export function toDiagnostic(document: TextDocument, finding: Finding, relatedText: (path: string) => string | undefined = () => undefined): Diagnostic {
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    version: document.version,
    fixes: finding.fixes.filter(isApplicableFix).map((fix) => ({ title: fix.title, safety: fix.safety })),
    ...(finding.foldedRuleIds ? { foldedRuleIds: finding.foldedRuleIds } : {}),
  };
  const diagnostic: Diagnostic = {
    range: toLspRange(document, finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: displayText(finding.message),
    data,
  };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.flatMap((related) => {
      const message = displayText(related.message);
      if (related.path === undefined) return [{ location: { uri: document.uri, range: toLspRange(document, related.range) }, message }];
      if (related.position) return [{ location: { uri: URI.file(related.path).toString(), range: related.position }, message }];
      // Another file (a kustomize base a patch overrides): its text gives the line and column.
      const other = relatedText(related.path);
      if (other === undefined) return [];
      const lines = TextDocument.create(URI.file(related.path).toString(), 'yaml', 0, other);
      return [{ location: { uri: lines.uri, range: toLspRange(lines, related.range) }, message }];
    });
  }
  if (finding.ruleId === UNUSED_SUPPRESSION_RULE) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

/**
 * Diagnostics for a file's findings, with those in the baseline dimmed (a hint, which VS Code draws faintly
 * and leaves out of the Problems panel), hidden, or shown as usual, as `shipshape.baselinedFindings` says.
 */
export function toDiagnostics(
  document: TextDocument,
  findings: readonly Finding[],
  baselined: ReadonlySet<Finding>,
  show: 'dim' | 'hide' | 'show',
  relatedText?: (path: string) => string | undefined,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const accepted = baselined.has(finding);
    if (accepted && show === 'hide') continue;
    const diagnostic = toDiagnostic(document, finding, relatedText);
    if (accepted && show === 'dim') {
      diagnostic.severity = DiagnosticSeverity.Hint;
      diagnostic.message = `${finding.message} (accepted in the baseline)`;
      (diagnostic.data as DiagnosticData).baselined = true;
    }
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

export function isShipshapeDiagnostic(diagnostic: Diagnostic): boolean {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return diagnostic.source === DIAGNOSTIC_SOURCE && typeof data?.ruleId === 'string' && typeof data.version === 'number' && Array.isArray(data.fixes);
}
