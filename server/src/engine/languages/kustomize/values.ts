// The value tree a kustomize build works on: YAML read the way kustomize reads it (yaml.v3, YAML 1.2 core
// types, aliases and `<<` merge keys expanded), where every node remembers the file and span that wrote it.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node as YamlNode } from 'yaml';
import type { TextRange } from '../../types';

/** The file and span a node of the build came from. */
export interface Origin {
  file: string;
  range: TextRange;
  /** What wrote it, for messages: `patch`, `images`, `namePrefix`… (absent for a resource's own text). */
  via?: string;
}

export type ScalarValue = null | boolean | bigint | number | string;

export interface KScalar {
  kind: 'scalar';
  /** bigint for integers, number for floats (the output prints them differently). */
  value: ScalarValue;
  /** The text as written, for fields kustomize reads as strings (`newTag: 1.0` is "1.0"). */
  text?: string;
  origin?: Origin;
  /** A value this one replaced (the base line a patch overrode). */
  replaced?: Origin;
}

export interface KEntry {
  key: string;
  value: KNode;
  keyOrigin?: Origin;
}

export interface KMap {
  kind: 'map';
  entries: KEntry[];
  origin?: Origin;
  replaced?: Origin;
}

export interface KSeq {
  kind: 'seq';
  items: KNode[];
  origin?: Origin;
  replaced?: Origin;
}

export type KNode = KMap | KSeq | KScalar;

export class KustomizeError extends Error {
  constructor(
    message: string,
    /** Where the problem was written, when known (a kustomization entry, a patch). */
    readonly origin?: Origin,
  ) {
    super(message);
  }
}

/** Aliases beyond this count are refused (an alias bomb). */
const MAX_ALIASES = 10_000;

export interface ParsedDocument {
  node: KNode | undefined;
  range: TextRange;
}

/** Every document of a YAML text as value trees; YAML errors and duplicate keys throw KustomizeError. */
export function parseYamlDocuments(text: string, file: string): ParsedDocument[] {
  const documents = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const list = Array.isArray(documents) ? documents : [];
  const result: ParsedDocument[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) throw new KustomizeError(`YAML error in ${file}: ${error.message.split('\n')[0] ?? error.message}`, { file, range: { start: error.pos[0], end: error.pos[1] } });
    const state = { aliases: 0 };
    const contents = document.contents as YamlNode | null;
    // An empty document (a trailing `---`, comments only) holds no object.
    const empty = contents === null || (isScalar(contents) && contents.type === Scalar.PLAIN && !contents.tag && (contents.value === null || contents.value === ''));
    const node = empty ? undefined : toNode(contents, document, file, state);
    result.push({ node, range: { start: document.range[0], end: document.range[1] } });
  }
  return result;
}

/** One YAML document (a patch, a kustomization file). */
export function parseYamlDocument(text: string, file: string): KNode | undefined {
  const nodes = parseYamlDocuments(text, file).filter((document) => document.node !== undefined);
  return nodes[0]?.node;
}

function originOf(node: YamlNode, file: string): Origin | undefined {
  return node.range ? { file, range: { start: node.range[0], end: node.range[1] } } : undefined;
}

