import { mapAt, pairAt, pairRange, scalarAt } from '../engine/languages/kubernetes/model';
import { removeKeyEdit } from '../engine/languages/kubernetes/pss-edits';
import { atLeast, policyLabel } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';

/** The admission library checks this control from policy version v1.34. */
const SINCE_MINOR = 34;

/** Where a container can name a host for the kubelet to connect to: probes and lifecycle hooks. */
const HANDLERS: ReadonlyArray<{ path: readonly string[]; label: string }> = [
  { path: ['livenessProbe'], label: 'livenessProbe' },
  { path: ['readinessProbe'], label: 'readinessProbe' },
  { path: ['startupProbe'], label: 'startupProbe' },
  { path: ['lifecycle', 'postStart'], label: 'postStart hook' },
  { path: ['lifecycle', 'preStop'], label: 'preStop hook' },
];

export default defineRule({
  meta: {
    id: 'host-probes',
    title: 'Do not point probes or lifecycle hooks at another host',
    appliesTo: ['kubernetes'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-918'],
    docs: {
      rationale:
        'Probes and lifecycle hooks are run by the kubelet, from the node. With `httpGet.host` or `tcpSocket.host` set, the kubelet connects to that address instead of the pod\'s own IP, so a pod author can make the node send requests to hosts the pod itself could not reach: the node\'s localhost services, the cloud metadata endpoint or other internal systems (a server-side request forgery through the kubelet). The Pod Security Standards baseline forbids any non-empty `host` in the liveness, readiness and startup probes and the `postStart`/`preStop` hooks of every container from policy version v1.34; earlier versions do not check it.',
      remediation:
        'Remove `host` so the kubelet connects to the pod\'s IP. If the server routes by virtual host, send the name in a `Host` header (`httpGet.httpHeaders: [{name: Host, value: example.com}]`) instead. The fix is marked unsafe because the probe then checks a different address.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      livenessProbe:\n        httpGet:\n          host: 169.254.169.254\n          path: /latest/meta-data/\n          port: 80\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      livenessProbe:\n        httpGet:\n          path: /healthz\n          port: 80\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Configure Liveness, Readiness and Startup Probes', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/' },
      ],
    },
  },
  create(context) {
    return {
      kubernetes: {
        container(container) {
          const policy = policyOf(context, container.podSpec);
          if (!policy || !atLeast(policy.version, SINCE_MINOR)) return;
          for (const { path, label } of HANDLERS) {
            let handler = mapAt(container.node, path[0] ?? '');
            for (const key of path.slice(1)) handler = mapAt(handler, key);
            if (!handler) continue;
            for (const kind of ['httpGet', 'tcpSocket'] as const) {
              const action = mapAt(handler, kind);
              const host = scalarAt(action, 'host');
              if (!action || !host || host.value === null || String(host.value) === '') continue;
              const pair = pairAt(action, 'host');
              const editor = YamlEditor.for(context.file.text);
              const removal = removeKeyEdit(editor, action, 'host');
              const header = kind === 'httpGet' ? '; for a virtual host, send a Host header in httpHeaders instead' : '';
              context.report({
                message: `${inWorkload(container.podSpec)}, the ${label} (${kind}) of ${container.label} sets host: ${String(host.value)}, so the kubelet connects from the node to that address instead of the pod, which can reach hosts the pod cannot. Remove host${header} (${policyLabel(policy, container.podSpec)}).`,
                range: (pair && pairRange(pair)) ?? container.anchor,
                fixes: removal ? [{ title: 'Remove host', safety: 'unsafe', edits: [removal] }] : [],
              });
            }
          }
        },
      },
    };
  },
});
