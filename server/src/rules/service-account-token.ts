import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import { booleanValue, mapAt, nodeAt, pairAt, rangeOf, resolveAlias, stringAt, type KubernetesModel, type PodSpec } from '../engine/languages/kubernetes/model';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';

/** The service account the pod runs as; `serviceAccount` is the deprecated spelling. */
function serviceAccountOf(podSpec: PodSpec): string {
  const name = stringAt(podSpec.node, 'serviceAccountName') ?? stringAt(podSpec.node, 'serviceAccount');
  return name === undefined || name.trim() === '' ? 'default' : name.trim();
}

/** A projected volume that asks for a service account token: the pod manages its token on purpose. */
function projectsToken(podSpec: PodSpec): boolean {
  const volumes = nodeAt(podSpec.node, 'volumes');
  if (!isSeq(volumes)) return false;
  return volumes.items.some((entry) => {
    const volume = resolveAlias(entry);
    const sources = isMap(volume) ? nodeAt(mapAt(volume, 'projected'), 'sources') : undefined;
    return isSeq(sources) && sources.items.some((source) => {
      const item = resolveAlias(source);
      return isMap(item) && pairAt(item, 'serviceAccountToken') !== undefined;
    });
  });
}

/** A ServiceAccount manifest in the same file that already turns automounting off for the pod's account. */
function accountDisablesAutomount(model: KubernetesModel | undefined, podSpec: PodSpec, account: string): boolean {
  return (model?.resources ?? []).some(
    (resource) =>
      resource.kind === 'ServiceAccount' &&
      resource.name === account &&
      resource.namespace === podSpec.resource.namespace &&
      booleanValue(nodeAt(resource.node, 'automountServiceAccountToken')) === false,
  );
}

export default defineRule({
  meta: {
    id: 'service-account-token',
    title: 'Do not mount an API token into pods that do not use the API',
    appliesTo: ['kubernetes'],
    category: 'hardening',
    defaultSeverity: 'info',
    securitySeverity: 'low',
    fix: 'unsafe',
    cwe: ['CWE-1188'],
    peers: ['Trivy KSV-0036', 'Checkov CKV_K8S_38', 'Polaris automountServiceAccountToken'],
    docs: {
      rationale:
        'Unless told otherwise, Kubernetes mounts a token for the pod\'s service account into every container at `/var/run/secrets/kubernetes.io/serviceaccount`. Most applications never call the Kubernetes API, but anyone who gets code execution in them can use the token to talk to it, with whatever permissions the account has been granted over time. The rule reports pods that do not set `automountServiceAccountToken` and do not obviously need the API. A pod obviously needs the API, and is not reported, when it runs under its own service account (`serviceAccountName` other than `default`, which implies someone gave that account RBAC permissions), when it asks for a token itself through a `projected` volume with a `serviceAccountToken` source, when it sets `automountServiceAccountToken: true` explicitly, or when a `ServiceAccount` manifest for its account in the same file already sets `automountServiceAccountToken: false`.',
      remediation:
        'Set `automountServiceAccountToken: false` in the pod spec (or on the `ServiceAccount`, which covers every pod that uses it). If the application does call the API, give it a dedicated service account with only the permissions it needs and name it in `serviceAccountName`.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: nginx:1.27\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Configure Service Accounts for Pods', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting' },
        { title: 'Kubernetes: Service Accounts', url: 'https://kubernetes.io/docs/concepts/security/service-accounts/' },
      ],
    },
  },
  create(context) {
    return {
      kubernetes: {
        podSpec(podSpec) {
          const value = nodeAt(podSpec.node, 'automountServiceAccountToken');
          const setting = booleanValue(value);
          if (setting !== undefined) return;
          const account = serviceAccountOf(podSpec);
          if (account !== 'default' || projectsToken(podSpec) || accountDisablesAutomount(context.kubernetes, podSpec, account)) return;
          const edits = YamlEditor.for(context.file.text).ensure(podSpec.node, { automountServiceAccountToken: false });
          context.report({
            message: `${podSpec.resource.label} runs under the default service account with its API token mounted into every container, where anyone who gets code execution can use it. Set automountServiceAccountToken: false, or give the pod its own service account if it calls the Kubernetes API.`,
            range: rangeOf(value as YamlNode | undefined) ?? podSpec.keyRange,
            fixes: [{ title: 'Set automountServiceAccountToken: false', safety: 'unsafe', edits }],
          });
        },
      },
    };
  },
});
