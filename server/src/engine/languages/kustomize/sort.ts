// kustomize's default output order ("legacy"): a fixed rank for well-known kinds, then group_version_kind text
// (the core group written `~G`, so it sorts after named groups), then namespace (`~X` when unset) and name.
import { apiVersionOf, groupOf, kindOf, namespaceOf, nameOf, versionOf, type Resource } from './resource';

const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

export interface LegacyOrder {
  orderFirst: readonly string[];
  orderLast: readonly string[];
}

export const DEFAULT_LEGACY_ORDER: LegacyOrder = { orderFirst: ORDER_FIRST, orderLast: ORDER_LAST };

function rank(kind: string, order: LegacyOrder): number {
  const first = order.orderFirst.indexOf(kind);
  if (first >= 0) return first - order.orderFirst.length;
  const last = order.orderLast.indexOf(kind);
  return last >= 0 ? last + 1 : 0;
}

function gvkText(resource: Resource): string {
  const apiVersion = apiVersionOf(resource);
  return `${groupOf(apiVersion) || '~G'}_${versionOf(apiVersion) || '~V'}_${kindOf(resource) || '~K'}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortLegacy(resources: readonly Resource[], order: LegacyOrder = DEFAULT_LEGACY_ORDER): Resource[] {
  return [...resources].sort((a, b) => {
    const byRank = rank(kindOf(a), order) - rank(kindOf(b), order);
    if (byRank !== 0) return byRank;
    const byGvk = compareText(gvkText(a), gvkText(b));
    if (byGvk !== 0) return byGvk;
    const id = (resource: Resource): string => `${gvkText(resource)}|${namespaceOf(resource) || '~X'}|${nameOf(resource)}`;
    return compareText(id(a), id(b));
  });
}
