// The Compose model the rules see: every service with its effective settings after `extends` (same file and
// other files), YAML anchors and `<<` merges and override files are merged the way `docker compose config`
// merges them, each value still pointing at the file and YAML node that set it. Interpolation reads only the
// `.env` beside the project. Built on the `yaml` Document API so fixes edit the source text precisely.
import { Composer, isMap, isPair, isScalar, isSeq, Parser, type Document, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseImageReference } from '../../image-reference';
import type { ImageUse } from '../../image-use';
import { LineIndex } from '../../text';
import type { RelatedLocation, TextRange } from '../../types';
import { collectComments, MAX_YAML_ALIASES, registerAliases, resolveAlias, type SyntaxProblem, type YamlComment } from '../kubernetes/model';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';
import { interpolate, parseDotenv, type Interpolation, type Variables } from './interpolation';
import { isRemoteContext, joinPath, resolveComposePath } from './paths';

/** `extends` chains longer than this are treated as a mistake (Compose itself has no limit, but no project needs more). */
const MAX_EXTENDS_DEPTH = 10;
/** Nested mappings deeper than this are not merged further (hostile input; no Compose key nests this deep). */
const MAX_MERGE_DEPTH = 24;
/**
 * Map entries read through aliases and merges per file, at most: few aliases can still name each other in
 * layers that expand to billions of entries (an alias bomb), and reading stops there.
 */
const MAX_ENTRIES_PER_PARSE = 500_000;

/** Entries left to read in the current parse; set by parseCompose, spent by mapEntries. */
let entryBudget = MAX_ENTRIES_PER_PARSE;

/** What the host read for the project a Compose file belongs to. */
export interface ComposeProjectInputs {
  /** The project's Compose files in merge order (`-f` order, or the file and its override); the linted one among them. */
  files?: Array<{ path: string; text: string }>;
  /** Text of the `.env` beside the project's first file; absent or null when there is none. */
  dotenv?: string | null;
  /** Other files the project names (`extends.file`, build Dockerfiles) by the path `resolveComposePath` gives; null when missing. */
  references?: Record<string, string | null>;
}

export interface ComposeSource {
  path: string;
  text: string;
  /** True for the file being linted: only its nodes are reported and edited. */
  linted: boolean;
  document: Document.Parsed | undefined;
  services: YAMLMap | undefined;
}

/** An `extends` a value came through: the `extends` key of the service that extends, in its file. */
export interface ExtendsStep {
  source: ComposeSource;
  key: YamlNode;
  service: string;
}

/** One value of a service's effective settings, with the YAML node and file that set it. */
export interface Located {
  node: YamlNode;
  /** The pair holding the value in a map, and that map (for edits and ranges that include the key). */
  pair: Pair | undefined;
  holder: YAMLMap | undefined;
  /** The sequence holding the value, for sequence items. */
  sequence: YAMLSeq | undefined;
  source: ComposeSource;
  /** The `extends` links the value came through to the service, outermost first; empty when written in it. */
  through: ExtendsStep[];
  /** Set for `KEY=value` items of list-form mappings (`environment:`): the value part, undefined for a bare `KEY`. */
  listEntry?: { value: string | undefined };
}

export type Effective =
  | { kind: 'scalar'; at: Located }
  | { kind: 'map'; at: Located; entries: Map<string, Effective> }
  | { kind: 'list'; at: Located; items: Located[] };

export interface BuildInfo {
  at: Located;
  /** The Dockerfile's path as the host reads it; undefined for inline, remote or interpolated ones. */
  dockerfilePath: string | undefined;
  /** The Dockerfile text: inline, or read by the host; undefined when unknown or missing. */
  dockerfileText: string | undefined;
  /** `build.target`: the stage that ships instead of the last one. */
  target: string | undefined;
}

export interface ComposeService {
  name: string;
  /** `service "web"`, for messages. */
  label: string;
  /** Where the service is first defined in the project: findings about something missing go on this key. */
  source: ComposeSource;
  key: YamlNode;
  /** The service's own map in that file (through an alias when it is one). */
  map: YAMLMap;
  /** The service's map is written in place (not an alias), so fixes may insert keys into it. */
  editable: boolean;
  settings: Map<string, Effective>;
  build: BuildInfo | undefined;
  profiles: string[];
}

