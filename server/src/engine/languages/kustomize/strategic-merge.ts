// Strategic merge patches the way kustomize applies them (kyaml merge2): maps merge, `null` deletes, lists
// with a Kubernetes merge key (containers, env, ports, volumes, volumeMounts…) merge element by element with
// the patched elements first, every other list (and every list of a custom resource) is replaced.
// `$patch: delete|replace` work on list elements, maps and whole objects.
import { groupOf } from './resource';
import { KustomizeError, withVia, type KMap, type KNode, type KSeq } from './values';

/** A node of the schema: the merge keys of lists below it. */
export interface SchemaNode {
  fields?: Record<string, SchemaNode>;
  /** For a list: the keys that identify its elements, and the schema of the elements. */
  mergeKeys?: string[];
  items?: SchemaNode;
}

const CONTAINER: SchemaNode = {
  fields: {
    env: { mergeKeys: ['name'] },
    ports: { mergeKeys: ['containerPort', 'protocol'] },
    volumeMounts: { mergeKeys: ['mountPath'] },
    volumeDevices: { mergeKeys: ['devicePath'] },
  },
};

const POD_SPEC: SchemaNode = {
  fields: {
    containers: { mergeKeys: ['name'], items: CONTAINER },
    initContainers: { mergeKeys: ['name'], items: CONTAINER },
    ephemeralContainers: { mergeKeys: ['name'], items: CONTAINER },
    volumes: { mergeKeys: ['name'] },
    imagePullSecrets: { mergeKeys: ['name'] },
    hostAliases: { mergeKeys: ['ip'] },
    topologySpreadConstraints: { mergeKeys: ['topologyKey', 'whenUnsatisfiable'] },
  },
};

const POD_TEMPLATE: SchemaNode = { fields: { spec: POD_SPEC } };
const WITH_TEMPLATE: SchemaNode = { fields: { spec: { fields: { template: POD_TEMPLATE } } } };

/** Built-in kinds by API group; custom resources have no schema, so all their lists are replaced. */
const SCHEMAS: Record<string, { groups: string[]; schema: SchemaNode }> = {
  Pod: { groups: [''], schema: { fields: { spec: POD_SPEC } } },
  PodTemplate: { groups: [''], schema: { fields: { template: POD_TEMPLATE } } },
  ReplicationController: { groups: [''], schema: WITH_TEMPLATE },
  Deployment: { groups: ['apps', 'extensions'], schema: WITH_TEMPLATE },
  ReplicaSet: { groups: ['apps', 'extensions'], schema: WITH_TEMPLATE },
  DaemonSet: { groups: ['apps', 'extensions'], schema: WITH_TEMPLATE },
  StatefulSet: { groups: ['apps'], schema: WITH_TEMPLATE },
  Job: { groups: ['batch'], schema: WITH_TEMPLATE },
  CronJob: { groups: ['batch'], schema: { fields: { spec: { fields: { jobTemplate: { fields: { spec: { fields: { template: POD_TEMPLATE } } } } } } } } },
  Service: { groups: [''], schema: { fields: { spec: { fields: { ports: { mergeKeys: ['port', 'protocol'] } } } } } },
};

export function schemaFor(kind: string, apiVersion: string): SchemaNode | undefined {
  const entry = SCHEMAS[kind];
  return entry && entry.groups.includes(groupOf(apiVersion)) ? entry.schema : undefined;
}

export interface MergeResult {
  /** False when the patch deletes the whole object (`$patch: delete` at the top). */
  keep: boolean;
}

const DIRECTIVE = '$patch';

/** Merges `patch` into `target` (both whole objects); patch values carry `via` in their origin. */
export function strategicMerge(target: KMap, patch: KMap, kind: string, apiVersion: string, via: string): MergeResult {
  const directive = directiveOf(patch);
  if (directive === 'delete') return { keep: false };
  if (directive === 'replace') {
    target.entries = withoutDirective(patch).entries.map((entry) => ({ ...entry, value: stamped(entry.value, via) }));
    return { keep: true };
  }
  mergeMap(target, patch, schemaFor(kind, apiVersion), via);
  return { keep: true };
}

function directiveOf(node: KNode): string | undefined {
  if (node.kind !== 'map') return undefined;
  const entry = node.entries.find((item) => item.key === DIRECTIVE);
  return entry?.value.kind === 'scalar' && typeof entry.value.value === 'string' ? entry.value.value : undefined;
}

function withoutDirective(map: KMap): KMap {
  return { ...map, entries: map.entries.filter((entry) => entry.key !== DIRECTIVE) };
}

/** A copy of a patch value whose nodes say they were written by `via`. */
const stamped = withVia;

function replacedBy(previous: KNode, next: KNode): KNode {
  if (previous.origin) next.replaced = previous.origin;
  return next;
}

