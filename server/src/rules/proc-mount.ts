import { isScalar } from 'yaml';
import { nodeAt, rangeOf } from '../engine/languages/kubernetes/model';
import { setKeyEdits } from '../engine/languages/kubernetes/pss-edits';
import { atLeast, policyLabel, usesUserNamespace } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';

/** From policy version v1.35 baseline allows any procMount in a user namespace; restricted still does not. */
const USER_NAMESPACE_SINCE_MINOR = 35;

export default defineRule({
  meta: {
    id: 'proc-mount',
    title: 'Keep the default masking of /proc (procMount: Default)',
    appliesTo: ['kubernetes'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-200'],
    peers: ['Trivy KSV-0027', 'kube-linter unsafe-proc-mount'],
    docs: {
      rationale:
        'Container runtimes mask and make read-only parts of `/proc` (such as `/proc/kcore`, `/proc/sysrq-trigger` and `/proc/sys`) that reveal the node\'s kernel, memory and hardware or let a process change them. `procMount: Unmasked` removes that protection. The Pod Security Standards baseline allows only `Default` (or no value) on every container, init and ephemeral ones included. From policy version v1.35 baseline accepts any value in a pod with `hostUsers: false`, whose user namespace keeps the unmasked `/proc` from reaching the node, while restricted keeps requiring `Default`: that case is reported as a warning, because only restricted forbids it.',
      remediation:
        'Set `procMount: Default` or remove the key. Unmasked `/proc` is for running containers inside the container (rootless image builders, nested runtimes); give such workloads a user namespace (`hostUsers: false`) and the baseline level. The fix is marked unsafe because those workloads stop working without it.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: buildkit\n      image: moby/buildkit:v0.16.0-rootless\n      securityContext:\n        procMount: Unmasked\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: buildkit\n      image: moby/buildkit:v0.16.0-rootless\n      securityContext:\n        procMount: Default\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: User Namespaces', url: 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/' },
      ],
    },
  },
  create(context) {
    return {
      kubernetes: {
        container(container) {
          const securityContext = container.securityContext;
          const node = nodeAt(securityContext, 'procMount');
          if (!securityContext || !isScalar(node) || typeof node.value !== 'string' || node.value === 'Default') return;
          const policy = policyOf(context, container.podSpec);
          if (!policy) return;
          const relaxed = atLeast(policy.version, USER_NAMESPACE_SINCE_MINOR) && usesUserNamespace(container.podSpec);
          if (relaxed && policy.level === 'baseline') return;
          const editor = YamlEditor.for(context.file.text);
          const why = relaxed
            ? 'baseline allows that in a pod with hostUsers: false, but restricted does not'
            : 'which exposes the /proc paths the runtime masks, with details and controls of the node\'s kernel';
          context.report({
            message: `${inWorkload(container.podSpec)}, ${container.label} sets procMount: ${node.value}${relaxed ? ';' : ','} ${why}. Set it to Default (${policyLabel(policy, container.podSpec)}).`,
            range: rangeOf(node) ?? container.anchor,
            fixes: [{ title: 'Set procMount: Default', safety: 'unsafe', edits: setKeyEdits(editor, securityContext, 'procMount', 'Default') }],
            ...(relaxed ? { severityCap: 'warning' as const } : {}),
          });
        },
      },
    };
  },
});