export interface ComposeModel {
  text: string;
  path: string;
  readonly lines: LineIndex;
  /** The linted file. */
  source: ComposeSource;
  /** Every file merged (the linted one included), in merge order. */
  sources: ComposeSource[];
  /** Services of the project that the linted file defines or changes (directly or through an anchor/extends). */
  services: ComposeService[];
  /** Variables from `.env`. */
  variables: Variables;
  images: ImageUse[];
  readonly comments: YamlComment[];
  /** YAML errors and structural problems of the linted file; at most one each. */
  syntaxErrors: SyntaxProblem[];
  /** Files the project names that the inputs did not include: the host reads them and lints again. */
  unreadReferences: Set<string>;
  /** `image:` and volume findings across merged files are collapsed per node; rules need a stable range key. */
  resolve(at: Located): Interpolation;
}

/** Keys whose list form (`- KEY=value`) Compose reads as a mapping. */
const LIST_MAPPINGS: Record<string, string> = { environment: '=', labels: '=', sysctls: '=', annotations: '=', args: '=', extra_hosts: ':' };
/** Sequences an override replaces instead of merging. */
const REPLACED_LISTS = new Set(['command', 'entrypoint', 'test', 'profiles', 'dns', 'dns_search']);

export function parseCompose(path: string, text: string, inputs: ComposeProjectInputs = {}): ComposeModel {
  entryBudget = MAX_ENTRIES_PER_PARSE + text.length;
  const variables = inputs.dotenv ? parseDotenv(inputs.dotenv) : new Map<string, string>();
  const syntaxErrors: SyntaxProblem[] = [];
  const linted = openSource(path, text, true, syntaxErrors);
  const projectFiles = inputs.files?.some((file) => file.path === path) ? inputs.files : [{ path, text }];
  const sources = projectFiles.map((file) => (file.path === path ? linted : openSource(file.path, file.text, false, undefined)));
  const unread = new Set<string>();
  const builder = new ProjectBuilder(inputs.references ?? {}, linted, syntaxErrors, unread);

  const merged = new Map<string, ComposeService>();
  for (const source of sources) {
    if (!source.services) continue;
    for (const pair of source.services.items) {
      const name = keyText(pair);
      const value = resolveAlias(pair.value);
      if (name === undefined || !isMap(value)) {
        if (source.linted && name !== undefined && pair.value !== null && syntaxErrors.length === 0) {
          syntaxErrors.push({ message: `Service "${name}" must be a mapping of settings (image:, build:, …), so it was not analysed.`, range: rangeOf(pair.key as YamlNode) });
        }
        continue;
      }
      const settings = builder.service(source, name, value, [], new Set());
      const existing = merged.get(name);
      if (existing) {
        existing.settings = mergeMaps(existing.settings, settings, 0);
        continue;
      }
      merged.set(name, {
        name,
        label: `service "${name}"`,
        source,
        key: pair.key as YamlNode,
        map: value,
        editable: pair.value === value,
        settings,
        build: undefined,
        profiles: [],
      });
    }
  }
  const model = new ParsedCompose(path, text, linted, sources, [], variables, [], syntaxErrors, unread);
  for (const service of merged.values()) {
    service.build = buildOf(model, service, inputs.references ?? {});
    if (service.build?.dockerfilePath !== undefined && !((inputs.references ?? {})[service.build.dockerfilePath] !== undefined)) unread.add(service.build.dockerfilePath);
    service.profiles = stringsOf(model, service.settings.get('profiles'));
    if (touchesLinted(service)) model.services.push(service);
  }
  for (const service of model.services) {
    const image = imageUseOf(model, service);
    if (image) model.images.push(image);
  }
  if (entryBudget <= 0 && syntaxErrors.length === 0) {
    syntaxErrors.push({ message: 'This file\'s aliases expand to more settings than any Compose project has (it looks like an alias bomb), so it was only partly analysed.', range: { start: 0, end: 0 } });
  }
  return model;
}

