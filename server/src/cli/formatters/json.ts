// `--format json`: a stable shape for scripts. Positions are one-based; `endColumn` is exclusive (the
// column just after the last character); columns count UTF-16 code units, as SARIF's do.
//
// {
//   "tool": { "name": "shipshape", "version": "0.1.0" },
//   "files": [{
//     "path": "services/api/Dockerfile",           relative to the working folder, `/` separators
//     "kind": "dockerfile",
//     "findings": [{
//       "ruleId", "severity" (error|warning|info), "message",
//       "line", "column", "endLine", "endColumn",
//       "related": [{ "message", "path"?, "line", "column", "endLine", "endColumn" }],  path: another file (a Dockerfile a Compose service builds)
//       "fixes": [{ "title", "safety" (safe|unsafe) }],  safe ones are what --fix applies
//       "docsUrl"
//     }],
//     "suppressed": 1                                findings silenced by shipshape-ignore comments
//   }],
//   "failures": [{ "path", "message" }],             unreadable files, rules that threw
//   "summary": { "files", "problems", "errors", "warnings", "info", "fixable", "suppressed" }
// }
import { ruleDocsUrl } from '../../engine/docs-url';
import nodePath from 'node:path';
import { countFindings, relatedSpanOf, spanOf, type LintReport } from '../report';
import { VERSION } from '../version';

export function formatJson(report: LintReport): string {
  const counts = countFindings(report.files);
  const output = {
    tool: { name: 'shipshape', version: VERSION },
    files: report.files.map((file) => ({
      path: file.portablePath,
      kind: file.kind,
      findings: file.findings.map((finding) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        ...spanOf(file.lines, finding.range),
        related: finding.related.map((related) => ({ message: related.message, ...(related.path !== undefined ? { path: portableRelated(report.cwd, related.path) } : {}), ...relatedSpanOf(file.lines, related) })),
        fixes: finding.fixes.map((fix) => ({ title: fix.title, safety: fix.safety })),
        docsUrl: ruleDocsUrl(finding.ruleId),
      })),
      suppressed: file.suppressed.length,
    })),
    failures: report.failures.map((failure) => ({ path: failure.portablePath ?? null, message: failure.message })),
    summary: {
      files: report.files.length,
      problems: counts.problems,
      errors: counts.errors,
      warnings: counts.warnings,
      info: counts.info,
      fixable: counts.fixable,
      suppressed: counts.suppressed,
    },
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

/** A related file's path as the report writes paths: relative to the working folder, `/` separators. */
function portableRelated(cwd: string, path: string): string {
  return (nodePath.relative(cwd, path) || nodePath.basename(path)).split(nodePath.sep).join('/');
}
