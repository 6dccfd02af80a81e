import type { Node as YamlNode } from 'yaml';
import type { Container, PodSpec } from '../engine/languages/kubernetes/model';
import { rangeOf } from '../engine/languages/kubernetes/model';
import { atLeast, isWindowsPod, policyLabel, type PssPolicy } from '../engine/languages/kubernetes/pss';
import {
  appendScalarItem,
  capabilityList,
  inWorkload,
  policyOf,
  WINDOWS_ADVICE,
  windowsBeforeExemption,
  type CapabilityList,
  type StringItem,
} from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule, type RuleContext } from '../engine/rule';
import type { Edit, Fix } from '../engine/types';
import { appendToServiceList, removeItemEdits } from '../engine/languages/compose/edits';
import { placeService, placeValue, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import { capabilityItems } from '../engine/languages/compose/service-settings';

/** What baseline lets a container add: the container runtime's default set (capabilities_baseline). */
const BASELINE_ALLOWED: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const RESTRICTED_ALLOWED = 'NET_BIND_SERVICE';
const DROP_ALL = 'ALL';

/** `cap_chown` -> `CHOWN`: how people misspell names the admission library compares exactly. */
function canonicalName(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

export default defineRule({
  meta: {
    id: 'capabilities',
    title: 'Add no Linux capabilities beyond what the Pod Security level allows',
    appliesTo: ['kubernetes', 'compose'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    peers: [
      'Trivy KSV-0022',
      'Trivy KSV-0106',
      'Trivy KSV-0003',
      'Trivy KSV-0005',
      'Checkov CKV_K8S_25',
      'Checkov CKV_K8S_37',
      'Checkov CKV_K8S_39',
      'kube-linter drop-net-raw-capability',
      'Polaris dangerousCapabilities',
      'Polaris insecureCapabilities',
    ],
    docs: {
      rationale:
        'Capabilities split root\'s power into pieces, and some pieces are nearly all of it: `SYS_ADMIN` allows mounts and namespace tricks that lead out of the container, `NET_ADMIN` and `NET_RAW` let a process reconfigure or spoof the pod network, `SYS_PTRACE` reads other processes\' memory. The Pod Security Standards **baseline** lets a container add only the runtime\'s defaults (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); **restricted** (policy v1.22 and later) also requires every container to drop `ALL` and allows adding back only `NET_BIND_SERVICE`. Names are compared exactly, as the admission controller does: `CAP_CHOWN` or `chown` are not the allowed `CHOWN`. Windows pods (`spec.os.name: windows`) are exempt at restricted from v1.25. The rule checks init, regular and ephemeral containers; an added capability outside the baseline set is an error, what only restricted forbids is a warning.',
      remediation:
        'Remove capabilities the application does not need from `securityContext.capabilities.add`, and for restricted start from `drop: [ALL]`, adding back `NET_BIND_SERVICE` only if the process binds a port below 1024 (better: listen on a high port). The fixes remove an added capability, or add `drop: [ALL]` to the container (appending `ALL` to an existing `drop` list). Both can break an application that relies on a capability — an image whose entrypoint starts as root and uses `chown`, `setuid` or `su-exec`/`gosu` needs CHOWN, SETUID and SETGID, and fails without them — so they are offered as unsafe fixes: test the workload, and prefer an image that runs as a non-root user from the start.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: [SYS_ADMIN]\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n',
        },
        {
          kind: 'kubernetes',
          bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: example/api:1.4.2\n',
          good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: example/api:1.4.2\n          securityContext:\n            capabilities:\n              drop: [ALL]\n',
          note: 'At the restricted level every container must drop ALL capabilities.',
        },
        {
          kind: 'compose',
          bad: 'services:\n  vpn:\n    image: alpine:3.21\n    cap_add:\n      - NET_ADMIN\n',
          good: 'services:\n  vpn:\n    image: alpine:3.21\n    cap_drop:\n      - ALL\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Set capabilities for a container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container' },
        { title: 'capabilities(7) manual page', url: 'https://man7.org/linux/man-pages/man7/capabilities.7.html' },
      ],
    },
  },
  create(context) {
    const edit = (): YamlEditor => YamlEditor.for(context.file.text);
    return {
      compose: {
        service(service) {
          if (context.compose) checkComposeCapabilities(context, context.compose, service);
        },
      },
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy) return;
          // From v1.22 the restricted check replaces the baseline one at restricted; from v1.25 it lets
          // Windows pods through entirely, so nothing about capabilities is checked for them there.
          const restricted = policy.level === 'restricted' && atLeast(policy.version, 22);
          if (restricted && atLeast(policy.version, 25) && isWindowsPod(podSpec)) return;
          for (const container of podSpec.containers) {
            checkAdded(context, edit, podSpec, container, policy, restricted);
            if (restricted) checkDropAll(context, edit, podSpec, container, policy);
          }
        },
      },
    };
  },
});