class ParsedCompose implements ComposeModel {
  private lineIndex: LineIndex | undefined;
  private allComments: YamlComment[] | undefined;
  private readonly interpolated = new WeakMap<object, Interpolation>();

  constructor(
    readonly path: string,
    readonly text: string,
    readonly source: ComposeSource,
    readonly sources: ComposeSource[],
    readonly services: ComposeService[],
    readonly variables: Variables,
    readonly images: ImageUse[],
    readonly syntaxErrors: SyntaxProblem[],
    readonly unreadReferences: Set<string>,
  ) {}

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  get comments(): YamlComment[] {
    this.allComments ??= collectComments(Array.from(new Parser().parse(this.text)));
    return this.allComments;
  }

  resolve(at: Located): Interpolation {
    const key = at.listEntry ? at : at.node;
    let result = this.interpolated.get(key);
    if (!result) {
      const raw = rawText(at);
      result = raw === undefined ? { value: undefined, unresolved: [], defaults: [], usesVariables: false } : interpolate(raw, this.variables);
      this.interpolated.set(key, result);
    }
    return result;
  }
}

function openSource(path: string, text: string, linted: boolean, problems: SyntaxProblem[] | undefined): ComposeSource {
  const source: ComposeSource = { path, text, linted, document: undefined, services: undefined };
  const documents = Array.from(new Composer({ prettyErrors: false, uniqueKeys: false }).compose(new Parser().parse(text))) as Document.Parsed[];
  const document = documents[0];
  if (!document) return source;
  const error = document.errors[0];
  if (error) {
    problems?.push({ message: `YAML error: ${error.message.split('\n')[0] ?? error.message}`, range: { start: error.pos[0], end: Math.max(error.pos[0], error.pos[1]) } });
    return source;
  }
  if (/\*[^\s,[\]{}]/.test(text) && !registerAliases(document)) {
    problems?.push({ message: `This file uses more than ${MAX_YAML_ALIASES} YAML aliases, so it was not analysed (it looks like an alias bomb).`, range: { start: 0, end: 0 } });
    return source;
  }
  source.document = document;
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return source;
  if (!isMap(root)) {
    problems?.push({ message: 'A Compose file must be a mapping with a `services:` key, so this one was not analysed.', range: rangeOf(root as YamlNode) });
    return source;
  }
  const servicesPair = root.items.find((pair) => keyText(pair) === 'services');
  const services = resolveAlias(servicesPair?.value);
  if (isMap(services)) {
    source.services = services;
    return source;
  }
  if (servicesPair && services !== null && services !== undefined) {
    problems?.push({ message: '`services:` must be a mapping of service names to their settings (`services:\\n  web:\\n    image: …`), so this file was not analysed.', range: rangeOf(servicesPair.key as YamlNode) });
  } else if (!servicesPair && root.items.some((pair) => isMap(resolveAlias(pair.value)) && ['image', 'build'].some((key) => (resolveAlias(pair.value) as YAMLMap).items.some((item) => keyText(item) === key)))) {
    const first = root.items[0]?.key as YamlNode | undefined;
    problems?.push({ message: 'This is a Compose file format v1 file (services at the top level, no `services:` key), which Docker Compose no longer reads; move the services under `services:` to have them checked.', range: rangeOf(first) });
  }
  return source;
}

class ProjectBuilder {
  private readonly others = new Map<string, ComposeSource>();

  constructor(
    private readonly references: Record<string, string | null>,
    private readonly linted: ComposeSource,
    private readonly problems: SyntaxProblem[],
    private readonly unread: Set<string>,
  ) {}

  /** The effective settings of service `name` whose map in `source` is `map`, `extends` resolved. */
  service(source: ComposeSource, name: string, map: YAMLMap, through: ExtendsStep[], seen: Set<string>): Map<string, Effective> {
    const own = mapEntries(map, source, through, 0);
    const extendsPair = own.get('extends');
    own.delete('extends');
    if (!extendsPair) return own;
    seen.add(`${source.path}\u0000${name}`);
    const base = this.base(source, name, extendsPair, through, seen);
    return base ? mergeMaps(base, own, 0) : own;
  }

