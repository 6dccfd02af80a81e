// Insertions the hardening fixes need beyond YamlEditor.ensure: a map item appended to a sequence that may
// not exist yet (a volume, a volume mount), a comment line above inserted keys, and merging insertions at one
// offset so the edits of a single fix never collide with each other; plus whether a key holds a value at all.
import { isAlias, isScalar, isSeq, type Node as YamlNode, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Edit } from '../../types';
import { pairAt, resolveAlias } from './model';
import { contentEnd, renderBlock, renderFlow, type YamlChanges, type YamlEditor } from './yaml-edit';

/**
 * The edit that appends `item` to the sequence under `key` in `map`, creating `key` when it is missing, in
 * the style of what is there (block or flow, indented or flush sequence items). Undefined when the key holds
 * something else, or an alias, since editing the anchored node would change every place that uses it.
 */
export function appendMapItem(editor: YamlEditor, map: YAMLMap, key: string, item: YamlChanges): Edit | undefined {
  const pair = pairAt(map, key);
  if (!pair) return insertSequenceKey(editor, map, key, item);
  if (isAlias(pair.value) || !map.items.includes(pair)) return undefined;
  const value = pair.value as YamlNode | null;
  if (value === null || (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1])) {
    if (map.flow) {
      const at = value?.range?.[0] ?? endOfKey(editor, pair.key as YamlNode);
      return { start: at, end: at, text: ` [${renderFlow(item)}]` };
    }
    const keyNode = pair.key as YamlNode;
    const keyColumn = editor.lines.positionAt(keyNode.range?.[0] ?? 0).character;
    const dash = keyColumn + (itemsIndentedNear(editor, map) ? editor.indentUnit : 0);
    const lineEnd = editor.lines.lineEnd(editor.lines.positionAt(endOfKey(editor, keyNode)).line);
    return { start: lineEnd, end: lineEnd, text: editor.eol + blockItem(editor, item, dash).replace(/\r?\n$/, '') };
  }
  if (!isSeq(value)) return undefined;
  return appendToSequence(editor, value, item);
}

function appendToSequence(editor: YamlEditor, sequence: YAMLSeq, item: YamlChanges): Edit | undefined {
  const last = sequence.items[sequence.items.length - 1] as YamlNode | undefined;
  if (sequence.flow) {
    if (!last?.range) {
      const close = editor.text.lastIndexOf(']', (sequence.range?.[1] ?? 0) - 1);
      return close === -1 ? undefined : { start: close, end: close, text: renderFlow(item) };
    }
    return { start: last.range[1], end: last.range[1], text: `, ${renderFlow(item)}` };
  }
  const first = sequence.items[0] as YamlNode | undefined;
  if (!first?.range || !last?.range) return undefined;
  const dashOffset = editor.text.lastIndexOf('-', first.range[0]);
  if (dashOffset === -1) return undefined;
  const dash = editor.lines.positionAt(dashOffset).character;
  const at = lineAfter(editor.text, contentEnd(last) ?? last.range[1]);
  const needsBreak = at > 0 && editor.text[at - 1] !== '\n';
  return { start: at, end: at, text: (needsBreak ? editor.eol : '') + blockItem(editor, item, dash) };
}

function insertSequenceKey(editor: YamlEditor, map: YAMLMap, key: string, item: YamlChanges): Edit | undefined {
  const lastPair = map.items[map.items.length - 1];
  const lastEnd = lastPair ? (contentEnd(lastPair.value as YamlNode | null) ?? contentEnd(lastPair.key as YamlNode)) : undefined;
  if (map.flow) {
    if (lastEnd === undefined) {
      const close = editor.text.lastIndexOf('}', (map.range?.[1] ?? 0) - 1);
      return close === -1 ? undefined : { start: close, end: close, text: `${key}: [${renderFlow(item)}]` };
    }
    return { start: lastEnd, end: lastEnd, text: `, ${key}: [${renderFlow(item)}]` };
  }
  const firstKey = map.items[0]?.key as YamlNode | undefined;
  if (lastEnd === undefined || !firstKey?.range) return undefined;
  const column = editor.lines.positionAt(firstKey.range[0]).character;
  const dash = column + (itemsIndentedNear(editor, map) ? editor.indentUnit : 0);
  const at = lineAfter(editor.text, lastEnd);
  const needsBreak = at > 0 && editor.text[at - 1] !== '\n';
  return { start: at, end: at, text: `${needsBreak ? editor.eol : ''}${' '.repeat(column)}${key}:${editor.eol}${blockItem(editor, item, dash)}` };
}

/** `- name: tmp` / `  emptyDir: {}` with the dash at column `dash`, ending with a line break. */
function blockItem(editor: YamlEditor, item: YamlChanges, dash: number): string {
  const body = renderBlock(item, dash + 2, editor.indentUnit, editor.eol);
  return `${' '.repeat(dash)}- ${body.slice(dash + 2)}`;
}

function endOfKey(editor: YamlEditor, key: YamlNode): number {
  const keyEnd = key.range?.[1] ?? 0;
  const colon = editor.text.indexOf(':', keyEnd);
  return colon === -1 ? keyEnd : colon + 1;
}

/** The offset just after the line break that ends the line holding `offset` (or the end of the text). */
function lineAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const next = text.indexOf('\n', offset);
  return next === -1 ? text.length : next + 1;
}

