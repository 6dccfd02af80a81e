import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { nodeAt, rangeOf, resolveAlias } from '../engine/languages/kubernetes/model';
import { ownPair } from '../engine/languages/kubernetes/pss-edits';
import { atLeast, policyLabel, type PssPolicy } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { removeItemEdits, removeKeyEdits } from '../engine/languages/compose/edits';
import { placeValue, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import type { RuleContext } from '../engine/rule';

/** The safe sysctls of the admission library, by the policy version that added them to the allowed set. */
const SAFE_SYSCTLS: ReadonlyArray<{ sinceMinor: number; names: readonly string[] }> = [
  { sinceMinor: 0, names: ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'] },
  { sinceMinor: 27, names: ['net.ipv4.ip_local_reserved_ports'] },
  { sinceMinor: 29, names: ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'] },
  { sinceMinor: 32, names: ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'] },
  { sinceMinor: 37, names: ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'] },
];

/** The minor policy version from which `name` is allowed, exactly as written, or undefined when never. */
function safeSince(name: string): number | undefined {
  return SAFE_SYSCTLS.find((group) => group.names.includes(name))?.sinceMinor;
}

function allowed(name: string, policy: PssPolicy): boolean {
  const since = safeSince(name);
  return since !== undefined && atLeast(policy.version, since);
}

export default defineRule({
  meta: {
    id: 'sysctls',
    title: 'Set only the safe, namespaced sysctls',
    appliesTo: ['kubernetes', 'compose'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'medium',
    fix: 'mixed',
    cwe: ['CWE-693'],
    peers: ['Trivy KSV-0026', 'kube-linter unsafe-sysctls'],
    docs: {
      rationale:
        'Sysctls set kernel parameters. Only a few are namespaced per pod and cannot disturb other pods or the node; the rest can switch off security mechanisms, exhaust kernel resources shared with every other pod, or change the node\'s behaviour. The Pod Security Standards baseline allows only a fixed safe set in `spec.securityContext.sysctls`, compared by exact name, and the set grows with the policy version: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range` and `net.ipv4.ip_unprivileged_port_start` at every version; `net.ipv4.ip_local_reserved_ports` from v1.27; `net.ipv4.tcp_keepalive_time`, `tcp_fin_timeout`, `tcp_keepalive_intvl` and `tcp_keepalive_probes` from v1.29; `net.ipv4.tcp_rmem` and `tcp_wmem` from v1.32; `net.ipv4.tcp_slow_start_after_idle` and `tcp_notsent_lowat` from v1.37. A safe name written with slashes (`net/ipv4/tcp_syncookies`) means the same to the kubelet but not to the admission library.',
      remediation:
        'Remove the sysctl, or move the workload to a node pool whose kubelet allows it (`--allowed-unsafe-sysctls`) and a namespace whose policy permits it. If the name is in the safe set of a newer policy version, raise `pod-security.kubernetes.io/enforce-version` (or Shipshape\'s `podSecurity.version`) once the cluster runs that version. The fix removes the item and is marked unsafe, since the application may depend on the setting; a safe name written with slashes is instead rewritten with dots, which changes nothing for the kubelet.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  securityContext:\n    sysctls:\n      - name: kernel.shmmax\n        value: "68719476736"\n  containers:\n    - name: db\n      image: postgres:17\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.tcp_keepalive_time\n        value: "600"\n  containers:\n    - name: db\n      image: postgres:17\n',
        },
        {
          kind: 'compose',
          bad: 'services:\n  cache:\n    image: redis:7.4\n    sysctls:\n      kernel.msgmax: 65536\n',
          good: 'services:\n  cache:\n    image: redis:7.4\n    sysctls:\n      net.ipv4.tcp_syncookies: 1\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Using sysctls in a Kubernetes Cluster', url: 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/' },
      ],
    },
  },
  create(context) {
    return {
      compose: {
        service(service) {
          if (context.compose) checkComposeSysctls(context, context.compose, service);
        },
      },
      kubernetes: {
        podSpec(podSpec) {
          const securityContext = podSpec.securityContext;
          const sysctls = nodeAt(securityContext, 'sysctls');
          if (!securityContext || !isSeq(sysctls)) return;
          const policy = policyOf(context, podSpec);
          if (!policy) return;
          // Removing an item from a sequence other objects share (an anchor or a merged key) would change them too.
          const own = ownPair(securityContext, 'sysctls');
          const editable = own !== undefined && !isAlias(own.value);
          for (const entry of sysctls.items) {
            const item = resolveAlias(entry);
            if (!isMap(item)) continue;
            const nameNode = nodeAt(item, 'name');
            if (nameNode !== undefined && !(isScalar(nameNode) && (nameNode.value === null || typeof nameNode.value === 'string'))) continue;
            const name = isScalar(nameNode) && typeof nameNode.value === 'string' ? nameNode.value : '';
            if (allowed(name, policy)) continue;
            const editor = YamlEditor.for(context.file.text);
            const dotted = name.replaceAll('/', '.');
            const since = safeSince(name);
            const fixes: Fix[] = [];
            let why: string;
            let advice = 'Remove it';
            if (name === '') {
              why = 'a sysctl without a name, which matches no safe sysctl';
            } else if (name.includes('/') && allowed(dotted, policy)) {
              why = `the sysctl ${name}; written as ${dotted} it is safe, but the admission library compares names exactly`;
              advice = `Write it as ${dotted}`;
              if (isScalar(nameNode)) fixes.push({ title: `Write the sysctl as ${dotted}`, safety: 'safe', edits: [editor.setScalar(nameNode as YamlNode, dotted)] });
            } else if (since !== undefined) {
              why = `the sysctl ${name}, which is in the safe set only from policy version v1.${since}`;
            } else {
              why = `the sysctl ${name}, which is not in the safe set: it can weaken isolation or affect other pods and the node`;
            }
            if (editable && fixes.length === 0) {
              fixes.push({ title: `Remove the sysctl ${name || 'without a name'}`, safety: 'unsafe', edits: [editor.removeSeqItem(sysctls, entry as YamlNode)] });
            }
            context.report({
              message: `${inWorkload(podSpec)}, the pod securityContext sets ${why}. ${advice} (${policyLabel(policy, podSpec)}).`,
              range: (name !== '' ? rangeOf(nameNode) : undefined) ?? rangeOf(entry as YamlNode) ?? podSpec.keyRange,
              fixes,
            });
          }
        },
      },
    };
  },
});

function checkComposeSysctls(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  const sysctls = service.settings.get('sysctls');
  if (sysctls?.kind !== 'map') return;
  for (const [name, value] of sysctls.entries) {
    if (safeSince(name.replaceAll('/', '.')) !== undefined) continue;
    const place = placeValue(model, value.at);
    if (!place) continue;
    const edits = !place.editable ? [] : value.at.sequence ? removeItemEdits(model, value.at, sysctls) : removeKeyEdits(model, value.at);
    context.report({
      message: `${service.label} sets the sysctl ${name}, which is outside the set Kubernetes considers safe for any workload; kernel settings outside it can weaken the container's isolation or change behaviour shared with the host. Remove it unless the service truly needs it.`,
      range: place.range,
      related: place.related,
      fixes: edits.length > 0 ? [{ title: `Remove the sysctl ${name}`, safety: 'unsafe', edits }] : [],
      severityCap: 'warning',
    });
  }
}
