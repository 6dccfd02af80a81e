import { isMap, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import { mapAt, pairAt, rangeOf, resolveAlias, type Container, type PodSpec } from '../engine/languages/kubernetes/model';
import { atLeast, isWindowsPod, policyLabel, type PssPolicy } from '../engine/languages/kubernetes/pss';
import { setKeyEdits } from '../engine/languages/kubernetes/pss-edits';
import {
  ALLOWED_SECCOMP_TYPES,
  containerList,
  containersRelated,
  inWorkload,
  missingFromWholePod,
  policyOf,
  seccompProfileOf,
  WINDOWS_ADVICE,
  windowsBeforeExemption,
  type SeccompSetting,
} from '../engine/languages/kubernetes/security-context';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule, type RuleContext } from '../engine/rule';
import type { Edit, Fix, TextRange } from '../engine/types';
import { reportSecurityOptions } from '../engine/languages/compose/edits';

/** The alpha annotations policy versions up to v1.18 judge instead of the field. */
const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function annotationValueAllowed(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

const RUNTIME_DEFAULT = { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } };

export default defineRule({
  meta: {
    id: 'seccomp',
    title: 'Run containers under the RuntimeDefault or a Localhost seccomp profile',
    appliesTo: ['kubernetes', 'compose'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-250', 'CWE-693'],
    peers: ['Trivy KSV-0104', 'Trivy KSV-0030', 'Checkov CKV_K8S_31'],
    docs: {
      rationale:
        'A seccomp profile filters the system calls a container may make. Without one (Kubernetes runs pods `Unconfined` unless told otherwise) every process in the container can reach the whole kernel interface, including rarely used calls such as `unshare`, `keyctl`, `bpf` or `userfaultfd` that recur in container escapes. The Pod Security Standards **baseline** forbids turning the filter off explicitly (`seccompProfile.type: Unconfined`, or any type other than `RuntimeDefault` and `Localhost`, on the pod or a container); **restricted** also requires that every container ends up with `RuntimeDefault` or `Localhost`, from its own `securityContext` or the pod\'s. Policy versions up to v1.18 judge the alpha annotations `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<container>` instead (allowed: `runtime/default`, `docker/default`, `localhost/<profile>`); from v1.19 only the fields count. Windows pods are exempt at restricted from v1.25. An explicit bad value is an error; a missing profile, which only restricted forbids, is a warning. When a pod has several containers and neither the pod nor any container sets a profile, the finding is reported once, on the pod spec, with every container as a related location and the pod-level fix.',
      remediation:
        'Set `securityContext.seccompProfile.type: RuntimeDefault` at pod level so every container, including init and ephemeral ones, inherits it, and remove `Unconfined` from containers. The fixes do exactly that (and change a bad alpha annotation to `runtime/default` for old policy versions). The runtime\'s default profile blocks only calls ordinary applications do not make, but it does stop some tools — debuggers and tracers using `ptrace`, sandboxes that create namespaces, a few JIT or io_uring based runtimes — so the fixes are offered as unsafe: test the workload, and write a `Localhost` profile for the rare one that needs more.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n    - name: app\n      image: nginx:1.27\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27\n',
        },
        {
          kind: 'kubernetes',
          bad: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: example/migrate:2.0.1\n',
          good: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n      containers:\n        - name: migrate\n          image: example/migrate:2.0.1\n',
          note: 'At the restricted level every container needs a profile, here inherited from the pod.',
        },
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: node:22-alpine\n    security_opt:\n      - seccomp:unconfined\n',
          good: 'services:\n  app:\n    image: node:22-alpine\n    security_opt:\n      - no-new-privileges:true\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Restrict a container\'s syscalls with seccomp', url: 'https://kubernetes.io/docs/tutorials/security/seccomp/' },
        { title: 'Docker: Seccomp security profiles', url: 'https://docs.docker.com/engine/security/seccomp/' },
      ],
    },
  },
  create(context) {
    const edit = (): YamlEditor => YamlEditor.for(context.file.text);
    return {
      compose: {
        service(service) {
          reportSecurityOptions(context, service, 'seccomp', (value) => value?.toLowerCase() === 'unconfined' ? 'it runs without the seccomp filter, so every system call of the kernel is open to it, including those most container escapes use. Remove it to keep Docker\'s default profile, or write a profile that allows just the calls it needs.' : undefined);
        },
      },
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy) return;
          if (!atLeast(policy.version, 19)) {
            checkAnnotations(context, edit, podSpec, policy);
            return;
          }
          // From v1.19 the restricted check replaces the baseline one at restricted; from v1.25 it lets
          // Windows pods through entirely.
          const restricted = policy.level === 'restricted';
          if (restricted && atLeast(policy.version, 25) && isWindowsPod(podSpec)) return;
          checkFields(context, edit, podSpec, policy, restricted);
        },
      },
    };
  },
});

