// YAML the way Helm reads and writes it: sigs.k8s.io/yaml over go-yaml v2. Reading is YAML 1.1 (`yes`/`on`/`y`
// are booleans, `0777` is octal) and goes through JSON, so every number becomes a float64 and every key a
// string. Writing (`toYaml`) is JSON-normalise then go-yaml v2's emitter: "natural" key order, its quoting
// rules, literal blocks for multi-line strings and plain scalars folded at column 80.
import * as jsYaml from 'js-yaml';
import { FAILSAFE_SCHEMA, loadAll, Type, YAMLException } from 'js-yaml';
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node as YamlNode } from 'yaml';
import { formatFloatG, formatJsonNumber, GoObject, sortedKeys, type GoMap, type GoValue } from './template/go-values';

export class YamlError extends Error {
  constructor(message: string, readonly offset = 0) {
    super(message);
  }
}

// ---------- reading ----------

const BOOL_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const BOOL_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

type Resolved = { tag: 'str'; value: string } | { tag: 'bool'; value: boolean } | { tag: 'null' } | { tag: 'int'; value: bigint } | { tag: 'float'; value: number } | { tag: 'timestamp' };

/** go-yaml v2's resolve() of a plain scalar. */
export function resolvePlain(text: string): Resolved {
  if (BOOL_TRUE.has(text)) return { tag: 'bool', value: true };
  if (BOOL_FALSE.has(text)) return { tag: 'bool', value: false };
  if (NULLS.has(text)) return { tag: 'null' };
  const first = text[0]!;
  if (first === '.') {
    if (['.nan', '.NaN', '.NAN'].includes(text)) return { tag: 'float', value: NaN };
    if (['.inf', '.Inf', '.INF'].includes(text)) return { tag: 'float', value: Infinity };
    const value = goParseFloat(text);
    if (value !== undefined) return { tag: 'float', value };
    return { tag: 'str', value: text };
  }
  if (['+.inf', '+.Inf', '+.INF'].includes(text)) return { tag: 'float', value: Infinity };
  if (['-.inf', '-.Inf', '-.INF'].includes(text)) return { tag: 'float', value: -Infinity };
  if (first === '+' || first === '-' || (first >= '0' && first <= '9')) {
    if (/^\d{4}-/.test(text) && /^\d{4}-\d{1,2}-\d{1,2}(([Tt]|\s+)\d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?(\s*(Z|[-+]\d{1,2}(:\d{2})?))?)?$/.test(text)) {
      return { tag: 'timestamp' };
    }
    const plain = text.replace(/_/g, '');
    const integer = goParseInt(plain);
    if (integer !== undefined) return { tag: 'int', value: integer };
    if (YAML_FLOAT.test(plain)) return { tag: 'float', value: Number(plain) };
    const binary = /^([-+]?)0b([01]+)$/.exec(plain);
    if (binary) return { tag: 'int', value: (binary[1] === '-' ? -1n : 1n) * BigInt('0b' + binary[2]) };
  }
  return { tag: 'str', value: text };
}

/** strconv.ParseInt(s, 0, 64), falling back to ParseUint. */
function goParseInt(text: string): bigint | undefined {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const digits = match[2]!;
  let value: bigint;
  if (/^0[0-7]+$/.test(digits)) value = BigInt('0o' + digits.slice(1));
  else value = BigInt(digits.toLowerCase());
  if (match[1] === '-') value = -value;
  if (value > 18446744073709551615n || value < -9223372036854775808n) return undefined;
  if (match[1] === '-' || value <= 9223372036854775807n) return value;
  return value;
}