function toNode(node: YamlNode, document: Document, file: string, state: { aliases: number }, depth = 0): KNode {
  if (depth > 1000) throw new KustomizeError(`${file} nests deeper than 1000 levels.`, originOf(node, file));
  if (isAlias(node)) {
    if (++state.aliases > MAX_ALIASES) throw new KustomizeError(`${file} expands more than ${MAX_ALIASES} YAML aliases.`, originOf(node, file));
    const target = node.resolve(document);
    if (!target) throw new KustomizeError(`${file}: unknown anchor "${node.source}".`, originOf(node, file));
    return toNode(target as YamlNode, document, file, state, depth + 1);
  }
  if (isMap(node)) {
    const entries: KEntry[] = [];
    const merged: KEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const valueNode = pair.value as YamlNode | null;
      if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === Scalar.PLAIN && !keyNode.tag) {
        const sources = isSeq(valueNode) ? valueNode.items : [valueNode];
        for (const source of sources) {
          const value = source ? toNode(source as YamlNode, document, file, state, depth + 1) : undefined;
          if (value?.kind !== 'map') throw new KustomizeError(`${file}: a << merge key needs a mapping.`, originOf(keyNode, file));
          for (const entry of value.entries) if (!merged.some((other) => other.key === entry.key)) merged.push(entry);
        }
        continue;
      }
      const key = keyString(keyNode, file);
      if (entries.some((entry) => entry.key === key)) {
        throw new KustomizeError(`${file}: mapping key "${key}" already defined.`, keyNode ? originOf(keyNode, file) : undefined);
      }
      const value: KNode = valueNode ? toNode(valueNode, document, file, state, depth + 1) : nullAt(keyNode, file);
      entries.push({ key, value, keyOrigin: keyNode ? originOf(keyNode, file) : undefined });
    }
    for (const entry of merged) if (!entries.some((other) => other.key === entry.key)) entries.push(entry);
    return { kind: 'map', entries, origin: originOf(node, file) };
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => (item ? toNode(item as YamlNode, document, file, state, depth + 1) : nullAt(undefined, file)));
    return { kind: 'seq', items, origin: originOf(node, file) };
  }
  if (isScalar(node)) return { kind: 'scalar', value: scalarValue(node, file), text: String(node.value), origin: originOf(node, file) };
  throw new KustomizeError(`${file}: unsupported YAML node.`, originOf(node, file));
}

function nullAt(near: YamlNode | null | undefined, file: string): KScalar {
  const end = near?.range?.[1];
  return { kind: 'scalar', value: null, origin: end === undefined ? undefined : { file, range: { start: end, end } } };
}

function keyString(node: YamlNode | null, file: string): string {
  if (!isScalar(node)) throw new KustomizeError(`${file}: mapping keys must be strings.`, node ? originOf(node, file) : undefined);
  const value = scalarValue(node, file);
  // kustomize decodes into map[string]interface{}; other key types fail its JSON step.
  if (typeof value !== 'string') throw new KustomizeError(`${file}: mapping key ${String(node.source ?? node.value)} is not a string (json: unsupported type).`, originOf(node, file));
  return value;
}

/** A scalar's value the way yaml.v3 resolves it (YAML 1.2 core plus Go's number syntax). */
function scalarValue(node: Scalar, file: string): ScalarValue {
  if (node.value instanceof Uint8Array) return Buffer.from(node.value).toString('utf8');
  const text = String(node.value);
  const tag = node.tag;
  if (tag && tag !== '!' && tag !== 'tag:yaml.org,2002:str' && tag !== 'tag:yaml.org,2002:map' && tag !== 'tag:yaml.org,2002:seq') {
    const short = tag.replace(/^tag:yaml\.org,2002:/, '!!');
    if (short === '!!binary') return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (short === '!!int' || short === '!!float' || short === '!!bool' || short === '!!null' || short === '!!timestamp') {
      const resolved = resolveYamlScalar(text, 'v3');
      if (resolved.type === 'string') throw new KustomizeError(`${file}: cannot decode ${text} as ${short}.`, originOf(node, file));
      return resolved.value;
    }
    // Unknown local tags keep the plain value.
  } else if (tag) {
    return text;
  }
  if (node.type !== Scalar.PLAIN) return text;
  return resolveYamlScalar(text, 'v3').value;
}

export interface ResolvedScalar {
  type: 'null' | 'bool' | 'int' | 'float' | 'timestamp' | 'string' | 'merge';
  value: ScalarValue;
}

