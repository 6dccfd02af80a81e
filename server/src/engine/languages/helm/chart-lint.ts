// Linting a Helm chart: render it, run the Kubernetes rules unchanged on every rendered document, and map each
// finding back through the source map: to the values key when the offending value came from values, else to
// the template text or action that wrote it, with the other side as a related location. Fixes survive only
// when every edit maps to a place a person edits (template text, or a values scalar); otherwise none is
// offered rather than a wrong one.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { ResolvedConfig } from '../../config';
import { lint, SYNTAX_ERROR_RULE } from '../../lint';
import type { RuleDefinition } from '../../rule';
import { applySuppressions, parseSuppression, type Suppression } from '../../suppressions';
import type { Edit, Finding, Fix, SuppressedFinding, TextRange } from '../../types';
import type { Chart, ChartFiles } from './chart';
import { RenderError, renderChart, valuesFileOf, type RenderOptions, type RenderResult, type RenderedDocument, type RenderedFile } from './render';
import type { OutputSegment } from './template/exec';

/** Findings of one file of the chart (a template or a values file), offsets into that file's text. */
export interface ChartFileResult {
  /** Path relative to the chart folder, `/`-separated. */
  path: string;
  text: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

export interface ChartLintResult {
  files: Map<string, ChartFileResult>;
  /** The render, when it succeeded (the editor shows rendered YAML from it). */
  render: RenderResult | undefined;
  ruleFailures: Array<{ ruleId: string; error: string }>;
}

/** Where a rendered offset came from. */
export interface MappedLocation {
  path: string;
  range: TextRange;
  /** The template span, when the primary location is a values key. */
  template?: { path: string; range: TextRange };
}

function textOf(files: ChartFiles, path: string): string {
  return files.get(path)?.toString('utf8').replace(/^\ufeff/, '') ?? '';
}

function segmentAt(segments: readonly OutputSegment[], offset: number): OutputSegment | undefined {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const segment = segments[middle]!;
    if (offset < segment.start) high = middle - 1;
    else if (offset >= segment.end) low = middle + 1;
    else return segment;
  }
  // An offset just past the end of a segment (end of a range) belongs to it.
  return segments.find((segment) => segment.end === offset);
}

/** The key path, inside a block of YAML printed by an action (toYaml), of the node at `offset`. */
function pathInside(text: string, offset: number): string[] {
  const document = parseDocument(text, { keepSourceTokens: false });
  const path: string[] = [];
  let node: unknown = document.contents;
  for (let depth = 0; depth < 100 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const key = item.key as YamlNode | null;
        const value = item.value as YamlNode | null;
        const start = key?.range?.[0] ?? 0;
        const end = value?.range?.[2] ?? key?.range?.[2] ?? 0;
        return offset >= start && offset <= end;
      });
      if (!pair) break;
      path.push(isScalar(pair.key) ? String(pair.key.value) : '');
      const key = pair.key as YamlNode | null;
      if (key?.range && offset <= key.range[1]) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = (item as YamlNode | null)?.range;
        return range !== undefined && range !== null && offset >= range[0] && offset <= range[2];
      });
      if (index === -1) break;
      path.push(String(index));
      node = node.items[index];
    } else break;
  }
  return path;
}

class ChartMapper {
  constructor(private readonly render: RenderResult, private readonly files: ChartFiles) {}

  /** Maps an offset in a rendered file to a template location. */
  templateLocation(file: RenderedFile, offset: number): { path: string; offset: number; segment: OutputSegment } | undefined {
    const segment = segmentAt(file.segments, offset);
    if (!segment) return undefined;
    const template = segment.origin.template;
    if (template.file === undefined) return undefined;
    const path = this.render.templatePaths.get(template.file);
    if (path === undefined) return undefined;
    const inside = segment.origin.kind === 'text' ? segment.origin.start + Math.min(offset - segment.start, segment.origin.end - segment.origin.start) : segment.origin.start;
    return { path, offset: inside, segment };
  }

  /** The values.yaml location of a root-relative values key path, searching subchart values files too. */
  valuesLocation(path: readonly string[]): { path: string; range: TextRange; key: TextRange } | undefined {
    let chart: Chart | undefined = this.render.chart;
    let rest = [...path];
    while (chart) {
      const location = this.render.valueLocations(chart).get(rest.join('\0'));
      if (location) return { path: valuesFileOf(chart), range: { start: location.valueStart, end: location.valueEnd }, key: { start: location.keyStart, end: location.keyEnd } };
      const [first, ...others] = rest;
      chart = chart.dependencies.find((dependency) => dependency.name === first);
      rest = others;
    }
    return undefined;
  }

