// `replacements:` copy one field of one object into fields of others, addressed by paths like
// `spec.template.spec.containers.[name=app].args.3` (with optional delimiter/index and create options).
import type { Resource } from './resource';
import { readSelector, selectResources } from './selector';
import { cloneNode, KustomizeError, scalarText, stringValueAt, valueAt, type KMap, type KNode, type Origin } from './values';

type Segment = { key: string } | { index: number } | { match: [string, string] };

function parsePath(path: string, origin: Origin | undefined): Segment[] {
  const parts = path.match(/\[[^\]]*\]|[^.]+/g);
  if (!parts || parts.length === 0) throw new KustomizeError(`"${path}" is not a field path.`, origin);
  return parts.map((part) => {
    if (part.startsWith('[')) {
      const inner = part.slice(1, -1);
      const equals = inner.indexOf('=');
      return equals < 0 ? { key: inner } : { match: [inner.slice(0, equals), inner.slice(equals + 1)] };
    }
    return /^\d+$/.test(part) ? { index: Number(part) } : { key: part };
  });
}

function step(node: KNode, segment: Segment): KNode | undefined {
  if ('key' in segment) {
    if (node.kind === 'seq' && /^\d+$/.test(segment.key)) return node.items[Number(segment.key)];
    return node.kind === 'map' ? node.entries.find((entry) => entry.key === segment.key)?.value : undefined;
  }
  if ('index' in segment) {
    if (node.kind === 'seq') return node.items[segment.index];
    return node.kind === 'map' ? node.entries.find((entry) => entry.key === String(segment.index))?.value : undefined;
  }
  if (node.kind !== 'seq') return undefined;
  return node.items.find((item) => scalarText(valueAt(item, segment.match[0])) === segment.match[1]);
}

function lookup(root: KNode, segments: Segment[]): KNode | undefined {
  let current: KNode | undefined = root;
  for (const segment of segments) current = current ? step(current, segment) : undefined;
  return current;
}

interface Options {
  delimiter?: string;
  index: number;
  create: boolean;
}

function readOptions(node: KNode | undefined): Options {
  const index = valueAt(node, 'index');
  const create = valueAt(node, 'create');
  return {
    delimiter: stringValueAt(node, 'delimiter'),
    index: index?.kind === 'scalar' && typeof index.value === 'bigint' ? Number(index.value) : 0,
    create: create?.kind === 'scalar' && create.value === true,
  };
}

export function applyReplacements(resources: readonly Resource[], replacements: readonly KNode[]): void {
  for (const replacement of replacements) {
    const source = valueAt(replacement, 'source');
    if (!source) throw new KustomizeError('A replacement needs a source.', replacement.origin);
    const sources = selectResources(resources, readSelector(source), source.origin);
    if (sources.length !== 1) {
      throw new KustomizeError(sources.length === 0 ? 'The replacement source selects no object of this build.' : `The replacement source selects ${sources.length} objects; it must select one.`, source.origin);
    }
    const fieldPath = stringValueAt(source, 'fieldPath') ?? 'metadata.name';
    let value = lookup(sources[0]!.node, parsePath(fieldPath, source.origin));
    if (!value) throw new KustomizeError(`The replacement source has no field ${fieldPath}.`, valueAt(source, 'fieldPath')?.origin ?? source.origin);
    const sourceOptions = readOptions(valueAt(source, 'options'));
    if (sourceOptions.delimiter !== undefined && value.kind === 'scalar') {
      const parts = (scalarText(value) ?? '').split(sourceOptions.delimiter);
      value = { ...value, value: parts[sourceOptions.index] ?? '' };
    }
    const targets = valueAt(replacement, 'targets');
    if (targets?.kind !== 'seq') continue;
    for (const target of targets.items) {
      const select = valueAt(target, 'select');
      if (!select) throw new KustomizeError('A replacement target needs a select.', target.origin);
      const rejects = valueAt(target, 'reject');
      const rejected = new Set(rejects?.kind === 'seq' ? rejects.items.flatMap((reject) => selectResources(resources, readSelector(reject), reject.origin)) : []);
      const options = readOptions(valueAt(target, 'options'));
      const paths = valueAt(target, 'fieldPaths');
      const fieldPaths = paths?.kind === 'seq' ? paths.items.map((item) => ({ path: scalarText(item) ?? '', origin: item.origin })) : [{ path: 'metadata.name', origin: target.origin }];
      for (const resource of selectResources(resources, readSelector(select), select.origin)) {
        if (rejected.has(resource)) continue;
        for (const { path, origin } of fieldPaths) setTarget(resource.node, parsePath(path.trim(), origin), value, options, path, origin);
      }
    }
  }
}

function setTarget(root: KMap, segments: Segment[], value: KNode, options: Options, path: string, origin: Origin | undefined): void {
  let current: KNode = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    let next = step(current, segment);
    if (!next && options.create && 'key' in segment && current.kind === 'map') {
      next = { kind: 'map', entries: [] };
      current.entries.push({ key: segment.key, value: next });
    }
    if (!next) throw new KustomizeError(`The replacement target has no field ${path}.`, origin);
    current = next;
  }
  const last = segments[segments.length - 1]!;
  const existing = step(current, last);
  if (!existing && !options.create) throw new KustomizeError(`The replacement target has no field ${path}.`, origin);
  let replacement: KNode = cloneNode(value);
  if (replacement.origin) replacement.origin = { ...replacement.origin, via: 'replacements' };
  if (existing?.kind === 'scalar' && replacement.kind === 'scalar') {
    // The target keeps its own type: a number copied into a string field stays a string.
    const text = scalarText(replacement) ?? '';
    if (options.delimiter !== undefined && typeof existing.value === 'string') {
      const parts = existing.value.split(options.delimiter);
      if (options.index >= parts.length) parts.push(text);
      else parts[options.index] = text;
      replacement = { ...replacement, value: parts.join(options.delimiter) };
    } else if (typeof existing.value === 'string') {
      replacement = { ...replacement, value: text };
    }
    replacement.replaced = existing.origin;
  }
  if (current.kind === 'map' && 'key' in last) {
    const entry = current.entries.find((item) => item.key === last.key);
    if (entry) entry.value = replacement;
    else current.entries.push({ key: last.key, value: replacement });
    return;
  }
  if (current.kind === 'seq') {
    const index = 'index' in last ? last.index : 'key' in last ? Number(last.key) : current.items.indexOf(existing!);
    if (index >= 0 && index < current.items.length) current.items[index] = replacement;
    return;
  }
  throw new KustomizeError(`The replacement target field ${path} cannot be set.`, origin);
}
