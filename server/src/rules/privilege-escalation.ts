import { booleanValue, rangeOf, type Container } from '../engine/languages/kubernetes/model';
import { atLeast, isWindowsPod, policyLabel } from '../engine/languages/kubernetes/pss';
import { setKeyEdits } from '../engine/languages/kubernetes/pss-edits';
import { escalationCannotBeDisabled, inWorkload, policyOf, setNode, WINDOWS_ADVICE, windowsBeforeExemption } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';
import type { Edit } from '../engine/types';
import { appendToServiceList } from '../engine/languages/compose/edits';
import { placeService, placeValue, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import { securityOptions } from '../engine/languages/compose/service-settings';
import type { RuleContext } from '../engine/rule';

/** Sets the field in the container's own securityContext (over a merged value), or adds one. */
function setFalse(editor: YamlEditor, container: Container): Edit[] {
  return container.securityContext
    ? setKeyEdits(editor, container.securityContext, 'allowPrivilegeEscalation', false)
    : editor.ensure(container.node, { securityContext: { allowPrivilegeEscalation: false } });
}

export default defineRule({
  meta: {
    id: 'privilege-escalation',
    title: 'Set allowPrivilegeEscalation: false on every container',
    appliesTo: ['kubernetes', 'compose'],
    category: 'pod-security',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-269'],
    peers: ['Trivy KSV-0001', 'Checkov CKV_K8S_20', 'kube-linter privilege-escalation-container', 'Polaris privilegeEscalationAllowed'],
    docs: {
      rationale:
        'Unless a container says `allowPrivilegeEscalation: false`, the kernel lets its processes gain privileges they did not start with: a set-user-ID binary such as `sudo`, `su` or `mount` runs as its owner (usually root), and a file with capabilities grants them on `exec`. For an attacker with code execution in a non-root container that is the shortest way back to root. With the setting false, the runtime sets the `no_new_privs` flag and those gains never happen. The Pod Security Standards **restricted** level (policy v1.8 and later) requires the field to be explicitly `false` on every container — init and ephemeral containers included, since nothing is inherited from the pod; Windows pods are exempt from v1.25. Nothing is reported at the baseline level.',
      remediation:
        'Set `securityContext.allowPrivilegeEscalation: false` on each container. The fix does that. It is offered as an unsafe fix because it stops set-user-ID programs from working: an application that calls `sudo`, `su`, `ping` (on images where it is set-user-ID) or similar as a non-root user fails afterwards, so test the workload. Kubernetes rejects the setting on a container that is `privileged: true` or adds `CAP_SYS_ADMIN`; there no fix is offered, and the privilege has to go first.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n',
        },
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: node:22-alpine\n',
          good: 'services:\n  app:\n    image: node:22-alpine\n    security_opt:\n      - no-new-privileges:true\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
        { title: 'Linux kernel: No New Privileges Flag', url: 'https://docs.kernel.org/userspace-api/no_new_privs.html' },
      ],
    },
  },
  create(context) {
    const edit = (): YamlEditor => YamlEditor.for(context.file.text);
    return {
      compose: {
        service(service) {
          if (context.compose) checkComposeNoNewPrivileges(context, context.compose, service);
        },
      },
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy || policy.level !== 'restricted' || !atLeast(policy.version, 8)) return;
          if (atLeast(policy.version, 25) && isWindowsPod(podSpec)) return;
          const label = policyLabel(policy, podSpec);
          const windows = windowsBeforeExemption(policy, podSpec);
          for (const container of podSpec.containers) {
            const value = setNode(container.securityContext, 'allowPrivilegeEscalation');
            if (booleanValue(value) === false) continue;
            const blocked = escalationCannotBeDisabled(container);
            const range = rangeOf(value);
            const what = range
              ? `sets securityContext.allowPrivilegeEscalation to ${context.file.text.slice(range.start, range.end)}`
              : 'does not set securityContext.allowPrivilegeEscalation: false';
            const advice = windows
              ? WINDOWS_ADVICE
              : blocked
                ? 'Remove privileged: true or the CAP_SYS_ADMIN capability first (Kubernetes rejects allowPrivilegeEscalation: false next to them), then set it to false.'
                : 'Set it to false.';
            context.report({
              message: `${inWorkload(podSpec)}, ${container.label} ${what}, so set-user-ID programs and file capabilities can give its processes more privileges; ${label} requires it to be false. ${advice}`,
              range: range ?? container.anchor,
              fixes: blocked || windows ? [] : [{ title: 'Set allowPrivilegeEscalation: false', safety: 'unsafe', edits: setFalse(edit(), container) }],
            });
          }
        },
      },
    };
  },
});

const NO_NEW_PRIVILEGES = 'no-new-privileges:true';

function checkComposeNoNewPrivileges(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  const options = securityOptions(model, service);
  const option = options.find((candidate) => candidate.name === 'no-new-privileges');
  // A bare `no-new-privileges` means true to Docker.
  if (option && (option.value === undefined || option.value.toLowerCase() === 'true')) return;
  const list = service.settings.get('security_opt');
  if (option) {
    const place = placeValue(model, option.item, 'value');
    if (!place) return;
    context.report({
      message: `${service.label} sets "${option.written}", so a setuid program (su, sudo, ping) or file capabilities can still raise its privileges. Use ${NO_NEW_PRIVILEGES}.`,
      range: place.range,
      related: place.related,
      fixes: place.editable && option.item.source.linted ? [{ title: `Write "${NO_NEW_PRIVILEGES}"`, safety: 'unsafe', edits: [YamlEditor.for(model.text).setScalar(option.item.node, NO_NEW_PRIVILEGES)] }] : [],
      severityCap: 'info',
    });
    return;
  }
  const range = placeService(service);
  if (!range) return;
  const edits = appendToServiceList(model, service, 'security_opt', NO_NEW_PRIVILEGES, list);
  context.report({
    message: `${service.label} does not set security_opt ${NO_NEW_PRIVILEGES}, so a setuid program (su, sudo, ping) or file capabilities in its image can raise a process to root. Add ${NO_NEW_PRIVILEGES}.`,
    range,
    fixes: edits.length > 0 ? [{ title: `Add security_opt ${NO_NEW_PRIVILEGES}`, safety: 'unsafe', edits }] : [],
    severityCap: 'info',
  });
}