  map(file: RenderedFile, range: TextRange): MappedLocation | undefined {
    let start = this.templateLocation(file, range.start);
    if (!start) return undefined;
    // A value assembled from literal text and one values key (`image: "nginx:{{ .Values.tag }}"`) is that key's.
    if (!start.segment.origin.valuePath && range.end > range.start) {
      const fromValues = file.segments.filter((segment) => segment.start < range.end && segment.end > range.start && segment.origin.kind === 'action' && segment.origin.valuePath);
      if (fromValues.length === 1) start = this.templateLocation(file, fromValues[0]!.start) ?? start;
    }
    const origin = start.segment.origin;
    const templateRange =
      origin.kind === 'text'
        ? { start: start.offset, end: Math.min(start.offset + (range.end - range.start), origin.end) }
        : { start: origin.start, end: origin.end };
    if (origin.kind === 'action' && origin.valuePath) {
      const printed = file.text.slice(start.segment.start, start.segment.end);
      const inner = printed.includes('\n') ? pathInside(printed, range.start - start.segment.start) : [];
      const location = this.valuesLocation([...origin.valuePath, ...inner]) ?? this.valuesLocation(origin.valuePath);
      if (location) return { path: location.path, range: location.range, template: { path: start.path, range: templateRange } };
    }
    return { path: start.path, range: templateRange };
  }