  private base(source: ComposeSource, name: string, link: Effective, through: ExtendsStep[], seen: Set<string>): Map<string, Effective> | undefined {
    const keyNode = link.at.pair?.key as YamlNode | undefined;
    // A problem anywhere along the chain is reported once, on the first `extends` key in the linted file.
    const outermost = through.length === 0 ? (source.linted ? (keyNode ?? link.at.node) : undefined) : through[0]?.source.linted ? through[0].key : undefined;
    const report = (message: string): undefined => {
      if (outermost && this.problems.length === 0) this.problems.push({ message, range: rangeOf(outermost) });
      return undefined;
    };
    let serviceName: string | undefined;
    let file: string | undefined;
    if (link.kind === 'scalar' && isScalar(link.at.node)) serviceName = String(link.at.node.value);
    else if (link.kind === 'map') {
      const serviceEntry = link.entries.get('service');
      const fileEntry = link.entries.get('file');
      serviceName = serviceEntry?.kind === 'scalar' && isScalar(serviceEntry.at.node) ? String(serviceEntry.at.node.value) : undefined;
      file = fileEntry?.kind === 'scalar' && isScalar(fileEntry.at.node) ? String(fileEntry.at.node.value) : undefined;
    }
    if (serviceName === undefined) return report(`\`extends\` of service "${name}" names no service (\`extends: {service: base, file: common.yaml}\`), so nothing is inherited.`);
    if (through.length >= MAX_EXTENDS_DEPTH) return report(`\`extends\` of service "${name}" goes more than ${MAX_EXTENDS_DEPTH} levels deep, so the chain was not followed.`);
    let target = source;
    if (file !== undefined) {
      if (file.includes('$')) return undefined;
      const path = resolveComposePath(source.path, file);
      const opened = path === this.linted.path ? this.linted : this.open(path);
      if (!opened) {
        return path in this.references || this.references[path] === null
          ? report(`\`extends\` of service "${name}" names ${file}, which does not exist, so nothing is inherited from it (Docker Compose would stop with an error).`)
          : undefined;
      }
      target = opened;
    }
    const identity = `${target.path}\u0000${serviceName}`;
    if (seen.has(identity)) return report(`\`extends\` of service "${name}" leads back to service "${serviceName}" (a cycle), which Docker Compose rejects; nothing was inherited.`);
    const basePair = target.services?.items.find((pair) => keyText(pair) === serviceName);
    const baseMap = resolveAlias(basePair?.value);
    if (!isMap(baseMap)) return report(`\`extends\` of service "${name}" names service "${serviceName}", which ${file ? `${file} does not define` : 'this file does not define'}, so nothing is inherited.`);
    const step: ExtendsStep = { source, key: keyNode ?? link.at.node, service: name };
    return this.service(target, serviceName, baseMap, [...through, step], seen);
  }

  private open(path: string): ComposeSource | undefined {
    const cached = this.others.get(path);
    if (cached) return cached;
    if (!(path in this.references)) this.unread.add(path);
    const text = this.references[path];
    if (typeof text !== 'string') return undefined;
    const source = openSource(path, text, false, undefined);
    this.others.set(path, source);
    return source;
  }
}

/** Own keys of a map and those merged in with `<<` (own keys win, earlier merge sources win over later ones). */
function mapEntries(map: YAMLMap, source: ComposeSource, through: ExtendsStep[], depth: number, parentKey?: string): Map<string, Effective> {
  const entries = new Map<string, Effective>();
  if (depth > MAX_MERGE_DEPTH || entryBudget <= 0) return entries;
  entryBudget -= map.items.length;
  const merges: unknown[] = [];
  for (const pair of map.items) {
    const key = keyText(pair);
    if (key === undefined) continue;
    if (key === '<<') {
      merges.push(...(isSeq(pair.value) ? pair.value.items : [pair.value]));
      continue;
    }
    const value = effectiveOf(pair.value, { pair, holder: map, sequence: undefined, source, through }, key, depth + 1);
    // A `!reset` value only matters when merged over a base; on its own the key is unset.
    if (value) entries.set(key, value);
  }
  for (const merge of merges) {
    const target = resolveAlias(merge);
    if (!isMap(target)) continue;
    for (const [key, value] of mapEntries(target, source, through, depth + 1, parentKey)) if (!entries.has(key)) entries.set(key, value);
  }
  return entries;
}

