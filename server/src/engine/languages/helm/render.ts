// `helm template` in process: load the chart, compute values, execute every template with Helm's render
// values, split and order the documents as Helm does, and print them with `# Source:` headers. Every
// rendered byte keeps where it came from (template text or action, and values key) for mapping findings.
import { globToRegExp, loadChart, type Chart, type ChartFiles, type LoadProblem } from './chart';
import { helmFunctions } from './functions/helm';
import { sprigFunctions } from './functions/sprig';
import { standIns, type Stand } from './functions/stand-ins';
import { GO_BUILTINS } from './template/builtins';
import { Executor, ExecError, Output, type OutputSegment, type TemplateFunction } from './template/exec';
import { GoBytes, GoObject, GoStruct, ROOT_VALUES, strval, TemplateError, type GoMap, type GoValue } from './template/go-values';
import { parseTemplate, TemplateSyntaxError, type ParsedTemplate } from './template/parse';
import { coalesceChartValues, processDependencies } from './values';
import { decodeYamlDocuments, decodeYamlMap, toYaml, YamlError, type ValueLocation } from './yaml-v2';

export const KUBE_VERSION = { major: '1', minor: '35', version: 'v1.35.0' };
export const HELM_VERSION = 'v4.1.4';

/** The API group/versions Helm assumes without a cluster, in Helm's order. */
export const DEFAULT_API_VERSIONS = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

/** Helm's install order of kinds (pkg/release/v1/util/kind_sorter.go). */
const INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget',
  'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role',
  'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet',
  'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
];
const KIND_RANK = new Map(INSTALL_ORDER.map((kind, index) => [kind, index]));
const HOOK_EVENTS = new Set(['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test', 'test-success']);

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  /** User values, already merged from --values files and --set (highest precedence). */
  values?: GoMap;
  /** Where each user value key was written (for mapping findings to --values files). */
  valueLocations?: Map<string, ValueLocation>;
  /** Extra API versions for `.Capabilities.APIVersions`. */
  apiVersions?: string[];
  /** Reuse parsed templates between renders of the same chart (editor). */
  parseCache?: ParseCache;
}

/** Parsed templates by name and text, kept between renders so a keystroke reparses only the edited file. */
export type ParseCache = Map<string, { text: string; result: ReturnType<typeof parseTemplate> }>;

/** One rendered document as Helm prints it. */
export interface RenderedDocument {
  /** `<chart>/templates/<file>` as in the `# Source:` header. */
  source: string;
  /** The document text (trimmed, as Helm prints it). */
  content: string;
  kind: string;
  hook: boolean;
  /** Offset of `content` in the rendered file's text. */
  fileOffset: number;
}

export interface RenderedFile {
  /** Template name, `<chart>/templates/<file>`. */
  name: string;
  /** The chart the template belongs to. */
  chart: Chart;
  /** Path of the template relative to the root chart folder. */
  path: string;
  text: string;
  segments: OutputSegment[];
}

/** A problem that stops rendering, located in a template or chart file when known. */
export class RenderError extends Error {
  constructor(message: string, readonly file: string | undefined, readonly offset: number | undefined) {
    super(message);
  }
}

export interface RenderResult {
  chart: Chart;
  documents: RenderedDocument[];
  /** What `helm template` prints. */
  output: string;
  files: Map<string, RenderedFile>;
  /** Template name → path relative to the root chart folder. */
  templatePaths: Map<string, string>;
  problems: LoadProblem[];
  warnings: string[];
  /** Strings produced by random/time stand-ins (never comparable with helm's output). */
  standIns: Stand;
  /** A chart's values.yaml key locations (key path joined with NUL), computed on first use. */
  valueLocations: (chart: Chart) => Map<string, ValueLocation>;
  /** Final `.Values` of the root chart. */
  values: GoMap;
}

