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
//       "related": [{ "message", "path" (only when in another file), "line", "column", "endLine", "endColumn" }],
//       "fixes": [{ "title", "safety" (safe|unsafe) }],  safe ones are what --fix applies
//       "docsUrl"
//     }],
//     "suppressed": 1,                               findings silenced by suppressions
//     "baselined": 0,                                findings left out because .shipshape-baseline.json holds them
//     "suppressions": [{ "ruleId", "line", "column", "endLine", "endColumn", "message",
//       "suppressedBy" (shipshape|config|hadolint|buildkit|trivy|checkov|kube-linter|polaris),
//       "directive" (the comment, annotation or config entry), "justification" (or null) }]
//   }],
//   "failures": [{ "path", "message", "skipped"? }], unreadable files, rules that threw; skipped: true for
//                                                    special files and files over the size limit
//   "summary": { "files", "problems", "errors", "warnings", "info", "fixable", "suppressed", "baselined" }
// }
import { ruleDocsUrl } from '../../engine/docs-url';
import nodePath from 'node:path';
import { countFindings, relatedFile, relatedSpanOf, spanOf, type LintReport } from '../report';
import { VERSION } from '../version';
import { jsonSafe } from '../../engine/display-text';

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
        related: finding.related.flatMap((related) => {
          // A location with a position (a Dockerfile a Compose service builds) carries its own lines and columns.
          if (related.path !== undefined && related.position) return [{ message: related.message, path: portableRelated(report.cwd, related.path), ...relatedSpanOf(file.lines, related) }];
          const other = relatedFile(report.files, file, related);
          return other ? [{ message: related.message, ...(other === file ? {} : { path: other.portablePath }), ...spanOf(other.lines, related.range) }] : [];
        }),
        fixes: finding.fixes.map((fix) => ({ title: fix.title, safety: fix.safety })),
        docsUrl: ruleDocsUrl(finding.ruleId),
      })),
      suppressed: file.suppressed.length,
      baselined: file.baselined?.length ?? 0,
      suppressions: file.suppressed.map((finding) => ({
        ruleId: finding.ruleId,
        ...spanOf(file.lines, finding.range),
        message: finding.message,
        suppressedBy: finding.suppressedBy.tool,
        directive: finding.suppressedBy.directive,
        justification: finding.justification ?? null,
      })),
    })),
    failures: report.failures.map((failure) => ({ path: failure.portablePath ?? null, message: failure.message, ...(failure.skipped ? { skipped: true } : {}) })),
    summary: {
      files: report.files.length,
      problems: counts.problems,
      errors: counts.errors,
      warnings: counts.warnings,
      info: counts.info,
      fixable: counts.fixable,
      suppressed: counts.suppressed,
      baselined: counts.baselined,
    },
  };
  return `${jsonSafe(JSON.stringify(output, null, 2))}\n`;
}

/** A related file's path as the report writes paths: relative to the working folder, `/` separators. */
function portableRelated(cwd: string, path: string): string {
  return (nodePath.relative(cwd, path) || nodePath.basename(path)).split(nodePath.sep).join('/');
}
