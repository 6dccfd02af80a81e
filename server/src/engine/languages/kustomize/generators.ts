// configMapGenerator and secretGenerator: data from literals, files and env files, the generator options,
// `behavior: create|merge|replace`, and the content-hash name suffix computed exactly like kustomize's hasher.
import { createHash } from 'node:crypto';
import { kindOf, type Resource } from './resource';
import { entryOf, KustomizeError, scalarText, stringValueAt, valueAt, type KMap, type KNode, type KScalar, type Origin } from './values';

export type Behavior = 'create' | 'merge' | 'replace';

export interface GeneratorOptions {
  labels: Array<[string, string]>;
  annotations: Array<[string, string]>;
  disableNameSuffixHash: boolean;
  immutable: boolean;
}

export interface GeneratorSpec {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace: string | undefined;
  behavior: Behavior;
  type: string | undefined;
  data: Array<{ key: string; value: string; origin: Origin | undefined }>;
  options: GeneratorOptions;
  /** The generator's entry in the kustomization. */
  origin: Origin | undefined;
}

/** Reads a file named by a generator, relative to the kustomization; enforces the load restrictor. */
export type GeneratorFileReader = (path: string, origin: Origin | undefined) => string;

export function readGeneratorOptions(node: KNode | undefined): GeneratorOptions {
  return {
    labels: stringPairs(valueAt(node, 'labels')),
    annotations: stringPairs(valueAt(node, 'annotations')),
    disableNameSuffixHash: booleanAt(node, 'disableNameSuffixHash'),
    immutable: booleanAt(node, 'immutable'),
  };
}

function booleanAt(node: KNode | undefined, key: string): boolean {
  const value = valueAt(node, key);
  return value?.kind === 'scalar' && (value.value === true || value.value === 'true');
}

function stringPairs(node: KNode | undefined): Array<[string, string]> {
  if (node?.kind !== 'map') return [];
  return node.entries.map((entry) => [entry.key, scalarText(entry.value) ?? '']);
}

/** Local options win key by key; a global `disableNameSuffixHash: true` or `immutable: true` applies to all. */
function mergeOptions(local: GeneratorOptions, global: GeneratorOptions): GeneratorOptions {
  const merge = (own: Array<[string, string]>, shared: Array<[string, string]>): Array<[string, string]> => [...own, ...shared.filter(([key]) => !own.some(([other]) => other === key))];
  return {
    labels: merge(local.labels, global.labels),
    annotations: merge(local.annotations, global.annotations),
    disableNameSuffixHash: local.disableNameSuffixHash || global.disableNameSuffixHash,
    immutable: local.immutable || global.immutable,
  };
}

export function readGenerators(kustomization: KNode, read: GeneratorFileReader): GeneratorSpec[] {
  const global = readGeneratorOptions(valueAt(kustomization, 'generatorOptions'));
  const specs: GeneratorSpec[] = [];
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    const list = valueAt(kustomization, field);
    if (!list) continue;
    if (list.kind !== 'seq') throw new KustomizeError(`"${field}" must be a list.`, list.origin);
    for (const item of list.items) specs.push(readGenerator(item, kind, global, read));
  }
  return specs;
}