function effectiveOf(raw: unknown, place: Omit<Located, 'node'>, key: string, depth: number): Effective | undefined {
  const node = resolveAlias(raw) as YamlNode | null | undefined;
  if (node === null || node === undefined) return undefined;
  const at: Located = { ...place, node };
  if (isMap(node)) return { kind: 'map', at, entries: mapEntries(node, place.source, place.through, depth, key) };
  if (isSeq(node)) {
    const separator = LIST_MAPPINGS[key];
    const items: Located[] = [];
    for (const item of node.items) {
      const resolved = resolveAlias(item) as YamlNode | null | undefined;
      if (resolved !== null && resolved !== undefined) items.push({ node: resolved, pair: undefined, holder: undefined, sequence: node, source: place.source, through: place.through });
    }
    if (separator === undefined) return { kind: 'list', at, items };
    // `- KEY=value` items become entries of a mapping, so list and map forms merge alike.
    const entries = new Map<string, Effective>();
    for (const item of items) {
      if (!isScalar(item.node) || item.node.value === null) continue;
      const text = String(item.node.value);
      const cut = text.indexOf(separator);
      const name = (cut === -1 ? text : text.slice(0, cut)).trim();
      if (name !== '') entries.set(name, { kind: 'scalar', at: { ...item, listEntry: { value: cut === -1 ? undefined : text.slice(cut + 1) } } });
    }
    return { kind: 'map', at, entries };
  }
  if (isScalar(node) && node.value === null && node.tag !== '!reset') return undefined;
  return { kind: 'scalar', at };
}

/** `over` on top of `base` the way Compose merges services: mappings key by key, most sequences appended. */
export function mergeMaps(base: Map<string, Effective>, over: Map<string, Effective>, depth: number): Map<string, Effective> {
  const result = new Map(base);
  for (const [key, value] of over) {
    const previous = result.get(key);
    // `!reset` drops what the base set; `!override` replaces it instead of merging (Compose 2.24+).
    const tag = value.at.node.tag;
    if (tag === '!reset') {
      result.delete(key);
      continue;
    }
    if (tag === '!override') {
      result.set(key, value);
      continue;
    }
    if (previous?.kind === 'map' && value.kind === 'map' && depth < MAX_MERGE_DEPTH) {
      result.set(key, { kind: 'map', at: value.at, entries: mergeMaps(previous.entries, value.entries, depth + 1) });
    } else if (previous?.kind === 'list' && value.kind === 'list' && !REPLACED_LISTS.has(key)) {
      result.set(key, { kind: 'list', at: value.at, items: mergeItems(previous.items, value.items) });
    } else {
      result.set(key, value);
    }
  }
  return result;
}

/** Sequence items of both, later ones replacing earlier ones with the same identity (same text, or same `target`). */
function mergeItems(base: Located[], over: Located[]): Located[] {
  const identity = (item: Located): string | undefined => {
    if (isScalar(item.node)) return `=${String(item.node.value)}`;
    if (isMap(item.node)) {
      const target = item.node.items.find((pair) => keyText(pair) === 'target')?.value;
      return isScalar(target) ? `target=${String(target.value)}` : undefined;
    }
    return undefined;
  };
  const overIds = new Set(over.map(identity).filter((id) => id !== undefined));
  return [...base.filter((item) => { const id = identity(item); return id === undefined || !overIds.has(id); }), ...over];
}

/** Whether a service has anything written in the linted file (directly, through an anchor, or an `extends` in it). */
function touchesLinted(service: ComposeService): boolean {
  if (service.source.linted) return true;
  const visit = (entries: Map<string, Effective>): boolean => {
    for (const value of entries.values()) {
      if (value.at.source.linted || value.at.through.some((step) => step.source.linted)) return true;
      if (value.kind === 'map' && visit(value.entries)) return true;
      if (value.kind === 'list' && value.items.some((item) => item.source.linted)) return true;
    }
    return false;
  };
  return visit(service.settings);
}

