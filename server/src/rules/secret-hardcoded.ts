import { commandText, instructionProperties } from '../engine/languages/dockerfile/model';
import { mapAt, rangeOf, type KubernetesModel, type Resource } from '../engine/languages/kubernetes/model';
import { decodeBase64Text } from '../engine/languages/kubernetes/secret-data';
import { valueRangeInSource, visitStringValues } from '../engine/languages/kubernetes/yaml-scalars';
import { defineRule, type RuleContext } from '../engine/rule';
import { CREDENTIAL_DESCRIPTIONS, findCredentials, mayHoldCredential } from '../engine/secrets';
import type { Node as YamlNode } from 'yaml';
import type { ComposeModel } from '../engine/languages/compose/model';

/** Where a value written in each instruction ends up, for the message. */
function exposure(keyword: string): string {
  switch (keyword) {
    case 'ENV':
    case 'LABEL':
      return 'it is stored in the image configuration, which anyone who can pull the image can read';
    case 'ARG':
      return 'build-argument values are recorded in the image history and build provenance';
    case 'COPY':
    case 'ADD':
      return 'it ends up in an image layer or the image history';
    default:
      return 'the instruction text is recorded in the image history (`docker history`)';
  }
}

export default defineRule({
  meta: {
    id: 'secret-hardcoded',
    title: 'Do not write credentials into Dockerfiles or manifests',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'secrets',
    defaultSeverity: 'error',
    securitySeverity: 'critical',
    cwe: ['CWE-798'],
    peers: ['Trivy secret scanning', 'Checkov CKV_SECRET_*'],
    docs: {
      rationale:
        'A credential written into a Dockerfile is readable by everyone who can read the repository, and it is copied into the image: `ENV` and `LABEL` values sit in the image configuration, and the text of every `RUN`, `ARG` default and here-document is kept in the image history (`docker history --no-trunc`). Deleting the line later does not help, because old images and old commits keep it. The rule recognises credentials by their format (AWS access keys, GitHub, GitLab, Slack, Stripe, Google and npm tokens, PEM private keys, JSON Web Tokens, Azure storage keys, passwords in URLs), not by variable names, so a finding is almost always a real secret. Documented stand-ins such as `AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…` or the Azure storage emulator key are ignored. In Kubernetes manifests every string value of every object is checked (env values, arguments, annotations, ConfigMaps, Secrets); the base64 `data` of a Secret is decoded first, since base64 hides nothing. A URL whose password is a well-known default (`postgresql://admin:admin@db:5432/app`, `amqp://guest:guest@rabbitmq/`) is reported as a weak default password, except for a database on `localhost`.',
      remediation:
        'Treat the credential as leaked: revoke or rotate it first. Then remove it from the Dockerfile and pass it only while the build needs it, as a build secret (`RUN --mount=type=secret,id=token,env=TOKEN …` with `docker build --secret id=token,env=TOKEN`), or at run time from your orchestrator\'s secret store. Purge old images that contain it. In a Kubernetes manifest, move the value into a Secret that is not committed (created in the cluster, or from Sealed Secrets, External Secrets or a key vault CSI driver) and reference it with `valueFrom.secretKeyRef` or a `secret` volume.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nRUN apk add --no-cache git \\\n && git clone https://deploy:Zq8mW2vRt6yPx4nK@git.example.com/team/app.git /src',
          good: 'FROM alpine:3.20\nRUN apk add --no-cache git\nRUN --mount=type=secret,id=git_password,env=GIT_PASSWORD \\\n    git clone "https://deploy:${GIT_PASSWORD}@git.example.com/team/app.git" /src',
        },
        {
          kind: 'kubernetes',
          bad: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: sync\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: sync\n          image: alpine/git:2.45.2\n          args: ["clone", "https://deploy:Zq8mW2vRt6yPx4nK@git.example.com/team/app.git"]\n',
          good:
            'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: sync\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: sync\n          image: alpine/git:2.45.2\n          env:\n            - name: GIT_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: sync-secrets, key: git-password}\n          args: ["clone", "https://deploy:$(GIT_PASSWORD)@git.example.com/team/app.git"]\n',
        },
      ],
      references: [
        { title: 'Docker: build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
        { title: 'Docker: docker image history', url: 'https://docs.docker.com/reference/cli/docker/image/history/' },
        { title: 'Kubernetes: Good practices for Kubernetes Secrets', url: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/' },
        { title: 'OWASP Secrets Management Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    return {
      compose: {
        end() {
          if (context.compose) checkCompose(context.compose, context.report);
        },
      },
      dockerfile: {
        instruction(instruction) {
          // ONBUILD is scanned through its trigger, which the engine visits on its own.
          if (!model || (instruction.keyword === 'ONBUILD' && !instruction.onbuild)) return;
          // The command text is the instruction's text with some characters blanked: when the instruction holds
          // no marker of a credential, neither does it.
          if (!mayHoldCredential(model.text.slice(instruction.range.start, instruction.range.end)) || !instruction.argumentsRange) return;
          const base = instruction.argumentsRange.start;
          const keyword = instruction.onbuild ? `ONBUILD ${instruction.keyword}` : instruction.keyword;
          const properties = instructionProperties(model, instruction);
          for (const match of findCredentials(commandText(model, instruction))) {
            if (match.placeholder) continue;
            const range = { start: base + match.start, end: base + match.end };
            // Name the variable or label for ARG/ENV/LABEL: `ENV "DATABASE_URL"`.
            const property = properties.find((p) => p.valueRange !== undefined && p.valueRange.start <= range.start && range.end <= p.valueRange.end);
            const where = property ? `${keyword} "${property.name}"` : `This ${keyword}`;
            context.report({
              message: `${where} contains ${CREDENTIAL_DESCRIPTIONS[match.kind]}; ${exposure(instruction.keyword)}. Revoke or rotate it now, then pass it as a build secret or at run time instead.`,
              range,
            });
          }
        },
      },
      kubernetes: {
        end() {
          if (context.kubernetes) checkManifest(context.kubernetes, context.report);
        },
      },
    };
  },
});

/**
 * `"DB_URL" in Deployment "web"` for an env entry, `"args" of "app" in …` for a container's list,
 * `"password" in Secret "db"`, or what can be said about a value outside any object.
 */
function valueLabel(key: string | undefined, owner: string | undefined, resource: Resource | undefined): string {
  const named = key === undefined ? 'A value' : `The value of ${owner === undefined ? `"${key}"` : key === 'value' ? `"${owner}"` : `"${key}" of "${owner}"`}`;
  return resource ? `${named} in ${resource.label}` : `${named} in this document`;
}

/** The base64 values of Secret `data` and ConfigMap `binaryData`: judged after decoding. */
function encodedValues(model: KubernetesModel): Set<unknown> {
  const encoded = new Set<unknown>();
  for (const resource of model.resources) {
    const field = resource.kind === 'Secret' ? 'data' : resource.kind === 'ConfigMap' ? 'binaryData' : undefined;
    const map = field ? mapAt(resource.node, field) : undefined;
    for (const pair of map?.items ?? []) encoded.add(pair.value);
  }
  return encoded;
}

function checkManifest(model: KubernetesModel, report: RuleContext['report']): void {
  const encoded = encodedValues(model);
  // Whether `name=` alone may hold a credential marker, per name: names repeat across a manifest.
  const prefixMayHold = new Map<string, boolean>();
  visitStringValues(model, (node, resource, key, owner) => {
    // Formats recognised by their name (an AWS secret access key) need it in front: `AWS_SECRET_ACCESS_KEY=…`.
    const name = key === 'value' && owner !== undefined ? owner : key;
    const isEncoded = encoded.has(node);
    if (!isEncoded && !mayHoldCredential(node.value)) {
      // No marker spans `=` and what follows it, so `name=value` holds one only if `name=` or the value does.
      if (name === undefined) return;
      let may = prefixMayHold.get(name);
      if (may === undefined) prefixMayHold.set(name, (may = mayHoldCredential(`${name}=`)));
      if (!may) return;
    }
    const where = valueLabel(key, owner, resource);
    const prefix = name !== undefined ? `${name}=` : '';
    const credentials = (value: string) => findCredentials(prefix + value).filter((match) => !match.placeholder && match.start >= prefix.length);
    if (isEncoded) {
      const decoded = decodeBase64Text(node.value);
      const range = rangeOf(node as YamlNode);
      if (decoded === undefined || !range) return;
      const kinds = [...new Set(credentials(decoded).map((match) => CREDENTIAL_DESCRIPTIONS[match.kind]))];
      if (kinds.length === 0) return;
      report({
        message: `${where} is base64-encoded and contains ${kinds.join(' and ')}; base64 is an encoding anyone can reverse, so it is committed in the clear. Revoke or rotate it now (Git keeps it in its history), then keep the value out of the repository.`,
        range,
      });
      return;
    }
    for (const match of credentials(node.value)) {
      const object = resource ? `the ${resource.kind}` : 'the object';
      report({
        message: `${where} contains ${CREDENTIAL_DESCRIPTIONS[match.kind]}, readable by anyone who can read the manifest or ${object} in the cluster. Revoke or rotate it now (Git keeps it in its history), then supply it from a Secret that is not committed.`,
        range: valueRangeInSource(model.text, node as YamlNode, match.start - prefix.length, match.end - prefix.length),
      });
    }
  });
}

function checkCompose(model: ComposeModel, report: RuleContext['report']): void {
  const document = model.source.document;
  if (!document) return;
  visitStringValues({ resources: [], documents: [document] }, (node, _resource, key) => {
    // `- KEY=value` items of list-form environments carry their name in front already.
    const prefix = key !== undefined && !node.value.includes('=') ? `${key}=` : '';
    if (!mayHoldCredential(prefix + node.value)) return;
    for (const match of findCredentials(prefix + node.value)) {
      if (match.placeholder || match.start < prefix.length) continue;
      report({
        message: `${key === undefined ? 'A value' : `The value of "${key}"`} in this Compose file contains ${CREDENTIAL_DESCRIPTIONS[match.kind]}, readable by anyone who can read the file or inspect the container. Revoke or rotate it now (Git keeps it in its history), then supply it through a secrets: file or an .env file kept out of version control.`,
        range: valueRangeInSource(model.text, node as YamlNode, match.start - prefix.length, match.end - prefix.length),
      });
    }
  });
}
