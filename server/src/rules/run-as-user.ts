import { integerValue, rangeOf } from '../engine/languages/kubernetes/model';
import { atLeast, policyLabel, usesUserNamespace } from '../engine/languages/kubernetes/pss';
import { setKeyEdits } from '../engine/languages/kubernetes/pss-edits';
import { inWorkload, policyOf, setNode } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';

/** A UID above the ranges distributions hand out, the usual non-root choice for images. */
const NON_ROOT_UID = 10001;

export default defineRule({
  meta: {
    id: 'run-as-user',
    title: 'Do not set runAsUser: 0 on the pod or any container',
    appliesTo: ['kubernetes'],
    category: 'pod-security',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    peers: ['Trivy KSV-0105', 'Checkov CKV_K8S_23', 'kube-linter run-as-non-root'],
    docs: {
      rationale:
        '`runAsUser: 0` runs the container\'s processes as root whatever the image says, so a non-root image loses its protection and every container escape starts with root on the node\'s kernel. The Pod Security Standards **restricted** level (policy v1.23 and later) forbids `runAsUser: 0` on the pod and on every container, init and ephemeral ones included; leaving it unset is allowed (`runAsNonRoot`, checked by the `run-as-non-root` rule, covers that case). From policy v1.35 a pod with `hostUsers: false` is exempt, since its root is an unprivileged user on the node. Nothing is reported at the baseline level.',
      remediation:
        'Run as a non-root UID: remove `runAsUser: 0`, or set a non-root UID such as 10001 (the fix does). The fix is unsafe: files the image ships as root-only, ports below 1024 and package installs at start-up stop working for a non-root user, so test the workload and adjust the image (a numeric `USER`, files owned by that UID) where needed.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsUser: 0\n  containers:\n    - name: app\n      image: example/web:3.2.0\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsUser: 10001\n  containers:\n    - name: app\n      image: example/web:3.2.0\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
        { title: 'Kubernetes: User namespaces and Pod Security Admission', url: 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/#integration-with-pod-security-admission-checks' },
      ],
    },
  },
  create(context) {
    const edit = (): YamlEditor => YamlEditor.for(context.file.text);
    return {
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy || policy.level !== 'restricted' || !atLeast(policy.version, 23)) return;
          if (atLeast(policy.version, 35) && usesUserNamespace(podSpec)) return;
          const label = policyLabel(policy, podSpec);
          const owners = [
            { who: 'the pod', securityContext: podSpec.securityContext, anchor: podSpec.keyRange },
            ...podSpec.containers.map((container) => ({ who: container.label, securityContext: container.securityContext, anchor: container.anchor })),
          ];
          for (const owner of owners) {
            const value = setNode(owner.securityContext, 'runAsUser');
            if (!owner.securityContext || !value || integerValue(value) !== 0) continue;
            context.report({
              message: `${inWorkload(podSpec)}, ${owner.who} sets securityContext.runAsUser: 0 and so runs as root, which ${label} forbids. Use a non-root UID such as ${NON_ROOT_UID}.`,
              range: rangeOf(value) ?? owner.anchor,
              fixes: [{ title: `Set runAsUser to ${NON_ROOT_UID}`, safety: 'unsafe', edits: setKeyEdits(edit(), owner.securityContext, 'runAsUser', NON_ROOT_UID) }],
            });
          }
        },
      },
    };
  },
});
