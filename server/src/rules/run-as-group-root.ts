import { isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { integerValue, pairAt, rangeOf, resolveAlias, type PodSpec } from '../engine/languages/kubernetes/model';
import { usesUserNamespace } from '../engine/languages/kubernetes/pss';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';

const NON_ROOT_GID = 10001;

function valueOf(pair: Pair | undefined): YamlNode | undefined {
  return (resolveAlias(pair?.value) ?? undefined) as YamlNode | undefined;
}

function quoteList(names: string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

export default defineRule({
  meta: {
    id: 'run-as-group-root',
    title: 'Do not run containers with the root group (GID 0)',
    appliesTo: ['kubernetes'],
    category: 'hardening',
    defaultSeverity: 'info',
    securitySeverity: 'low',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    peers: ['Trivy KSV-0116', 'Trivy KSV-0021', 'kube-linter run-as-non-root'],
    docs: {
      rationale:
        'A process whose primary or supplementary group is root (GID 0) can read and write every file the image or a volume leaves group-owned by root, which in most images is a lot: `runAsNonRoot` checks only the user, not the group. `fsGroup: 0` also makes the kubelet give the root group ownership of every volume it sets up for the pod. The rule reports `runAsGroup: 0` (pod or container), `fsGroup: 0` and `0` in `supplementalGroups`. A pod-level `runAsGroup: 0` is reported only when a container inherits it; pods with `hostUsers: false` are skipped, because their GID 0 is mapped to an unprivileged group on the node.',
      remediation:
        'Use a dedicated non-zero group ID such as `10001` for `runAsGroup` and `fsGroup`, and remove `0` from `supplementalGroups`. Make sure the files the application needs are readable by that group (for example `COPY --chown=10001:10001` in the Dockerfile).',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsUser: 10001\n    runAsGroup: 0\n  containers:\n    - name: app\n      image: nginx:1.27\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsUser: 10001\n    runAsGroup: 10001\n  containers:\n    - name: app\n      image: nginx:1.27\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
        { title: 'Kubernetes: User Namespaces', url: 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/' },
      ],
    },
  },
  create(context) {
    // A securityContext shared through an anchor is reported once, at its first container.
    const reported = new WeakSet<YamlNode>();
    const firstTime = (node: YamlNode): boolean => !reported.has(node) && reported.add(node) !== undefined;
    const setGid = (node: YamlNode, key: string): Fix[] => [
      { title: `Set ${key}: ${NON_ROOT_GID}`, safety: 'unsafe', edits: [YamlEditor.for(context.file.text).setScalar(node, NON_ROOT_GID)] },
    ];

    const checkPod = (podSpec: PodSpec): void => {
      const securityContext = podSpec.securityContext;
      if (!securityContext) return;
      const workload = podSpec.resource.label;

      const runAsGroup = valueOf(pairAt(securityContext, 'runAsGroup'));
      if (runAsGroup && integerValue(runAsGroup) === 0) {
        const inheriting = podSpec.containers.filter((container) => {
          const own = container.securityContext ? valueOf(pairAt(container.securityContext, 'runAsGroup')) : undefined;
          return own === undefined || (isScalar(own) && own.value === null);
        });
        if ((inheriting.length > 0 || podSpec.containers.length === 0) && firstTime(runAsGroup)) {
          const who =
            inheriting.length === 1
              ? `container ${quoteList(inheriting.map((c) => c.name))} runs with root as its primary group`
              : `${inheriting.length > 1 ? `containers ${quoteList(inheriting.map((c) => c.name))}` : 'its containers'} run with root as their primary group`;
          context.report({
            message: `The pod securityContext of ${workload} sets runAsGroup: 0, so ${who} and can use every root-group file. Use a non-zero group ID such as ${NON_ROOT_GID}.`,
            range: rangeOf(runAsGroup) ?? podSpec.keyRange,
            fixes: setGid(runAsGroup, 'runAsGroup'),
          });
        }
      }

      const fsGroup = valueOf(pairAt(securityContext, 'fsGroup'));
      if (fsGroup && integerValue(fsGroup) === 0 && firstTime(fsGroup)) {
        context.report({
          message: `The pod securityContext of ${workload} sets fsGroup: 0, so its volumes are group-owned by root and its containers get root as a supplementary group. Use a non-zero group ID such as ${NON_ROOT_GID}.`,
          range: rangeOf(fsGroup) ?? podSpec.keyRange,
          fixes: setGid(fsGroup, 'fsGroup'),
        });
      }

      const groupsPair = pairAt(securityContext, 'supplementalGroups');
      const groups = valueOf(groupsPair);
      if (groupsPair && isSeq(groups) && securityContext.items.includes(groupsPair)) {
        const editor = YamlEditor.for(context.file.text);
        for (const item of groups.items) {
          const node = item as YamlNode;
          if (integerValue(node) !== 0 || !firstTime(node)) continue;
          const onlyItem = groups.items.length === 1 && !groups.flow;
          context.report({
            message: `The pod securityContext of ${workload} adds group 0 (root) to supplementalGroups, so its containers can use every root-group file. Remove it.`,
            range: rangeOf(node) ?? podSpec.keyRange,
            fixes: [
              {
                title: 'Remove group 0 from supplementalGroups',
                safety: 'unsafe',
                edits: [onlyItem ? editor.removePair(securityContext, groupsPair) : editor.removeSeqItem(groups, node)],
              },
            ],
          });
        }
      }
    };

    return {
      kubernetes: {
        podSpec(podSpec) {
          if (usesUserNamespace(podSpec)) return;
          checkPod(podSpec);
        },
        container(container) {
          if (!container.securityContext || usesUserNamespace(container.podSpec)) return;
          const runAsGroup = valueOf(pairAt(container.securityContext, 'runAsGroup'));
          if (!runAsGroup || integerValue(runAsGroup) !== 0 || !firstTime(runAsGroup)) return;
          context.report({
            message: `The ${container.label} of ${container.podSpec.resource.label} sets runAsGroup: 0, so it runs with root as its primary group and can use every root-group file. Use a non-zero group ID such as ${NON_ROOT_GID}.`,
            range: rangeOf(runAsGroup) ?? container.anchor,
            fixes: setGid(runAsGroup, 'runAsGroup'),
          });
        },
      },
    };
  },
});