function mergeMap(target: KMap, patch: KMap, schema: SchemaNode | undefined, via: string): void {
  for (const entry of patch.entries) {
    if (entry.key === DIRECTIVE) continue;
    const index = target.entries.findIndex((item) => item.key === entry.key);
    const existing = index >= 0 ? target.entries[index] : undefined;
    const value = entry.value;
    if (value.kind === 'scalar' && value.value === null) {
      if (existing) target.entries.splice(index, 1);
      continue;
    }
    const childSchema = schema?.fields?.[entry.key];
    const directive = directiveOf(value);
    if (value.kind === 'map' && directive === 'delete') {
      if (existing) target.entries.splice(index, 1);
      continue;
    }
    if (value.kind === 'map' && directive === 'replace') {
      const replacement = stamped(withoutDirective(value), via);
      if (existing) existing.value = replacedBy(existing.value, replacement);
      else target.entries.push({ key: entry.key, value: replacement, keyOrigin: entry.keyOrigin });
      continue;
    }
    if (!existing) {
      target.entries.push({ key: entry.key, value: stamped(clean(value), via), keyOrigin: entry.keyOrigin && { ...entry.keyOrigin, via } });
      continue;
    }
    const current = existing.value;
    if (value.kind === 'map' && current.kind === 'map') {
      mergeMap(current, value, childSchema, via);
    } else if (value.kind === 'seq' && current.kind === 'seq' && childSchema?.mergeKeys) {
      existing.value = mergeList(current, value, childSchema, via);
    } else if (value.kind === 'seq' && directiveInList(value)) {
      existing.value = replacedBy(current, stamped(listWithoutDirectives(value), via));
    } else if (value.kind === 'map' && current.kind !== 'map') {
      existing.value = replacedBy(current, stamped(clean(value), via));
    } else if (value.kind === 'scalar' && current.kind === 'scalar' && value.value === current.value) {
      // The patch repeats the value (a merge key like a container's name): the base still owns it.
    } else {
      existing.value = replacedBy(current, stamped(clean(value), via));
    }
  }
}

/** A patch value added where nothing was: directives and nulls inside it have nothing to act on. */
function clean(node: KNode): KNode {
  if (node.kind === 'map') {
    return { ...node, entries: node.entries.filter((entry) => entry.key !== DIRECTIVE && !(entry.value.kind === 'scalar' && entry.value.value === null)).map((entry) => ({ ...entry, value: clean(entry.value) })) };
  }
  if (node.kind === 'seq') return listWithoutDirectives(node);
  return node;
}

function directiveInList(list: KSeq): boolean {
  return list.items.some((item) => directiveOf(item) !== undefined);
}

function listWithoutDirectives(list: KSeq): KSeq {
  return { ...list, items: list.items.filter((item) => directiveOf(item) === undefined).map(clean) };
}

function keyValues(item: KNode, keys: string[]): (string | undefined)[] {
  return keys.map((key) => {
    const entry = item.kind === 'map' ? item.entries.find((candidate) => candidate.key === key) : undefined;
    return entry?.value.kind === 'scalar' && entry.value.value !== null ? String(entry.value.value) : undefined;
  });
}

function sameKey(a: (string | undefined)[], b: (string | undefined)[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Element-by-element merge: patched and new elements first in patch order, then untouched ones in order. */
function mergeList(target: KSeq, patch: KSeq, schema: SchemaNode, via: string): KSeq {
  const keys = schema.mergeKeys ?? [];
  if (patch.items.some((item) => directiveOf(item) === 'replace')) {
    return replacedBy(target, stamped({ ...patch, items: patch.items.filter((item) => directiveOf(item) !== 'replace').map(clean) }, via)) as KSeq;
  }
  const remaining = [...target.items];
  const result: KNode[] = [];
  for (const item of patch.items) {
    if (item.kind !== 'map') throw new KustomizeError('A strategic merge patch list element must be a mapping here.', item.origin);
    const values = keyValues(item, keys);
    if (values[0] === undefined) throw new KustomizeError(`A strategic merge patch list element has no "${keys[0]}" to merge by.`, item.origin);
    let index = remaining.findIndex((candidate) => sameKey(keyValues(candidate, keys), values));
    if (index < 0 && keys.length > 1 && values.slice(1).some((value) => value !== undefined)) {
      // kustomize ignores a patch element whose extra key (a port's protocol) is set when the base
      // element with the same first key leaves it unset (kubernetes-sigs/kustomize#3620).
      const looseIndex = remaining.findIndex((candidate) => {
        const candidateValues = keyValues(candidate, keys);
        return candidateValues[0] === values[0] && candidateValues.slice(1).every((value) => value === undefined);
      });
      if (looseIndex >= 0) continue;
    }
    if (index < 0 && keys.length > 1 && values.slice(1).every((value) => value === undefined)) {
      index = remaining.findIndex((candidate) => keyValues(candidate, keys)[0] === values[0]);
    }
    const directive = directiveOf(item);
    if (directive === 'delete') {
      if (index >= 0) remaining.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const [existing] = remaining.splice(index, 1) as [KMap];
      mergeMap(existing, item, schema.items, via);
      result.push(existing);
    } else {
      result.push(stamped(clean(item), via));
    }
  }
  return { ...target, items: [...result, ...remaining] };
}

