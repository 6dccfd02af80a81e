// The Kubernetes model the rules see: resources from every YAML document (and `kind: List` items), the pod
// spec of every workload kind, and its containers (init, regular, ephemeral) with effective security settings
// and where each value came from. Built on the `yaml` Document API so fixes can edit source text precisely.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, visit, type Alias, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { parseImageReference } from '../../image-reference';
import type { ImageUse } from '../../image-use';
import { LineIndex } from '../../text';
import type { TextRange } from '../../types';

/** Aliases beyond this count are treated as an alias bomb and the document is not analysed. */
const MAX_ALIAS_COUNT = 200;

export type ContainerGroup = 'initContainers' | 'containers' | 'ephemeralContainers';
export const CONTAINER_GROUPS: readonly ContainerGroup[] = ['initContainers', 'containers', 'ephemeralContainers'];

export interface Resource {
  documentIndex: number;
  node: YAMLMap;
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  metadata: YAMLMap | undefined;
  /** `Deployment "web"`, for messages. */
  label: string;
  /** Where to point findings about the whole resource: the `name` value, else the `kind` value. */
  anchor: TextRange;
}

export interface PodSpec {
  resource: Resource;
  node: YAMLMap;
  /** The `spec:` key that holds the pod spec, for findings about something missing at pod level. */
  keyRange: TextRange;
  /** Pod metadata: the template's `metadata` for controllers, the resource's for a Pod. */
  metadata: YAMLMap | undefined;
  securityContext: YAMLMap | undefined;
  containers: Container[];
}

export interface Container {
  podSpec: PodSpec;
  node: YAMLMap;
  group: ContainerGroup;
  index: number;
  name: string;
  /** The `name` value, or the start of the item when it has none. */
  anchor: TextRange;
  securityContext: YAMLMap | undefined;
  /** `container "app"`, `init container "setup"`, `ephemeral container "debug"`. */
  label: string;
}

export interface YamlComment {
  /** From the `#` to the end of the line. */
  range: TextRange;
  /** Text after the `#`. */
  content: string;
}

export interface SyntaxProblem {
  message: string;
  range: TextRange;
}

export interface KubernetesModel {
  text: string;
  /** Line starts, computed on first use. */
  readonly lines: LineIndex;
  documents: Document.Parsed[];
  resources: Resource[];
  podSpecs: PodSpec[];
  containers: Container[];
  /** The `image:` of every container. */
  images: ImageUse[];
  /** Every comment, computed on first use. */
  readonly comments: YamlComment[];
  /** The first YAML error of each broken document (documents with errors are not analysed). */
  syntaxErrors: SyntaxProblem[];
}

const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

/**
 * Helm and other Go templates are not YAML until rendered. A file counts as one only where its `{{ … }}` keeps it
 * from being read as the YAML it means: it fails to parse, or `{{` stands outside scalar values (in a key, or
 * where YAML reads it as flow-mapping braces: `image: {{ .Values.image }}`). `{{` inside a string value (an
 * Alertmanager template in a block scalar, a `sed s/{{PROJECT_ID}}/` command) leaves a manifest that is linted.
 */
export function looksLikeTemplate(text: string): boolean {
  return templateSyntaxOffset(text.includes('{{') ? parseKubernetes(text) : undefined) !== undefined;
}

