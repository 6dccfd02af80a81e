// Loading a chart the way Helm's loader does: Chart.yaml, values.yaml, templates/, charts/ (folders and .tgz
// archives, read in memory and never written to disk) and every other file as `.Files`, after `.helmignore`.
// The loader works on an in-memory file list so the editor can overlay unsaved buffers.
import { gunzipSync } from 'node:zlib';
import { decodeYamlDocuments, YamlError } from './yaml-v2';
import { strval, type GoMap, type GoValue } from './template/go-values';

/** A chart's files by path relative to the chart folder, with `/` separators. */
export type ChartFiles = Map<string, Buffer>;

export interface Dependency {
  name: string;
  alias: string | undefined;
  condition: string;
  tags: string[];
  importValues: GoValue[];
  enabled: boolean;
}

export interface Chart {
  /** The chart's name after aliasing (what `.Chart.Name` and the output paths use). */
  name: string;
  metadata: GoMap;
  /** values.yaml decoded; replaced by processing (imports) before rendering. */
  values: GoMap;
  valuesText: string;
  templates: Array<{ name: string; text: string }>;
  /** Everything that is not Chart.yaml, values.yaml, templates/ or charts/. */
  files: ChartFiles;
  dependencies: Chart[];
  declared: Dependency[];
  parent: Chart | undefined;
  isLibrary: boolean;
  /** Location of this chart for messages: the folder, or `parent/charts/x.tgz`. */
  origin: string;
  /** The chart folder (or archive) path relative to the root chart, `''` for the root. */
  relativeDir: string;
  /** Problems found while loading (missing dependency, unreadable archive), reported once each. */
  problems: LoadProblem[];
}

export interface LoadProblem {
  /** Path relative to the root chart's folder of the file the problem is about. */
  file: string;
  message: string;
}

export class ChartLoadError extends Error {
  constructor(message: string, readonly file = 'Chart.yaml') {
    super(message);
  }
}

const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;

/** Helm's .helmignore rules, reduced to the patterns charts use (globs, `dir/`, negation). */
export function helmignoreMatcher(text: string | undefined): (path: string, isDir: boolean) => boolean {
  const rules: Array<{ negate: boolean; dirOnly: boolean; pattern: RegExp; anchored: boolean }> = [];
  for (const raw of (text ?? '').split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    rules.push({ negate, dirOnly, anchored, pattern: globToRegExp(line, false) });
  }
  // Helm always ignores dotfiles in templates/.
  rules.push({ negate: false, dirOnly: false, anchored: true, pattern: /^templates\/\.[^/]*$/ });
  return (path, isDir) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.dirOnly && !isDir) continue;
      const subject = rule.anchored ? path : path.slice(path.lastIndexOf('/') + 1);
      if (rule.pattern.test(subject)) ignored = !rule.negate;
    }
    return ignored;
  };
}

/** A glob as a RegExp: `*` and `?` stop at `/`, `**` crosses it; `{a,b}` and `[…]` as in gobwas/glob. */
export function globToRegExp(glob: string, crossSlash: boolean): RegExp {
  let out = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '*') {
      if (glob[index + 1] === '*') {
        out += '.*';
        index++;
      } else out += crossSlash ? '.*' : '[^/]*';
    } else if (char === '?') out += crossSlash ? '.' : '[^/]';
    else if (char === '[') {
      const close = glob.indexOf(']', index);
      if (close === -1) out += '\\[';
      else {
        out += '[' + glob.slice(index + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        index = close;
      }
    } else if (char === '{') {
      const close = glob.indexOf('}', index);
      if (close === -1) out += '\\{';
      else {
        out += '(?:' + glob.slice(index + 1, close).split(',').map((part) => part.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|') + ')';
        index = close;
      }
    } else if (char === '\\' && index + 1 < glob.length) {
      out += '\\' + glob[++index];
    } else out += char.replace(/[.+^$()|{}\]\\]/g, '\\$&');
  }
  return new RegExp('^' + out + '$', 's');
}