function readGenerator(item: KNode, kind: 'ConfigMap' | 'Secret', global: GeneratorOptions, read: GeneratorFileReader): GeneratorSpec {
  const origin = item.origin;
  const name = stringValueAt(item, 'name');
  if (!name) throw new KustomizeError(`A ${kind} generator needs a "name".`, entryOf(item, 'name')?.value.origin ?? origin);
  const behaviorText = stringValueAt(item, 'behavior') ?? 'create';
  if (behaviorText !== 'create' && behaviorText !== 'merge' && behaviorText !== 'replace' && behaviorText !== '') {
    throw new KustomizeError(`Generator "${name}": behavior must be create, merge or replace, not "${behaviorText}".`, valueAt(item, 'behavior')?.origin ?? origin);
  }
  const data: GeneratorSpec['data'] = [];
  const add = (key: string, value: string, at: Origin | undefined): void => {
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) throw new KustomizeError(`Generator "${name}": "${key}" is not a valid key name for a ${kind}.`, at);
    if (data.some((entry) => entry.key === key)) throw new KustomizeError(`Generator "${name}": the key "${key}" is defined twice.`, at);
    data.push({ key, value, origin: at });
  };
  for (const source of listOf(item, 'literals')) {
    const text = scalarText(source) ?? '';
    const equals = text.indexOf('=');
    if (equals <= 0) throw new KustomizeError(`Generator "${name}": the literal "${text}" must be key=value.`, source.origin);
    add(text.slice(0, equals), removeQuotes(text.slice(equals + 1)), source.origin);
  }
  for (const source of listOf(item, 'files')) {
    const text = scalarText(source) ?? '';
    const equals = text.indexOf('=');
    const key = equals > 0 ? text.slice(0, equals) : text.split('/').pop() ?? text;
    const path = equals > 0 ? text.slice(equals + 1) : text;
    if (equals === 0 || path === '') throw new KustomizeError(`Generator "${name}": "${text}" must be a file or key=file.`, source.origin);
    add(key, read(path, source.origin), source.origin);
  }
  const envSources = [...listOf(item, 'envs'), ...(valueAt(item, 'env') ? [valueAt(item, 'env')!] : [])];
  for (const source of envSources) {
    const path = scalarText(source) ?? '';
    for (const [key, value] of parseEnvFile(read(path, source.origin), path, source.origin)) add(key, value, source.origin);
  }
  const options = mergeOptions(readGeneratorOptions(valueAt(item, 'options')), global);
  return {
    kind,
    name,
    namespace: stringValueAt(item, 'namespace'),
    behavior: (behaviorText || 'create') as Behavior,
    type: stringValueAt(item, 'type'),
    data,
    options,
    origin,
  };
}

function listOf(node: KNode, key: string): KNode[] {
  const value = valueAt(node, key);
  if (!value || (value.kind === 'scalar' && value.value === null)) return [];
  if (value.kind !== 'seq') throw new KustomizeError(`"${key}" must be a list.`, value.origin);
  return value.items;
}

/** kustomize strips one pair of matching quotes around a literal's value. */
function removeQuotes(value: string): string {
  if (value.length < 2 || value[0] !== value[value.length - 1]) return value;
  return value[0] === '"' || value[0] === "'" ? value.slice(1, -1) : value;
}

/** KEY=VALUE lines; `#` comments and blank lines skipped; values kept verbatim (quotes and spaces too). */
export function parseEnvFile(text: string, path: string, origin: Origin | undefined): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    const key = equals < 0 ? line.trimEnd() : line.slice(0, equals);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) throw new KustomizeError(`${path} line ${index + 1}: "${key}" is not a valid environment variable name.`, origin);
    pairs.push([key, equals < 0 ? '' : line.slice(equals + 1)]);
  });
  return pairs;
}

const scalar = (value: string, origin: Origin | undefined): KScalar => ({ kind: 'scalar', value, origin });

function pairsNode(pairs: Array<[string, string]>, origin: Origin | undefined): KMap {
  return { kind: 'map', entries: pairs.map(([key, value]) => ({ key, value: scalar(value, origin), keyOrigin: origin })), origin };
}

/** The object a generator makes (before merging into an existing one). */
export function generatedObject(spec: GeneratorSpec): KMap {
  const origin = spec.origin && { ...spec.origin, via: `${spec.kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'} "${spec.name}"` };
  const metadata: KMap = { kind: 'map', entries: [{ key: 'name', value: scalar(spec.name, origin) }], origin };
  if (spec.namespace) metadata.entries.push({ key: 'namespace', value: scalar(spec.namespace, origin) });
  if (spec.options.labels.length > 0) metadata.entries.push({ key: 'labels', value: pairsNode(spec.options.labels, origin) });
  if (spec.options.annotations.length > 0) metadata.entries.push({ key: 'annotations', value: pairsNode(spec.options.annotations, origin) });
  const data: KMap = {
    kind: 'map',
    entries: spec.data.map((entry) => ({
      key: entry.key,
      value: scalar(spec.kind === 'Secret' ? encodeBase64(entry.value) : entry.value, entry.origin && { ...entry.origin, via: origin?.via }),
      keyOrigin: entry.origin,
    })),
    origin,
  };
  const object: KMap = {
    kind: 'map',
    entries: [
      { key: 'apiVersion', value: scalar('v1', origin) },
      { key: 'kind', value: scalar(spec.kind, origin) },
      { key: 'metadata', value: metadata },
    ],
    origin,
  };
  if (spec.kind === 'Secret') object.entries.push({ key: 'type', value: scalar(spec.type ?? 'Opaque', origin) });
  if (spec.data.length > 0 || spec.kind === 'Secret') object.entries.push({ key: 'data', value: data });
  if (spec.options.immutable) object.entries.push({ key: 'immutable', value: { kind: 'scalar', value: true, origin } });
  return object;
}