function buildOf(model: ComposeModel, service: ComposeService, references: Record<string, string | null>): BuildInfo | undefined {
  const build = service.settings.get('build');
  if (!build) return undefined;
  const text = (value: Effective | undefined): string | undefined => (value?.kind === 'scalar' ? model.resolve(value.at).value : undefined);
  const context = build.kind === 'scalar' ? text(build) : build.kind === 'map' ? (text(build.entries.get('context')) ?? '.') : undefined;
  const entries = build.kind === 'map' ? build.entries : new Map<string, Effective>();
  const inline = text(entries.get('dockerfile_inline'));
  const target = text(entries.get('target'));
  if (inline !== undefined) return { at: build.at, dockerfilePath: undefined, dockerfileText: inline, target };
  const dockerfile = entries.has('dockerfile') ? text(entries.get('dockerfile')) : 'Dockerfile';
  if (context === undefined || dockerfile === undefined || isRemoteContext(context)) return { at: build.at, dockerfilePath: undefined, dockerfileText: undefined, target };
  const contextFolder = resolveComposePath(build.at.source.path, context);
  const dockerfilePath = joinPath(contextFolder, dockerfile);
  const dockerfileText = references[dockerfilePath];
  return { at: build.at, dockerfilePath, dockerfileText: typeof dockerfileText === 'string' ? dockerfileText : undefined, target };
}

function imageUseOf(model: ComposeModel, service: ComposeService): ImageUse | undefined {
  const image = service.settings.get('image');
  if (image?.kind !== 'scalar' || !isScalar(image.at.node) || typeof image.at.node.value !== 'string' || !image.at.node.range) return undefined;
  const at = image.at;
  if (!at.source.linted || at.through.some((step) => step.source !== model.source)) return undefined;
  const node = image.at.node;
  const [start, end] = node.range ?? [0, 0];
  const written = String(node.value);
  const quoted = model.text[start] === '"' || model.text[start] === "'";
  const range = quoted ? { start: start + 1, end: end - 1 } : { start, end };
  const interpolation = model.resolve(at);
  const resolved = (interpolation.value ?? written).trim();
  const parsed = interpolation.value !== undefined ? parseImageReference(resolved) : undefined;
  const source = model.text.slice(range.start, range.end);
  const literalAt = interpolation.value !== undefined ? source.indexOf(resolved) : -1;
  return {
    role: 'container',
    written,
    range,
    resolved,
    unresolvedVariables: interpolation.unresolved,
    reference: parsed?.ok ? parsed.reference : undefined,
    parseError: parsed && !parsed.ok ? parsed.error : undefined,
    literalRange: literalAt === -1 || resolved === '' ? undefined : { start: range.start + literalAt, end: range.start + literalAt + resolved.length },
    where: service.label,
    isFinalBase: false,
  };
}

/**
 * The model of the Dockerfile a service builds. Parsed models are kept for the last few texts: a Compose file
 * is linted on every keystroke while the Dockerfiles it builds rarely change.
 */
export function buildDockerfileModel(build: BuildInfo): DockerfileModel | undefined {
  const text = build.dockerfileText;
  if (text === undefined) return undefined;
  let model = parsedDockerfiles.get(text);
  if (!model) {
    model = parseDockerfile(text);
    if (parsedDockerfiles.size >= 32) parsedDockerfiles.delete(parsedDockerfiles.keys().next().value as string);
    parsedDockerfiles.set(text, model);
  }
  return model;
}

const parsedDockerfiles = new Map<string, DockerfileModel>();

// Reading values.

/** The text of a scalar as written (numbers and booleans as Compose would read them), before interpolation. */
export function rawText(at: Located): string | undefined {
  if (at.listEntry) return at.listEntry.value;
  if (!isScalar(at.node) || at.node.value === null || at.node.value === undefined) return undefined;
  const value = at.node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : undefined;
}

/** The effective value at a path of nested mapping keys: `['deploy', 'resources', 'limits', 'memory']`. */
export function settingAt(settings: Map<string, Effective>, path: readonly string[]): Effective | undefined {
  let current: Effective | undefined;
  let entries: Map<string, Effective> | undefined = settings;
  for (const key of path) {
    current = entries?.get(key);
    entries = current?.kind === 'map' ? current.entries : undefined;
  }
  return current;
}