function decodeText(buffer: Buffer): string {
  const text = buffer.toString('utf8');
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

function dependencyList(metadata: GoMap): Dependency[] {
  const raw = metadata.get('dependencies');
  if (!Array.isArray(raw)) return [];
  const out: Dependency[] = [];
  for (const entry of raw) {
    if (!(entry instanceof Map)) continue;
    const get = (key: string) => (entry.has(key) && entry.get(key) !== null ? strval(entry.get(key)!) : '');
    const tags = entry.get('tags');
    const imports = entry.get('import-values');
    out.push({
      name: get('name'),
      alias: get('alias') || undefined,
      condition: get('condition'),
      tags: Array.isArray(tags) ? tags.map(strval) : [],
      importValues: Array.isArray(imports) ? imports : [],
      enabled: true,
    });
  }
  return out;
}

/**
 * Builds a chart from its files. `origin` names it in messages; `relativeDir` is its place under the root
 * chart's folder (for finding-locations). Subcharts are loaded recursively from `charts/`.
 */
export function loadChart(files: ChartFiles, origin: string, relativeDir = '', parent?: Chart, depth = 0): Chart {
  if (depth > 20) throw new ChartLoadError(`${origin}: subcharts nest more than 20 deep`);
  const chartYaml = files.get('Chart.yaml');
  if (!chartYaml) throw new ChartLoadError(`${origin}: Chart.yaml file is missing`);
  let metadata: GoMap;
  try {
    const [document] = decodeYamlDocuments(decodeText(chartYaml));
    if (!(document instanceof Map)) throw new ChartLoadError(`${origin}: Chart.yaml is not a mapping`);
    metadata = document;
  } catch (error) {
    if (error instanceof YamlError) throw new ChartLoadError(`${origin}: cannot load Chart.yaml: ${error.message}`);
    throw error;
  }
  const apiVersion = metadata.has('apiVersion') ? strval(metadata.get('apiVersion')!) : '';
  if (apiVersion !== 'v1' && apiVersion !== 'v2') {
    throw new ChartLoadError(apiVersion === '' ? `${origin}: chart.metadata.apiVersion is required` : `${origin}: invalid chart apiVersion "${apiVersion}" (Helm accepts v1 and v2)`);
  }
  const name = metadata.has('name') && metadata.get('name') !== null ? strval(metadata.get('name')!) : '';
  if (name === '') throw new ChartLoadError(`${origin}: chart.metadata.name is required`);
  const valuesText = files.has('values.yaml') ? decodeText(files.get('values.yaml')!) : '';
  const ignored = helmignoreMatcher(files.has('.helmignore') ? decodeText(files.get('.helmignore')!) : undefined);
  const chart: Chart = {
    name,
    metadata,
    values: new Map(),
    valuesText,
    templates: [],
    files: new Map(),
    dependencies: [],
    declared: dependencyList(metadata),
    parent,
    isLibrary: metadata.get('type') === 'library',
    origin,
    relativeDir,
    problems: [],
  };
  const subchartFiles = new Map<string, ChartFiles>();
  const archives = new Map<string, Buffer>();
  for (const [path, data] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (isIgnored(path, ignored)) continue;
    if (path === 'Chart.yaml' || path === 'values.yaml' || path === 'Chart.lock' || path === 'values.schema.json' || path === 'requirements.yaml' || path === 'requirements.lock') continue;
    if (path.startsWith('templates/')) {
      chart.templates.push({ name: path, text: decodeText(data) });
      continue;
    }
    if (path.startsWith('charts/')) {
      const rest = path.slice('charts/'.length);
      const slash = rest.indexOf('/');
      if (slash === -1) {
        if (rest.endsWith('.tgz') || rest.endsWith('.tar.gz')) {
          if (!rest.startsWith('_') && !rest.startsWith('.')) archives.set(rest, data);
        }
        continue;
      }
      const folder = rest.slice(0, slash);
      if (folder.startsWith('_') || folder.startsWith('.')) continue;
      let sub = subchartFiles.get(folder);
      if (!sub) subchartFiles.set(folder, (sub = new Map()));
      sub.set(rest.slice(slash + 1), data);
      continue;
    }
    chart.files.set(path, data);
  }
  for (const [folder, sub] of subchartFiles) {
    const dir = joinPath(relativeDir, 'charts', folder);
    if (!sub.has('Chart.yaml')) {
      chart.problems.push({ file: dir, message: `charts/${folder} has no Chart.yaml, so it is not a subchart and was skipped.` });
      continue;
    }
    try {
      chart.dependencies.push(loadChart(sub, `${origin}/charts/${folder}`, dir, chart, depth + 1));
    } catch (error) {
      if (!(error instanceof ChartLoadError)) throw error;
      chart.problems.push({ file: joinPath(dir, 'Chart.yaml'), message: error.message });
    }
  }
  for (const [archiveName, data] of archives) {
    const archivePath = joinPath(relativeDir, 'charts', archiveName);
    try {
      const entries = readChartArchive(data, archiveName);
      chart.dependencies.push(loadChart(entries, `${origin}/charts/${archiveName}`, archivePath, chart, depth + 1));
    } catch (error) {
      if (!(error instanceof ChartLoadError)) throw error;
      chart.problems.push({ file: archivePath, message: error.message });
    }
  }
  return chart;
}

function isIgnored(path: string, ignored: (path: string, isDir: boolean) => boolean): boolean {
  const parts = path.split('/');
  for (let index = 1; index < parts.length; index++) if (ignored(parts.slice(0, index).join('/'), true)) return true;
  return ignored(path, false);
}

function joinPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/');
}

/**
 * Reads a chart archive (.tgz) in memory: the files under its single top folder. Entries that would escape
 * the chart (`..`, absolute paths) make the whole archive invalid, as they do for Helm.
 */
export function readChartArchive(data: Buffer, label: string): ChartFiles {
  let tar: Buffer;
  try {
    tar = gunzipSync(data, { maxOutputLength: MAX_ARCHIVE_BYTES });
  } catch (error) {
    throw new ChartLoadError(`${label}: not a readable gzip archive (${(error as Error).message})`);
  }
  const files: ChartFiles = new Map();
  let offset = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (Number.isNaN(size) || size < 0) throw new ChartLoadError(`${label}: corrupt tar header`);
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = field(345, 155);
    let name = longName ?? paxPath ?? (prefix ? prefix + '/' + field(0, 100) : field(0, 100));
    longName = undefined;
    paxPath = undefined;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (offset + 512 + size > tar.length) throw new ChartLoadError(`${label}: truncated tar archive`);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      const match = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (match) paxPath = match[1];
      continue;
    }
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    name = name.replace(/\\/g, '/');
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split('/').includes('..')) {
      throw new ChartLoadError(`${label}: archive entry "${name}" points outside the chart; the archive was not loaded`);
    }
    const slash = name.indexOf('/');
    if (slash === -1) continue;
    const inner = name.slice(slash + 1).replace(/^\.\//, '');
    if (inner === '') continue;
    files.set(inner, Buffer.from(body));
  }
  if (!files.has('Chart.yaml')) throw new ChartLoadError(`${label}: the archive holds no Chart.yaml`);
  return files;
}
