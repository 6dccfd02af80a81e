// Findings as LSP diagnostics: rule id as `code`, a link to the rule's page, related locations, and in
// `data` the fixes on offer with the document version they were computed for.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ruleDocsUrl } from '../engine/docs-url';
import { UNUSED_SUPPRESSION_RULE } from '../engine/lint';
import type { Edit, Finding, Severity, TextRange } from '../engine/types';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, type LspRange } from '../protocol';

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

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    version: document.version,
    fixes: finding.fixes
      .filter((fix) => fix.edits.length > 0)
      .map((fix) => ({ title: fix.title, safety: fix.safety })),
  };
  const diagnostic: Diagnostic = {
    range: toLspRange(document, finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location:
        related.path !== undefined && related.position
          ? { uri: URI.file(related.path).toString(), range: related.position }
          : { uri: document.uri, range: toLspRange(document, related.range) },
      message: related.message,
    }));
  }
  if (finding.ruleId === UNUSED_SUPPRESSION_RULE) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

export function isShipshapeDiagnostic(diagnostic: Diagnostic): boolean {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return diagnostic.source === DIAGNOSTIC_SOURCE && typeof data?.ruleId === 'string' && typeof data.version === 'number' && Array.isArray(data.fixes);
}
