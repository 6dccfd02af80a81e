// Kustomize prints every built object through JSON and then go-yaml v2's emitter (sigs.k8s.io/yaml
// JSONToYAML): keys in yaml.v2's natural order, sequences not indented under keys, YAML 1.1 quoting, plain
// and quoted strings folded at column 80, multi-line strings as literal blocks. This is a port of the parts
// of that emitter (libyaml's emitterc.go) a JSON value reaches, plus a source map of what was written where.
import type { TextRange } from '../../types';
import { KustomizeError, resolveYamlScalar, type KNode, type Origin } from './values';

/** One emitted node or key and the place it came from. */
export interface EmittedSpan {
  range: TextRange;
  node: KNode;
  /** The span is a mapping key (of the entry whose value is `node`). */
  isKey: boolean;
  keyOrigin?: Origin;
  /** Nesting depth, so the innermost span wins when mapping an offset. */
  depth: number;
}

export interface EmittedDocument {
  text: string;
  spans: EmittedSpan[];
}

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

/** The YAML text of one object exactly as kustomize prints it, with the span of every node. */
export function emitYamlV2(node: KNode): EmittedDocument {
  const writer = new Writer();
  writer.node(node, -1, 'root', 0);
  if (writer.column > 0 || writer.text.length === 0) writer.putBreak();
  return { text: writer.text, spans: writer.spans };
}

type Context = 'root' | 'mapValue' | 'seqItem';

class Writer {
  text = '';
  column = 0;
  /** The last character written is whitespace (libyaml's `whitespace`). */
  whitespace = true;
  /** Only indentation has been written on this line (libyaml's `indention`). */
  indention = true;
  spans: EmittedSpan[] = [];

  put(value: string): void {
    this.text += value;
    this.column += codePointLength(value);
  }

  putBreak(): void {
    this.text += '\n';
    this.column = 0;
  }

  writeIndent(indent: number): void {
    const target = Math.max(indent, 0);
    if (!this.indention || this.column > target || (this.column === target && !this.whitespace)) this.putBreak();
    while (this.column < target) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  indicator(value: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(value);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** `indent` is the emitter indent of the enclosing collection (-1 at the root). */
  node(node: KNode, indent: number, context: Context, depth: number): void {
    // The span starts at the node's first character, after the space or line break before it. (Reading the
    // text back here would flatten the growing string again and again.)
    let start = this.contentStart();
    if (node.kind === 'map' && node.entries.length > 0) start = this.mapping(node, indent, context, depth);
    else if (node.kind === 'seq' && node.items.length > 0) start = this.sequence(node, indent, context, depth);
    else if (node.kind === 'map') this.indicator('{}', true, false, false);
    else if (node.kind === 'seq') this.indicator('[]', true, false, false);
    else this.scalar(node.value, indent < 0 ? 0 : indent + BEST_INDENT, false);
    this.spans.push({ range: { start, end: this.text.length }, node, isKey: false, depth });
  }

  /** Where the next token starts: after the separating space every token but a line start gets. */
  private contentStart(): number {
    return this.text.length + (this.whitespace ? 0 : 1);
  }

  /** Returns where the first key starts. */
  private mapping(node: KNode & { kind: 'map' }, parentIndent: number, context: Context, depth: number): number {
    const indent = parentIndent < 0 ? 0 : parentIndent + BEST_INDENT;
    const entries = [...node.entries].sort((a, b) => (naturalLess(a.key, b.key) ? -1 : naturalLess(b.key, a.key) ? 1 : 0));
    let first = 0;
    entries.forEach((entry, index) => {
      if (index > 0 || context === 'mapValue' || context === 'root') this.writeIndent(indent);
      const keyStart = this.contentStart();
      if (index === 0) first = keyStart;
      this.scalar(entry.key, indent, true);
      this.spans.push({ range: { start: keyStart, end: this.text.length }, node: entry.value, isKey: true, keyOrigin: entry.keyOrigin, depth: depth + 1 });
      this.indicator(':', false, false, false);
      const value = entry.value;
      if (value.kind === 'seq' && value.items.length > 0) {
        // Sequences under a key are not indented ("indentless"): their items start at the key's column.
        this.node(value, indent - BEST_INDENT, 'mapValue', depth + 1);
      } else {
        this.node(value, indent, 'mapValue', depth + 1);
      }
    });
    return first;
  }

  /** Returns where the first `-` is. */
  private sequence(node: KNode & { kind: 'seq' }, parentIndent: number, context: Context, depth: number): number {
    const indent = parentIndent < 0 ? 0 : parentIndent + BEST_INDENT;
    let first = 0;
    node.items.forEach((item, index) => {
      if (index > 0 || context !== 'seqItem') this.writeIndent(indent);
      if (index === 0) first = this.contentStart();
      this.indicator('-', true, false, true);
      this.node(item, indent, 'seqItem', depth + 1);
    });
    return first;
  }

  private scalar(value: ScalarLike, indent: number, simpleKey: boolean): void {
    if (value === null) return this.plain('null', indent, simpleKey);
    if (typeof value === 'boolean') return this.plain(value ? 'true' : 'false', indent, simpleKey);
    if (typeof value === 'bigint') return this.plain(value.toString(), indent, simpleKey);
    if (typeof value === 'number') return this.plain(formatJsonNumberThroughYaml(value), indent, simpleKey);
    this.string(value, indent, simpleKey);
  }

  private string(value: string, indent: number, simpleKey: boolean): void {
    let style: 'plain' | 'single' | 'double' | 'literal';
    if (value.includes('\n')) style = 'literal';
    else {
      const resolved = resolveYamlScalar(value, 'v2');
      style = (resolved.type === 'string' || resolved.type === 'merge') && !BASE60_FLOAT.test(value) ? 'plain' : 'double';
    }
    const analysis = analyzeScalar(value);
    if (style === 'plain') {
      if (!analysis.blockPlainAllowed || (value.length === 0 && simpleKey)) style = 'single';
    }
    if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
    if (style === 'plain') this.plain(value, indent, simpleKey);
    else if (style === 'single') this.singleQuoted(value, indent, !simpleKey);
    else if (style === 'double') this.doubleQuoted(value, indent, !simpleKey);
    else this.literal(value, indent);
  }

  private plain(value: string, indent: number, simpleKey: boolean): void {
    const allowBreaks = !simpleKey;
    if (!this.whitespace) this.put(' ');
    if (!value.includes(' ')) {
      // Nothing to fold at: one write.
      this.put(value);
      this.whitespace = false;
      this.indention = false;
      return;
    }
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i]!;
      if (char === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') {
          this.writeIndent(indent);
        } else {
          this.put(char);
        }
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

  private singleQuoted(value: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i]!;
      if (char === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') {
          this.writeIndent(indent);
        } else {
          this.put(char);
        }
        spaces = true;
      } else {
        this.put(char === "'" ? "''" : char);
        this.indention = false;
        spaces = false;
      }
    }
    this.indicator("'", false, false, false);
  }

  private doubleQuoted(value: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i]!;
      const code = char.codePointAt(0)!;
      if (!isPrintable(code) || code === 0xfeff || isBreak(code) || char === '"' || char === '\\') {
        this.put(escapeDoubleQuoted(code));
        spaces = false;
      } else if (char === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.writeIndent(indent);
          if (chars[i + 1] === ' ') this.put('\\');
        } else {
          this.put(char);
        }
        spaces = true;
      } else {
        this.put(char);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
  }

  private literal(value: string, indent: number): void {
    this.indicator('|', true, false, false);
    const chars = Array.from(value);
    if (chars[0] === ' ' || isBreak(chars[0]?.codePointAt(0) ?? 0)) this.indicator(String(BEST_INDENT), false, false, false);
    const last = chars.length - 1;
    let chomp = '';
    if (chars.length === 0 || !isBreak(chars[last]!.codePointAt(0)!)) chomp = '-';
    else if (last === 0 || isBreak(chars[last - 1]!.codePointAt(0)!)) chomp = '+';
    if (chomp) this.indicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    // Lines are written whole; only the line breaks (\n, or the rarer NEL/LS/PS) end them.
    let line = '';
    for (const char of chars) {
      if (isBreak(char.codePointAt(0)!)) {
        if (line !== '') {
          this.writeIndent(indent);
          this.put(line);
          this.indention = false;
          line = '';
        }
        this.text += char;
        this.column = 0;
        this.indention = true;
      } else line += char;
    }
    if (line !== '') {
      this.writeIndent(indent);
      this.put(line);
      this.indention = false;
    }
  }
}

