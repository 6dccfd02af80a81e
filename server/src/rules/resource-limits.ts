import { isMap, isSeq } from 'yaml';
import { mapAt, nodeAt, resolveAlias, stringAt, type Container, type KubernetesModel } from '../engine/languages/kubernetes/model';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { presentValue, withCommentAbove } from '../engine/languages/kubernetes/yaml-insert';
import { defineRule } from '../engine/rule';
import { placeService, settingAt, type ComposeService } from '../engine/languages/compose/model';
import type { RuleContext } from '../engine/rule';

type LimitKey = 'cpu' | 'memory';
const LIMIT_KEYS: readonly LimitKey[] = ['cpu', 'memory'];
const PLACEHOLDERS: Record<LimitKey, string> = { cpu: '500m', memory: '256Mi' };
const TODO_COMMENT = 'TODO: placeholder limits inserted by Shipshape; size them from the measured CPU and memory use';

/** Limits a LimitRange in the same file gives every container of its namespace by default. */
function limitRangeDefaults(model: KubernetesModel, namespace: string | undefined): Set<LimitKey> {
  const keys = new Set<LimitKey>();
  for (const resource of model.resources) {
    if (resource.kind !== 'LimitRange' || resource.namespace !== namespace) continue;
    const limits = nodeAt(mapAt(resource.node, 'spec'), 'limits');
    if (!isSeq(limits)) continue;
    for (const entry of limits.items) {
      const item = resolveAlias(entry);
      if (!isMap(item) || stringAt(item, 'type') !== 'Container') continue;
      const defaults = mapAt(item, 'default');
      for (const key of LIMIT_KEYS) if (presentValue(defaults, key)) keys.add(key);
    }
  }
  return keys;
}

function describeMissing(missing: LimitKey[]): string {
  const names = missing.map((key) => (key === 'cpu' ? 'CPU' : 'memory'));
  const paths = missing.map((key) => `resources.limits.${key}`);
  return `no ${names.join(' or ')} limit (${paths.join(', ')})`;
}

export default defineRule({
  meta: {
    id: 'resource-limits',
    title: 'Give every container CPU and memory limits',
    appliesTo: ['kubernetes', 'compose'],
    category: 'hardening',
    defaultSeverity: 'warning',
    securitySeverity: 'low',
    fix: 'unsafe',
    cwe: ['CWE-770'],
    peers: ['Trivy KSV-0011', 'Trivy KSV-0018', 'Checkov CKV_K8S_11', 'Checkov CKV_K8S_13', 'kube-linter unset-cpu-requirements', 'kube-linter unset-memory-requirements', 'Polaris cpuLimitsMissing', 'Polaris memoryLimitsMissing'],
    docs: {
      rationale:
        'A container without a memory limit can use all the memory of its node, and one without a CPU limit can starve its neighbours: a memory leak, a runaway loop or an attacker mining on a compromised pod then degrades every workload on the node, and the kernel\'s out-of-memory killer picks its victims among them. Limits bound the damage to the container that misbehaves. The rule checks init and regular containers (ephemeral containers cannot have resources); a limit set at pod level (`spec.resources.limits`) or as the default of a `LimitRange` for containers in the same file and namespace counts.',
      remediation:
        'Set `resources.limits.memory` and `resources.limits.cpu` on every container, sized from what the container really uses (metrics, a load test, or a VerticalPodAutoscaler in recommendation mode), and set `requests` too so the scheduler can place the pod. The fix inserts placeholder limits (`cpu: "500m"`, `memory: "256Mi"`) with a TODO comment; they are a starting point to size, not a recommendation. Some teams deliberately leave out CPU limits to avoid throttling; in that case turn the rule off or suppress it with a reason.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests:\n          cpu: 100m\n',
          good:
            'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n        limits:\n          cpu: 500m\n          memory: 256Mi\n',
        },
        {
          kind: 'compose',
          bad: 'services:\n  api:\n    image: node:22-alpine\n',
          good: 'services:\n  api:\n    image: node:22-alpine\n    mem_limit: 512m\n    cpus: 1\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Resource Management for Pods and Containers', url: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/' },
        { title: 'Kubernetes: Limit Ranges', url: 'https://kubernetes.io/docs/concepts/policy/limit-range/' },
      ],
    },
  },
  create(context) {
    const model = context.kubernetes;
    const defaultsByNamespace = new Map<string | undefined, Set<LimitKey>>();
    const defaultsFor = (namespace: string | undefined): Set<LimitKey> => {
      let keys = defaultsByNamespace.get(namespace);
      if (!keys) {
        keys = model ? limitRangeDefaults(model, namespace) : new Set();
        defaultsByNamespace.set(namespace, keys);
      }
      return keys;
    };

    const fixFor = (container: Container, missing: LimitKey[]) => {
      const editor = YamlEditor.for(context.file.text);
      const limits = Object.fromEntries(missing.map((key) => [key, PLACEHOLDERS[key]]));
      const [first, ...rest] = editor.ensure(container.node, { resources: { limits } });
      if (!first) return [];
      const title = missing.length === 1 ? `Add a placeholder ${missing[0] === 'cpu' ? 'CPU' : 'memory'} limit to size later` : 'Add placeholder CPU and memory limits to size later';
      return [{ title, safety: 'unsafe' as const, edits: [...withCommentAbove(editor, first, TODO_COMMENT), ...rest] }];
    };

    return {
      compose: {
        service(service) {
          checkComposeLimits(context, service);
        },
      },
      kubernetes: {
        container(container) {
          if (container.group === 'ephemeralContainers') return;
          const own = mapAt(mapAt(container.node, 'resources'), 'limits');
          const pod = mapAt(mapAt(container.podSpec.node, 'resources'), 'limits');
          const defaults = defaultsFor(container.podSpec.resource.namespace);
          const missing = LIMIT_KEYS.filter((key) => !presentValue(own, key) && !presentValue(pod, key) && !defaults.has(key));
          if (missing.length === 0) return;
          context.report({
            message: `The ${container.label} of ${container.podSpec.resource.label} has ${describeMissing(missing)}, so it can take resources from everything else on its node. Set the limit from the container's measured use.`,
            range: container.anchor,
            fixes: fixFor(container, missing),
          });
        },
      },
    };
  },
});

function checkComposeLimits(context: RuleContext, service: ComposeService): void {
  const missing: LimitKey[] = [];
  const has = (...paths: string[][]): boolean => paths.some((path) => settingAt(service.settings, path) !== undefined);
  if (!has(['mem_limit'], ['deploy', 'resources', 'limits', 'memory'])) missing.push('memory');
  if (!has(['cpus'], ['cpu_quota'], ['deploy', 'resources', 'limits', 'cpus'])) missing.push('cpu');
  const range = placeService(service);
  if (missing.length === 0 || !range) return;
  const keys = missing.map((key) => (key === 'memory' ? 'mem_limit' : 'cpus')).join(' and ');
  context.report({
    message: `${service.label} has no ${missing.join(' or ')} limit, so one runaway or attacked container can starve every other container and the host. Set ${keys} (or deploy.resources.limits).`,
    range,
    severityCap: 'info',
  });
}