/**
 * The sequence style around `map`: that of a block sequence it already holds (`env:`, `containers:`), else
 * the one most used in its YAML document, else in the file.
 */
function itemsIndentedNear(editor: YamlEditor, map: YAMLMap): boolean {
  for (const pair of map.items) {
    const value = pair.value as YamlNode | null;
    const first = isSeq(value) && !value.flow ? (value.items[0] as YamlNode | undefined) : undefined;
    const keyStart = (pair.key as YamlNode | null)?.range?.[0];
    if (!first?.range || keyStart === undefined) continue;
    const dashOffset = editor.text.lastIndexOf('-', first.range[0]);
    if (dashOffset === -1) continue;
    return editor.lines.positionAt(dashOffset).character > editor.lines.positionAt(keyStart).character;
  }
  const at = map.range?.[0] ?? 0;
  const documentStart = editor.text.lastIndexOf('\n---', at);
  const documentEnd = editor.text.indexOf('\n---', at);
  const documentText = editor.text.slice(documentStart === -1 ? 0 : documentStart, documentEnd === -1 ? editor.text.length : documentEnd);
  return sequenceStyle(documentText) ?? sequenceStyle(editor.text) ?? true;
}

/**
 * Whether the file indents block sequence items under their key (`containers:` / `  - name: app`) rather
 * than writing them flush with it (`- name: app`); the more common style wins, indented when it cannot tell.
 */
export function sequenceItemsIndented(text: string): boolean {
  return sequenceStyle(text) ?? true;
}

/** Indented (true) or flush (false) block sequences, whichever is more common; undefined when there are none. */
function sequenceStyle(text: string): boolean | undefined {
  let indented = 0;
  let flush = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length - 1; index++) {
    const keyLine = /^(\s*)(- +)?[^\s#-][^:#]*:\s*(#.*)?\r?$/.exec(lines[index] ?? '');
    if (!keyLine) continue;
    let next = index + 1;
    while (next < lines.length && /^\s*(#.*)?\r?$/.test(lines[next] ?? '')) next++;
    const item = /^(\s*)- /.exec(lines[next] ?? '');
    if (!item) continue;
    const keyColumn = (keyLine[1] ?? '').length + (keyLine[2] ?? '').length;
    const dashColumn = (item[1] ?? '').length;
    if (dashColumn > keyColumn) indented++;
    else if (dashColumn === keyColumn) flush++;
  }
  if (indented === 0 && flush === 0) return undefined;
  return indented >= flush;
}

/**
 * Puts a full-line comment above what an insertion adds: inside the inserted text when it starts a new line,
 * otherwise (a flow-style insertion) above the line the insertion lands on.
 */
export function withCommentAbove(editor: YamlEditor, edit: Edit, comment: string): Edit[] {
  const lead = /^(\r?\n)?/.exec(edit.text)?.[0] ?? '';
  const rest = edit.text.slice(lead.length);
  const startsLine = lead !== '' || edit.start === 0 || editor.text[edit.start - 1] === '\n';
  const indent = /^ */.exec(rest)?.[0] ?? '';
  if (edit.start === edit.end && startsLine && /^ *[^\s]/.test(rest)) {
    return [{ ...edit, text: `${lead}${indent}# ${comment}${editor.eol}${rest}` }];
  }
  const line = editor.lines.positionAt(edit.start).line;
  const lineStart = editor.lines.lineStart(line);
  const lineIndent = /^[ \t]*/.exec(editor.text.slice(lineStart))?.[0] ?? '';
  return [{ start: lineStart, end: lineStart, text: `${lineIndent}# ${comment}${editor.eol}` }, edit];
}

/**
 * Joins insertions at the same offset into one edit so they do not collide. Block insertions there all end
 * the same stretch of nested maps and sequences, so the most indented goes first (it closes the innermost
 * node); equal indentation keeps the given order.
 */
export function mergeInsertions(edits: Edit[]): Edit[] {
  const merged: Edit[] = [];
  const groups = new Map<number, Edit[]>();
  for (const edit of edits) {
    if (edit.start !== edit.end) {
      merged.push({ ...edit });
      continue;
    }
    const group = groups.get(edit.start);
    if (group) group.push(edit);
    else {
      const fresh = [edit];
      groups.set(edit.start, fresh);
      merged.push({ ...edit });
    }
  }
  for (const edit of merged) {
    const group = edit.start === edit.end ? groups.get(edit.start) : undefined;
    if (!group || group.length < 2) continue;
    edit.text = [...group].sort((a, b) => insertionIndent(b.text) - insertionIndent(a.text)).map((item) => item.text).join('');
  }
  return merged;
}

/** The indentation of the first line a block insertion writes. */
function insertionIndent(text: string): number {
  return /^(?:\r?\n)*( *)/.exec(text)?.[1]?.length ?? 0;
}

/** The node a key holds, unless it is an empty value. */
export function presentValue(map: YAMLMap | undefined, key: string): YamlNode | undefined {
  if (!map) return undefined;
  const value = resolveAlias(pairAt(map, key)?.value) as YamlNode | null | undefined;
  if (value === null || value === undefined) return undefined;
  if (isScalar(value) && (value.value === null || value.value === '')) return undefined;
  return value;
}
