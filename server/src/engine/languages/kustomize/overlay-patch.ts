// "Add a patch to <overlay>/kustomization.yaml": when a problem of a shared base should be fixed in one
// overlay only, the base fix is turned into a strategic merge patch (only what the fix changes, list elements
// identified by their merge keys) in a new file of the overlay, listed under the overlay's `patches:`.
import { posix } from 'node:path';
import { LineIndex, detectEol } from '../../text';
import type { Edit } from '../../types';
import { schemaFor, type SchemaNode } from './strategic-merge';
import { cloneNode, entryOf, parseYamlDocuments, sameValue, stringValueAt, type KMap, type KNode, type KSeq } from './values';
import { emitYamlV2 } from './yaml-v2-emitter';

export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  /** The name as the base writes it (what an overlay's patch names). */
  name: string;
}

export interface OverlayPatch {
  /** The new patch file: absolute path (with `/`) and text. */
  file: { path: string; text: string };
  /** The edits to the overlay's kustomization file. */
  kustomizationEdits: Edit[];
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

function findObject(text: string, file: string, identity: ObjectIdentity): KMap | undefined {
  for (const document of parseYamlDocuments(text, file)) {
    const node = document.node;
    if (node?.kind === 'map' && stringValueAt(node, 'kind') === identity.kind && stringValueAt(node, 'metadata', 'name') === identity.name) return node;
  }
  return undefined;
}

function keyValues(item: KNode, keys: readonly string[]): Array<string | undefined> {
  return keys.map((key) => {
    const value = entryOf(item, key)?.value;
    return value?.kind === 'scalar' && value.value !== null ? String(value.value) : undefined;
  });
}

/** What turns `before` into `after` as a strategic merge patch (undefined when nothing changed). */
function diffMap(before: KMap, after: KMap, schema: SchemaNode | undefined): KMap | undefined {
  const entries: KMap['entries'] = [];
  for (const entry of after.entries) {
    const old = entryOf(before, entry.key)?.value;
    const childSchema = schema?.fields?.[entry.key];
    if (!old) entries.push({ key: entry.key, value: cloneNode(entry.value) });
    else if (old.kind === 'map' && entry.value.kind === 'map') {
      const inner = diffMap(old, entry.value, childSchema);
      if (inner) entries.push({ key: entry.key, value: inner });
    } else if (old.kind === 'seq' && entry.value.kind === 'seq' && childSchema?.mergeKeys) {
      const inner = diffList(old, entry.value, childSchema);
      if (inner) entries.push({ key: entry.key, value: inner });
    } else if (!sameValue(old, entry.value)) entries.push({ key: entry.key, value: cloneNode(entry.value) });
  }
  for (const entry of before.entries) {
    if (!entryOf(after, entry.key)) entries.push({ key: entry.key, value: { kind: 'scalar', value: null } });
  }
  return entries.length > 0 ? { kind: 'map', entries } : undefined;
}

function diffList(before: KSeq, after: KSeq, schema: SchemaNode): KSeq | undefined {
  const keys = schema.mergeKeys ?? [];
  const items: KNode[] = [];
  const identify = (item: KNode): KMap['entries'] =>
    keys.flatMap((key) => {
      const value = entryOf(item, key)?.value;
      return value ? [{ key, value: cloneNode(value) }] : [];
    });
  for (const item of after.items) {
    const values = keyValues(item, keys);
    const old = before.items.find((candidate) => keyValues(candidate, keys).every((value, index) => value === values[index]));
    if (!old) items.push(cloneNode(item));
    else if (old.kind === 'map' && item.kind === 'map') {
      const inner = diffMap(old, item, schema.items);
      if (inner) items.push({ kind: 'map', entries: [...identify(item), ...inner.entries.filter((entry) => !keys.includes(entry.key))] });
    }
  }
  for (const item of before.items) {
    const values = keyValues(item, keys);
    if (!after.items.some((candidate) => keyValues(candidate, keys).every((value, index) => value === values[index]))) {
      items.push({ kind: 'map', entries: [...identify(item), { key: '$patch', value: { kind: 'scalar', value: 'delete' } }] });
    }
  }
  return items.length > 0 ? { kind: 'seq', items } : undefined;
}

/**
 * The patch an overlay needs to apply `baseEdits` (a fix of the base file) to `identity` only in its own
 * build; undefined when the fix changes nothing in that object.
 */
export function overlayPatch(
  base: { path: string; text: string },
  baseEdits: readonly Edit[],
  identity: ObjectIdentity,
  overlay: { kustomizationPath: string; kustomizationText: string; patchFileName: string },
): OverlayPatch | undefined {
  const before = findObject(base.text, base.path, identity);
  const after = findObject(applyEdits(base.text, baseEdits), base.path, identity);
  if (!before || !after) return undefined;
  const changes = diffMap(before, after, schemaFor(identity.kind, identity.apiVersion));
  if (!changes) return undefined;
  const patch: KMap = {
    kind: 'map',
    entries: [
      { key: 'apiVersion', value: { kind: 'scalar', value: identity.apiVersion } },
      { key: 'kind', value: { kind: 'scalar', value: identity.kind } },
      { key: 'metadata', value: { kind: 'map', entries: [{ key: 'name', value: { kind: 'scalar', value: identity.name } }] } },
      ...changes.entries.filter((entry) => !['apiVersion', 'kind', 'metadata'].includes(entry.key)),
    ],
  };
  const metadataChanges = changes.entries.find((entry) => entry.key === 'metadata')?.value;
  if (metadataChanges?.kind === 'map') {
    const metadata = patch.entries[2]!.value as KMap;
    metadata.entries.push(...metadataChanges.entries.filter((entry) => entry.key !== 'name'));
  }
  const dir = posix.dirname(overlay.kustomizationPath);
  return {
    file: { path: posix.join(dir, overlay.patchFileName), text: emitYamlV2(patch).text },
    kustomizationEdits: [listPatchEdit(overlay.kustomizationText, overlay.patchFileName)],
  };
}

/** Adds `- path: file` to the kustomization's top-level `patches:` list, or the list itself at the end. */
function listPatchEdit(text: string, file: string): Edit {
  const eol = detectEol(text);
  const lines = new LineIndex(text);
  const match = /^patches:[ \t]*(#.*)?$/m.exec(text);
  if (match) {
    let line = lines.positionAt(match.index).line + 1;
    let itemIndent: string | undefined;
    let end = lines.lineEnd(line - 1);
    for (; line < lines.lineCount; line++) {
      const content = text.slice(lines.lineStart(line), lines.lineEnd(line));
      if (content.trim() === '' || content.trimStart().startsWith('#')) continue;
      const indent = /^ */.exec(content)![0];
      if (indent.length === 0 && !content.startsWith('-')) break;
      if (content.trimStart().startsWith('- ') && (itemIndent === undefined || indent.length === itemIndent.length)) itemIndent ??= indent;
      end = lines.lineEnd(line);
    }
    return { start: end, end, text: `${eol}${itemIndent ?? ''}- path: ${file}` };
  }
  const separator = text.length === 0 || text.endsWith('\n') ? '' : eol;
  return { start: text.length, end: text.length, text: `${separator}patches:${eol}- path: ${file}${eol}` };
}