function goParseFloat(text: string): number | undefined {
  if (!/^[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?$/.test(text) || !/\d/.test(text)) return undefined;
  const value = Number(text.replace(/_/g, ''));
  return Number.isNaN(value) ? undefined : value;
}

/** Where each values key was written: used to map findings back to values files. */
export interface ValueLocation {
  file: string;
  /** The key's range, and the value's range, in the file text. */
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

export interface DecodeOptions {
  /** Records, for every map and list read, its key path (so templates can say where a value came from). */
  paths?: WeakMap<object, readonly string[]>;
  /** Records each key path's location (joined with NUL). */
  locations?: Map<string, ValueLocation>;
  file?: string;
}

/** A plain (unquoted) scalar resolved the go-yaml v2 way, then through the JSON hop (numbers become float64). */
function plainScalar(text: string): GoValue {
  const resolved = resolvePlain(text);
  switch (resolved.tag) {
    case 'bool':
      return resolved.value;
    case 'null':
      return null;
    case 'int':
      return Number(resolved.value);
    case 'float':
      if (!Number.isFinite(resolved.value)) throw new YamlError(`json: unsupported value: ${formatFloatG(resolved.value)}`);
      return resolved.value;
    default:
      return text;
  }
}

// js-yaml resolves implicit types for plain scalars only, so one catch-all implicit type gives go-yaml v2's
// resolution while quoted scalars stay strings. It is an order of magnitude faster than the Document API,
// which is used only when key locations are wanted.
const types = (jsYaml as unknown as { types: Record<'merge' | 'int' | 'float' | 'bool' | 'null' | 'binary' | 'omap' | 'pairs' | 'set', Type> }).types;
const HELM_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [types.merge, new Type('tag:shipshape/helm-plain', { kind: 'scalar', resolve: () => true, construct: (text: string) => plainScalar(text) })],
  explicit: [types.int, types.float, types.bool, types.null, types.binary, types.omap, types.pairs, types.set],
});

function fromLoaded(value: unknown, depth: number): GoValue {
  if (depth > 1000) throw new YamlError('yaml: exceeded max depth of 1000');
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new YamlError(`json: unsupported value: ${formatFloatG(value)}`);
    return value;
  }
  if (value instanceof Map) return value as GoMap;
  if (Array.isArray(value)) return value.map((item) => fromLoaded(item, depth + 1));
  const map: GoMap = new Map();
  for (const key of Object.keys(value as object)) map.set(key, fromLoaded((value as Record<string, unknown>)[key], depth + 1));
  return map;
}

/** Decodes every document of a YAML text as sigs.k8s.io/yaml would (JSON-normalised Go values). */
export function decodeYamlDocuments(text: string, options: DecodeOptions = {}): GoValue[] {
  if (!options.locations && !options.paths) {
    const source = text.startsWith('\ufeff') ? text.slice(1) : text;
    try {
      return loadAll(source, undefined, { schema: HELM_SCHEMA, json: true }).map((document) => fromLoaded(document, 0));
    } catch (error) {
      if (error instanceof YAMLException) {
        throw new YamlError(`yaml: line ${error.mark ? error.mark.line + 1 : 1}: ${error.reason}`, error.mark?.position ?? 0);
      }
      throw error;
    }
  }
  return decodeWithLocations(text, options);
}

function decodeWithLocations(text: string, options: DecodeOptions): GoValue[] {
  const source = text.startsWith('\ufeff') ? text.slice(1) : text;
  const documents = parseAllDocuments(source, { schema: 'failsafe', merge: false, uniqueKeys: false, prettyErrors: false, strict: false });
  const list = Array.isArray(documents) ? documents : [documents];
  const values: GoValue[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) throw new YamlError(`yaml: line ${(error.linePos?.[0].line ?? 1)}: ${error.message.split('\n')[0]}`, error.pos[0]);
    values.push(convertNode(document.contents, document, [], options));
  }
  return values;
}

