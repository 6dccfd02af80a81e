import { isMap, isSeq } from 'yaml';
import { integerValue, nodeAt, pairAt, pairRange, resolveAlias } from '../engine/languages/kubernetes/model';
import { removeKeyEdit } from '../engine/languages/kubernetes/pss-edits';
import { policyLabel } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'host-ports',
    title: 'Do not publish container ports on the node with hostPort',
    appliesTo: ['kubernetes'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-668'],
    peers: ['Trivy KSV-0024', 'Checkov CKV_K8S_26', 'Polaris hostPortSet'],
    docs: {
      rationale:
        'A `hostPort` opens the port on the node\'s own IP address and forwards it to the container. That exposes the container outside the Service and Ingress layer (and, with many network plugins, outside NetworkPolicy), lets a pod take over a port a node service expects, and limits where the pod can be scheduled. The Pod Security Standards baseline forbids any non-zero `hostPort` on every container, init and ephemeral ones included, at every policy version (the standard mentions an allow-list, but the admission controller implements none).',
      remediation:
        'Remove `hostPort` and keep `containerPort`; expose the port with a `Service` (`ClusterIP`, `NodePort` or `LoadBalancer`) or an Ingress. The fix is marked unsafe because clients that connect to the node\'s address stop reaching the container.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          hostPort: 8080\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Configuration best practices (Services)', url: 'https://kubernetes.io/docs/concepts/configuration/overview/#services' },
      ],
    },
  },
  create(context) {
    return {
      kubernetes: {
        container(container) {
          const ports = nodeAt(container.node, 'ports');
          if (!isSeq(ports)) return;
          const policy = policyOf(context, container.podSpec);
          if (!policy) return;
          for (const entry of ports.items) {
            const port = resolveAlias(entry);
            if (!isMap(port)) continue;
            const hostPort = integerValue(nodeAt(port, 'hostPort'));
            if (hostPort === undefined || hostPort === 0) continue;
            const containerPort = integerValue(nodeAt(port, 'containerPort'));
            const pair = pairAt(port, 'hostPort');
            const editor = YamlEditor.for(context.file.text);
            const removal = removeKeyEdit(editor, port, 'hostPort');
            const what = containerPort === undefined ? 'a port' : `port ${containerPort}`;
            context.report({
              message: `${inWorkload(container.podSpec)}, ${container.label} publishes ${what} on port ${hostPort} of the node (hostPort), outside Services and often outside NetworkPolicy. Remove hostPort and expose the port through a Service (${policyLabel(policy, container.podSpec)}).`,
              range: (pair && pairRange(pair)) ?? container.anchor,
              fixes: removal ? [{ title: 'Remove hostPort', safety: 'unsafe', edits: [removal] }] : [],
            });
          }
        },
      },
    };
  },
});
