import { isMap, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import { nodeAt, pairAt, pairRange, rangeOf, type PodSpec } from '../engine/languages/kubernetes/model';
import { ownPair, removeKeyEdit } from '../engine/languages/kubernetes/pss-edits';
import { atLeast, policyLabel, type PssPolicy } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';
import type { TextRange } from '../engine/types';
import { reportSecurityOptions } from '../engine/languages/compose/edits';

const TYPES_1_0 = ['container_t', 'container_init_t', 'container_kvm_t'];
/** `container_engine_t` (for container engines running in a pod) is allowed from policy version v1.31. */
const ENGINE_TYPE = 'container_engine_t';
const ENGINE_SINCE_MINOR = 31;

function allowedTypes(policy: PssPolicy): string[] {
  return atLeast(policy.version, ENGINE_SINCE_MINOR) ? [...TYPES_1_0, ENGINE_TYPE] : TYPES_1_0;
}

/** A string field as the API decodes it: null and a missing key are "", other scalars are not strings (undefined). */
function stringField(map: YAMLMap, key: string): { value: string; node: YamlNode | undefined } | undefined {
  const node = nodeAt(map, key);
  if (node === undefined || (isScalar(node) && node.value === null)) return { value: '', node: undefined };
  return isScalar(node) && typeof node.value === 'string' ? { value: node.value, node } : undefined;
}

export default defineRule({
  meta: {
    id: 'selinux',
    title: 'Do not set a custom SELinux type, user or role',
    appliesTo: ['kubernetes', 'compose'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-693'],
    peers: ['Trivy KSV-0025'],
    docs: {
      rationale:
        'On SELinux nodes every container process runs with a confined type, `container_t`, that keeps it away from the node\'s files and processes. `seLinuxOptions` can pick another type, and types such as `spc_t` ("super-privileged container") or `unconfined_t` are not confined at all; a custom SELinux `user` or `role` changes what the process may become. The Pod Security Standards baseline allows only the types `container_t`, `container_init_t` and `container_kvm_t`, plus `container_engine_t` from policy version v1.31, and no `user` or `role`, in the pod\'s and every container\'s `seLinuxOptions` (init and ephemeral containers included). `level` (the MCS categories) is not restricted.',
      remediation:
        'Remove the custom `type`, `user` or `role` and let the runtime assign its default labels, or use one of the allowed types. The fix removes the offending key; it is marked unsafe because software that needs the other type, a container engine or a node agent, stops working.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seLinuxOptions:\n          type: spc_t\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        seLinuxOptions:\n          level: "s0:c123,c456"\n',
        },
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: node:22-alpine\n    security_opt:\n      - label:disable\n',
          good: 'services:\n  app:\n    image: node:22-alpine\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Assign SELinux labels to a Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container' },
      ],
    },
  },
  create(context) {
    const edits = (): YamlEditor => YamlEditor.for(context.file.text);

    const check = (securityContext: YAMLMap | undefined, podSpec: PodSpec, policy: PssPolicy, who: string, fallback: TextRange): void => {
      const options = nodeAt(securityContext, 'seLinuxOptions');
      if (!isMap(options)) return;
      const where = `${inWorkload(podSpec)}, ${who}`;
      const suffix = policyLabel(policy, podSpec);
      const removal = (key: string) => {
        // Removing the last key removes the whole seLinuxOptions, unless an alias elsewhere refers to it.
        const holder = securityContext ? ownPair(securityContext, 'seLinuxOptions') : undefined;
        const whole = options.items.length === 1 && holder?.value === options && options.anchor === undefined;
        const edit = whole && securityContext ? removeKeyEdit(edits(), securityContext, 'seLinuxOptions') : removeKeyEdit(edits(), options, key);
        return edit ? [{ title: `Remove seLinuxOptions.${key}`, safety: 'unsafe' as const, edits: [edit] }] : [];
      };

      const type = stringField(options, 'type');
      const allowed = allowedTypes(policy);
      if (type && type.value !== '' && !allowed.includes(type.value)) {
        const reason =
          type.value === ENGINE_TYPE
            ? `${ENGINE_TYPE} is allowed only from policy version v1.${ENGINE_SINCE_MINOR}`
            : `only ${allowed.slice(0, -1).join(', ')} and ${allowed[allowed.length - 1] ?? ''} are allowed${type.value === 'spc_t' || type.value === 'unconfined_t' ? `, and ${type.value} is not confined at all` : ''}`;
        context.report({
          message: `${where} sets seLinuxOptions.type: ${type.value}; ${reason}. Remove it or use an allowed type (${suffix}).`,
          range: rangeOf(type.node) ?? fallback,
          fixes: removal('type'),
        });
      }
      for (const key of ['user', 'role'] as const) {
        const field = stringField(options, key);
        if (!field || field.value === '') continue;
        const pair = pairAt(options, key);
        context.report({
          message: `${where} sets seLinuxOptions.${key}: ${field.value}; a custom SELinux ${key} is forbidden. Remove it (${suffix}).`,
          range: (pair && pairRange(pair)) ?? fallback,
          fixes: removal(key),
        });
      }
    };

    return {
      compose: {
        service(service) {
          reportSecurityOptions(context, service, 'label', (value) => composeLabelProblem(value));
        },
      },
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy) return;
          check(podSpec.securityContext, podSpec, policy, 'the pod securityContext', podSpec.keyRange);
        },
        container(container) {
          const policy = policyOf(context, container.podSpec);
          if (!policy) return;
          check(container.securityContext, container.podSpec, policy, container.label, container.anchor);
        },
      },
    };
  },
});

/** SELinux types a container may run as (what the Pod Security Standards allow, the engine type included). */
const COMPOSE_CONTAINER_TYPES = new Set([...TYPES_1_0, ENGINE_TYPE]);

/** What is wrong with a `label` security option's value (`disable`, `type:spc_t`), or undefined. */
function composeLabelProblem(value: string | undefined): string | undefined {
  const normalised = value?.toLowerCase().replace('=', ':');
  if (normalised === 'disable') return 'SELinux separation is off for it, so the policy no longer keeps it away from host files and other containers. Remove it; relabel bind mounts with :z or :Z instead.';
  const type = normalised?.startsWith('type:') ? value?.slice(5).trim() : undefined;
  if (type !== undefined && !COMPOSE_CONTAINER_TYPES.has(type)) {
    return `it runs as the SELinux type ${type}, which is not a container type (${[...COMPOSE_CONTAINER_TYPES].join(', ')}) and can give it access the container policy denies${type === 'spc_t' ? ' (spc_t is the unconfined "super privileged container" type)' : ''}. Remove it.`;
  }
  return undefined;
}
