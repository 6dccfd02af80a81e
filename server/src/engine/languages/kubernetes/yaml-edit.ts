// Minimal text edits on YAML source, computed from the touched nodes only: comments, quoting, key order and
// indentation of everything else stay as written. Never re-serialises a document.
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { detectEol, LineIndex } from '../../text';
import type { Edit } from '../../types';
import { pairAt, resolveAlias } from './model';

export type YamlScalar = string | number | boolean;
export type YamlValue = YamlScalar | YamlScalar[] | { [key: string]: YamlValue };

/** A nested set of keys to make true in a map: `{ securityContext: { runAsNonRoot: true } }`. */
export type YamlChanges = { [key: string]: YamlValue };

export class YamlEditor {
  private lineIndex: LineIndex | undefined;
  private detectedEol: string | undefined;
  private detectedIndentUnit: number | undefined;

  /** The editor for a text, shared by every rule that fixes something in it during one lint. */
  static for(text: string): YamlEditor {
    if (sharedEditor?.text !== text) sharedEditor = new YamlEditor(text);
    return sharedEditor;
  }

  constructor(readonly text: string) {}

  // Each of these scans the whole text; many edits need none of them, so each is worked out on first use.
  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  get eol(): string {
    this.detectedEol ??= detectEol(this.text);
    return this.detectedEol;
  }

  get indentUnit(): number {
    this.detectedIndentUnit ??= detectIndentUnit(this.text);
    return this.detectedIndentUnit;
  }

  /** Replaces a scalar value, keeping the key and any comment after it. */
  setScalar(node: YamlNode, value: YamlScalar): Edit {
    const [start, end] = node.range ?? [0, 0];
    return { start, end, text: renderScalar(value) };
  }

  /**
   * Removes a key and its value: whole lines in a block map (their comments stay, each on a line of its
   * own), the entry and one comma in a flow map. The first key of a sequence item (`- key: v`) is
   * removed up to the next key, so the dash stays with the item's remaining keys.
   */
  removePair(map: YAMLMap, pair: Pair): Edit {
    const keyStart = (pair.key as YamlNode).range?.[0] ?? 0;
    const valueEnd = (pair.value as YamlNode | null)?.range?.[1] ?? (pair.key as YamlNode).range?.[1] ?? keyStart;
    if (map.flow) {
      const after = /^\s*,\s*/.exec(this.text.slice(valueEnd));
      if (after) return { start: keyStart, end: valueEnd + after[0].length, text: '' };
      const before = /,\s*$/.exec(this.text.slice(0, keyStart));
      return { start: before ? keyStart - before[0].length : keyStart, end: valueEnd, text: '' };
    }
    const lineStart = this.lines.lineStart(this.lines.positionAt(keyStart).line);
    if (!/^[ \t]*$/.test(this.text.slice(lineStart, keyStart))) {
      const next = map.items[map.items.indexOf(pair) + 1]?.key as YamlNode | undefined;
      const nextStart = next?.range?.[0];
      if (nextStart !== undefined && nextStart > valueEnd) return { start: keyStart, end: nextStart, text: '' };
      return { start: keyStart, end: valueEnd, text: '{}' };
    }
    const end = this.endOfLine(valueEnd);
    return { start: lineStart, end, text: this.commentsIn(lineStart, end, this.text.slice(lineStart, keyStart)) };
  }

  /** Removes one item of a sequence (block: its lines, keeping their comments; flow: the item and one comma). */
  removeSeqItem(sequence: YamlNode, item: YamlNode): Edit {
    const [itemStart, itemEnd] = item.range ?? [0, 0];
    if (isSeq(sequence) && sequence.flow) {
      const after = /^\s*,\s*/.exec(this.text.slice(itemEnd));
      if (after) return { start: itemStart, end: itemEnd + after[0].length, text: '' };
      const before = /,\s*$/.exec(this.text.slice(0, itemStart));
      return { start: before ? itemStart - before[0].length : itemStart, end: itemEnd, text: '' };
    }
    const start = this.lines.lineStart(this.lines.positionAt(itemStart).line);
    const end = this.endOfLine(itemEnd);
    return { start, end, text: this.commentsIn(start, end, /^[ \t]*/.exec(this.text.slice(start))?.[0] ?? '') };
  }

