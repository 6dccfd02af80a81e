// After prefixes, suffixes and hashes renamed objects, kustomize rewrites the fields that refer to them by
// name (a Deployment's configMapRef, a RoleBinding's roleRef…). Only references to objects of the build are
// changed, matched by any name the object had, in the referrer's namespace.
import { visitField, type FieldSpec } from './field-specs';
import { allIds, effectiveNamespace, isClusterScoped, kindOf, nameOf, namespaceOf, type Resource } from './resource';
import { stringValueAt, type KMap } from './values';

interface Referral {
  /** The kind referred to. */
  target: string;
  /** Referrer kind and path of the name field. */
  referrers: FieldSpec[];
  /** For roleRef/scaleTargetRef: the sibling `kind` field must name the target kind. */
  kindField?: string;
}

const POD_SPEC_PATHS: Array<[string, string]> = [
  ['Pod', 'spec'],
  ['PodTemplate', 'template/spec'],
  ['ReplicationController', 'spec/template/spec'],
  ['Deployment', 'spec/template/spec'],
  ['ReplicaSet', 'spec/template/spec'],
  ['DaemonSet', 'spec/template/spec'],
  ['StatefulSet', 'spec/template/spec'],
  ['Job', 'spec/template/spec'],
  ['CronJob', 'spec/jobTemplate/spec/template/spec'],
];

function inPodSpecs(...paths: string[]): FieldSpec[] {
  return POD_SPEC_PATHS.flatMap(([kind, prefix]) => paths.map((path) => ({ kind, path: `${prefix}/${path}` })));
}

const CONTAINERS = ['containers[]', 'initContainers[]'];

const REFERRALS: Referral[] = [
  {
    target: 'ConfigMap',
    referrers: inPodSpecs(
      'volumes[]/configMap/name',
      'volumes[]/projected/sources[]/configMap/name',
      ...CONTAINERS.flatMap((group) => [`${group}/env[]/valueFrom/configMapKeyRef/name`, `${group}/envFrom[]/configMapRef/name`]),
    ),
  },
  {
    target: 'Secret',
    referrers: [
      ...inPodSpecs(
        'volumes[]/secret/secretName',
        'volumes[]/projected/sources[]/secret/name',
        'imagePullSecrets[]/name',
        ...CONTAINERS.flatMap((group) => [`${group}/env[]/valueFrom/secretKeyRef/name`, `${group}/envFrom[]/secretRef/name`]),
      ),
      { kind: 'ServiceAccount', path: 'imagePullSecrets[]/name' },
      { kind: 'ServiceAccount', path: 'secrets[]/name' },
      { kind: 'Ingress', path: 'spec/tls[]/secretName' },
    ],
  },
  {
    target: 'Service',
    referrers: [
      { kind: 'Ingress', path: 'spec/rules[]/http/paths[]/backend/serviceName' },
      { kind: 'Ingress', path: 'spec/rules[]/http/paths[]/backend/service/name' },
      { kind: 'Ingress', path: 'spec/backend/serviceName' },
      { kind: 'Ingress', path: 'spec/defaultBackend/service/name' },
      { kind: 'StatefulSet', path: 'spec/serviceName' },
      { kind: 'APIService', path: 'spec/service/name' },
      { kind: 'MutatingWebhookConfiguration', path: 'webhooks[]/clientConfig/service/name' },
      { kind: 'ValidatingWebhookConfiguration', path: 'webhooks[]/clientConfig/service/name' },
    ],
  },
  { target: 'ServiceAccount', referrers: inPodSpecs('serviceAccountName', 'serviceAccount') },
  { target: 'PersistentVolumeClaim', referrers: inPodSpecs('volumes[]/persistentVolumeClaim/claimName') },
  { target: 'PriorityClass', referrers: inPodSpecs('priorityClassName') },
  { target: 'IngressClass', referrers: [{ kind: 'Ingress', path: 'spec/ingressClassName' }] },
  { target: 'PersistentVolume', referrers: [{ kind: 'PersistentVolumeClaim', path: 'spec/volumeName' }] },
  {
    target: 'StorageClass',
    referrers: [
      { kind: 'PersistentVolumeClaim', path: 'spec/storageClassName' },
      { kind: 'PersistentVolume', path: 'spec/storageClassName' },
      { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates[]/spec/storageClassName' },
    ],
  },
  { target: 'Role', kindField: 'kind', referrers: [{ kind: 'RoleBinding', path: 'roleRef/name' }] },
  { target: 'ClusterRole', kindField: 'kind', referrers: [{ kind: 'RoleBinding', path: 'roleRef/name' }, { kind: 'ClusterRoleBinding', path: 'roleRef/name' }] },
  ...['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].map((target) => ({
    target,
    kindField: 'kind',
    referrers: [{ kind: 'HorizontalPodAutoscaler', path: 'spec/scaleTargetRef/name' }],
  })),
];

