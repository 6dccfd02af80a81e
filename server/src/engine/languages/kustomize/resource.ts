// One object of a kustomize build: its value tree, and the id history kustomize keeps in annotations
// (previous names and namespaces) so patches, selectors and name references find it after renames.
import { entryOf, ensureMap, stringScalar, stringValueAt, type KMap, type Origin } from './values';

export interface ResourceId {
  name: string;
  namespace: string;
}

export interface GeneratorState {
  kind: 'ConfigMap' | 'Secret';
  /** The content-hash suffix is appended at the top of the build. */
  hashSuffix: boolean;
}

export interface Resource {
  node: KMap;
  /** The ids this resource had before prefix, suffix, namespace or hash changed them, oldest first. */
  previous: ResourceId[];
  generated?: GeneratorState;
  /** The file the object was read from, or the kustomization that generated it. */
  file: string;
}

export function apiVersionOf(resource: Resource): string {
  return stringValueAt(resource.node, 'apiVersion') ?? '';
}

export function kindOf(resource: Resource): string {
  return stringValueAt(resource.node, 'kind') ?? '';
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

export function nameOf(resource: Resource): string {
  return stringValueAt(resource.node, 'metadata', 'name') ?? '';
}

export function namespaceOf(resource: Resource): string {
  return stringValueAt(resource.node, 'metadata', 'namespace') ?? '';
}

export function currentId(resource: Resource): ResourceId {
  return { name: nameOf(resource), namespace: namespaceOf(resource) };
}

/** The id the object was first read with. */
export function originalId(resource: Resource): ResourceId {
  return resource.previous[0] ?? currentId(resource);
}

export function allIds(resource: Resource): ResourceId[] {
  return [currentId(resource), ...resource.previous];
}

/** Remembers the current id before a transformer changes it. */
export function storePreviousId(resource: Resource): void {
  resource.previous.push(currentId(resource));
}

export function setName(resource: Resource, name: string, origin?: Origin): void {
  const metadata = ensureMap(resource.node, 'metadata', origin);
  const entry = entryOf(metadata, 'name');
  const replaced = entry?.value.origin;
  const value = stringScalar(name, origin ?? replaced);
  if (origin && replaced) value.replaced = replaced;
  if (entry) entry.value = value;
  else metadata.entries.push({ key: 'name', value, keyOrigin: origin });
}

/** Kinds kustomize knows to be cluster-scoped (from the Kubernetes OpenAPI it embeds). */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus', 'CSIDriver', 'CSINode',
  'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume',
  'PodSecurityPolicy', 'PriorityClass', 'PriorityLevelConfiguration', 'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview',
  'StorageClass', 'SubjectAccessReview', 'TokenReview', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'VolumeAttachment', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** kustomize compares namespaces as "effective": unset means `default`; cluster-scoped objects have none. */
export function effectiveNamespace(kind: string, namespace: string): string {
  if (isClusterScoped(kind)) return '~cluster';
  return namespace === '' ? 'default' : namespace;
}

/** `ConfigMap.v1.[noGrp]/name.[noNs]`, the way kustomize names ids in its messages. */
export function describeId(apiVersion: string, kind: string, id: ResourceId): string {
  const group = groupOf(apiVersion) || '[noGrp]';
  return `${kind}.${versionOf(apiVersion)}.${group}/${id.name}.${id.namespace || '[noNs]'}`;
}

export function labelsOf(resource: Resource): Map<string, string> {
  return stringMap(entryOf(entryOf(resource.node, 'metadata')?.value, 'labels')?.value);
}

export function annotationsOf(resource: Resource): Map<string, string> {
  return stringMap(entryOf(entryOf(resource.node, 'metadata')?.value, 'annotations')?.value);
}

function stringMap(node: KMap['entries'][number]['value'] | undefined): Map<string, string> {
  const result = new Map<string, string>();
  if (node?.kind !== 'map') return result;
  for (const entry of node.entries) {
    if (entry.value.kind === 'scalar' && entry.value.value !== null) result.set(entry.key, String(entry.value.value));
  }
  return result;
}