type ScalarLike = null | boolean | bigint | number | string;

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function codePointLength(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) count++;
  }
  return count;
}

function isBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x85 || code === 0x2028 || code === 0x2029;
}

function isBlankOrEnd(char: string | undefined): boolean {
  return char === undefined || char === ' ' || char === '\t' || isBreak(char.codePointAt(0)!);
}

/** yaml.v2's is_printable (4-byte UTF-8 characters, like emoji, are not). */
function isPrintable(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);
}

const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escapeDoubleQuoted(code: number): string {
  const known = ESCAPES[code];
  if (known) return `\\${known}`;
  const hex = code.toString(16).toUpperCase();
  if (code <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

interface ScalarAnalysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar, for block context (kustomize output never uses flow context). */
function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) return { blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = Array.from(value);
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const code = char.codePointAt(0)!;
    const followedByWhitespace = isBlankOrEnd(chars[i + 1]);
    const first = i === 0;
    const last = i === chars.length - 1;
    if (first) {
      if ('#,[]{}&*!|>\'"%@`'.includes(char)) blockIndicators = true;
      if ((char === '?' || char === ':') && followedByWhitespace) blockIndicators = true;
      if (char === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (char === ':' && followedByWhitespace) blockIndicators = true;
      if (char === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(code)) special = true;
    if (isBreak(code)) lineBreaks = true;
    if (char === ' ') {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(code)) {
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrEnd(char);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) blockPlainAllowed = singleQuotedAllowed = false;
  if (spaceBreak || special) blockPlainAllowed = singleQuotedAllowed = blockAllowed = false;
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/**
 * yaml.v2's key order ("natural" sort): non-letters before letters, runs of digits compared as numbers,
 * otherwise by code point.
 */
export function naturalLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

function isLetter(char: string): boolean {
  return /\p{L}/u.test(char);
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/**
 * A float64 printed the way it reaches the output: Go's JSON writes integral values below 1e21 as integers
 * (which yaml.v2 then reads back as ints), everything else yaml.v2 prints with strconv's shortest 'g' form.
 */
export function formatJsonNumberThroughYaml(value: number): string {
  if (!Number.isFinite(value)) throw new KustomizeError(`json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`);
  if (Number.isInteger(value) && Math.abs(value) < 1e21) {
    // yaml.v2 reads the JSON digits back as an integer only when they fit 64 bits; otherwise as a float.
    const digits = BigInt(value);
    if (digits >= -(2n ** 63n) && digits < 2n ** 64n) return digits.toString();
  }
  return formatGoFloatG(value);
}

/** strconv.FormatFloat(value, 'g', -1, 64). */
export function formatGoFloatG(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}
