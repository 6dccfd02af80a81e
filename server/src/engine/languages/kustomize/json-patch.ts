// RFC 6902 JSON patches applied to a value tree with the semantics of evanphx/json-patch v4, which kustomize
// uses: `add`/`replace` need the parent, `replace`/`remove` need the target, `-` appends, `test` compares.
import { cloneNode, KustomizeError, sameValue, stringValueAt, withVia, type KMap, type KNode, type Origin } from './values';

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: KNode;
  origin?: Origin;
}

export function readJsonPatch(node: KNode | undefined, origin: Origin | undefined): JsonPatchOperation[] {
  if (node?.kind !== 'seq') throw new KustomizeError('A JSON 6902 patch must be a list of operations.', origin);
  return node.items.map((item) => {
    const op = stringValueAt(item, 'op');
    const path = stringValueAt(item, 'path');
    if (!op || path === undefined) throw new KustomizeError('Each JSON 6902 operation needs an "op" and a "path".', item.origin ?? origin);
    const value = item.kind === 'map' ? item.entries.find((entry) => entry.key === 'value')?.value : undefined;
    return { op, path, from: stringValueAt(item, 'from'), value, origin: item.origin ?? origin };
  });
}

function pointer(path: string, origin: Origin | undefined): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new KustomizeError(`JSON patch path "${path}" must start with "/".`, origin);
  return path.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Location {
  parent: KNode;
  key: string;
}

function locate(root: KMap, parts: string[], path: string, origin: Origin | undefined): Location {
  let current: KNode = root;
  for (const part of parts.slice(0, -1)) {
    const next = child(current, part);
    if (!next) throw new KustomizeError(`JSON patch path "${path}" does not exist in the object (doc is missing path).`, origin);
    current = next;
  }
  return { parent: current, key: parts[parts.length - 1] ?? '' };
}

function child(node: KNode, key: string): KNode | undefined {
  if (node.kind === 'map') return node.entries.find((entry) => entry.key === key)?.value;
  if (node.kind === 'seq' && /^(0|[1-9][0-9]*)$/.test(key)) return node.items[Number(key)];
  return undefined;
}

/** Applies every operation in order; throws KustomizeError at the first that cannot apply. */
export function applyJsonPatch(root: KMap, operations: readonly JsonPatchOperation[], via: string): void {
  for (const operation of operations) applyOne(root, operation, via);
}

function applyOne(root: KMap, operation: JsonPatchOperation, via: string): void {
  const { op, path, origin } = operation;
  const parts = pointer(path, origin);
  if (parts.length === 0) throw new KustomizeError(`JSON patch "${op}" on the whole object is not supported.`, origin);
  const needValue = (): KNode => {
    if (!operation.value) throw new KustomizeError(`JSON patch "${op}" at "${path}" needs a "value".`, origin);
    return withVia(operation.value, via);
  };
  switch (op) {
    case 'add':
      return insert(locate(root, parts, path, origin), needValue(), path, origin, false);
    case 'replace':
      return insert(locate(root, parts, path, origin), needValue(), path, origin, true);
    case 'remove':
      remove(locate(root, parts, path, origin), path, origin);
      return;
    case 'move':
    case 'copy': {
      if (operation.from === undefined) throw new KustomizeError(`JSON patch "${op}" needs a "from".`, origin);
      const fromParts = pointer(operation.from, origin);
      const source = locate(root, fromParts, operation.from, origin);
      const value = child(source.parent, source.key);
      if (!value) throw new KustomizeError(`JSON patch "${op}" from "${operation.from}": nothing there.`, origin);
      if (op === 'move') remove(source, operation.from, origin);
      return insert(locate(root, parts, path, origin), cloneNode(value), path, origin, false);
    }
    case 'test': {
      const location = locate(root, parts, path, origin);
      const actual = child(location.parent, location.key);
      const expected = operation.value;
      if (!actual || !expected || !sameValue(actual, expected)) throw new KustomizeError(`JSON patch test failed: the value at "${path}" is not the expected one.`, origin);
      return;
    }
    default:
      throw new KustomizeError(`"${op}" is not a JSON patch operation (add, remove, replace, move, copy, test).`, origin);
  }
}

function insert(location: Location, value: KNode, path: string, origin: Origin | undefined, mustExist: boolean): void {
  const { parent, key } = location;
  if (parent.kind === 'map') {
    const entry = parent.entries.find((item) => item.key === key);
    // evanphx/json-patch v4 does not check that a replaced object key exists.
    if (entry) {
      if (entry.value.origin) value.replaced = entry.value.origin;
      entry.value = value;
    } else parent.entries.push({ key, value, keyOrigin: value.origin });
    return;
  }
  if (parent.kind === 'seq') {
    const index = key === '-' ? parent.items.length : /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : Number.NaN;
    if (mustExist) {
      if (!(index >= 0 && index < parent.items.length)) throw new KustomizeError(`JSON patch replace at "${path}": index out of range.`, origin);
      const previous = parent.items[index]!;
      if (previous.origin) value.replaced = previous.origin;
      parent.items[index] = value;
      return;
    }
    if (!(index >= 0 && index <= parent.items.length)) throw new KustomizeError(`JSON patch add at "${path}": index out of range.`, origin);
    parent.items.splice(index, 0, value);
    return;
  }
  throw new KustomizeError(`JSON patch at "${path}": the parent is not an object or a list.`, origin);
}

function remove(location: Location, path: string, origin: Origin | undefined): void {
  const { parent, key } = location;
  if (parent.kind === 'map') {
    const index = parent.entries.findIndex((item) => item.key === key);
    if (index < 0) throw new KustomizeError(`JSON patch remove at "${path}": nothing there to remove.`, origin);
    parent.entries.splice(index, 1);
    return;
  }
  if (parent.kind === 'seq') {
    const index = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : -1;
    if (index < 0 || index >= parent.items.length) throw new KustomizeError(`JSON patch remove at "${path}": index out of range.`, origin);
    parent.items.splice(index, 1);
    return;
  }
  throw new KustomizeError(`JSON patch remove at "${path}": the parent is not an object or a list.`, origin);
}