/** How many kustomization folders two objects passed through together: the closer, the likelier the match. */
function kinship(a: Resource, b: Resource, lineage: Map<Resource, string[]>): number {
  const left = lineage.get(a) ?? [];
  const right = lineage.get(b) ?? [];
  let shared = 0;
  for (const dir of left) if (right.includes(dir)) shared++;
  return shared;
}

/** The object of kind `target` that `name` means for `referrer`, if the build has one. */
function findReferred(resources: readonly Resource[], referrer: Resource, target: string, name: string, namespace: string | undefined, lineage: Map<Resource, string[]>): Resource | undefined {
  const wantedNamespace = namespace ?? namespaceOf(referrer);
  const candidates = resources.filter((candidate) => {
    if (kindOf(candidate) !== target) return false;
    if (!allIds(candidate).some((id) => id.name === name)) return false;
    if (isClusterScoped(target) || (isClusterScoped(kindOf(referrer)) && namespace === undefined)) return true;
    return effectiveNamespace(target, namespaceOf(candidate)) === effectiveNamespace(target, wantedNamespace) || allIds(candidate).some((id) => id.name === name && effectiveNamespace(target, id.namespace) === effectiveNamespace(target, wantedNamespace));
  });
  if (candidates.length <= 1) return candidates[0];
  const names = new Set(candidates.map(nameOf));
  if (names.size === 1) return candidates[0];
  let best: Resource | undefined;
  let bestScore = -1;
  let tie = false;
  for (const candidate of candidates) {
    const score = kinship(candidate, referrer, lineage);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) tie = true;
  }
  return tie ? undefined : best;
}

function renameScalar(parent: KMap, key: string, name: string): void {
  const entry = parent.entries.find((item) => item.key === key);
  if (!entry || entry.value.kind !== 'scalar' || entry.value.value === name) return;
  entry.value = { ...entry.value, value: name, origin: entry.value.origin && { ...entry.value.origin, via: entry.value.origin.via ?? 'name reference' } };
}

/** Rewrites every name reference in the build to the referred object's final name. */
export function fixNameReferences(resources: readonly Resource[], lineage: Map<Resource, string[]>): void {
  for (const referrer of resources) {
    const referrerKind = kindOf(referrer);
    for (const referral of REFERRALS) {
      for (const spec of referral.referrers) {
        if (spec.kind !== referrerKind) continue;
        visitField(referrer.node, spec, (parent, key) => {
          if (referral.kindField && stringValueAt(parent, referral.kindField) !== referral.target) return;
          const name = stringValueAt(parent, key);
          if (name === undefined) return;
          const referred = findReferred(resources, referrer, referral.target, name, undefined, lineage);
          if (referred) renameScalar(parent, key, nameOf(referred));
        });
      }
    }
    if (referrerKind === 'RoleBinding' || referrerKind === 'ClusterRoleBinding') fixSubjects(resources, referrer, lineage);
  }
}

/** Binding subjects that name a ServiceAccount of the build follow its name and namespace. */
function fixSubjects(resources: readonly Resource[], binding: Resource, lineage: Map<Resource, string[]>): void {
  const subjects = binding.node.entries.find((entry) => entry.key === 'subjects')?.value;
  if (subjects?.kind !== 'seq') return;
  for (const subject of subjects.items) {
    if (subject.kind !== 'map' || stringValueAt(subject, 'kind') !== 'ServiceAccount') continue;
    const name = stringValueAt(subject, 'name');
    if (name === undefined) continue;
    const namespace = stringValueAt(subject, 'namespace');
    const referred = findReferredSubject(resources, binding, name, namespace, lineage);
    if (!referred) continue;
    renameScalar(subject, 'name', nameOf(referred));
    const newNamespace = namespaceOf(referred);
    if (newNamespace === '') continue;
    if (namespace !== undefined) renameScalar(subject, 'namespace', newNamespace);
    else subject.entries.push({ key: 'namespace', value: { kind: 'scalar', value: newNamespace, origin: subject.origin && { ...subject.origin, via: 'name reference' } } });
  }
}

function findReferredSubject(resources: readonly Resource[], binding: Resource, name: string, namespace: string | undefined, lineage: Map<Resource, string[]>): Resource | undefined {
  const matches = resources.filter((candidate) => kindOf(candidate) === 'ServiceAccount' && allIds(candidate).some((id) => id.name === name && (namespace === undefined || id.namespace === namespace)));
  if (matches.length === 0) return undefined;
  return findReferred(matches, binding, 'ServiceAccount', name, namespace ?? (isClusterScoped(kindOf(binding)) ? undefined : namespaceOf(binding)), lineage) ?? (matches.length === 1 ? matches[0] : undefined);
}