  /** A fix's edits in one chart file, or undefined when any edit cannot be placed safely. */
  mapFix(file: RenderedFile, documentOffset: number, fix: Fix, target: string): Fix | undefined {
    const edits: Edit[] = [];
    for (const edit of fix.edits) {
      const start = documentOffset + edit.start;
      const end = documentOffset + edit.end;
      const segment = segmentAt(file.segments, start);
      if (!segment) return undefined;
      const origin = segment.origin;
      if (origin.kind === 'text' && !origin.reindented && end <= segment.end && start >= segment.start) {
        const path = origin.template.file === undefined ? undefined : this.render.templatePaths.get(origin.template.file);
        if (path !== target) return undefined;
        // Where an insertion lands in a template is ambiguous (before or after a neighbouring action, inside
        // or outside its `if`), so only replacements of literal text are carried over.
        if (start === end) return undefined;
        edits.push({ start: origin.start + (start - segment.start), end: origin.start + (end - segment.start), text: edit.text });
        continue;
      }
      if (origin.kind === 'action' && origin.valuePath && start < end && end <= segment.end && !edit.text.includes('\n')) {
        const printed = file.text.slice(segment.start, segment.end);
        const whole = start === segment.start && end === segment.end;
        const inner = whole ? [] : pathInside(printed, start - segment.start);
        const location = this.valuesLocation([...origin.valuePath, ...inner]);
        if (!location || location.path !== target) return undefined;
        const current = textOf(this.files, location.path).slice(location.range.start, location.range.end);
        // Only a scalar written exactly as it was printed is replaced; anything else was computed or reshaped.
        if (current !== file.text.slice(start, end) || /^[|>{[&*!]/.test(current) || current.includes('\n')) return undefined;
        edits.push({ start: location.range.start, end: location.range.end, text: edit.text });
        continue;
      }
      return undefined;
    }
    return { ...fix, edits };
  }
}

/** `{{/* shipshape-ignore id -- reason *\/}}` in templates and `# shipshape-ignore id` in values files. */
function chartSuppressions(text: string, isTemplate: boolean): Suppression[] {
  if (!text.includes('shipshape-ignore')) return [];
  const suppressions: Suppression[] = [];
  const pattern = isTemplate ? /\{\{-?\s*\/\*\s*(shipshape-ignore[^*]*?)\s*\*\/\s*-?\}\}|#\s*(shipshape-ignore.*)$/gm : /#\s*(shipshape-ignore.*)$/gm;
  for (const match of text.matchAll(pattern)) {
    const content = match[1] ?? match[2] ?? '';
    const range = { start: match.index, end: match.index + match[0].length };
    const lineEnd = text.indexOf('\n', range.end);
    const restOfLine = text.slice(range.end, lineEnd === -1 ? text.length : lineEnd).trim();
    let target: TextRange;
    if (restOfLine !== '') target = { start: range.end, end: lineEnd === -1 ? text.length : lineEnd };
    else {
      const nextStart = lineEnd === -1 ? text.length : lineEnd + 1;
      const nextEnd = text.indexOf('\n', nextStart);
      target = { start: nextStart, end: nextEnd === -1 ? text.length : nextEnd };
    }
    const suppression = parseSuppression(text, { range, content: ' ' + content }, target);
    if (suppression) suppressions.push(suppression);
  }
  return suppressions;
}

function fileResult(results: Map<string, ChartFileResult>, files: ChartFiles, path: string): ChartFileResult {
  let result = results.get(path);
  if (!result) {
    result = { path, text: textOf(files, path), findings: [], suppressed: [] };
    results.set(path, result);
  }
  return result;
}

function renderFailure(error: RenderError, files: ChartFiles, severity: Finding['severity']): ChartFileResult {
  const path = error.file ?? 'Chart.yaml';
  const text = textOf(files, path);
  const offset = Math.min(error.offset ?? 0, text.length);
  const lineEnd = text.indexOf('\n', offset);
  return {
    path,
    text,
    findings: [
      {
        ruleId: SYNTAX_ERROR_RULE,
        message: `The chart cannot be rendered: ${error.message}`,
        severity,
        range: { start: offset, end: Math.max(offset, lineEnd === -1 ? text.length : lineEnd) },
        related: [],
        fixes: [],
      },
    ],
    suppressed: [],
  };
}

/** Renders and lints a chart; every finding is located in a chart file a person edits. */
export function lintChart(files: ChartFiles, origin: string, config: ResolvedConfig, rules: readonly RuleDefinition[], options: RenderOptions = {}): ChartLintResult {
  const results = new Map<string, ChartFileResult>();
  const syntaxSeverity = config.severities.get(SYNTAX_ERROR_RULE) ?? 'error';
  let render: RenderResult;
  try {
    render = renderChart(files, origin, options);
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    const failure = renderFailure(error, files, syntaxSeverity === 'off' ? 'error' : syntaxSeverity);
    results.set(failure.path, failure);
    return { files: results, render: undefined, ruleFailures: [] };
  }
  for (const problem of render.problems) {
    const target = fileResult(results, files, problem.file.endsWith('.yaml') || problem.file.endsWith('.tgz') ? problem.file : 'Chart.yaml');
    target.findings.push({ ruleId: SYNTAX_ERROR_RULE, message: problem.message, severity: 'warning', range: { start: 0, end: 0 }, related: [], fixes: [] });
  }
  const mapper = new ChartMapper(render, files);
  const ruleFailures: ChartLintResult['ruleFailures'] = [];
  const byFile = new Map<string, RenderedDocument[]>();
  for (const document of render.documents) {
    const list = byFile.get(document.source) ?? [];
    list.push(document);
    byFile.set(document.source, list);
  }
  for (const [name, documents] of byFile) {
    const file = render.files.get(name)!;
    for (const document of documents) {
      const result = lint({ path: `${file.path}.rendered.yaml`, text: document.content, languageId: 'yaml' }, config, rules, { rendered: true });
      ruleFailures.push(...result.ruleFailures);
      for (const finding of [...result.findings, ...result.suppressed]) {
        if ('justification' in finding) continue;
        const absolute = { start: document.fileOffset + finding.range.start, end: document.fileOffset + finding.range.end };
        const mapped = mapper.map(file, absolute);
        const target = mapped ?? { path: file.path, range: { start: 0, end: 0 } };
        const related = [...finding.related.flatMap((item) => {
          const where = mapper.map(file, { start: document.fileOffset + item.range.start, end: document.fileOffset + item.range.end });
          return where && where.path === target.path ? [{ range: where.range, message: item.message }] : [];
        })];
        if (mapped?.template) related.push({ range: mapped.template.range, message: `Rendered by ${mapped.template.path}:${lineOf(textOf(files, mapped.template.path), mapped.template.range.start)}` });
        const fixes = finding.fixes.flatMap((fix) => {
          const placed = mapper.mapFix(file, document.fileOffset, fix, target.path);
          return placed ? [placed] : [];
        });
        fileResult(results, files, target.path).findings.push({ ...finding, range: target.range, related, fixes });
      }
    }
  }
  for (const result of results.values()) {
    const isTemplate = result.path.includes('templates/');
    const outcome = applySuppressions(dedupe(result.findings), chartSuppressions(result.text, isTemplate), () => 'active', new Set([SYNTAX_ERROR_RULE]));
    result.findings = outcome.findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
    result.suppressed = outcome.suppressed;
  }
  return { files: results, render, ruleFailures };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

/** A template used by several documents (or a values key used by several templates) yields one finding per place. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}\0${finding.range.start}\0${finding.range.end}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