class Capabilities extends GoObject {
  readonly goType = '*common.Capabilities';
  private readonly fields: Map<string, GoValue>;
  constructor(apiVersions: string[]) {
    super();
    this.fields = new Map<string, GoValue>([
      ['KubeVersion', new KubeVersion()],
      ['APIVersions', new VersionSet(apiVersions)],
      ['HelmVersion', new GoStruct('common.BuildInfo', new Map<string, GoValue>([['Version', HELM_VERSION], ['GitCommit', '05fa379'], ['GitTreeState', 'clean'], ['GoVersion', 'go1.25.9']]))],
    ]);
  }
  override field(name: string): GoValue | undefined {
    return this.fields.get(name);
  }
  format(): string {
    return '{' + [...this.fields.values()].map((value) => (value instanceof GoObject ? value.format() : strval(value))).join(' ') + '}';
  }
}

class KubeVersion extends GoObject {
  readonly goType = 'common.KubeVersion';
  override field(name: string): GoValue | undefined {
    switch (name) {
      case 'Version':
      case 'GitVersion':
        return KUBE_VERSION.version;
      case 'Major':
        return KUBE_VERSION.major;
      case 'Minor':
        return KUBE_VERSION.minor;
    }
    return undefined;
  }
  override method(name: string): ((...args: GoValue[]) => GoValue) | undefined {
    return name === 'String' ? () => KUBE_VERSION.version : undefined;
  }
  format(): string {
    return KUBE_VERSION.version;
  }
}

class VersionSet extends GoObject {
  readonly goType = 'common.VersionSet';
  constructor(private readonly versions: string[]) {
    super();
  }
  override method(name: string): ((...args: GoValue[]) => GoValue) | undefined {
    return name === 'Has' ? (version) => this.versions.includes(strval(version ?? null)) : undefined;
  }
  format(): string {
    return '[' + this.versions.join(' ') + ']';
  }
  override rangeEntries(): Array<[string, GoValue]> {
    return this.versions.map((version, index) => [String(index), version]);
  }
  override size(): number {
    return this.versions.length;
  }
}

/** `.Files`: the chart's non-template files, with Helm's accessors. */
class Files extends GoObject {
  readonly goType = 'files';
  constructor(private readonly files: ChartFiles) {
    super();
  }
  override method(name: string): ((...args: GoValue[]) => GoValue) | undefined {
    switch (name) {
      case 'Get':
        return (path) => this.files.get(strval(path ?? null))?.toString('utf8') ?? '';
      case 'GetBytes':
        return (path) => new GoBytes(this.files.get(strval(path ?? null)) ?? Buffer.alloc(0));
      case 'Glob':
        return (pattern) => {
          const matcher = globToRegExp(strval(pattern ?? null), false);
          return new Files(new Map([...this.files].filter(([path]) => matcher.test(path))));
        };
      case 'Lines':
        return (path) => {
          const data = this.files.get(strval(path ?? null));
          if (!data || data.length === 0) return [];
          return data.toString('utf8').replace(/\n$/, '').split('\n');
        };
      case 'AsConfig':
        return () => this.asMap((data) => data.toString('utf8'));
      case 'AsSecrets':
        return () => this.asMap((data) => data.toString('base64'));
    }
    return undefined;
  }
  private asMap(encode: (data: Buffer) => string): string {
    if (this.files.size === 0) return '';
    const map: GoMap = new Map();
    for (const [path, data] of this.files) map.set(path.slice(path.lastIndexOf('/') + 1), encode(data));
    return toYaml(map);
  }
  override rangeEntries(): Array<[string, GoValue]> {
    return [...this.files.keys()].sort().map((path) => [path, new GoBytes(this.files.get(path)!)]);
  }
  override size(): number {
    return this.files.size;
  }
  format(): string {
    return 'map[' + [...this.files.keys()].sort().map((path) => `${path}:[${[...this.files.get(path)!].join(' ')}]`).join(' ') + ']';
  }
}

