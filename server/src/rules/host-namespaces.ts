import { booleanValue, nodeAt, pairAt, pairRange } from '../engine/languages/kubernetes/model';
import { removeKeyEdit } from '../engine/languages/kubernetes/pss-edits';
import { policyLabel } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';

/** The pod spec keys the control checks, and what sharing each namespace with the node allows. */
const HOST_NAMESPACES = [
  { key: 'hostNetwork', effect: 'its containers use the node\'s network stack: they can bind any node port and reach services that listen only on the node' },
  { key: 'hostPID', effect: 'its containers see every process on the node and can read their environment and signal them' },
  { key: 'hostIPC', effect: 'its containers share the node\'s IPC namespace and can read or corrupt the shared memory of host processes' },
] as const;

export default defineRule({
  meta: {
    id: 'host-namespaces',
    title: 'Do not share the node\'s network, PID or IPC namespace',
    appliesTo: ['kubernetes'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-653'],
    peers: ['Trivy KSV-0008', 'Trivy KSV-0009', 'Trivy KSV-0010', 'Checkov CKV_K8S_17', 'Checkov CKV_K8S_18', 'Checkov CKV_K8S_19', 'kube-linter host-network', 'kube-linter host-pid', 'kube-linter host-ipc', 'Polaris hostIPCSet', 'Polaris hostPIDSet', 'Polaris hostNetworkSet'],
    docs: {
      rationale:
        'Namespaces are what separate a container from the node. `hostNetwork: true` puts the pod on the node\'s network stack (it can bind node ports, sniff or reach services listening on localhost, and bypass most NetworkPolicies), `hostPID: true` shows it every process on the node (their command lines, environments, and with enough privileges their memory), and `hostIPC: true` shares the node\'s System V IPC and POSIX shared memory. The Pod Security Standards baseline forbids all three at every policy version.',
      remediation:
        'Remove the key (or set it to `false`). Expose network services through a `Service` instead of the node\'s network, and use the Kubernetes API or a sidecar sharing the pod\'s own process namespace (`shareProcessNamespace: true`) instead of the node\'s. The fix is marked unsafe because it changes how the pod is reached on the network.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: monitor\nspec:\n  selector:\n    matchLabels: {app: monitor}\n  template:\n    metadata:\n      labels: {app: monitor}\n    spec:\n      hostNetwork: true\n      hostPID: true\n      containers:\n        - name: agent\n          image: prom/node-exporter:v1.8.2\n',
          good: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: monitor\nspec:\n  selector:\n    matchLabels: {app: monitor}\n  template:\n    metadata:\n      labels: {app: monitor}\n    spec:\n      containers:\n        - name: agent\n          image: prom/node-exporter:v1.8.2\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Share Process Namespace between Containers in a Pod', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/' },
      ],
    },
  },
  create(context) {
    return {
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy) return;
          for (const { key, effect } of HOST_NAMESPACES) {
            if (booleanValue(nodeAt(podSpec.node, key)) !== true) continue;
            const pair = pairAt(podSpec.node, key);
            const editor = YamlEditor.for(context.file.text);
            const removal = removeKeyEdit(editor, podSpec.node, key);
            context.report({
              message: `${inWorkload(podSpec)}, the pod sets ${key}: true, so ${effect}. Remove it (${policyLabel(policy, podSpec)}).`,
              range: (pair && pairRange(pair)) ?? podSpec.keyRange,
              fixes: removal ? [{ title: `Remove ${key}`, safety: 'unsafe', edits: [removal] }] : [],
            });
          }
        },
      },
    };
  },
});
