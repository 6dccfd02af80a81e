import { pairAt, rangeOf, stringAt } from '../engine/languages/kubernetes/model';
import { secretEntries } from '../engine/languages/kubernetes/secret-data';
import { defineRule } from '../engine/rule';
import { isNonSecretValue, isPlaceholderValue } from '../engine/secrets';
import type { Node as YamlNode } from 'yaml';

function listKeys(keys: string[]): string {
  const shown = keys.slice(0, 3).map((key) => `"${key}"`).join(', ');
  return keys.length > 3 ? `${shown} and ${keys.length - 3} more` : shown;
}

export default defineRule({
  meta: {
    id: 'secret-manifest',
    title: 'Do not commit Secret manifests with their values',
    appliesTo: ['kubernetes'],
    category: 'secrets',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    cwe: ['CWE-312', 'CWE-798'],
    docs: {
      rationale:
        'A `kind: Secret` manifest with `data` or `stringData` carries the secret values themselves, and `data` is only base64-encoded, not encrypted: anyone who can read the repository, a CI log or a rendered chart can decode them, and they stay in the Git history after the file is deleted. The rule reports such manifests, as information only when every value is empty or an obvious placeholder (`changeme`, `<password>`, `${DB_PASSWORD}` after decoding). A `kubernetes.io/service-account-token` Secret with no data (the cluster fills it in) is not reported, and neither are encrypted forms such as a `SealedSecret`.',
      remediation:
        'Keep the values out of the repository. Commit an encrypted form instead ([Sealed Secrets](https://github.com/bitnami-labs/sealed-secrets), [SOPS](https://github.com/getsops/sops)), or a reference the cluster resolves from a secret store: an `ExternalSecret` ([External Secrets Operator](https://external-secrets.io/)) or a `SecretProviderClass` for the [Secrets Store CSI driver](https://secrets-store-csi-driver.sigs.k8s.io/) with your key vault (Azure Key Vault, AWS Secrets Manager, Google Secret Manager, HashiCorp Vault). For local development, create the Secret from an untracked file (`kubectl create secret generic … --from-env-file=.env`). Rotate any value that was committed.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\nstringData:\n  password: Tr0ub4dor-3-horse\n',
          good:
            'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  secretStoreRef:\n    name: vault\n    kind: ClusterSecretStore\n  target:\n    name: db\n  data:\n    - secretKey: password\n      remoteRef:\n        key: prod/db\n        property: password\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Good practices for Kubernetes Secrets', url: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/' },
        { title: 'Sealed Secrets', url: 'https://github.com/bitnami-labs/sealed-secrets' },
        { title: 'External Secrets Operator', url: 'https://external-secrets.io/' },
        { title: 'Secrets Store CSI Driver', url: 'https://secrets-store-csi-driver.sigs.k8s.io/' },
      ],
    },
  },
  create(context) {
    return {
      kubernetes: {
        resource(resource) {
          if (resource.kind !== 'Secret' || resource.apiVersion !== 'v1') return;
          const entries = secretEntries(resource);
          const first = entries[0];
          if (!first) return;
          const harmless = entries.every((entry) => entry.value !== undefined && (isPlaceholderValue(entry.value) || isNonSecretValue(entry.value)));
          const keys = listKeys(entries.map((entry) => entry.key));
          const type = stringAt(resource.node, 'type');
          const kindOf = type !== undefined && type !== 'Opaque' ? ` (${type})` : '';
          const what = entries.length === 1 ? `the value of ${keys}` : `the values of ${entries.length} keys (${keys})`;
          const them = entries.length === 1 ? 'it' : 'them';
          const readable = entries.some((entry) => entry.field === 'data') ? 'base64-encoded, which anyone can decode' : 'in plain text';
          context.report({
            message: harmless
              ? `${resource.label}${kindOf} commits only placeholders as ${what}. Make sure real values never land in this file: create the Secret in the cluster, or use Sealed Secrets, External Secrets or a key vault CSI driver.`
              : `${resource.label}${kindOf} commits ${what} ${readable}, and Git keeps ${them} in its history. Rotate ${them} and keep secret values out of the repository with Sealed Secrets, External Secrets or a key vault CSI driver.`,
            range: rangeOf(pairAt(resource.node, first.field)?.key as YamlNode | undefined) ?? first.keyRange,
            ...(harmless ? { severityCap: 'info' as const } : {}),
          });
        },
      },
    };
  },
});