/** Chart metadata as Helm v4 exposes `.Chart`: Go field names. */
function chartMetadata(chart: Chart, isRoot: boolean): GoMap {
  const get = (key: string): GoValue => (chart.metadata.has(key) ? chart.metadata.get(key)! : null);
  const text = (key: string): string => {
    const value = get(key);
    return value === null ? '' : strval(value);
  };
  return new Map<string, GoValue>([
    ['APIVersion', text('apiVersion')],
    ['Annotations', get('annotations')],
    ['AppVersion', text('appVersion')],
    ['Condition', text('condition')],
    ['Dependencies', get('dependencies')],
    ['Deprecated', get('deprecated') === true],
    ['Description', text('description')],
    ['Home', text('home')],
    ['Icon', text('icon')],
    ['IsRoot', isRoot],
    ['Keywords', get('keywords')],
    ['KubeVersion', text('kubeVersion')],
    ['Maintainers', get('maintainers')],
    ['Name', chart.name],
    ['Sources', get('sources')],
    ['Tags', text('tags')],
    ['Type', text('type')],
    ['Version', text('version')],
  ]);
}

interface Renderable {
  name: string;
  text: string;
  vals: GoMap;
  basePath: string;
  chart: Chart;
  path: string;
}

function chartPath(chart: Chart): string {
  return chart.parent ? `${chartPath(chart.parent)}/charts/${chart.name}` : chart.name;
}

function collectTemplates(chart: Chart, parentVals: GoMap, release: GoMap, capabilities: GoValue, values: GoMap, out: Renderable[]): GoMap {
  const subcharts: GoMap = new Map();
  const own = chart.parent ? parentVals.get('Values') : values;
  const chartValues = chart.parent ? (own instanceof Map && own.get(chart.name) instanceof Map ? (own.get(chart.name) as GoMap) : new Map()) : values;
  const next: GoMap = new Map<string, GoValue>([
    ['Chart', chartMetadata(chart, !chart.parent)],
    ['Files', new Files(chart.files)],
    ['Release', release],
    ['Capabilities', capabilities],
    ['Values', chartValues],
    ['Subcharts', subcharts],
  ]);
  for (const child of chart.dependencies) subcharts.set(child.name, collectTemplates(child, next, release, capabilities, values, out));
  const full = chartPath(chart);
  for (const template of chart.templates) {
    if (chart.isLibrary && !baseName(template.name).startsWith('_')) continue;
    out.push({
      name: `${full}/${template.name}`,
      text: template.text,
      vals: next,
      basePath: `${full}/templates`,
      chart,
      path: chart.relativeDir ? `${chart.relativeDir}/${template.name}` : template.name,
    });
  }
  return next;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Helm's parse order: deeper paths first, ties in reverse lexical order (so the parent's define wins). */
