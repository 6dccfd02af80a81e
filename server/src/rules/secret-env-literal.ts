import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { nodeAt, pairAt, resolveAlias, stringAt, type Container } from '../engine/languages/kubernetes/model';
import { renderBlock, renderFlow, YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { defineRule } from '../engine/rule';
import { echoesKey, isNonSecretValue, isPlaceholderValue, isSecretLikeName, isWeakPassword, nameTokens } from '../engine/secrets';
import type { Edit, Fix } from '../engine/types';
import { appendToServiceList, composeEditor } from '../engine/languages/compose/edits';
import { placeValue, rawText, type ComposeModel, type ComposeService, type Located } from '../engine/languages/compose/model';
import { mergeInsertions } from '../engine/languages/kubernetes/yaml-insert';
import type { RuleContext } from '../engine/rule';

/** A DNS-1123 name for the Secret the fix points at: `<workload>-secrets`. */
function secretNameFor(workload: string | undefined): string {
  const base = (workload ?? 'app')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `${(base || 'app').slice(0, 245)}-secrets`;
}

/** The key inside that Secret: the words of the variable name joined by dashes (`DB_PASSWORD`, `dbPassword` → `db-password`). */
function secretKeyFor(variable: string): string {
  const key = nameTokens(variable)
    .join('-')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return key || 'value';
}

/** Replaces the `value` pair of an env entry with `valueFrom.secretKeyRef`, in the entry's style. */
function toSecretKeyRef(editor: YamlEditor, entry: YAMLMap, pair: Pair, name: string, key: string): Edit {
  const keyNode = pair.key as YamlNode;
  const start = keyNode.range?.[0] ?? 0;
  const colon = editor.text.indexOf(':', keyNode.range?.[1] ?? start);
  const valueEnd = (pair.value as YamlNode | null)?.range?.[1] ?? 0;
  const end = Math.max(valueEnd, colon + 1);
  const reference = { valueFrom: { secretKeyRef: { name, key } } };
  if (entry.flow) return { start, end, text: renderFlow(reference).slice(1, -1) };
  const column = editor.lines.positionAt(start).character;
  let text = renderBlock(reference, column, editor.indentUnit, editor.eol).slice(column).replace(/\r?\n$/, '');
  if (editor.text[end - 1] === '\n') text += editor.eol;
  return { start, end, text };
}

export default defineRule({
  meta: {
    id: 'secret-env-literal',
    title: 'Read secret environment variables from a Secret, not a literal',
    appliesTo: ['kubernetes', 'compose'],
    category: 'secrets',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-798', 'CWE-312'],
    peers: ['kube-linter env-var-secret', 'Checkov CKV_K8S_35', 'Polaris sensitiveContainerEnvVar'],
    docs: {
      rationale:
        'An `env` entry whose name says it holds a secret (`DB_PASSWORD`, `API_KEY`, `clientSecret`) but whose `value` is written into the manifest puts that secret in Git, in every rendered copy of the manifest, and in the workload object itself, where anyone allowed to read Deployments (far more people than may read Secrets) can see it. Names are judged with the same word rules as the Dockerfile secret rules; values that cannot be secrets (booleans, paths, URLs without a password) are not reported, and empty values, variable references such as `$(OTHER_VAR)` and obvious placeholders (`changeme`, `<token>`) are reported as information only. Names listed in the `secrets.allowNames` setting are never treated as secrets. A value that only echoes its name (`GOOGLE_API_KEY: GOOGLE_API_KEY_VAL`, `apiKey: API_KEY`) is a placeholder and reported as info. A well-known default password (`password`, `admin`, `root`, `secret`, `changeme`, `postgres`) is not a placeholder: it is the password in use, and is reported as a weak default password.',
      remediation:
        'Store the value in a Secret (created in the cluster, or from Sealed Secrets, External Secrets or a key vault CSI driver) and reference it with `valueFrom.secretKeyRef`. The fix rewrites the entry to reference a Secret named after the workload (`<workload>-secrets`) with a key derived from the variable name (`DB_PASSWORD` → `db-password`); create that Secret, or change the names to an existing one, before you deploy. Rotate the value if the manifest was ever committed.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/web:1.4.2\n      env:\n        - name: DB_PASSWORD\n          value: Tr0ub4dor-3-horse\n',
          good:
            'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/acme/web:1.4.2\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: web-secrets\n              key: db-password\n',
        },
        {
          kind: 'compose',
          bad: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Pa55\n',
          good: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n    secrets:\n      - postgres_password\nsecrets:\n  postgres_password:\n    file: ./postgres_password.txt\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Distribute Credentials Securely Using Secrets', url: 'https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/' },
        { title: 'Kubernetes: Good practices for Kubernetes Secrets', url: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/' },
        { title: 'OWASP Secrets Management Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    const allowNames = context.settings.secrets.allowNames;
    // An env list shared through an anchor is reported once, at its first container.
    const seen = new WeakSet<YAMLMap>();

    const checkEntry = (container: Container, entry: YAMLMap): void => {
      const variable = stringAt(entry, 'name');
      const pair = pairAt(entry, 'value');
      if (variable === undefined || !pair || !entry.items.includes(pair) || !isSecretLikeName(variable, allowNames)) return;
      const node = resolveAlias(pair.value) as YamlNode | null | undefined;
      if (node !== null && node !== undefined && !isScalar(node)) return;
      const value = node === null || node === undefined || node.value === null ? '' : String(node.value);
      if (value !== '' && isNonSecretValue(value)) return;
      const weak = isWeakPassword(value);
      const placeholder = !weak && (isPlaceholderValue(value) || echoesKey(variable, value));
      const resource = container.podSpec.resource;
      const secretName = secretNameFor(resource.name);
      const secretKey = secretKeyFor(variable);
      const fixes: Fix[] =
        pairAt(entry, 'valueFrom') === undefined
          ? [
              {
                title: `Read ${variable} from Secret "${secretName}", key "${secretKey}" (create that Secret)`,
                safety: 'unsafe',
                edits: [toSecretKeyRef(YamlEditor.for(context.file.text), entry, pair, secretName, secretKey)],
              },
            ]
          : [];
      const where = `${container.label} of ${resource.label}`;
      const keyRange = { start: (pair.key as YamlNode).range?.[0] ?? 0, end: (pair.key as YamlNode).range?.[1] ?? 0 };
      const range = node?.range && node.range[1] > node.range[0] ? { start: node.range[0], end: node.range[1] } : keyRange;
      context.report({
        message: placeholder
          ? `Environment variable ${variable} of ${where} holds a placeholder literal. Make sure the real value comes from a Secret (valueFrom.secretKeyRef) and is never written here.`
          : weak
            ? `Environment variable ${variable} of ${where} holds a weak default password ("${value}"), which anyone can guess and anyone who can read the manifest can see. Set a strong password in a Secret and reference it with valueFrom.secretKeyRef.`
            : `Environment variable ${variable} of ${where} holds a literal secret, readable by anyone who can read the manifest or the ${resource.kind}. Move it to a Secret and reference it with valueFrom.secretKeyRef, and rotate it if this was committed.`,
        range,
        fixes,
        ...(placeholder ? { severityCap: 'info' as const } : {}),
      });
    };

    return {
      compose: {
        service(service) {
          if (context.compose) checkComposeEnvironment(context, context.compose, service);
        },
      },
      kubernetes: {
        container(container) {
          const env = nodeAt(container.node, 'env');
          if (!isSeq(env)) return;
          for (const item of env.items) {
            const entry = resolveAlias(item);
            if (!isMap(entry) || seen.has(entry)) continue;
            seen.add(entry);
            checkEntry(container, entry);
          }
        },
      },
    };
  },
});

function checkComposeEnvironment(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  const environment = service.settings.get('environment');
  if (environment?.kind !== 'map') return;
  for (const [variable, entry] of environment.entries) {
    if (!isSecretLikeName(variable, context.settings.secrets.allowNames)) continue;
    const written = rawText(entry.at);
    if (written === undefined || written === '') continue;
    const interpolation = model.resolve(entry.at);
    // A value from .env or the shell is not in this file; a default written in it is.
    const literal = interpolation.usesVariables ? interpolation.defaults.find((value) => value !== '' && !isNonSecretValue(value)) : isNonSecretValue(written) ? undefined : written;
    if (literal === undefined) continue;
    const place = placeValue(model, entry.at, 'value');
    if (!place) continue;
    const placeholder = isPlaceholderValue(literal);
    const fix = place.editable && !interpolation.usesVariables && !placeholder ? moveToSecretFix(model, service, variable, entry.at, literal) : undefined;
    const how = interpolation.usesVariables ? `a literal default ("\${${variable}:-…}") that is used whenever the variable is unset` : 'a literal value';
    context.report({
      message: placeholder
        ? `Environment variable ${variable} of ${service.label} holds a placeholder literal. Make sure the real value comes from a secrets: file or an .env file kept out of version control, never from this file.`
        : `Environment variable ${variable} of ${service.label} holds ${how}, readable by anyone who can read this file or run docker inspect. Move it to a file-based secrets: entry (or an env_file kept out of version control), and rotate it if this was committed.`,
      range: place.range,
      related: place.related,
      fixes: fix ? [fix] : [],
      ...(placeholder ? { severityCap: 'info' as const } : {}),
    });
  }
}

/**
 * Replaces `NAME: value` with `NAME_FILE: /run/secrets/<name>` (the convention of the official database and
 * many other images), grants the service that secret and declares it at the top level, read from a new file
 * beside the Compose file that holds the value.
 */
function moveToSecretFix(model: ComposeModel, service: ComposeService, variable: string, at: Located, value: string): Fix | undefined {
  const root = model.source.document?.contents;
  if (!isMap(root) || !isScalar(at.node)) return undefined;
  const secret = variable.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_');
  const file = `${secret}.txt`;
  const editor = composeEditor(model);
  const edits: Edit[] = [];
  const [start, end] = at.node.range ?? [0, 0];
  if (at.sequence) {
    edits.push({ start, end, text: `${variable}_FILE=/run/secrets/${secret}` });
  } else if (at.pair) {
    const keyNode = at.pair.key as YamlNode;
    const [keyStart, keyEnd] = keyNode.range ?? [0, 0];
    edits.push({ start: keyStart, end: keyEnd, text: `${variable}_FILE` }, { start, end, text: `/run/secrets/${secret}` });
  } else return undefined;
  const grant = appendToServiceList(model, service, 'secrets', secret, service.settings.get('secrets'));
  if (grant.length === 0) return undefined;
  edits.push(...grant, ...editor.ensure(root, { secrets: { [secret]: { file: `./${file}` } } }));
  return {
    title: `Move ${variable} to the file-based secret "${secret}", read through ${variable}_FILE (if the image supports it); keep ${file} out of version control`,
    safety: 'unsafe',
    edits: mergeInsertions(edits),
    createFiles: [{ relativePath: file, text: `${value}\n` }],
  };
}