function checkFields(context: RuleContext, edit: () => YamlEditor, podSpec: PodSpec, policy: PssPolicy, restricted: boolean): void {
  const label = policyLabel(policy, podSpec);
  const pod = seccompProfileOf(podSpec.securityContext);
  if (pod && !ALLOWED_SECCOMP_TYPES.has(pod.type)) {
    context.report({
      message: `${inWorkload(podSpec)}, the pod ${describeBadType(pod)}, which ${label} forbids: ${whyBad(pod)}. Use RuntimeDefault (or a Localhost profile).`,
      range: badTypeRange(pod) ?? podSpec.keyRange,
      fixes: [{ title: 'Use the RuntimeDefault seccomp profile for the pod', safety: 'unsafe', edits: useRuntimeDefault(edit(), pod, podSpec.node) }],
    });
  }
  const missing: Container[] = [];
  for (const container of podSpec.containers) {
    const own = seccompProfileOf(container.securityContext);
    if (own) {
      if (!ALLOWED_SECCOMP_TYPES.has(own.type)) reportContainerType(context, edit, podSpec, container, own, label);
      continue;
    }
    // Restricted wants a profile on every container; one the pod sets badly is reported once, above.
    if (restricted && !pod) missing.push(container);
  }
  if (missing.length === 0) return;
  const windows = windowsBeforeExemption(policy, podSpec);
  const advice = windows ? WINDOWS_ADVICE : 'Set seccompProfile: {type: RuntimeDefault} on the pod.';
  const fixes = windows ? [] : [{ title: 'Set the RuntimeDefault seccomp profile on the pod', safety: 'unsafe' as const, edits: edit().ensure(podSpec.node, RUNTIME_DEFAULT) }];
  if (missingFromWholePod(podSpec, missing)) {
    context.report({
      message: `${inWorkload(podSpec)}, no container runs with a seccomp profile: neither the pod nor any of its ${missing.length} containers (${containerList(missing)}) sets securityContext.seccompProfile.type, and ${label} requires RuntimeDefault or Localhost. ${advice}`,
      range: podSpec.keyRange,
      related: containersRelated(missing, 'seccompProfile'),
      fixes,
      severityCap: 'warning',
    });
    return;
  }
  for (const container of missing) {
    context.report({
      message: `${inWorkload(podSpec)}, ${container.label} runs without a seccomp profile: neither it nor the pod sets securityContext.seccompProfile.type, and ${label} requires RuntimeDefault or Localhost. ${advice}`,
      range: container.anchor,
      fixes,
      severityCap: 'warning',
    });
  }
}

function reportContainerType(context: RuleContext, edit: () => YamlEditor, podSpec: PodSpec, container: Container, own: SeccompSetting, label: string): void {
  context.report({
    message: `${inWorkload(podSpec)}, ${container.label} ${describeBadType(own)}, which ${label} forbids: ${whyBad(own)}. Use RuntimeDefault (or a Localhost profile).`,
    range: badTypeRange(own) ?? container.anchor,
    fixes: [{ title: 'Use the RuntimeDefault seccomp profile', safety: 'unsafe', edits: useRuntimeDefault(edit(), own, container.node) }],
  });
}

/** Changes the type in the profile map itself (over a merged value), or writes a whole profile. */
function useRuntimeDefault(editor: YamlEditor, setting: SeccompSetting, owner: YAMLMap): Edit[] {
  return isMap(setting.profile) ? setKeyEdits(editor, setting.profile, 'type', 'RuntimeDefault') : editor.ensure(owner, RUNTIME_DEFAULT);
}

function describeBadType(setting: SeccompSetting): string {
  return setting.type === '' ? 'sets securityContext.seccompProfile without a type' : `sets securityContext.seccompProfile.type to "${setting.type}"`;
}

function whyBad(setting: SeccompSetting): string {
  return setting.type === 'Unconfined' ? 'it turns off system-call filtering' : 'only RuntimeDefault and Localhost are allowed (the names are case-sensitive)';
}

function badTypeRange(setting: SeccompSetting): TextRange | undefined {
  return nonEmpty(rangeOf(setting.typeNode)) ?? rangeOf(setting.profile);
}

/** Policy versions up to v1.18: the alpha annotations on the pod (template) metadata. */
function checkAnnotations(context: RuleContext, edit: () => YamlEditor, podSpec: PodSpec, policy: PssPolicy): void {
  const annotations = mapAt(podSpec.metadata, 'annotations');
  if (!annotations) return;
  const label = policyLabel(policy, podSpec);
  const keys = [POD_ANNOTATION, ...new Set(podSpec.containers.map((container) => CONTAINER_ANNOTATION_PREFIX + container.name))];
  for (const key of keys) {
    const pair = pairAt(annotations, key);
    if (!pair) continue;
    const value = resolveAlias(pair.value) as YamlNode | null | undefined;
    const text = isScalar(value) && value.value !== null && value.value !== undefined ? String(value.value) : isMap(value) ? '{…}' : '';
    if (annotationValueAllowed(text)) continue;
    const who = key === POD_ANNOTATION ? 'the pod' : `container "${key.slice(CONTAINER_ANNOTATION_PREFIX.length)}"`;
    const fix: Fix = { title: 'Use the runtime/default seccomp profile', safety: 'unsafe', edits: edit().ensure(annotations, { [key]: 'runtime/default' }) };
    context.report({
      message: `${inWorkload(podSpec)}, the annotation ${key} gives ${who} the seccomp profile "${text}", which ${label} forbids: only runtime/default, docker/default and localhost/<profile> are allowed. Use runtime/default.`,
      range: nonEmpty(rangeOf(value ?? undefined)) ?? rangeOf(pair.key as YamlNode) ?? podSpec.keyRange,
      fixes: [fix],
    });
  }
}

function nonEmpty(range: TextRange | undefined): TextRange | undefined {
  return range && range.end > range.start ? range : undefined;
}