  /**
   * The comments in whole lines about to be removed, each kept on a line of its own with `indent`, so a
   * removal never loses a comment. A `#` counts when it starts the line or follows a blank outside a quoted
   * scalar (a quote opens one only where a scalar can start, so `it's` in plain text is no quote).
   */
  private commentsIn(start: number, end: number, indent: string): string {
    let kept = '';
    for (const line of this.text.slice(start, end).split(/\r?\n/)) {
      let quote: string | undefined;
      for (let index = 0; index < line.length; index++) {
        const char = line[index];
        if (quote) {
          if (char === '\\' && quote === '"') index++;
          else if (char === quote) quote = undefined;
        } else if ((char === '"' || char === "'") && /(^|[\s:,[{-])$/.test(line.slice(0, index).trimEnd().slice(-1))) {
          quote = char;
        } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
          kept += `${indent}${line.slice(index).trimEnd()}${this.eol}`;
          break;
        }
      }
    }
    return kept;
  }

  /**
   * Edits that make every key of `changes` hold its value in `map`, descending into existing maps and
   * adding what is missing in one insertion per map (so several changes never collide).
   */
  ensure(map: YAMLMap, changes: YamlChanges): Edit[] {
    const edits: Edit[] = [];
    const missing: YamlChanges = {};
    for (const [key, value] of Object.entries(changes)) {
      const pair = pairAt(map, key);
      const current = resolveAlias(pair?.value) as YamlNode | null | undefined;
      if (!pair || (pair.key as YamlNode | null)?.range === undefined) {
        missing[key] = value;
      } else if (isPlainObject(value) && isMap(current) && current.range) {
        edits.push(...this.ensure(current, value));
      } else if (current === null || current === undefined || (isScalar(current) && current.value === null && current.range?.[0] === current.range?.[1])) {
        edits.push(this.fillEmptyValue(map, pair, value));
      } else if (!isPlainObject(value) && !Array.isArray(value) && isScalar(current)) {
        if (current.value !== value) edits.push(this.setScalar(current, value));
      } else {
        const [start, end] = current.range ?? [0, 0];
        edits.push({ start, end, text: isPlainObject(value) ? renderFlow(value) : renderInline(value) });
      }
    }
    if (Object.keys(missing).length > 0) edits.push(this.insertInto(map, missing));
    return edits;
  }

  /** Inserts new keys at the end of a map, in block or flow style to match it. */
  insertInto(map: YAMLMap, entries: YamlChanges): Edit {
    if (map.flow) return this.insertIntoFlow(map, entries);
    const lastPair = map.items[map.items.length - 1];
    const firstKey = map.items[0]?.key as YamlNode | undefined;
    const indent = firstKey?.range ? this.lines.positionAt(firstKey.range[0]).character : 0;
    const lastEnd = lastPair ? (contentEnd(lastPair.value as YamlNode | null) ?? contentEnd(lastPair.key as YamlNode) ?? 0) : (map.range?.[0] ?? 0);
    const at = this.endOfLine(lastEnd);
    const needsBreak = at > 0 && this.text[at - 1] !== '\n';
    const block = renderBlock(entries, indent, this.indentUnit, this.eol);
    return { start: at, end: at, text: (needsBreak ? this.eol : '') + block };
  }

  private insertIntoFlow(map: YAMLMap, entries: YamlChanges): Edit {
    const inner = renderFlow(entries).slice(1, -1);
    const lastPair = map.items[map.items.length - 1];
    if (!lastPair) {
      const close = this.text.lastIndexOf('}', (map.range?.[1] ?? 0) - 1);
      return { start: close, end: close, text: inner };
    }
    const lastEnd = (lastPair.value as YamlNode | null)?.range?.[1] ?? (lastPair.key as YamlNode).range?.[1] ?? 0;
    return { start: lastEnd, end: lastEnd, text: `, ${inner}` };
  }

  /** `key:` with nothing after it: put the value right there. */
  private fillEmptyValue(map: YAMLMap, pair: Pair, value: YamlValue): Edit {
    const keyNode = pair.key as YamlNode;
    const keyEnd = keyNode.range?.[1] ?? 0;
    const colon = this.text.indexOf(':', keyEnd);
    const at = colon === -1 ? keyEnd : colon + 1;
    if (!isPlainObject(value) || map.flow) return { start: at, end: at, text: ` ${isPlainObject(value) ? renderFlow(value) : renderInline(value)}` };
    const indent = this.lines.positionAt(keyNode.range?.[0] ?? 0).character + this.indentUnit;
    const lineEnd = this.lines.lineEnd(this.lines.positionAt(at).line);
    return { start: lineEnd, end: lineEnd, text: this.eol + renderBlock(value, indent, this.indentUnit, this.eol).replace(new RegExp(`${this.eol}$`), '') };
  }

  /** The offset just after the line break that ends the line holding `offset` (or the end of the text). */
  private endOfLine(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const next = this.text.indexOf('\n', offset);
    return next === -1 ? this.text.length : next + 1;
  }
}

/**
 * Where a node's own text ends. A block collection's range can run on over trailing comment lines and the
 * indentation of the next line; its last item's end is where new keys or items belong.
 */
export function contentEnd(node: YamlNode | null | undefined): number | undefined {
  if (!node?.range) return undefined;
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last: unknown = node.items[node.items.length - 1];
    const end = isPair(last) ? (contentEnd(last.value as YamlNode | null) ?? contentEnd(last.key as YamlNode | null)) : contentEnd(last as YamlNode | undefined);
    if (end !== undefined) return end;
  }
  return node.range[1];
}

