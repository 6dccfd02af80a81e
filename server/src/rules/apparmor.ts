import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { mapAt, nodeAt, pairAt, rangeOf, resolveAlias, type PodSpec } from '../engine/languages/kubernetes/model';
import { setKeyEdits } from '../engine/languages/kubernetes/pss-edits';
import { policyLabel, type PssPolicy } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { reportSecurityOptions } from '../engine/languages/compose/edits';

const ALLOWED_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** What the admission library accepts in the deprecated beta annotation. */
function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/** The key/value pairs of a map as the API sees them: its own keys, then keys merged in with `<<` that it does not override. */
function effectivePairs(map: YAMLMap, depth = 0): Pair[] {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const item of map.items) {
    if (!isScalar(item.key)) continue;
    if (item.key.value !== '<<') {
      own.push(item as Pair);
      continue;
    }
    if (depth >= 8) continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const source of sources) {
      const target = resolveAlias(source);
      if (isMap(target)) merged.push(...effectivePairs(target, depth + 1));
    }
  }
  const ownKeys = new Set(own.map((pair) => (pair.key as Scalar).value));
  const seen = new Set<unknown>();
  return [
    ...own,
    ...merged.filter((pair) => {
      const key = (pair.key as Scalar).value;
      if (ownKeys.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  ];
}

export default defineRule({
  meta: {
    id: 'apparmor',
    title: 'Do not turn off or override the default AppArmor profile',
    appliesTo: ['kubernetes', 'compose'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-693'],
    peers: ['Trivy KSV-0002'],
    docs: {
      rationale:
        'On nodes with AppArmor, the container runtime confines every container with its default profile, which blocks mounting file systems, writing to most of `/proc` and `/sys` and other steps of a container escape. `appArmorProfile.type: Unconfined` removes that layer. The Pod Security Standards baseline allows only `RuntimeDefault` and `Localhost` in `securityContext.appArmorProfile.type` (pod and every container, init and ephemeral ones included) and only `runtime/default` and `localhost/<profile>` in the deprecated `container.apparmor.security.beta.kubernetes.io/<container>` annotations of the pod (the pod template\'s metadata for workloads), at every policy version. The rule checks the same fields; a profile without a type counts as a forbidden one, as the admission library reads it.',
      remediation:
        'Set `type: RuntimeDefault` (or `Localhost` with a `localhostProfile` that allows what the application needs) and replace the beta annotation by the `appArmorProfile` field, which Kubernetes supports since 1.30. The fix is marked unsafe: whoever wrote `Unconfined` may have had a reason, and a confined container can fail where an unconfined one worked.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        appArmorProfile:\n          type: Unconfined\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        appArmorProfile:\n          type: RuntimeDefault\n',
        },
        {
          kind: 'kubernetes',
          bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: unconfined\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n',
          good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext:\n            appArmorProfile:\n              type: RuntimeDefault\n',
        },
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: node:22-alpine\n    security_opt:\n      - apparmor:unconfined\n',
          good: 'services:\n  app:\n    image: node:22-alpine\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Restrict a Container\'s Access to Resources with AppArmor', url: 'https://kubernetes.io/docs/tutorials/security/apparmor/' },
      ],
    },
  },
  create(context) {
    const edits = (): YamlEditor => YamlEditor.for(context.file.text);

    /** `appArmorProfile` of one securityContext; `who` names its owner after the workload. */
    const checkProfile = (securityContext: YAMLMap | undefined, podSpec: PodSpec, policy: PssPolicy, who: string, fallback: { start: number; end: number }): void => {
      const profile = nodeAt(securityContext, 'appArmorProfile');
      // `appArmorProfile: null` is no profile; anything but a map would not get past the API server.
      if (!isMap(profile)) return;
      const typeNode = nodeAt(profile, 'type');
      const type = isScalar(typeNode) && typeNode.value !== null ? String(typeNode.value) : '';
      if (ALLOWED_TYPES.has(type)) return;
      const keyNode = securityContext ? (pairAt(securityContext, 'appArmorProfile')?.key as YamlNode | undefined) : undefined;
      const range = (type !== '' ? rangeOf(typeNode) : undefined) ?? rangeOf(keyNode) ?? fallback;
      const what =
        type === ''
          ? 'sets appArmorProfile without a type, which the admission library reads as a forbidden profile'
          : type === 'Unconfined'
            ? 'sets appArmorProfile.type: Unconfined, which turns AppArmor confinement off'
            : `sets appArmorProfile.type: ${type}, which is not RuntimeDefault or Localhost`;
      // Kubernetes accepts localhostProfile only with type Localhost, so a profile naming one is left to a person.
      const fixes: Fix[] = pairAt(profile, 'localhostProfile')
        ? []
        : [{ title: 'Set appArmorProfile.type: RuntimeDefault', safety: 'unsafe', edits: setKeyEdits(edits(), profile, 'type', 'RuntimeDefault') }];
      context.report({
        message: `${inWorkload(podSpec)}, ${who} ${what}. Use RuntimeDefault, or Localhost with a profile of your own (${policyLabel(policy, podSpec)}).`,
        range,
        fixes,
      });
    };

    const checkAnnotations = (podSpec: PodSpec, policy: PssPolicy): void => {
      const annotations = mapAt(podSpec.metadata, 'annotations');
      if (!annotations) return;
      for (const pair of effectivePairs(annotations)) {
        const key = (pair.key as Scalar).value;
        if (typeof key !== 'string' || !key.startsWith(ANNOTATION_PREFIX)) continue;
        const valueNode = resolveAlias(pair.value) as YamlNode | null | undefined;
        if (!isScalar(valueNode) || (valueNode.value !== null && typeof valueNode.value !== 'string')) continue;
        const value = valueNode.value ?? '';
        if (allowedAnnotationValue(value)) continue;
        const containerName = key.slice(ANNOTATION_PREFIX.length);
        const fixes: Fix[] = [{ title: 'Set the AppArmor annotation to runtime/default', safety: 'unsafe', edits: setKeyEdits(edits(), annotations, key, 'runtime/default') }];
        context.report({
          message: `${inWorkload(podSpec)}, the annotation ${key} gives container "${containerName}" the AppArmor profile "${value}"; only runtime/default and localhost/<profile> are allowed. Use runtime/default, or better securityContext.appArmorProfile.type: RuntimeDefault, which replaces the deprecated annotation (${policyLabel(policy, podSpec)}).`,
          range: rangeOf(valueNode) ?? rangeOf(pair.key as YamlNode) ?? podSpec.keyRange,
          fixes,
        });
      }
    };

    return {
      compose: {
        service(service) {
          reportSecurityOptions(context, service, 'apparmor', (value) => value?.toLowerCase() === 'unconfined' ? 'it runs without AppArmor, which otherwise keeps it from mounting, writing to /proc and /sys and other host-facing actions. Remove it to keep Docker\'s default profile (docker-default).' : undefined);
        },
      },
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy) return;
          checkProfile(podSpec.securityContext, podSpec, policy, 'the pod securityContext', podSpec.keyRange);
          checkAnnotations(podSpec, policy);
        },
        container(container) {
          const policy = policyOf(context, container.podSpec);
          if (!policy) return;
          checkProfile(container.securityContext, container.podSpec, policy, container.label, container.anchor);
        },
      },
    };
  },
});

