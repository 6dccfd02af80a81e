// Every string value of every analysed YAML document, with the resource it belongs to, and the way back from
// an offset in a scalar's value to the source text (quotes, escapes and block indentation differ).
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Scalar } from 'yaml';
import type { TextRange } from '../../types';
import { stringAt, type KubernetesModel, type Resource } from './model';

export interface StringScalar {
  node: Scalar<string>;
  /** The innermost resource (object with apiVersion and kind) holding the value, if any. */
  resource: Resource | undefined;
  /** The key the value is stored under (for sequence items, the key of the sequence). */
  key: string | undefined;
  /** The `name` of the map holding that key (an env entry, a container, a volume), when it has one. */
  owner: string | undefined;
}

const MAX_DEPTH = 200;

/**
 * Calls back with every string scalar that is a value (map values and sequence items, not keys) in the
 * documents the model analysed. Aliases are skipped: the anchored node is visited where it is written.
 */
export function forEachStringValue(model: KubernetesModel, callback: (scalar: StringScalar) => void): void {
  visitStringValues(model, (node, resource, key, owner) => callback({ node, resource, key, owner }));
}

/** `forEachStringValue` with the parts as arguments, for callers that visit every value of large files. */
export function visitStringValues(
  model: Pick<KubernetesModel, 'resources' | 'documents'>,
  callback: (node: Scalar<string>, resource: Resource | undefined, key: string | undefined, owner: string | undefined) => void,
): void {
  const resources = new Map<unknown, Resource>(model.resources.map((resource) => [resource.node, resource]));
  const visit = (node: unknown, resource: Resource | undefined, key: string | undefined, owner: string | undefined, depth: number): void => {
    if (depth > MAX_DEPTH || isAlias(node)) return;
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.range) callback(node as Scalar<string>, resource, key, owner);
      return;
    }
    if (isMap(node)) {
      const own = resources.get(node);
      const inner = own ?? resource;
      const name = own ? undefined : stringAt(node, 'name');
      for (const pair of node.items) {
        const pairKey = isScalar(pair.key) && pair.key.value !== null ? String(pair.key.value) : undefined;
        visit(pair.value, inner, pairKey, name, depth + 1);
      }
      return;
    }
    if (isSeq(node)) for (const item of node.items) visit(isPair(item) ? item.value : item, resource, key, owner, depth + 1);
  };
  // Aliases are never followed, so a document full of them (an alias bomb) costs no more than its text.
  for (const document of model.documents) if (document.errors.length === 0) visit(document.contents, undefined, undefined, undefined, 0);
}

/**
 * The source range of `[start, end)` of a scalar's value. Where the source spells the value differently
 * (escapes, folded lines, block indentation), the first and last lines of the matched text are looked up in
 * the source; when that fails the whole scalar is the range.
 */
export function valueRangeInSource(text: string, node: YamlNode, start: number, end: number): TextRange {
  const [from, to] = node.range ?? [0, 0];
  const whole = { start: from, end: to };
  if (!isScalar(node) || typeof node.value !== 'string') return whole;
  const value = node.value;
  const source = text.slice(from, to);
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const body = quoted ? source.slice(1, -1) : source;
  const bodyStart = quoted ? from + 1 : from;
  if (body === value) return { start: bodyStart + start, end: bodyStart + end };
  const matched = value.slice(start, end);
  const lines = matched.split('\n');
  const firstLine = lines[0] ?? '';
  const lastLine = lines[lines.length - 1] ?? '';
  const first = firstLine === '' ? -1 : source.indexOf(firstLine);
  if (first === -1) return whole;
  if (lines.length === 1) return { start: from + first, end: from + first + firstLine.length };
  const last = source.indexOf(lastLine, first + firstLine.length);
  return last === -1 ? whole : { start: from + first, end: from + last + lastLine.length };
}
