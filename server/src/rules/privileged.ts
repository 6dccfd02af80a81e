import { setValueEdits } from '../engine/languages/compose/edits';
import { booleanSetting, placeValue } from '../engine/languages/compose/model';
import { booleanValue, nodeAt, pairAt, pairRange } from '../engine/languages/kubernetes/model';
import { setKeyEdits } from '../engine/languages/kubernetes/pss-edits';
import { policyLabel } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'privileged',
    title: 'Do not run privileged containers',
    appliesTo: ['kubernetes', 'compose'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'critical',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    peers: ['Trivy KSV-0017', 'Checkov CKV_K8S_16', 'kube-linter privileged-container', 'Polaris runAsPrivileged'],
    docs: {
      rationale:
        'A privileged container gets every Linux capability, every device of the node, no seccomp or AppArmor confinement and a writable `/sys`: root inside it is root on the node, and escaping takes one `mount` of the host disk. The Pod Security Standards baseline forbids `securityContext.privileged: true` on every container, init and ephemeral ones included, at every policy version.',
      remediation:
        'Set `privileged: false` (or remove it) and grant only what the container needs: a single capability in `capabilities.add`, a device through a device plugin, a sysctl from the safe set. The fix is marked unsafe because software that really drives hardware or the kernel stops working without it.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n',
        },
        {
          kind: 'compose',
          bad: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
          good: 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
      ],
    },
  },
  create(context) {
    return {
      compose: {
        service(service) {
          const model = context.compose;
          const value = service.settings.get('privileged');
          if (!model || !value || booleanSetting(model, value) !== true) return;
          const place = placeValue(model, value.at);
          if (!place) return;
          const edits = place.editable ? setValueEdits(model, value.at, false) : [];
          context.report({
            message: `${service.label} runs privileged: it gets every capability and every host device, with no seccomp or AppArmor confinement, so root in it is root on the host. Set privileged: false and grant only the capability or device it needs.`,
            range: place.range,
            related: place.related,
            fixes: edits.length > 0 ? [{ title: 'Set privileged: false', safety: 'unsafe', edits }] : [],
          });
        },
      },
      kubernetes: {
        container(container) {
          const securityContext = container.securityContext;
          if (!securityContext || booleanValue(nodeAt(securityContext, 'privileged')) !== true) return;
          const policy = policyOf(context, container.podSpec);
          if (!policy) return;
          const pair = pairAt(securityContext, 'privileged');
          const editor = YamlEditor.for(context.file.text);
          context.report({
            message: `${inWorkload(container.podSpec)}, ${container.label} sets privileged: true, which gives it every capability and every device of the node: root in it is root on the node. Set it to false (${policyLabel(policy, container.podSpec)}).`,
            range: (pair && pairRange(pair)) ?? container.anchor,
            fixes: [{ title: 'Set privileged: false', safety: 'unsafe', edits: setKeyEdits(editor, securityContext, 'privileged', false) }],
          });
        },
      },
    };
  },
});
