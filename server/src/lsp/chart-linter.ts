// Helm charts in the editor: a template or values file of a chart (found by its Chart.yaml) is linted by
// rendering the whole chart with the open, unsaved buffers, and reading that file's share of the findings.
// Renders are cached by the chart's content and parsed templates are reused between keystrokes.
import { SYNTAX_ERROR_RULE } from '../engine/lint';
import { createHash } from 'node:crypto';
import nodePath from 'node:path';
import type { ResolvedConfig } from '../engine/config';
import type { ChartLintResult } from '../engine/languages/helm/chart-lint';
import type { ParseCache } from '../engine/languages/helm/render';
import type { LintResult } from '../engine/types';
import { lintChartFiles } from '../analysis';
import { chartRootOf, readChartFolder } from '../host/chart-folder';

interface CachedChart {
  fingerprint: string;
  config: ResolvedConfig;
  result: ChartLintResult;
}

export class ChartLinter {
  private readonly renders = new Map<string, CachedChart>();
  private readonly parseCaches = new Map<string, ParseCache>();

  constructor(private readonly openText: (fsPath: string) => string | undefined) {}

  /** The chart folder a file belongs to, when it is one of the chart's templates or values files. */
  chartOf(path: string): { root: string; relative: string } | undefined {
    const root = chartRootOf(path);
    if (root === undefined) return undefined;
    const relative = nodePath.relative(root, path).split(nodePath.sep).join('/');
    const inChart = /(^|\/)templates\//.test(relative) || /(^|\/)values\.yaml$/.test(relative) || relative === 'Chart.yaml';
    return inChart ? { root, relative } : undefined;
  }

  /** Renders (or reuses) the chart of `root` with the open buffers. */
  resultFor(root: string, config: ResolvedConfig): ChartLintResult {
    const files = readChartFolder(root);
    const hash = createHash('sha1');
    for (const [path, data] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const open = this.openText(nodePath.join(root, ...path.split('/')));
      if (open !== undefined) files.set(path, Buffer.from(open, 'utf8'));
      hash.update(path).update('\0').update(files.get(path) ?? data).update('\0');
    }
    const fingerprint = hash.digest('hex');
    const cached = this.renders.get(root);
    if (cached && cached.fingerprint === fingerprint && cached.config === config) return cached.result;
    let parseCache = this.parseCaches.get(root);
    if (!parseCache) this.parseCaches.set(root, (parseCache = new Map()));
    const result = lintChartFiles(files, nodePath.basename(root), config, { parseCache });
    this.renders.set(root, { fingerprint, config, result });
    return result;
  }

  /** The findings of one chart file, as the engine reports a plain file's. */
  lint(path: string, config: ResolvedConfig): LintResult | undefined {
    const chart = this.chartOf(path);
    if (!chart) return undefined;
    const result = this.resultFor(chart.root, config);
    const file = result.files.get(chart.relative);
    const findings = file?.findings ?? [];
    const syntaxErrors = findings.filter((finding) => finding.ruleId === SYNTAX_ERROR_RULE).length;
    return { kind: 'kubernetes', findings, suppressed: file?.suppressed ?? [], ruleFailures: result.ruleFailures, syntaxErrors };
  }

  /** The rendered YAML a template line produced (for hovers), or undefined outside chart templates. */
  renderedAt(path: string, config: ResolvedConfig, lineStart: number, lineEnd: number): string | undefined {
    const chart = this.chartOf(path);
    if (!chart || !/(^|\/)templates\//.test(chart.relative)) return undefined;
    const render = this.resultFor(chart.root, config).render;
    if (!render) return undefined;
    const pieces: string[] = [];
    for (const file of render.files.values()) {
      for (const segment of file.segments) {
        const origin = segment.origin;
        const templatePath = origin.template.file === undefined ? undefined : render.templatePaths.get(origin.template.file);
        if (templatePath !== chart.relative || origin.end <= lineStart || origin.start > lineEnd) continue;
        // The whole rendered lines that this template line contributed to.
        const start = file.text.lastIndexOf('\n', segment.start - 1) + 1;
        const newline = file.text.indexOf('\n', Math.max(segment.end - 1, segment.start));
        const text = file.text.slice(start, newline === -1 ? file.text.length : newline);
        if (text.trim() !== '' && pieces[pieces.length - 1] !== text) pieces.push(text);
        if (pieces.length >= 40) break;
      }
    }
    return pieces.length > 0 ? pieces.join('\n') : undefined;
  }

  forget(): void {
    this.renders.clear();
  }
}