const V3_WORDS: Record<string, ResolvedScalar> = {};
const V2_WORDS: Record<string, ResolvedScalar> = {};
for (const word of ['true', 'True', 'TRUE']) V3_WORDS[word] = V2_WORDS[word] = { type: 'bool', value: true };
for (const word of ['false', 'False', 'FALSE']) V3_WORDS[word] = V2_WORDS[word] = { type: 'bool', value: false };
for (const word of ['', '~', 'null', 'Null', 'NULL']) V3_WORDS[word] = V2_WORDS[word] = { type: 'null', value: null };
for (const word of ['.nan', '.NaN', '.NAN']) V3_WORDS[word] = V2_WORDS[word] = { type: 'float', value: Number.NaN };
for (const word of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) V3_WORDS[word] = V2_WORDS[word] = { type: 'float', value: Infinity };
for (const word of ['-.inf', '-.Inf', '-.INF']) V3_WORDS[word] = V2_WORDS[word] = { type: 'float', value: -Infinity };
V3_WORDS['<<'] = V2_WORDS['<<'] = { type: 'merge', value: '<<' };
// YAML 1.1 booleans, which the yaml.v2 emitter of kustomize's output quotes.
for (const word of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']) V2_WORDS[word] = { type: 'bool', value: true };
for (const word of ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']) V2_WORDS[word] = { type: 'bool', value: false };

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * How go-yaml resolves a plain scalar: `v3` is what kustomize reads with, `v2` what its output emitter checks
 * before deciding a string can stay unquoted (YAML 1.1 words like `yes` count as booleans there).
 */
export function resolveYamlScalar(text: string, version: 'v2' | 'v3'): ResolvedScalar {
  const word = (version === 'v2' ? V2_WORDS : V3_WORDS)[text];
  if (word) return word;
  const first = text[0] ?? '';
  if (first === '.' || first === '+' || first === '-' || (first >= '0' && first <= '9')) {
    if (first !== '.') {
      const timestamp = parseTimestamp(text);
      if (timestamp !== undefined) return { type: 'timestamp', value: timestamp };
    }
    const plain = text.replace(/_/g, '');
    const integer = parseGoInteger(plain);
    if (integer !== undefined) return { type: 'int', value: integer };
    if (YAML_STYLE_FLOAT.test(plain)) return { type: 'float', value: Number(plain) };
  }
  return { type: 'string', value: text };
}

/** strconv.ParseInt(s, 0, 64), falling back to ParseUint: Go's prefixes 0x, 0o, 0b and a leading 0 for octal. */
function parseGoInteger(text: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1n : 1n;
  const digits = match[2] ?? '';
  let value: bigint;
  if (/^0[xXoObB]/.test(digits)) value = BigInt(digits.toLowerCase());
  else if (digits.length > 1 && digits.startsWith('0')) value = BigInt(`0o${digits.slice(1)}`);
  else value = BigInt(digits);
  value *= sign;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  if (match[1] === '' && value <= UINT64_MAX) return value;
  return undefined;
}

/** go-yaml's timestamp formats; the result is Go's RFC 3339 text of the time (what JSON prints). */
function parseTimestamp(text: string): string | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(?:[ \t]*(Z|[+-]\d{1,2}(?::?\d{2})?))?)?$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const separatorT = /\d[Tt]\d/.test(text);
  // Go's layouts: "2006-1-2T15:4:5.999999999Z07:00" (zone required with T), "2006-1-2 15:4:5.999999999" (no zone), "2006-1-2".
  if (hour !== undefined && separatorT && zone === undefined) return undefined;
  if (hour !== undefined && !separatorT && zone !== undefined) return undefined;
  if (zone !== undefined && zone !== 'Z' && !/^[+-]\d{2}:\d{2}$/.test(zone)) return undefined;
  const pad = (value: string | undefined, width = 2): string => (value ?? '0').padStart(width, '0');
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1 || dayNumber > 31) return undefined;
  if (Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) return undefined;
  const trimmedFraction = (fraction ?? '').slice(0, 9).replace(/0+$/, '');
  const time = `${pad(hour)}:${pad(minute)}:${pad(second)}${trimmedFraction ? `.${trimmedFraction}` : ''}`;
  const offset = zone === undefined || zone === 'Z' || zone === '+00:00' || zone === '-00:00' ? 'Z' : zone;
  return `${year}-${pad(month)}-${pad(day)}T${time}${offset}`;
}

// Small accessors over the value tree.

export function entryOf(map: KNode | undefined, key: string): KEntry | undefined {
  return map?.kind === 'map' ? map.entries.find((entry) => entry.key === key) : undefined;
}

export function valueAt(node: KNode | undefined, ...path: string[]): KNode | undefined {
  let current = node;
  for (const key of path) current = entryOf(current, key)?.value;
  return current;
}