/** kyaml's base64 for Secret data: lines of 70 characters, each ending in a newline when there is more than one. */
export function encodeBase64(value: string): string {
  const encoded = Buffer.from(value, 'utf8').toString('base64');
  const lineLength = 70;
  if (Math.floor(encoded.length / lineLength) + 1 <= 1) return encoded;
  let result = '';
  for (let i = 0; i < encoded.length; i += lineLength) result += `${encoded.slice(i, i + lineLength)}\n`;
  return result;
}

/** Merges a `behavior: merge` generator's output into the existing object (data and metadata maps). */
export function mergeGenerated(existing: Resource, generated: KMap, replace: boolean): void {
  const type = entryOf(generated, 'type');
  if (replace && type) {
    const existingType = entryOf(existing.node, 'type');
    if (existingType) existingType.value = type.value;
    else existing.node.entries.push(type);
  }
  for (const field of ['data', 'binaryData', 'stringData']) {
    const incoming = entryOf(generated, field)?.value;
    const index = existing.node.entries.findIndex((entry) => entry.key === field);
    if (replace) {
      if (index >= 0) existing.node.entries.splice(index, 1);
      if (incoming) existing.node.entries.push({ key: field, value: incoming });
      continue;
    }
    if (!incoming || incoming.kind !== 'map') continue;
    const current = index >= 0 ? existing.node.entries[index]!.value : undefined;
    if (current?.kind !== 'map') {
      if (index >= 0) existing.node.entries.splice(index, 1);
      existing.node.entries.push({ key: field, value: incoming });
      continue;
    }
    for (const entry of incoming.entries) {
      const same = current.entries.find((item) => item.key === entry.key);
      if (same) {
        if (same.value.origin) entry.value.replaced = same.value.origin;
        same.value = entry.value;
      } else current.entries.push(entry);
    }
  }
  const metadata = entryOf(existing.node, 'metadata')?.value;
  const incomingMetadata = entryOf(generated, 'metadata')?.value;
  if (metadata?.kind === 'map' && incomingMetadata?.kind === 'map') {
    for (const field of ['labels', 'annotations']) {
      const incoming = entryOf(incomingMetadata, field)?.value;
      if (incoming?.kind !== 'map') continue;
      const current = entryOf(metadata, field)?.value;
      if (current?.kind !== 'map') metadata.entries.push({ key: field, value: incoming });
      else for (const entry of incoming.entries) {
        const same = current.entries.find((item) => item.key === entry.key);
        if (same) same.value = entry.value;
        else current.entries.push(entry);
      }
    }
  }
}

/** Go's encoding/json string escaping (HTML-safe), which the hash input uses. */
function goJsonString(value: string): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  return `{${entries.map(([key, item]) => `${goJsonString(key)}:${goJson(item)}`).join(',')}}`;
}

function plainMap(node: KNode | undefined): Record<string, unknown> | undefined {
  if (node?.kind !== 'map') return undefined;
  const result: Record<string, unknown> = {};
  for (const entry of node.entries) result[entry.key] = entry.value.kind === 'scalar' ? entry.value.value : null;
  return result;
}

/**
 * kustomize's name suffix: SHA-256 of the JSON of kind, type, name and data, first 10 hex digits with
 * 0,1,3,a,e swapped for letters. The name is always "" in kustomize v5 (its lookup never finds it).
 */
export function contentHash(resource: Resource): string {
  const kind = kindOf(resource);
  const fields: Record<string, unknown> = { kind, name: '' };
  if (kind === 'Secret') fields.type = stringValueAt(resource.node, 'type') ?? '';
  const data = plainMap(entryOf(resource.node, 'data')?.value);
  fields.data = data ?? {};
  if (kind === 'ConfigMap') {
    const binary = plainMap(entryOf(resource.node, 'binaryData')?.value);
    if (binary && Object.keys(binary).length > 0) fields.binaryData = binary;
  } else {
    const stringData = plainMap(entryOf(resource.node, 'stringData')?.value);
    if (stringData && Object.keys(stringData).length > 0) fields.stringData = stringData;
  }
  const hex = createHash('sha256').update(goJson(fields)).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (char) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[char]!);
}
