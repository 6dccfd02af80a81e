// kustomize's default output order ("legacy"): a fixed rank for well-known kinds, then group_version_kind text
// (the core group written `~G`, so it sorts after named groups), then namespace (`~X` when unset) and name.
import { apiVersionOf, groupOf, kindOf, namespaceOf, nameOf, versionOf, type Resource } from './resource';

const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rank(kind: string): number {
  const first = ORDER_FIRST.indexOf(kind);
  if (first >= 0) return first - ORDER_FIRST.length;
  const last = ORDER_LAST.indexOf(kind);
  return last >= 0 ? last + 1 : 0;
}

function gvkText(resource: Resource): string {
  const apiVersion = apiVersionOf(resource);
  return `${groupOf(apiVersion) || '~G'}_${versionOf(apiVersion) || '~V'}_${kindOf(resource) || '~K'}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortLegacy(resources: readonly Resource[]): Resource[] {
  return [...resources].sort((a, b) => {
    const byRank = rank(kindOf(a)) - rank(kindOf(b));
    if (byRank !== 0) return byRank;
    const byGvk = compareText(gvkText(a), gvkText(b));
    if (byGvk !== 0) return byGvk;
    const id = (resource: Resource): string => `${gvkText(resource)}|${namespaceOf(resource) || '~X'}|${nameOf(resource)}`;
    return compareText(id(a), id(b));
  });
}