function sortTemplates(names: string[]): string[] {
  const depth = (name: string) => name.split('/').length - 1;
  return [...names].sort((a, b) => {
    const da = depth(a);
    const db = depth(b);
    if (da !== db) return db - da;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

/** Decodes values.yaml of a chart and its subcharts. */
function decodeChartValues(chart: Chart): void {
  try {
    chart.values = decodeYamlMap(chart.valuesText);
  } catch (error) {
    if (error instanceof YamlError) throw new RenderError(`cannot load values.yaml of ${chart.name}: ${error.message}`, valuesFileOf(chart), error.offset);
    throw error;
  }
  for (const dependency of chart.dependencies) decodeChartValues(dependency);
}

/** The values.yaml of a chart, relative to the root chart folder. */
export function valuesFileOf(chart: Chart): string {
  return chart.relativeDir ? `${chart.relativeDir}/values.yaml` : 'values.yaml';
}

/** Go's regexp `(?:^|\s*\n)---\s*` split, with Go's Split semantics; returns documents with their offsets. */
function splitManifests(text: string): Array<{ content: string; offset: number }> {
  const leading = text.length - text.trimStart().length;
  const body = text.trim();
  // The regex, run by hand: backtracking over indentation made it quadratic on large files.
  const isSpace = (char: string | undefined) => char === ' ' || char === '\t' || char === '\n' || char === '\f' || char === '\r';
  const matches: Array<[number, number]> = [];
  let searchFrom = 0;
  for (let dashes = body.indexOf('---'); dashes !== -1; ) {
    let start = -1;
    if (dashes === 0) start = 0;
    else if (body[dashes - 1] === '\n' && dashes - 1 >= searchFrom) {
      start = dashes - 1;
      while (start > searchFrom && isSpace(body[start - 1])) start--;
    }
    if (start === -1) {
      dashes = body.indexOf('---', dashes + 1);
      continue;
    }
    let end = dashes + 3;
    while (end < body.length && isSpace(body[end])) end++;
    matches.push([start, end]);
    searchFrom = end;
    dashes = body.indexOf('---', end);
  }
  const documents: Array<{ content: string; offset: number }> = [];
  let begin = 0;
  let end = 0;
  const pieces: Array<{ text: string; offset: number }> = [];
  for (const [matchStart, matchEnd] of matches) {
    end = matchStart;
    if (matchEnd !== 0) pieces.push({ text: body.slice(begin, end), offset: begin });
    begin = matchEnd;
  }
  if (end !== body.length) pieces.push({ text: body.slice(begin), offset: begin });
  for (const piece of pieces) {
    if (piece.text === '') continue;
    const trimmedStart = piece.text.length - piece.text.trimStart().length;
    documents.push({ content: piece.text.trim(), offset: leading + piece.offset + trimmedStart });
  }
  return documents;
}

/** Removes every `<no value>` from a rendered file as Helm does, shifting the segments. */
function stripNoValue(text: string, segments: OutputSegment[]): { text: string; segments: OutputSegment[] } {
  if (!text.includes('<no value>')) return { text, segments };
  const marker = '<no value>';
  const cuts: number[] = [];
  for (let index = text.indexOf(marker); index !== -1; index = text.indexOf(marker, index + marker.length)) cuts.push(index);
  const shift = (offset: number): number => {
    let removed = 0;
    for (const cut of cuts) {
      if (cut >= offset) break;
      removed += Math.min(marker.length, offset - cut);
    }
    return offset - removed;
  };
  const shifted = segments.map((segment) => ({ ...segment, start: shift(segment.start), end: shift(segment.end) })).filter((segment) => segment.end > segment.start);
  return { text: text.replaceAll(marker, ''), segments: shifted };
}

/** Go's builtins, sprig and Helm's functions, as one template function table. */
export function templateFunctions(stand: Stand, tplCache: Map<string, { main: ParsedTemplate; defines: ParsedTemplate[] }>): Map<string, TemplateFunction> {
  const functions = new Map<string, TemplateFunction>(GO_BUILTINS);
  for (const [name, fn] of sprigFunctions(stand)) functions.set(name, fn);
  const names = new Set([...functions.keys(), 'and', 'or', 'include', 'tpl', 'required', 'fail', 'lookup', 'toYaml', 'fromYaml', 'toJson', 'fromJson', 'toToml']);
  for (const [name, fn] of helmFunctions({ isFunction: (name) => names.has(name), tplCache })) {
    functions.set(name, fn);
    names.add(name);
  }
  functions.set('printf', GO_BUILTINS.get('printf')!);
  return functions;
}

/** Renders a chart from its files. Throws RenderError when Helm would fail. */
export function renderChart(files: ChartFiles, origin: string, options: RenderOptions = {}): RenderResult {
  let chart: Chart;
  try {
    chart = loadChart(files, origin);
  } catch (error) {
    if (error instanceof Error && error.name !== 'RangeError' && 'file' in error) throw new RenderError(error.message, (error as { file: string }).file, undefined);
    throw error;
  }
  const warnings: string[] = [];
  decodeChartValues(chart);
  const locationCache = new Map<Chart, Map<string, ValueLocation>>();
  const valueLocations = (target: Chart): Map<string, ValueLocation> => {
    let locations = locationCache.get(target);
    if (!locations) {
      locations = new Map();
      try {
        decodeYamlDocuments(target.valuesText, { locations, file: valuesFileOf(target) });
      } catch {
        // Already reported when the values were decoded.
      }
      locationCache.set(target, locations);
    }
    return locations;
  };
  const user = options.values ?? new Map();
  processDependencies(chart, user, (message) => warnings.push(message));
  const problems: LoadProblem[] = [];
  const gatherProblems = (current: Chart) => {
    problems.push(...current.problems);
    for (const dependency of current.dependencies) gatherProblems(dependency);
  };
  gatherProblems(chart);
  const values = coalesceChartValues(chart, user, false, (message) => warnings.push(message));
  ROOT_VALUES.add(values);
  const release: GoMap = new Map<string, GoValue>([
    ['Name', options.releaseName ?? 'release-name'],
    ['Namespace', options.namespace ?? 'default'],
    ['IsUpgrade', false],
    ['IsInstall', true],
    ['Revision', 1n],
    ['Service', 'Helm'],
  ]);
  const capabilities = new Capabilities([...DEFAULT_API_VERSIONS, ...(options.apiVersions ?? [])]);
  const renderables: Renderable[] = [];
  collectTemplates(chart, new Map(), release, capabilities, values, renderables);
  const byName = new Map(renderables.map((renderable) => [renderable.name, renderable]));
  const order = sortTemplates([...byName.keys()]);

  const stand = standIns();
  const tplCache = new Map<string, { main: ParsedTemplate; defines: ParsedTemplate[] }>();
  const functions = templateFunctions(stand, tplCache);
  const isFunction = (name: string) => functions.has(name) || name === 'and' || name === 'or';
  const templates = new Map<string, ParsedTemplate>();
  for (const name of order) {
    const renderable = byName.get(name)!;
    let parsed = options.parseCache?.get(name);
    if (!parsed || parsed.text !== renderable.text) {
      try {
        parsed = { text: renderable.text, result: parseTemplate(name, renderable.text, isFunction) };
      } catch (error) {
        if (error instanceof TemplateSyntaxError) throw new RenderError(`parse error at (${error.message.replace(/^template: /, '').replace(/: /, '): ')}`, renderable.path, error.offset);
        throw error;
      }
      options.parseCache?.set(name, parsed);
    }
    templates.set(name, parsed.result.main);
    for (const definition of parsed.result.defines) templates.set(definition.name, definition);
  }

  const valuePaths = new WeakMap<object, readonly string[]>();
  const markPaths = (value: GoValue, path: readonly string[], depth: number) => {
    if (depth > 200 || value === null || typeof value !== 'object' || value instanceof GoObject) return;
    if (valuePaths.has(value)) return;
    valuePaths.set(value, path);
    if (Array.isArray(value)) value.forEach((item, index) => markPaths(item, [...path, String(index)], depth + 1));
    else for (const [key, item] of value) markPaths(item, [...path, key], depth + 1);
  };
  markPaths(values, [], 0);
  const executor = new Executor({ functions, templates, valuePaths, observeCall: (args, result) => trackStandIns(stand, args, result) });
  const rendered = new Map<string, RenderedFile>();
  for (const name of order) {
    if (baseName(name).startsWith('_')) continue;
    const renderable = byName.get(name)!;
    renderable.vals.set('Template', new Map<string, GoValue>([['Name', name], ['BasePath', renderable.basePath]]));
    const output = new Output();
    try {
      executor.execute(templates.get(name)!, renderable.vals, output);
    } catch (error) {
      if (error instanceof ExecError) {
        const path = byName.get(error.templateName)?.path ?? renderable.path;
        throw new RenderError(error.message, path, error.offset);
      }
      if (error instanceof TemplateError) throw new RenderError(`${name}: ${error.message}`, renderable.path, undefined);
      throw error;
    }
    const stripped = stripNoValue(output.toString(), output.segments);
    rendered.set(name, { name, chart: renderable.chart, path: renderable.path, text: stripped.text, segments: stripped.segments });
  }

  const documents = orderDocuments(rendered);
  const body = documents.filter((document) => !document.hook).map((document) => `---\n# Source: ${document.source}\n${document.content}\n`).join('');
  const hooks = documents.filter((document) => document.hook).map((document) => `---\n# Source: ${document.source}\n${document.content}\n`).join('');
  const output = body.trim() + '\n' + hooks;
  const templatePaths = new Map(renderables.map((renderable) => [renderable.name, renderable.path]));
  return { chart, documents, output, files: rendered, templatePaths, problems, warnings, standIns: stand, valueLocations, values };
}

/** A string computed from a stand-in (a hash, base64 or rendering of a generated password) is a stand-in too. */
function trackStandIns(stand: Stand, args: readonly GoValue[], result: GoValue): void {
  if (stand.tainted.size === 0 || typeof result !== 'string' || result === '' || stand.tainted.has(result)) return;
  // Strings carry the stand-ins from call to call (b64enc, printf, include output); maps are not searched,
  // which would cost a walk of `.Values` on every call that passes the context.
  const derived = (value: GoValue): boolean => {
    if (typeof value === 'string') {
      for (const tainted of stand.tainted) if (value.includes(tainted)) return true;
      return false;
    }
    return value instanceof GoObject && stand.taintedObjects.has(value);
  };
  if (args.some(derived)) stand.tainted.add(result);
}

/** Splits rendered files into documents and orders them as `helm template` prints them. */
function orderDocuments(rendered: Map<string, RenderedFile>): RenderedDocument[] {
  const generic: RenderedDocument[] = [];
  const hooks: RenderedDocument[] = [];
  for (const name of [...rendered.keys()].sort()) {
    const file = rendered.get(name)!;
    if (baseName(name) === 'NOTES.txt') continue;
    if (file.text.trim() === '') continue;
    for (const piece of splitManifests(file.text)) {
      let head: GoValue | undefined;
      try {
        [head] = decodeYamlDocuments(piece.content);
      } catch (error) {
        throw new RenderError(`YAML parse error on ${name}: ${(error as Error).message}`, file.path, undefined);
      }
      if (head !== null && head !== undefined && !(head instanceof Map)) {
        throw new RenderError(`YAML parse error on ${name}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(head) ? 'array' : 'string'} into Go value of type releaseutil.SimpleHead`, file.path, undefined);
      }
      const map = head instanceof Map ? head : new Map<string, GoValue>();
      const kind = typeof map.get('kind') === 'string' ? (map.get('kind') as string) : map.get('kind') === undefined || map.get('kind') === null ? '' : strval(map.get('kind')!);
      const metadata = map.get('metadata');
      const annotations = metadata instanceof Map ? metadata.get('annotations') : undefined;
      const hookValue = annotations instanceof Map ? annotations.get('helm.sh/hook') : undefined;
      const document: RenderedDocument = { source: name, content: piece.content, kind, hook: false, fileOffset: piece.offset };
      if (annotations instanceof Map && annotations.size > 0 && hookValue !== undefined) {
        const events = strval(hookValue ?? '').split(',').map((event) => event.trim().toLowerCase());
        if (events.some((event) => !HOOK_EVENTS.has(event))) continue;
        document.hook = true;
        hooks.push(document);
      } else generic.push(document);
    }
  }
  return [...sortByKind(generic), ...sortByKind(hooks)];
}

function sortByKind(documents: RenderedDocument[]): RenderedDocument[] {
  return documents
    .map((document, index) => ({ document, index }))
    .sort((a, b) => {
      const ra = KIND_RANK.get(a.document.kind);
      const rb = KIND_RANK.get(b.document.kind);
      if (ra === undefined && rb === undefined) {
        if (a.document.kind !== b.document.kind) return a.document.kind < b.document.kind ? -1 : 1;
        return a.index - b.index;
      }
      if (ra === undefined) return 1;
      if (rb === undefined) return -1;
      return ra - rb || a.index - b.index;
    })
    .map((entry) => entry.document);
}