/** Where template syntax keeps `model` from being analysed (see looksLikeTemplate), or undefined. */
export function templateSyntaxOffset(model: KubernetesModel | undefined): number | undefined {
  if (!model) return undefined;
  // Two searches, not a lazy regular expression: that one rescans to the end from every unclosed `{{`.
  const first = model.text.indexOf('{{');
  if (first === -1 || model.text.indexOf('}}', first + 2) === -1) return undefined;
  if (model.syntaxErrors.length > 0) return first;
  for (const document of model.documents) {
    let found: number | undefined;
    visit(document, {
      Pair(_, pair) {
        if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.value.includes('{{')) found ??= model.text.indexOf('{{', pair.key.range?.[0] ?? 0);
      },
      Map(_, map) {
        const start = map.range?.[0];
        if (map.flow && start !== undefined && /^\{\s*\{/.test(model.text.slice(start, start + 64))) found ??= start;
      },
    });
    if (found !== undefined) return found;
  }
  return undefined;
}

export function parseKubernetes(text: string): KubernetesModel {
  // The syntax tree is composed as it is parsed, so its tokens die young; comments, which only files with
  // suppression comments need, come from a second pass over the tokens on first use.
  const docs = Array.from(new Composer({ prettyErrors: false, uniqueKeys: false }).compose(new Parser().parse(text))) as Document.Parsed[];
  const resources: Resource[] = [];
  const podSpecs: PodSpec[] = [];
  const containers: Container[] = [];
  const syntaxErrors: SyntaxProblem[] = [];

  // Only a text with `*name` somewhere can hold aliases; most manifests have none and skip both walks.
  const mayHaveAliases = /\*[^\s,[\]{}]/.test(text);
  docs.forEach((document, documentIndex) => {
    const error = document.errors[0];
    if (error) {
      // The parser places an error at an unclosed collection's end one past the text's end: keep it inside.
      const start = Math.min(error.pos[0], text.length);
      syntaxErrors.push({ message: error.message.split('\n')[0] ?? error.message, range: { start, end: Math.min(Math.max(start, error.pos[1]), text.length) } });
      return;
    }
    if (mayHaveAliases && !registerAliases(document)) {
      const start = document.range[0];
      syntaxErrors.push({ message: `This document uses more than ${MAX_ALIAS_COUNT} YAML aliases, so it was not analysed (it looks like an alias bomb).`, range: { start, end: start } });
      return;
    }
    collectResources(document.contents, documentIndex, resources);
  });

  for (const resource of resources) {
    const podSpec = podSpecOf(resource);
    if (!podSpec) continue;
    podSpecs.push(podSpec);
    containers.push(...podSpec.containers);
  }

  const images = containers.flatMap((container) => imageUseOf(container, text) ?? []);
  return new ParsedManifest(text, docs, resources, podSpecs, containers, images, syntaxErrors);
}

/**
 * The model as a class: its lazy parts are getters on the prototype, so every model has the same shape and the
 * rules' accesses to it stay fast (an object literal with getters gets a shape of its own each time).
 */
class ParsedManifest implements KubernetesModel {
  private lineIndex: LineIndex | undefined;
  private allComments: YamlComment[] | undefined;

  constructor(
    readonly text: string,
    readonly documents: Document.Parsed[],
    readonly resources: Resource[],
    readonly podSpecs: PodSpec[],
    readonly containers: Container[],
    readonly images: ImageUse[],
    readonly syntaxErrors: SyntaxProblem[],
  ) {}

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  /** Every comment, found by a second pass over the syntax tokens (the first one is not kept). */
  get comments(): YamlComment[] {
    this.allComments ??= collectComments(Array.from(new Parser().parse(this.text)));
    return this.allComments;
  }
}

function collectResources(node: unknown, documentIndex: number, into: Resource[], depth = 0): void {
  if (!isMap(node) || depth > 4) return;
  const apiVersion = stringAt(node, 'apiVersion');
  const kind = stringAt(node, 'kind');
  if (apiVersion === undefined || kind === undefined) return;
  if (kind === 'List' || kind.endsWith('List')) {
    const items = nodeAt(node, 'items');
    if (isSeq(items)) for (const item of items.items) collectResources(resolveAlias(item), documentIndex, into, depth + 1);
    return;
  }
  const metadata = mapAt(node, 'metadata');
  const name = metadata ? stringAt(metadata, 'name') : undefined;
  const namespace = metadata ? stringAt(metadata, 'namespace') : undefined;
  // Jobs created with `kubectl create` often have only a generateName prefix (`pi-`); messages name that.
  const generateName = name === undefined && metadata ? stringAt(metadata, 'generateName') : undefined;
  const anchorNode = nodeAt(metadata, 'name') ?? (generateName !== undefined ? nodeAt(metadata, 'generateName') : undefined) ?? nodeAt(node, 'kind');
  into.push({
    documentIndex,
    node,
    apiVersion,
    kind,
    name,
    namespace,
    metadata,
    label: name !== undefined ? `${kind} "${name}"` : generateName !== undefined && generateName !== '' ? `${kind} "${generateName}…" (generateName)` : kind,
    anchor: rangeOf(anchorNode) ?? { start: node.range?.[0] ?? 0, end: node.range?.[0] ?? 0 },
  });
}

function podSpecOf(resource: Resource): PodSpec | undefined {
  const path = POD_SPEC_PATHS[resource.kind];
  if (!path) return undefined;
  let parent: YAMLMap = resource.node;
  let keyRange: TextRange | undefined;
  for (const key of path) {
    const pair = pairAt(parent, key);
    const value = resolveAlias(pair?.value);
    if (!pair || !isMap(value)) return undefined;
    keyRange = rangeOf(pair.key as YamlNode);
    parent = value;
  }
  const templatePath = path.slice(0, -1);
  const metadata = templatePath.length === 0 ? resource.metadata : mapAt(nodeAtPath(resource.node, templatePath), 'metadata');
  const podSpec: PodSpec = {
    resource,
    node: parent,
    keyRange: keyRange ?? resource.anchor,
    metadata,
    securityContext: mapAt(parent, 'securityContext'),
    containers: [],
  };
  for (const group of CONTAINER_GROUPS) {
    const list = nodeAt(parent, group);
    if (!isSeq(list)) continue;
    list.items.forEach((entry, index) => {
      const item = resolveAlias(entry);
      if (!isMap(item)) return;
      const name = stringAt(item, 'name') ?? `#${index + 1}`;
      const nameNode = nodeAt(item, 'name');
      const start = item.range?.[0] ?? 0;
      podSpec.containers.push({
        podSpec,
        node: item,
        group,
        index,
        name,
        anchor: rangeOf(nameNode) ?? { start, end: start },
        securityContext: mapAt(item, 'securityContext'),
        label: `${group === 'initContainers' ? 'init container' : group === 'ephemeralContainers' ? 'ephemeral container' : 'container'} "${name}"`,
      });
    });
  }
  return podSpec;
}

function imageUseOf(container: Container, text: string): ImageUse | undefined {
  const node = scalarAt(container.node, 'image');
  if (!node || typeof node.value !== 'string' || !node.range) return undefined;
  const written = node.value;
  const quoted = text[node.range[0]] === '"' || text[node.range[0]] === "'";
  const range = quoted ? { start: node.range[0] + 1, end: node.range[1] - 1 } : { start: node.range[0], end: node.range[1] };
  // envsubst/kustomize placeholders are filled in later; such images are not judged.
  const unresolvedVariables = [...written.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? '');
  const parsed = unresolvedVariables.length === 0 ? parseImageReference(written.trim()) : undefined;
  return {
    role: 'container',
    written,
    range,
    resolved: written.trim(),
    unresolvedVariables,
    reference: parsed?.ok ? parsed.reference : undefined,
    parseError: parsed && !parsed.ok ? parsed.error : undefined,
    literalRange: text.slice(range.start, range.end) === written ? range : undefined,
    where: `${container.label} of ${container.podSpec.resource.label}`,
    isFinalBase: false,
  };
}

function nodeAtPath(node: YAMLMap, path: string[]): YAMLMap | undefined {
  let current: YAMLMap | undefined = node;
  for (const key of path) current = current ? mapAt(current, key) : undefined;
  return current;
}

/**
 * The aliases of a document to resolve, in document order, or undefined when it has more than MAX_ALIAS_COUNT
 * (an alias bomb). Aliases are counted at any depth but resolved only down to depth 500, so hostile nesting
 * cannot exhaust the stack of the walks that follow them.
 */
function aliasesOf(contents: unknown): Alias[] | undefined {
  const found: Alias[] = [];
  let count = 0;
  const visit = (node: unknown, depth: number): void => {
    if (count > MAX_ALIAS_COUNT) return;
    if (isAlias(node)) {
      count++;
      if (depth <= 500) found.push(node);
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          visit(item.key, depth + 1);
          visit(item.value, depth + 1);
        } else visit(item, depth + 1);
      }
    }
  };
  visit(contents, 0);
  return count > MAX_ALIAS_COUNT ? undefined : found;
}

