import { isScalar, type Node as YamlNode } from 'yaml';
import { mapAt, rangeOf, resolveAlias } from '../engine/languages/kubernetes/model';
import { defineRule } from '../engine/rule';
import { echoesKey, isNonSecretValue, isPlaceholderValue, isSecretLikeName, isWeakPassword } from '../engine/secrets';

export default defineRule({
  meta: {
    id: 'secret-in-configmap',
    title: 'Do not keep secrets in a ConfigMap',
    appliesTo: ['kubernetes'],
    category: 'secrets',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    cwe: ['CWE-312', 'CWE-798'],
    peers: ['Trivy KSV-0109', 'Trivy KSV-01010'],
    docs: {
      rationale:
        'ConfigMaps are meant for configuration anyone on the team may read: they are not encrypted at rest even where Secrets are, RBAC roles commonly grant read access to them (`view` does, and it cannot read Secrets), they are printed by `kubectl describe`, and they get committed without a second thought. A key whose name says it holds a secret (`DB_PASSWORD`, `api-key`, `client_secret`) with a real value in a ConfigMap is a leaked credential. Names are judged with the same word rules as the other secret rules; empty values, variable references, obvious placeholders and values that cannot be secrets (booleans, paths, URLs without a password) are not reported, nor are names listed in the `secrets.allowNames` setting. Values that only echo their key (`API_KEY: API_KEY_VAL`) are placeholders and skipped; a well-known default password (`password: admin`) is reported as a weak default password.',
      remediation:
        'Move the value into a Secret (kept out of the repository with Sealed Secrets, External Secrets or a key vault CSI driver) and read it with `valueFrom.secretKeyRef` or a `secret` volume instead of the ConfigMap. Rotate the value if it was committed.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  LOG_LEVEL: info\n  DB_PASSWORD: Tr0ub4dor-3-horse\n',
          good: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  LOG_LEVEL: info\n  DB_PASSWORD_FILE: /var/run/secrets/db/password\n',
        },
      ],
      references: [
        { title: 'Kubernetes: ConfigMaps', url: 'https://kubernetes.io/docs/concepts/configuration/configmap/' },
        { title: 'Kubernetes: Good practices for Kubernetes Secrets', url: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/' },
      ],
    },
  },
  create(context) {
    const allowNames = context.settings.secrets.allowNames;
    return {
      kubernetes: {
        resource(resource) {
          if (resource.kind !== 'ConfigMap') return;
          const data = mapAt(resource.node, 'data');
          if (!data) return;
          for (const pair of data.items) {
            const keyNode = pair.key as YamlNode | null;
            if (!isScalar(keyNode) || typeof keyNode.value !== 'string' || !isSecretLikeName(keyNode.value, allowNames)) continue;
            const node = resolveAlias(pair.value) as YamlNode | null | undefined;
            if (!isScalar(node) || node.value === null) continue;
            const value = String(node.value);
            const weak = isWeakPassword(value);
            if (!weak && (isPlaceholderValue(value) || echoesKey(keyNode.value, value) || isNonSecretValue(value))) continue;
            const multiLine = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
            const what = weak ? `a weak default password ("${value}"), which anyone can guess,` : 'what its name says is a secret,';
            context.report({
              message: `Key "${keyNode.value}" of ${resource.label} holds ${what} in a ConfigMap that is stored unencrypted and readable by anyone who may read configuration. Move it to a Secret and rotate it if this was committed.`,
              range: (multiLine ? rangeOf(keyNode) : rangeOf(node)) ?? resource.anchor,
            });
          }
        },
      },
    };
  },
});
