// kustomize's field specs: which field of which kinds a transformer writes (labels, annotations, namespaces,
// replicas), as paths like `spec/template/metadata/labels` with `[]` stepping into every list element.
import { apiVersionOf, groupOf, kindOf, versionOf, type Resource } from './resource';
import type { KMap, KNode, Origin } from './values';

export interface FieldSpec {
  path: string;
  kind?: string;
  group?: string;
  version?: string;
  create?: boolean;
}

export function specApplies(spec: FieldSpec, resource: Resource): boolean {
  const apiVersion = apiVersionOf(resource);
  if (spec.kind !== undefined && spec.kind !== kindOf(resource)) return false;
  if (spec.group !== undefined && spec.group !== groupOf(apiVersion)) return false;
  if (spec.version !== undefined && spec.version !== versionOf(apiVersion)) return false;
  return true;
}

/**
 * Calls `visit` with every parent map holding the spec's last field (creating the maps on the way when
 * `create`), and that field's name.
 */
export function visitField(node: KNode, spec: FieldSpec, visit: (parent: KMap, key: string) => void, origin?: Origin): void {
  const segments = spec.path.split('/');
  const walk = (current: KNode, index: number): void => {
    const segment = segments[index]!;
    const list = segment.endsWith('[]');
    const key = list ? segment.slice(0, -2) : segment;
    if (current.kind !== 'map') return;
    if (index === segments.length - 1 && !list) {
      visit(current, key);
      return;
    }
    let next = current.entries.find((entry) => entry.key === key)?.value;
    if ((!next || (next.kind === 'scalar' && next.value === null)) && spec.create && !list) {
      const created: KMap = { kind: 'map', entries: [], origin };
      const existing = current.entries.find((entry) => entry.key === key);
      if (existing) existing.value = created;
      else current.entries.push({ key, value: created, keyOrigin: origin });
      next = created;
    }
    if (!next) return;
    if (list) {
      if (next.kind !== 'seq') return;
      if (index === segments.length - 1) return;
      for (const item of next.items) walk(item, index + 1);
      return;
    }
    walk(next, index + 1);
  };
  walk(node, 0);
}

/** Sets `pairs` in the map each applicable spec names (creating it when the spec says so). */
export function setMapFields(resource: Resource, specs: readonly FieldSpec[], pairs: ReadonlyArray<[string, string, Origin | undefined]>, origin: Origin | undefined): void {
  for (const spec of specs) {
    if (!specApplies(spec, resource)) continue;
    visitField(
      resource.node,
      spec,
      (parent, key) => {
        let entry = parent.entries.find((item) => item.key === key);
        if (!entry || (entry.value.kind === 'scalar' && entry.value.value === null)) {
          if (!spec.create) return;
          const created: KMap = { kind: 'map', entries: [], origin };
          if (entry) entry.value = created;
          else {
            entry = { key, value: created, keyOrigin: origin };
            parent.entries.push(entry);
          }
        }
        const map = entry.value;
        if (map.kind !== 'map') return;
        for (const [name, value, valueOrigin] of pairs) {
          const existing = map.entries.find((item) => item.key === name);
          const node = { kind: 'scalar' as const, value, origin: valueOrigin ?? origin, replaced: existing?.value.origin };
          if (existing) existing.value = node;
          else map.entries.push({ key: name, value: node, keyOrigin: valueOrigin ?? origin });
        }
      },
      origin,
    );
  }
}

const spec = (path: string, kind?: string, group?: string, create = true, version?: string): FieldSpec => ({ path, kind, group, create, version });

const AFFINITY_SELECTORS = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints[]/labelSelector/matchLabels',
];

/** Pod template labels (`labels` with includeTemplates). */
export const TEMPLATE_LABEL_SPECS: readonly FieldSpec[] = [
  spec('spec/template/metadata/labels', 'ReplicationController', undefined, true, 'v1'),
  spec('spec/template/metadata/labels', 'Deployment'),
  spec('spec/template/metadata/labels', 'ReplicaSet'),
  spec('spec/template/metadata/labels', 'DaemonSet'),
  spec('spec/template/metadata/labels', 'StatefulSet', 'apps'),
  spec('spec/volumeClaimTemplates[]/metadata/labels', 'StatefulSet', 'apps'),
  spec('spec/template/metadata/labels', 'Job', 'batch'),
  spec('spec/jobTemplate/metadata/labels', 'CronJob', 'batch'),
  spec('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', 'batch'),
];

/** Every label field `commonLabels` (or `labels` with includeSelectors) writes, selectors included. */
export const COMMON_LABEL_SPECS: readonly FieldSpec[] = [
  spec('metadata/labels'),
  spec('spec/selector', 'Service', undefined, true, 'v1'),
  spec('spec/selector', 'ReplicationController', undefined, true, 'v1'),
  spec('spec/selector/matchLabels', 'Deployment'),
  ...AFFINITY_SELECTORS.map((path) => spec(path, 'Deployment', 'apps', false)),
  spec('spec/selector/matchLabels', 'ReplicaSet'),
  spec('spec/selector/matchLabels', 'DaemonSet'),
  spec('spec/selector/matchLabels', 'StatefulSet', 'apps'),
  ...AFFINITY_SELECTORS.map((path) => spec(path, 'StatefulSet', 'apps', false)),
  spec('spec/selector/matchLabels', 'Job', 'batch', false),
  spec('spec/jobTemplate/spec/selector/matchLabels', 'CronJob', 'batch', false),
  spec('spec/selector/matchLabels', 'PodDisruptionBudget', 'policy', false),
  spec('spec/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io', false),
  spec('spec/ingress[]/from[]/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io', false),
  spec('spec/egress[]/to[]/podSelector/matchLabels', 'NetworkPolicy', 'networking.k8s.io', false),
  ...TEMPLATE_LABEL_SPECS,
];

export const METADATA_LABEL_SPECS: readonly FieldSpec[] = [spec('metadata/labels')];

/** `commonAnnotations` go where template labels go (pod templates), except volume claim templates. */
export const COMMON_ANNOTATION_SPECS: readonly FieldSpec[] = [
  spec('metadata/annotations'),
  ...TEMPLATE_LABEL_SPECS.filter((item) => !item.path.includes('volumeClaimTemplates')).map((item) => ({ ...item, path: item.path.replace(/labels$/, 'annotations') })),
];

export const REPLICA_SPECS: readonly FieldSpec[] = [
  spec('spec/replicas', 'Deployment'),
  spec('spec/replicas', 'ReplicationController'),
  spec('spec/replicas', 'ReplicaSet'),
  spec('spec/replicas', 'StatefulSet'),
];