/**
 * Makes the accessors below see through the document's aliases; false (and nothing registered) when it has
 * more than MAX_ALIAS_COUNT of them, which is treated as an alias bomb.
 */
export function registerAliases(document: Document.Parsed): boolean {
  const aliases = aliasesOf(document.contents);
  if (aliases === undefined) return false;
  if (aliases.length === 0) return true;
  // One walk in document order: an alias names the latest anchor of that name before it. (`Alias.resolve`
  // walks the whole document for each alias, which made files with an anchor merged into every service slow.)
  const anchors = new Map<string, YamlNode>();
  const pending = new Set(aliases);
  const visit = (node: unknown, depth: number): void => {
    if (depth > 500 || pending.size === 0) return;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target && pending.delete(node)) aliasTargets.set(node, target);
      return;
    }
    if (isMap(node) || isSeq(node) || isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, node as YamlNode);
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          visit(item.key, depth + 1);
          visit(item.value, depth + 1);
        } else visit(item, depth + 1);
      }
    }
  };
  visit(document.contents, 0);
  return true;
}

export const MAX_YAML_ALIASES = MAX_ALIAS_COUNT;

/** Alias node -> the node its anchor names, so the accessors below see through `*name`. */
const aliasTargets = new WeakMap<object, YamlNode>();