// Line tables cost a pass over the text; building one per fix made large manifests quadratic.
let sharedEditor: YamlEditor | undefined;

function isPlainObject(value: YamlValue): value is { [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The indentation step the file already uses (2 when it cannot tell). */
export function detectIndentUnit(text: string): number {
  const counts = new Map<number, number>();
  let previous = 0;
  // Line by line (split at \n): blank lines and comment lines are skipped; the indent is the leading blanks
  // as String.prototype.trimStart counts them (JavaScript's \s).
  for (let lineStart = 0; lineStart <= text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    NON_BLANK.lastIndex = lineStart;
    const first = NON_BLANK.exec(text)?.index ?? -1;
    if (first !== -1 && first < lineEnd && text[first] !== '#') {
      const indent = first - lineStart;
      if (indent > previous) counts.set(indent - previous, (counts.get(indent - previous) ?? 0) + 1);
      previous = indent;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) if (step <= 8 && count > bestCount) [best, bestCount] = [step, count];
  return best;
}

const NON_BLANK = /\S/g;
const PLAIN_SAFE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

export function renderScalar(value: YamlScalar): string {
  if (typeof value !== 'string') return String(value);
  return PLAIN_SAFE.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

export function renderInline(value: YamlValue): string {
  if (Array.isArray(value)) return `[${value.map(renderScalar).join(', ')}]`;
  if (isPlainObject(value)) return renderFlow(value);
  return renderScalar(value);
}

export function renderFlow(value: { [key: string]: YamlValue }): string {
  return `{${Object.entries(value)
    .map(([key, item]) => `${renderScalar(key)}: ${renderInline(item)}`)
    .join(', ')}}`;
}

/** Block YAML for nested keys, each line indented by `indent` spaces and ending with `eol`. */
export function renderBlock(value: { [key: string]: YamlValue }, indent: number, unit: number, eol: string): string {
  let out = '';
  const pad = ' '.repeat(indent);
  for (const [key, item] of Object.entries(value)) {
    if (isPlainObject(item) && Object.keys(item).length > 0) out += `${pad}${renderScalar(key)}:${eol}${renderBlock(item, indent + unit, unit, eol)}`;
    else out += `${pad}${renderScalar(key)}: ${renderInline(item)}${eol}`;
  }
  return out;
}