export function stringValueAt(node: KNode | undefined, ...path: string[]): string | undefined {
  const value = valueAt(node, ...path);
  return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
}

/** A scalar's value as text, the way Go would print it into a string field (labels, names). */
export function scalarText(node: KNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.text ?? String(node.value);
}

export function setEntry(map: KMap, key: string, value: KNode, keyOrigin?: Origin): void {
  const existing = map.entries.find((entry) => entry.key === key);
  if (existing) existing.value = value;
  else map.entries.push({ key, value, keyOrigin });
}

export function removeEntry(map: KMap, key: string): void {
  const index = map.entries.findIndex((entry) => entry.key === key);
  if (index >= 0) map.entries.splice(index, 1);
}

/** The map at `key`, created (with `origin`) when missing or not a map. */
export function ensureMap(map: KMap, key: string, origin?: Origin): KMap {
  const existing = entryOf(map, key)?.value;
  if (existing?.kind === 'map') return existing;
  const created: KMap = { kind: 'map', entries: [], origin };
  setEntry(map, key, created, origin);
  return created;
}

export function stringScalar(value: string, origin?: Origin): KScalar {
  return { kind: 'scalar', value, origin };
}

export function cloneNode<T extends KNode>(node: T): T {
  if (node.kind === 'scalar') return { ...node };
  if (node.kind === 'seq') return { ...node, items: node.items.map(cloneNode) };
  return { ...node, entries: node.entries.map((entry) => ({ ...entry, value: cloneNode(entry.value) })) };
}

/** A copy of a node whose origins say what wrote it (`patch x.yaml`, `inline patch`). */
export function withVia<T extends KNode>(node: T, via: string): T {
  const copy = cloneNode(node);
  const visit = (value: KNode): void => {
    if (value.origin) value.origin = { ...value.origin, via };
    if (value.kind === 'map') for (const entry of value.entries) visit(entry.value);
    if (value.kind === 'seq') for (const item of value.items) visit(item);
  };
  visit(copy);
  return copy;
}

/** Gives every node without an origin this one (values a transformer wrote). */
export function stampOrigin(node: KNode, origin: Origin): KNode {
  if (node.kind === 'map') for (const entry of node.entries) stampOrigin(entry.value, origin);
  if (node.kind === 'seq') for (const item of node.items) stampOrigin(item, origin);
  node.origin = origin;
  return node;
}

/** A plain JSON-like value of the tree (ints as numbers when safe), for hashing and comparisons. */
export function toPlain(node: KNode): unknown {
  if (node.kind === 'scalar') return typeof node.value === 'bigint' ? Number(node.value) : node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const object: Record<string, unknown> = {};
  for (const entry of node.entries) object[entry.key] = toPlain(entry.value);
  return object;
}

/** A value tree from a plain JSON value; every node gets `origin`. */
export function fromPlain(value: unknown, origin?: Origin): KNode {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map((item) => fromPlain(item, origin)), origin };
  if (value !== null && typeof value === 'object') {
    return { kind: 'map', entries: Object.entries(value as Record<string, unknown>).map(([key, item]) => ({ key, value: fromPlain(item, origin) })), origin };
  }
  if (typeof value === 'number' && Number.isInteger(value)) return { kind: 'scalar', value: BigInt(value), origin };
  return { kind: 'scalar', value: value as ScalarValue, origin };
}

/** Deep equality of two value trees (map key order ignored). */
export function sameValue(a: KNode, b: KNode): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.value === b.value || (typeof a.value !== typeof b.value && String(a.value) === String(b.value) && typeof a.value !== 'string' && typeof b.value !== 'string');
  if (a.kind === 'seq' && b.kind === 'seq') return a.items.length === b.items.length && a.items.every((item, index) => sameValue(item, b.items[index]!));
  if (a.kind === 'map' && b.kind === 'map') {
    return a.entries.length === b.entries.length && a.entries.every((entry) => {
      const other = entryOf(b, entry.key);
      return other !== undefined && sameValue(entry.value, other.value);
    });
  }
  return false;
}