/** The node itself, or the node an alias points at. */
export function resolveAlias(node: unknown): unknown {
  return isAlias(node) ? aliasTargets.get(node) : node;
}

/** Every comment token in the file, found through the CST so `#` inside strings is never mistaken. */
export function collectComments(tokens: unknown[]): YamlComment[] {
  const comments: YamlComment[] = [];
  const visit = (token: unknown, depth: number): void => {
    if (!token || typeof token !== 'object' || depth > 200) return;
    const record = token as { type?: string; offset?: number; source?: string };
    if (record.type === 'comment' && typeof record.offset === 'number' && typeof record.source === 'string') {
      comments.push({ range: { start: record.offset, end: record.offset + record.source.length }, content: record.source.slice(1) });
      return;
    }
    for (const value of Object.values(token)) if (value && typeof value === 'object') visit(value, depth + 1);
  };
  for (const token of tokens) visit(token, 0);
  return comments.sort((a, b) => a.range.start - b.range.start);
}

// Small typed accessors. Values of the wrong type read as undefined, never throw.

/** The pair for `key`, looking through `<<: *anchor` merge keys the way Kubernetes' YAML reader does. */
export function pairAt(map: YAMLMap, key: string, depth = 0): Pair | undefined {
  let merged: Pair | undefined;
  for (const item of map.items) {
    if (!isScalar(item.key)) continue;
    if (item.key.value === key) return item as Pair;
    if (item.key.value === '<<' && merged === undefined && depth < 8) {
      const sources = isSeq(item.value) ? item.value.items : [item.value];
      for (const source of sources) {
        const target = resolveAlias(source);
        if (isMap(target)) merged ??= pairAt(target, key, depth + 1);
      }
    }
  }
  return merged;
}

export function nodeAt(map: YAMLMap | undefined, key: string): YamlNode | undefined {
  if (!map) return undefined;
  const value = resolveAlias(pairAt(map, key)?.value);
  return value === null || value === undefined ? undefined : (value as YamlNode);
}

export function mapAt(map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  const value = nodeAt(map, key);
  return isMap(value) ? value : undefined;
}

export function stringAt(map: YAMLMap | undefined, key: string): string | undefined {
  const value = nodeAt(map, key);
  return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
}

export function scalarAt(map: YAMLMap | undefined, key: string): Scalar | undefined {
  const value = nodeAt(map, key);
  return isScalar(value) ? value : undefined;
}

export function rangeOf(node: YamlNode | null | undefined): TextRange | undefined {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** From the start of a pair's key to the end of its value. */
export function pairRange(pair: Pair): TextRange | undefined {
  const key = rangeOf(pair.key as YamlNode);
  const value = rangeOf(pair.value as YamlNode);
  if (!key) return value;
  return { start: key.start, end: value?.end ?? key.end };
}

export type SettingSource = 'container' | 'pod';

export interface EffectiveSetting {
  /** The value node that decided, if any. */
  node: YamlNode | undefined;
  /** The pair holding it, for edits. */
  pair: Pair | undefined;
  from: SettingSource | undefined;
}

/** Settings both the pod and the container `securityContext` can hold; the container's value wins. */
export const POD_AND_CONTAINER_SETTINGS = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seLinuxOptions', 'seccompProfile', 'appArmorProfile', 'windowsOptions'] as const;

export function effectiveSetting(container: Container, key: string): EffectiveSetting {
  const own = container.securityContext ? pairAt(container.securityContext, key) : undefined;
  const ownValue = resolveAlias(own?.value) as YamlNode | null | undefined;
  if (own && ownValue !== null && ownValue !== undefined) return { node: ownValue, pair: own, from: 'container' };
  if (!(POD_AND_CONTAINER_SETTINGS as readonly string[]).includes(key)) return { node: undefined, pair: undefined, from: undefined };
  const pod = container.podSpec.securityContext ? pairAt(container.podSpec.securityContext, key) : undefined;
  const podValue = resolveAlias(pod?.value) as YamlNode | null | undefined;
  if (pod && podValue !== null && podValue !== undefined) return { node: podValue, pair: pod, from: 'pod' };
  return { node: undefined, pair: undefined, from: undefined };
}

/** A scalar's value as a boolean, accepting only real YAML booleans. */
export function booleanValue(node: YamlNode | undefined): boolean | undefined {
  return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
}

/** A scalar's value as an integer; quoted numbers like "0" count too, since they are written to mean one. */
export function integerValue(node: YamlNode | undefined): number | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'number' && Number.isInteger(node.value)) return node.value;
  if (typeof node.value === 'string' && /^-?\d+$/.test(node.value.trim())) return Number(node.value.trim());
  return undefined;
}
