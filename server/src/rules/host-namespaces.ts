import { booleanValue, nodeAt, pairAt, pairRange } from '../engine/languages/kubernetes/model';
import { removeKeyEdit } from '../engine/languages/kubernetes/pss-edits';
import { policyLabel } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';
import { removeKeyEdits } from '../engine/languages/compose/edits';
import { placeValue, textSetting, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import type { RuleContext } from '../engine/rule';

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
    appliesTo: ['kubernetes', 'compose'],
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
        {
          kind: 'compose',
          bad: 'services:\n  agent:\n    image: datadog/agent:7.60.0\n    pid: host\n',
          good: 'services:\n  agent:\n    image: datadog/agent:7.60.0\n',
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
      compose: {
        service(service) {
          if (context.compose) checkComposeNamespaces(context, context.compose, service);
        },
      },
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

/** Compose keys that share a host namespace with the container when set to `host`. */
const COMPOSE_HOST_KEYS: Record<string, string> = {
  network_mode: 'the host network: it can reach every port bound to localhost on the host and sniff its traffic',
  pid: 'the host PID namespace: it sees every process of the host and, as root, can signal or trace them',
  ipc: 'the host IPC namespace: it can read and write the shared memory of host processes',
  uts: 'the host UTS namespace: it can change the host name of the machine',
  userns_mode: 'the host user namespace: root in it is root on the host even where the daemon remaps users',
  cgroup: 'the host cgroup namespace: it sees and can reach the cgroups of every container on the host',
};

function checkComposeNamespaces(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  for (const [key, what] of Object.entries(COMPOSE_HOST_KEYS)) {
    const value = service.settings.get(key);
    if (!value || textSetting(model, value)?.trim().toLowerCase() !== 'host') continue;
    const place = placeValue(model, value.at);
    if (!place) continue;
    const edits = place.editable ? removeKeyEdits(model, value.at) : [];
    context.report({
      message: `${service.label} sets ${key}: host, so it shares ${what}. Remove ${key} and publish or share only what it needs.`,
      range: place.range,
      related: place.related,
      fixes: edits.length > 0 ? [{ title: `Remove ${key}: host`, safety: 'unsafe', edits }] : [],
    });
  }
}