/** Decodes one YAML document into a map; an empty document is an empty map. */
export function decodeYamlMap(text: string, options: DecodeOptions = {}): GoMap {
  const documents = decodeYamlDocuments(text, options);
  const merged: GoMap = new Map();
  for (const document of documents) {
    if (document === null) continue;
    if (!(document instanceof Map)) throw new YamlError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(document) ? 'array' : typeof document} into Go value of type map[string]interface {}`);
    for (const [key, value] of document) merged.set(key, value);
  }
  return merged;
}

function scalarValue(node: Scalar): GoValue {
  const text = String(node.value);
  const tag = node.tag;
  if (tag && tag !== '!' && tag !== 'tag:yaml.org,2002:str') {
    const short = tag.replace('tag:yaml.org,2002:', '!!');
    if (short === '!!int' || short === '!!float') {
      const resolved = resolvePlain(text);
      if (resolved.tag === 'int') return Number(resolved.value);
      if (resolved.tag === 'float') return resolved.value;
      return text;
    }
    if (short === '!!bool') return BOOL_TRUE.has(text);
    if (short === '!!null') return null;
    return text;
  }
  if (tag === 'tag:yaml.org,2002:str' || tag === '!' || node.type !== 'PLAIN') return text;
  try {
    return plainScalar(text);
  } catch (error) {
    if (error instanceof YamlError) throw new YamlError(error.message, node.range?.[0] ?? 0);
    throw error;
  }
}

/** A map key as JSON sees it: scalars stringified the way sigs.k8s.io/yaml does. */
function keyString(node: unknown, document: Document.Parsed): string {
  if (isAlias(node)) return keyString(node.resolve(document), document);
  if (!isScalar(node)) throw new YamlError('error converting YAML to JSON: yaml: invalid map key', 0);
  const value = scalarValue(node);
  if (value === null) throw new YamlError('error converting YAML to JSON: unsupported map key: <nil>', node.range?.[0] ?? 0);
  if (typeof value === 'number') return formatFloatG(value);
  return String(value);
}

function convertNode(node: unknown, document: Document.Parsed, path: readonly string[], options: DecodeOptions, depth = 0): GoValue {
  if (depth > 1000) throw new YamlError('yaml: exceeded max depth of 1000');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convertNode((node as Alias).resolve(document), document, path, options, depth + 1);
  if (isScalar(node)) return scalarValue(node);
  if (isMap(node)) {
    const map: GoMap = new Map();
    options.paths?.set(map, path);
    const merges: YamlNode[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (isScalar(pair.key) && pair.key.type === 'PLAIN' && pair.key.value === '<<') {
        merges.push(pair.value as YamlNode);
        continue;
      }
      const key = keyString(pair.key, document);
      const childPath = [...path, key];
      map.set(key, convertNode(pair.value, document, childPath, options, depth + 1));
      if (options.locations && options.file !== undefined) {
        const keyRange = (pair.key as YamlNode).range;
        const valueRange = (pair.value as YamlNode | null)?.range;
        if (keyRange) {
          options.locations.set(childPath.join('\0'), {
            file: options.file,
            keyStart: keyRange[0],
            keyEnd: keyRange[1],
            valueStart: valueRange ? valueRange[0] : keyRange[1],
            valueEnd: valueRange ? valueRange[1] : keyRange[1],
          });
        }
      }
    }
    // `<<: *anchor` merge keys: the map's own keys win over merged ones.
    for (const merge of merges) {
      const sources = isSeq(merge) ? merge.items : [merge];
      for (const source of sources) {
        const merged = convertNode(source, document, path, options, depth + 1);
        if (merged instanceof Map) for (const [key, value] of merged) if (!map.has(key)) map.set(key, value);
      }
    }
    return map;
  }
  if (isSeq(node)) {
    const list = node.items.map((item, index) => convertNode(item, document, [...path, String(index)], options, depth + 1));
    options.paths?.set(list, path);
    return list;
  }
  return null;
}

// ---------- writing ----------

/** The JSON hop of sigs.k8s.io/yaml Marshal: what json.Marshal keeps of a Go value. */
export function jsonNormalise(value: GoValue): GoValue {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new YamlError(`json: unsupported value: ${formatFloatG(value)}`);
  if (Array.isArray(value)) return value.map(jsonNormalise);
  if (value instanceof Map) {
    const map: GoMap = new Map();
    for (const [key, item] of value) map.set(key, jsonNormalise(item));
    return map;
  }
  if (value instanceof GoObject) {
    const fields: GoMap = new Map();
    for (const name of ['Cert', 'Key']) {
      const field = value.field(name);
      if (field !== undefined) fields.set(name, jsonNormalise(field));
    }
    return fields;
  }
  return value;
}

/** Helm's `toYaml`: the YAML of a value without the final newline; "" when it cannot be marshalled. */
export function toYaml(value: GoValue): string {
  try {
    const emitter = new Emitter();
    emitter.document(jsonNormalise(value));
    return emitter.text().replace(/\n$/, '');
  } catch (error) {
    if (error instanceof YamlError) return '';
    throw error;
  }
}

function isLetter(char: string): boolean {
  return /\p{L}/u.test(char);
}
function isDigit(char: string): boolean {
  return /\p{Nd}/u.test(char);
}

/** go-yaml v2's keyList.Less: letters after non-letters, digit runs compared as numbers. */
export function naturalLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let index = 0; index < ar.length && index < br.length; index++) {
    if (ar[index] === br[index]) continue;
    const al = isLetter(ar[index]!);
    const bl = isLetter(br[index]!);
    if (al && bl) return ar[index]!.codePointAt(0)! < br[index]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[index] === '0' || br[index] === '0') {
      for (let back = index - 1; back >= 0 && isDigit(ar[back]!); back--) {
        if (ar[back] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = index;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    let bi = index;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[index]!.codePointAt(0)! < br[index]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

function naturalKeys(map: GoMap): string[] {
  return [...map.keys()].sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0));
}

function isPrintable(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);
}
function isBreakChar(char: string): boolean {
  return char === '\r' || char === '\n' || char === '\u0085' || char === '\u2028' || char === '\u2029';
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar. */
function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  const chars = [...value];
  chars.forEach((char, index) => {
    const next = chars[index + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || isBreakChar(next);
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(char)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (char === '?' || char === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (char === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(char)) {
      flowIndicators = true;
    } else if (char === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (char === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(char.codePointAt(0)!)) specialCharacters = true;
    if (char === ' ') {
      if (index === 0) leadingSpace = true;
      if (index === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakChar(char)) {
      lineBreaks = true;
      if (index === 0) leadingBreak = true;
      if (index === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = char === ' ' || char === '\t' || isBreakChar(char);
  });
  const result: ScalarAnalysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
  }
  if (trailingSpace) result.blockAllowed = false;
  if (breakSpace) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
    result.blockAllowed = false;
  }
  if (lineBreaks) {
    result.flowPlainAllowed = false;
    result.blockPlainAllowed = false;
  }
  if (flowIndicators) result.flowPlainAllowed = false;
  if (blockIndicators) result.blockPlainAllowed = false;
  return result;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

const BEST_WIDTH = 80;

/** A small port of the parts of go-yaml v2's emitter that block-style output of JSON data uses. */
class Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;

  text(): string {
    return this.out;
  }

  document(value: GoValue): void {
    this.node(value, 'root');
    this.out += '\n';
  }

  private put(text: string): void {
    this.out += text;
    this.column += [...text].length;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): number {
    const saved = this.indent;
    if (this.indent < 0) this.indent = flow ? 2 : 0;
    else if (!indentless) this.indent += 2;
    return saved;
  }

  /** context: where the node sits, which decides indentation and simple-key rules. */
  private node(value: GoValue, context: 'root' | 'mappingValue' | 'sequenceItem' | 'key'): void {
    if (value instanceof Map) {
      if (value.size === 0) return this.flowEmpty('{}');
      return this.blockMapping(value, context);
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return this.flowEmpty('[]');
      return this.blockSequence(value, context);
    }
    this.scalar(value, context === 'key');
  }

  private flowEmpty(text: string): void {
    this.writeIndicator(text[0]!, true, true, false);
    this.writeIndicator(text[1]!, false, false, false);
  }

  private blockMapping(map: GoMap, context: string): void {
    const saved = this.increaseIndent(false, false);
    void context;
    for (const key of naturalKeys(map)) {
      this.writeIndent();
      this.scalarKey(key);
      this.writeIndicator(':', false, false, false);
      this.node(map.get(key)!, 'mappingValue');
    }
    this.indent = saved;
  }

  private blockSequence(list: GoValue[], context: string): void {
    // Sequences in a mapping are not indented (`key:\n- a`).
    const saved = this.increaseIndent(false, context === 'mappingValue' && !this.indention);
    for (const item of list) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, 'sequenceItem');
    }
    this.indent = saved;
  }

  private scalarKey(key: string): void {
    this.scalar(key, true);
  }

  private scalar(value: GoValue, simpleKey: boolean): void {
    let text: string;
    let style: Style = 'plain';
    if (value === null) text = 'null';
    else if (typeof value === 'boolean') text = value ? 'true' : 'false';
    else if (typeof value === 'number') text = formatYamlNumber(value);
    else if (typeof value === 'string') {
      text = value;
      if (value.includes('\n')) style = 'literal';
      else {
        const resolved = resolvePlain(value);
        style = resolved.tag === 'str' && !BASE60.test(value) ? 'plain' : 'double';
      }
    } else text = String(value);
    const analysis = analyzeScalar(text);
    if (simpleKey && analysis.multiline) style = 'double';
    if (style === 'plain') {
      if (!analysis.blockPlainAllowed) style = 'single';
      if (text.length === 0 && simpleKey) style = 'single';
    }
    if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
    const saved = this.increaseIndent(true, false);
    switch (style) {
      case 'plain':
        this.writePlain(text, !simpleKey);
        break;
      case 'single':
        this.writeSingle(text, !simpleKey);
        break;
      case 'double':
        this.writeDouble(text, !simpleKey);
        break;
      case 'literal':
        this.writeLiteral(text);
        break;
    }
    this.indent = saved;
  }

  private writePlain(text: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    const chars = [...text];
    for (let index = 0; index < chars.length; index++) {
      const char = chars[index]!;
      if (char === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[index + 1] !== ' ') {
          this.writeIndent();
        } else this.put(char);
        spaces = true;
      } else {
        this.put(char);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(text: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const chars = [...text];
    for (let index = 0; index < chars.length; index++) {
      const char = chars[index]!;
      if (char === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && index !== 0 && index !== chars.length - 1 && chars[index + 1] !== ' ') {
          this.writeIndent();
        } else this.put(char);
        spaces = true;
      } else if (isBreakChar(char)) {
        if (!breaks && char === '\n') this.putBreak();
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(char === "'" ? "''" : char);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
  }

  private writeDouble(text: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    const chars = [...text];
    for (let index = 0; index < chars.length; index++) {
      const char = chars[index]!;
      const code = char.codePointAt(0)!;
      if (!isPrintable(code) || code === 0xfeff || isBreakChar(char) || char === '"' || char === '\\') {
        const escapes: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
        const escape = escapes[code];
        if (escape !== undefined) this.put('\\' + escape);
        else if (code <= 0xff) this.put('\\x' + code.toString(16).toUpperCase().padStart(2, '0'));
        else if (code <= 0xffff) this.put('\\u' + code.toString(16).toUpperCase().padStart(4, '0'));
        else this.put('\\U' + code.toString(16).toUpperCase().padStart(8, '0'));
        spaces = false;
      } else if (char === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && index !== 0 && index !== chars.length - 1) {
          this.writeIndent();
          if (chars[index + 1] === ' ') this.put('\\');
        } else this.put(char);
        spaces = true;
      } else {
        this.put(char);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
  }

  private writeLiteral(text: string): void {
    this.writeIndicator('|', true, false, false);
    if (text[0] === ' ' || isBreakChar(text[0] ?? '')) this.writeIndicator('2', false, false, false);
    let chomp = '';
    const last = text[text.length - 1] ?? '';
    if (text.length === 0 || !isBreakChar(last)) chomp = '-';
    else if (text.length === 1) chomp = '+';
    else if (isBreakChar(text[text.length - 2]!)) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const char of text) {
      if (isBreakChar(char)) {
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) {
          this.writeIndent();
          breaks = false;
        }
        this.put(char);
        this.indention = false;
      }
    }
  }
}

/** A float64 after the JSON hop: JSON prints it, go-yaml v2 re-reads that as an int or a float. */
function formatYamlNumber(value: number): string {
  const json = formatJsonNumber(value);
  const resolved = resolvePlain(json);
  if (resolved.tag === 'int') return resolved.value.toString();
  if (resolved.tag === 'float') {
    const text = formatFloatG(resolved.value);
    return text;
  }
  return json;
}

/** encoding/json Marshal (Helm's `toJson`): sorted keys, HTML-safe escapes. */
export function toJson(value: GoValue, indent = ''): string {
  return marshalJson(jsonNormalise(value), indent, '');
}

function marshalJson(value: GoValue, indent: string, prefix: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return formatJsonNumber(value);
  if (typeof value === 'string') return jsonString(value);
  const inner = prefix + indent;
  const separator = indent ? ',\n' + inner : ',';
  const open = indent ? '\n' + inner : '';
  const close = indent ? '\n' + prefix : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[' + open + value.map((item) => marshalJson(item, indent, inner)).join(separator) + close + ']';
  }
  if (value instanceof Map) {
    if (value.size === 0) return '{}';
    return '{' + open + sortedKeys(value).map((key) => jsonString(key) + (indent ? ': ' : ':') + marshalJson(value.get(key)!, indent, inner)).join(separator) + close + '}';
  }
  return 'null';
}

export function jsonString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code < 0x20 || char === '<' || char === '>' || char === '&' || code === 0x2028 || code === 0x2029) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += char;
  }
  return out + '"';
}

/** encoding/json Unmarshal into interface{}: numbers are float64. */
export function fromJson(text: string): GoValue {
  return convertJson(JSON.parse(text) as unknown);
}

function convertJson(value: unknown): GoValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(convertJson);
  const map: GoMap = new Map();
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) map.set(key, convertJson(item));
  return map;
}

/** The plain resolution used by the emitter's quoting, exported for tests. */
export { BASE60, Scalar };
