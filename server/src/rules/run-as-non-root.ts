import type { YAMLMap } from 'yaml';
import { booleanValue, rangeOf, type Container } from '../engine/languages/kubernetes/model';
import { atLeast, policyLabel, usesUserNamespace } from '../engine/languages/kubernetes/pss';
import { setKeyEdits } from '../engine/languages/kubernetes/pss-edits';
import { containerList, containersRelated, inWorkload, missingFromWholePod, policyOf, setNode } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';

export default defineRule({
  meta: {
    id: 'run-as-non-root',
    title: 'Require runAsNonRoot: true for every container',
    appliesTo: ['kubernetes'],
    category: 'pod-security',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    peers: ['Trivy KSV-0012', 'Checkov CKV_K8S_23', 'kube-linter run-as-non-root', 'Polaris runAsRootAllowed'],
    docs: {
      rationale:
        'Most images still run as root unless told otherwise, and root in a container is root on the node\'s kernel: one kernel or runtime bug, or one writable host mount, away from owning the node. `runAsNonRoot: true` makes the kubelet refuse to start a container whose user would be UID 0. The Pod Security Standards **restricted** level requires it for every container — set on the container, or inherited from the pod\'s `securityContext` — and forbids `runAsNonRoot: false` anywhere, on the pod or on any container, even one that another setting overrides. From policy v1.35 a pod with `hostUsers: false` is exempt: in its own user namespace, root in the container is an unprivileged user on the node. Nothing is reported at the baseline level. When a pod has several containers and neither the pod nor any container sets `runAsNonRoot: true`, the finding is reported once, on the pod spec, with every container as a related location and the pod-level fix.',
      remediation:
        'Set `securityContext.runAsNonRoot: true` at pod level (the fix does, or changes an explicit `false` to `true`) and make sure each image runs as a non-root user: a numeric `USER` in the Dockerfile, or `runAsUser` in the manifest. The fix is unsafe: if the image\'s user is root, or a name the kubelet cannot check, the container stops starting ("container has runAsNonRoot and image will run as root"), and an application that writes to root-owned paths fails.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: example/web:3.2.0\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n  containers:\n    - name: app\n      image: example/web:3.2.0\n',
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
    const setTrue = (securityContext: YAMLMap): Fix => ({ title: 'Set runAsNonRoot to true', safety: 'unsafe', edits: setKeyEdits(edit(), securityContext, 'runAsNonRoot', true) });
    return {
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy || policy.level !== 'restricted') return;
          if (atLeast(policy.version, 35) && usesUserNamespace(podSpec)) return;
          const label = policyLabel(policy, podSpec);
          const pod = setNode(podSpec.securityContext, 'runAsNonRoot');
          if (podSpec.securityContext && pod && booleanValue(pod) !== true) {
            context.report({
              message: `${inWorkload(podSpec)}, the pod sets securityContext.runAsNonRoot to ${shown(context.file.text, pod)}, which ${label} forbids. Set it to true, with images that run as a numeric non-root user.`,
              range: rangeOf(pod) ?? podSpec.keyRange,
              fixes: [setTrue(podSpec.securityContext)],
            });
          }
          const missing: Container[] = [];
          for (const container of podSpec.containers) {
            const own = setNode(container.securityContext, 'runAsNonRoot');
            if (container.securityContext && own) {
              if (booleanValue(own) === true) continue;
              context.report({
                message: `${inWorkload(podSpec)}, ${container.label} sets securityContext.runAsNonRoot to ${shown(context.file.text, own)}, which ${label} forbids. Set it to true, with an image that runs as a numeric non-root user.`,
                range: rangeOf(own) ?? container.anchor,
                fixes: [setTrue(container.securityContext)],
              });
              continue;
            }
            // A pod-level value other than true is reported once, above.
            if (!pod) missing.push(container);
          }
          if (missing.length === 0) return;
          const fixes = [{ title: 'Set runAsNonRoot: true on the pod', safety: 'unsafe' as const, edits: edit().ensure(podSpec.node, { securityContext: { runAsNonRoot: true } }) }];
          if (missingFromWholePod(podSpec, missing)) {
            context.report({
              message: `${inWorkload(podSpec)}, every container may run as root: neither the pod nor any of its ${missing.length} containers (${containerList(missing)}) sets securityContext.runAsNonRoot: true, which ${label} requires. Set it on the pod, with images that run as a numeric non-root user (or a runAsUser).`,
              range: podSpec.keyRange,
              related: containersRelated(missing, 'runAsNonRoot'),
              fixes,
            });
            return;
          }
          for (const container of missing) {
            context.report({
              message: `${inWorkload(podSpec)}, ${container.label} may run as root: neither it nor the pod sets securityContext.runAsNonRoot: true, which ${label} requires. Set it on the pod, with images that run as a numeric non-root user (or a runAsUser).`,
              range: container.anchor,
              fixes,
            });
          }
        },
      },
    };
  },
});

function shown(text: string, node: Parameters<typeof rangeOf>[0]): string {
  const range = rangeOf(node);
  return range && range.end > range.start ? text.slice(range.start, range.end) : 'nothing';
}
