import type { YAMLMap } from 'yaml';
import { booleanValue, mapAt, nodeAt, pairAt, pairRange, type PodSpec } from '../engine/languages/kubernetes/model';
import { setKeyEdits } from '../engine/languages/kubernetes/pss-edits';
import { policyLabel, type PssPolicy } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'host-process',
    title: 'Do not run Windows HostProcess containers',
    appliesTo: ['kubernetes'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'critical',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    peers: ['Trivy KSV-0103'],
    docs: {
      rationale:
        'A Windows HostProcess container runs as a process on the node itself, outside any container isolation, with the node\'s network and typically as `NT AUTHORITY\\SYSTEM`: whoever controls its image or its commands controls the node. The Pod Security Standards baseline forbids `securityContext.windowsOptions.hostProcess: true` on the pod and on every container (init and ephemeral ones included), at every policy version.',
      remediation:
        'Set `hostProcess` to `false` or remove it. Node administration tasks that really need a HostProcess container belong in a namespace labelled `pod-security.kubernetes.io/enforce: privileged` that only cluster administrators can deploy to.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: node-agent\nspec:\n  os:\n    name: windows\n  hostNetwork: true\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n      runAsUserName: "NT AUTHORITY\\\\SYSTEM"\n  containers:\n    - name: agent\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: node-agent\nspec:\n  os:\n    name: windows\n  securityContext:\n    windowsOptions:\n      runAsUserName: ContainerUser\n  containers:\n    - name: agent\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Create a Windows HostProcess Pod', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/' },
      ],
    },
  },
  create(context) {
    const edits = (): YamlEditor => YamlEditor.for(context.file.text);

    /** Reports `hostProcess: true` in one securityContext; `who` starts the sentence after the workload. */
    const check = (securityContext: YAMLMap | undefined, podSpec: PodSpec, policy: PssPolicy, who: string, effect: string): void => {
      const windowsOptions = mapAt(securityContext, 'windowsOptions');
      if (!windowsOptions || booleanValue(nodeAt(windowsOptions, 'hostProcess')) !== true) return;
      const pair = pairAt(windowsOptions, 'hostProcess');
      const range = pair ? pairRange(pair) : undefined;
      context.report({
        message: `${inWorkload(podSpec)}, ${who} sets windowsOptions.hostProcess: true, so ${effect}. Set it to false (${policyLabel(policy, podSpec)}).`,
        range: range ?? podSpec.keyRange,
        fixes: [{ title: 'Set hostProcess: false', safety: 'unsafe', edits: setKeyEdits(edits(), windowsOptions, 'hostProcess', false) }],
      });
    };

    return {
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy) return;
          check(podSpec.securityContext, podSpec, policy, 'the pod securityContext', 'every container runs as a process on the Windows node with full access to it');
        },
        container(container) {
          const policy = policyOf(context, container.podSpec);
          if (!policy) return;
          check(container.securityContext, container.podSpec, policy, container.label, 'it runs as a process on the Windows node with full access to it');
        },
      },
    };
  },
});