function checkAdded(context: RuleContext, edit: () => YamlEditor, podSpec: PodSpec, container: Container, policy: PssPolicy, restricted: boolean): void {
  const list = capabilityList(container, 'add');
  if (!list) return;
  const label = policyLabel(policy, podSpec);
  for (const item of list.items) {
    const baselineAllowed = BASELINE_ALLOWED.has(item.value);
    if (restricted ? item.value === RESTRICTED_ALLOWED : baselineAllowed) continue;
    const canonical = canonicalName(item.value);
    const renameTo = canonical !== item.value && (restricted ? canonical === RESTRICTED_ALLOWED : BASELINE_ALLOWED.has(canonical)) ? canonical : undefined;
    const allowed = restricted
      ? 'only NET_BIND_SERVICE may be added'
      : 'only the container runtime\'s defaults (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) may be added';
    const advice = renameTo
      ? `Names are matched exactly: write "${renameTo}".`
      : baselineAllowed
        ? 'Remove it and let the application work without it.'
        : 'Remove it; a workload that truly needs it belongs in a namespace with a privileged policy.';
    const fixes: Fix[] = [];
    if (renameTo) fixes.push({ title: `Write the capability as "${renameTo}"`, safety: 'unsafe', edits: [edit().setScalar(item.node, renameTo)] });
    fixes.push({ title: `Remove the capability "${item.value}"`, safety: 'unsafe', edits: [removeItem(edit(), list, item)] });
    context.report({
      message: `${inWorkload(podSpec)}, ${container.label} adds the capability "${item.value}", which ${label} forbids: ${allowed}. ${advice}`,
      range: rangeOf(item.node) ?? container.anchor,
      fixes,
      // A capability outside the default set breaks baseline too; the rest only restricted forbids.
      ...(baselineAllowed ? { severityCap: 'warning' as const } : {}),
    });
  }
}

function checkDropAll(context: RuleContext, edit: () => YamlEditor, podSpec: PodSpec, container: Container, policy: PssPolicy): void {
  const drop = capabilityList(container, 'drop');
  if (drop?.items.some((item) => item.value === DROP_ALL)) return;
  const label = policyLabel(policy, podSpec);
  const windows = windowsBeforeExemption(policy, podSpec);
  const misspelt = drop?.items.find((item) => canonicalName(item.value) === DROP_ALL);
  let message: string;
  let edits: Edit[] = [];
  let title = 'Drop ALL capabilities';
  if (misspelt) {
    message = `${inWorkload(podSpec)}, ${container.label} drops "${misspelt.value}", but ${label} requires securityContext.capabilities.drop to contain exactly "ALL". ${windows ? WINDOWS_ADVICE : 'Write it as ALL.'}`;
    title = `Write "${misspelt.value}" as "ALL"`;
    edits = [edit().setScalar(misspelt.node, DROP_ALL)];
  } else {
    const dropsSome = drop?.sequence !== undefined && drop.items.length > 0;
    const what = dropsSome ? 'drops some capabilities but not ALL' : 'keeps the container runtime\'s default capabilities (such as CHOWN, DAC_OVERRIDE, NET_RAW and SETUID)';
    const advice = windows ? WINDOWS_ADVICE : dropsSome ? 'Add ALL to the list.' : 'Drop ALL, and add back only NET_BIND_SERVICE if the application binds a port below 1024.';
    message = `${inWorkload(podSpec)}, ${container.label} ${what}; ${label} requires securityContext.capabilities.drop to contain ALL. ${advice}`;
    // An existing list keeps its items and comments; ALL is appended to it.
    const appended = drop?.sequence ? appendScalarItem(edit(), drop.sequence, DROP_ALL) : undefined;
    if (appended) edits = [appended];
    else if (!drop?.sequence) edits = edit().ensure(container.node, { securityContext: { capabilities: { drop: [DROP_ALL] } } });
  }
  context.report({
    message,
    range: (drop && rangeOf(drop.pair.key as YamlNode)) ?? container.anchor,
    fixes: edits.length > 0 && !windows ? [{ title, safety: 'unsafe', edits }] : [],
    severityCap: 'warning',
  });
}

/** Removes one added capability; a block list's only item goes with its `add:` key. */
function removeItem(editor: YamlEditor, list: CapabilityList, item: StringItem): Edit {
  const sequence = list.sequence;
  if (sequence && !sequence.flow && sequence.items.length === 1) return editor.removePair(list.capabilities, list.pair);
  return editor.removeSeqItem(sequence ?? item.node, item.node);
}

function checkComposeCapabilities(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  const added = service.settings.get('cap_add');
  for (const capability of capabilityItems(model, added)) {
    if (BASELINE_ALLOWED.has(capability.name)) continue;
    const place = placeValue(model, capability.item, 'value');
    if (!place) continue;
    const edits = place.editable ? removeItemEdits(model, capability.item, added) : [];
    const what =
      capability.name === 'ALL'
        ? 'every Linux capability, which is as good as privileged: true'
        : `the capability ${capability.name}, which is outside Docker's default set and widens what root in the container can do to the host kernel`;
    context.report({
      message: `${service.label} adds ${what}. Remove it and let the service work without it, or add only the one narrow capability it needs.`,
      range: place.range,
      related: place.related,
      fixes: edits.length > 0 ? [{ title: `Remove the capability "${capability.written}"`, safety: 'unsafe', edits }] : [],
    });
  }
  const dropped = service.settings.get('cap_drop');
  if (capabilityItems(model, dropped).some((capability) => capability.name === DROP_ALL)) return;
  if (dropped && capabilityItems(model, dropped).length < (dropped.kind === 'list' ? dropped.items.length : 1)) return;
  const range = placeService(service);
  if (!range) return;
  const edits = appendToServiceList(model, service, 'cap_drop', DROP_ALL, dropped);
  context.report({
    message: `${service.label} keeps Docker's default capabilities (such as CHOWN, DAC_OVERRIDE, NET_RAW and SETUID) because cap_drop does not contain ALL. Drop ALL and add back only what it needs (NET_BIND_SERVICE to bind a port below 1024).`,
    range,
    fixes: edits.length > 0 ? [{ title: 'Drop ALL capabilities', safety: 'unsafe', edits }] : [],
    severityCap: 'info',
  });
}