/** A setting's boolean after interpolation (`true`, `"true"`, `${PRIV:-true}`); undefined when unknown or not one. */
export function booleanSetting(model: ComposeModel, value: Effective | undefined): boolean | undefined {
  if (value?.kind !== 'scalar') return undefined;
  if (isScalar(value.at.node) && typeof value.at.node.value === 'boolean' && !value.at.listEntry) return value.at.node.value;
  const text = model.resolve(value.at).value?.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** A scalar setting's text after interpolation; undefined when unknown or not a scalar. */
export function textSetting(model: ComposeModel, value: Effective | undefined): string | undefined {
  return value?.kind === 'scalar' ? model.resolve(value.at).value : undefined;
}

/** The items of a sequence setting (a lone scalar counts as one item, as Compose accepts for some keys). */
export function itemsOf(value: Effective | undefined): Located[] {
  if (value?.kind === 'list') return value.items;
  if (value?.kind === 'scalar') return [value.at];
  return [];
}

function stringsOf(model: ComposeModel, value: Effective | undefined): string[] {
  return itemsOf(value).flatMap((item) => model.resolve(item).value ?? []);
}

/** A long-syntax item's field (`target:` of a port or volume map). */
export function fieldOf(item: Located, key: string): Located | undefined {
  if (!isMap(item.node)) return undefined;
  const pair = item.node.items.find((candidate) => keyText(candidate) === key);
  const node = resolveAlias(pair?.value) as YamlNode | null | undefined;
  if (!pair || node === null || node === undefined) return undefined;
  return { node, pair, holder: item.node, sequence: undefined, source: item.source, through: item.through };
}

// Where findings go.

export interface Placement {
  range: TextRange;
  related: RelatedLocation[];
  /** The value is written in the linted file itself, so a fix may edit it. */
  editable: boolean;
}

/**
 * Where a finding about `at` belongs in the linted file: on the value itself when the file wrote it; on the
 * `extends` key that brought it from another file (with the other file as related information); nowhere when
 * another file of the project wrote it (that file reports it when it is linted).
 */
export function placeValue(model: ComposeModel, at: Located, part: 'pair' | 'value' = 'pair'): Placement | undefined {
  if (at.source.linted) {
    const range = part === 'pair' && at.pair ? pairRange(at.pair) : rangeOf(at.node);
    return { range, related: [], editable: true };
  }
  const step = at.through.find((candidate) => candidate.source.linted);
  if (!step) return undefined;
  const lines = new LineIndex(at.source.text);
  const valueRange = at.pair ? pairRange(at.pair) : rangeOf(at.node);
  return {
    range: rangeOf(step.key),
    related: [{ range: valueRange, message: `Set here, in ${baseNameOf(at.source.path)}, which service "${step.service}" extends.`, path: at.source.path, position: { start: lines.positionAt(valueRange.start), end: lines.positionAt(valueRange.end) } }],
    editable: false,
  };
}

/** Where a finding about something the service lacks belongs: its key, when the linted file defines it. */
export function placeService(service: ComposeService): TextRange | undefined {
  return service.source.linted ? rangeOf(service.key) : undefined;
}

function baseNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function keyText(pair: Pair): string | undefined {
  const key = resolveAlias(pair.key);
  if (!isScalar(key) || key.value === null || key.value === undefined) return undefined;
  return String(key.value);
}

export function rangeOf(node: YamlNode | null | undefined): TextRange {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

export function pairRange(pair: Pair): TextRange {
  const key = rangeOf(pair.key as YamlNode);
  const value = (pair.value as YamlNode | null)?.range;
  return { start: key.start, end: value ? Math.max(key.end, valueEnd(pair.value as YamlNode)) : key.end };
}

/** The end of a value's own text (a block collection's range runs on over trailing blank and comment lines). */
function valueEnd(node: YamlNode): number {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last: unknown = node.items[node.items.length - 1];
    if (isPair(last)) return last.value ? valueEnd(last.value as YamlNode) : rangeOf(last.key as YamlNode).end;
    if (last && (last as YamlNode).range) return valueEnd(last as YamlNode);
  }
  return node.range?.[1] ?? 0;
}

