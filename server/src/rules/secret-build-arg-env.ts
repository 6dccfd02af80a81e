import { instructionFlags, instructionProperties, type DockerfileModel, type DockerInstruction } from '../engine/languages/dockerfile/model';
import { defineRule } from '../engine/rule';
import { echoesKey, isNonSecretValue, isPlaceholderValue, isSecretLikeName, isWeakPassword } from '../engine/secrets';
import type { Edit, Fix, TextRange } from '../engine/types';

type Property = ReturnType<typeof instructionProperties>[number];

export default defineRule({
  meta: {
    id: 'secret-build-arg-env',
    title: 'Do not pass secrets through ARG or ENV',
    appliesTo: ['dockerfile'],
    category: 'secrets',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-522', 'CWE-538'],
    peers: ['hadolint DL3064', 'Trivy DS-0031', 'BuildKit SecretsUsedInArgOrEnv'],
    docs: {
      rationale:
        'Build arguments are not secret: BuildKit writes the value of every `ARG` in scope into the history of each later `RUN` (`docker history --no-trunc` shows `|1 NPM_TOKEN=…`), and build provenance attestations record them too. `ENV` values are worse: they are stored in the image configuration, so anyone who can pull the image reads them with `docker inspect`, and every container started from it inherits them. The rule judges names (tokens split on `_`, `-`, `.` and camelCase: password, secret, token, api key, credentials, auth, private key …), skips names that describe a secret rather than hold it (`PASSWORD_FILE`, `TOKEN_URL`, `PUBLIC_KEY`, `GPG_KEY`, `KMS_KEY_ALIAS`) and values that cannot be secrets (booleans, paths, URLs without a password), and lowers placeholders (empty, `$VAR`, `changeme`) to info. Names that are still wrong for your project go in `secrets.allowNames`. A value that only echoes its name (`ENV GOOGLE_API_KEY=GOOGLE_API_KEY_VAL`) is a placeholder and reported as info; a well-known default password (`ENV POSTGRES_PASSWORD=password`) is reported at full severity as a weak default password. Besides names with secret words, the credential variables that both hadolint (DL3064) and Trivy (DS-0031) list by name count as secrets, such as `AWS_ACCESS_KEY_ID`, though `id` usually marks a name that describes a secret rather than holds one.',
      remediation:
        'For a secret the build needs, use a build secret: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`, built with `docker build --secret id=npm_token,env=NPM_TOKEN .` (or `--secret id=npm_token,src=token.txt`; in Compose, `build.secrets`). The secret exists only while that `RUN` runs and is never written to a layer or the history. The `env=` option needs Dockerfile syntax 1.10 or later (the built-in frontend of Docker Engine 27.3+, or `# syntax=docker/dockerfile:1`); with older frontends, read the file instead: `--mount=type=secret,id=npm_token` and `NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci`. The quick fix rewrites an `ARG` that only `RUN` instructions use: it removes the `ARG` and adds the mount to the `RUN`s that mention the variable (to every later `RUN` of the stage when none does, as tools such as npm read it from the environment). It is marked unsafe because the build command must change to pass `--secret`. A `RUN` that writes the secret into a file (`echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc`) still leaves it in that layer: use and delete the file in the same `RUN`, or mount the whole file as a secret (`--mount=type=secret,id=npmrc,target=/root/.npmrc`). For a secret the application needs at run time, do not set it in the image at all: inject it when the container starts (a Kubernetes Secret, Docker/Compose secrets, your platform\'s secret store).',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json .npmrc ./\nARG NPM_TOKEN\nRUN npm ci --omit=dev',
          good: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json .npmrc ./\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --omit=dev',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM postgres:16\nENV POSTGRES_PASSWORD=s3cr3t-Pa55',
          good: 'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
          note: 'Mount the password file at run time (a Docker or Kubernetes secret) instead of baking the value into the image.',
        },
      ],
      references: [
        { title: 'Docker: build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
        { title: 'Docker: build check SecretsUsedInArgOrEnv', url: 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/' },
        { title: 'Dockerfile reference: RUN --mount=type=secret', url: 'https://docs.docker.com/reference/dockerfile/#run---mounttypesecret' },
        { title: 'OWASP Secrets Management Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    const allowNames = context.settings.secrets.allowNames;
    return {
      dockerfile: {
        instruction(instruction) {
          if (!model || (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV')) return;
          const properties = instruction.keyword === 'ARG' ? argDeclarations(model, instruction) : instructionProperties(model, instruction);
          properties.forEach((property, index) => {
            if (!isSecretLikeName(property.name, allowNames)) return;
            if (property.value !== undefined && isNonSecretValue(property.value)) return;
            if (instruction.keyword === 'ARG') reportArg(model, instruction, properties, index);
            else reportEnv(model, instruction, property);
          });
        },
      },
    };

    function reportArg(model: DockerfileModel, instruction: DockerInstruction, properties: Property[], index: number): void {
      const property = properties[index];
      if (!property) return;
      const name = property.name;
      const id = secretId(name);
      const weak = property.value !== undefined && isWeakPassword(property.value);
      const placeholder = property.value !== undefined && !weak && (isPlaceholderValue(property.value) || echoesKey(name, property.value));
      const literal = property.value !== undefined && !placeholder;
      const subject = instruction.onbuild ? `ONBUILD ARG "${name}"` : `Build argument "${name}"`;
      const recorded = instruction.onbuild
        ? 'images built from this one record its value in their history and build provenance'
        : weak
          ? `its default value is a weak default password ("${property.value ?? ''}"), and build-argument values are recorded in the image history and build provenance`
          : literal
            ? 'its default value is written here, and build-argument values are recorded in the image history and build provenance'
          : 'build-argument values are recorded in the image history and build provenance';
      const fix = instruction.onbuild ? undefined : secretMountFix(model, instruction, properties, index);
      const mount = supportsSecretEnv(model) ? `RUN --mount=type=secret,id=${id},env=${name}` : `RUN --mount=type=secret,id=${id}, reading /run/secrets/${id}`;
      context.report({
        message: `${subject} looks like a secret: ${recorded}. Use a build secret instead (${mount}).`,
        range: property.nameRange,
        ...(placeholder ? { severityCap: 'info' as const } : {}),
        ...(fix ? { fixes: [fix] } : {}),
      });
    }

    function reportEnv(model: DockerfileModel, instruction: DockerInstruction, property: Property): void {
      const name = property.name;
      const value = property.value ?? '';
      const fromArg = instruction.onbuild ? undefined : referencedArg(model, instruction, value);
      const weak = fromArg === undefined && isWeakPassword(value);
      const placeholder = fromArg === undefined && !weak && (isPlaceholderValue(value) || echoesKey(name, value));
      const subject = instruction.onbuild ? `ONBUILD ENV "${name}"` : `ENV "${name}"`;
      const what = fromArg
        ? `it copies build argument "${fromArg}" into the image configuration, which anyone who can pull the image can read`
        : weak
          ? `its value is a weak default password ("${value}"), stored in the image configuration, which anyone who can pull the image can read`
          : placeholder
            ? 'its value here is only a placeholder, but whatever value it gets this way is stored in the image configuration'
          : 'ENV values are stored in the image configuration, which anyone who can pull the image can read';
      context.report({
        message: `${subject} looks like a secret: ${what}. Inject it when the container starts (an orchestrator secret or env file), or use a build secret if only the build needs it.`,
        range: property.nameRange,
        ...(placeholder ? { severityCap: 'info' as const } : {}),
      });
    }
  },
});

/**
 * The names an ARG declares. dockerfile-ast reads `ARG A B=1` like the legacy `ENV A B=1` (one variable `A`
 * with the value `B=1`), but ARG has no such form: BuildKit declares `A` and `B`.
 */
function argDeclarations(model: DockerfileModel, instruction: DockerInstruction): Property[] {
  const properties = instructionProperties(model, instruction);
  const first = properties[0];
  if (properties.length !== 1 || !first || first.valueRange === undefined || model.text[first.nameRange.end] === '=') return properties;
  const escape = model.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const word = new RegExp(`(?:"[^"]*"|'[^']*'|${escape}[^\\r\\n]|[^\\s"'${escape}])+`, 'g');
  const declarations: Property[] = [];
  const text = model.text.slice(first.range.start, first.range.end);
  for (const match of text.matchAll(word)) {
    const start = first.range.start + match.index;
    const equals = match[0].indexOf('=');
    const name = equals === -1 ? match[0] : match[0].slice(0, equals);
    const nameRange = { start, end: start + name.length };
    const valueRange = equals === -1 ? undefined : { start: nameRange.end + 1, end: start + match[0].length };
    const value = valueRange ? match[0].slice(equals + 1).replace(/^(["'])(.*)\1$/, '$2') : undefined;
    declarations.push({ name, value, nameRange, valueRange, range: { start, end: start + match[0].length } });
  }
  return declarations;
}

/** The id of the build secret that replaces a build argument: `NPM_TOKEN` → `npm_token`. */
function secretId(name: string): string {
  return name.toLowerCase();
}

/** The first variable in `value` that is an ARG declared earlier in the same stage. */
function referencedArg(model: DockerfileModel, instruction: DockerInstruction, value: string): string | undefined {
  const stage = instruction.stage;
  if (!stage) return undefined;
  const declared = new Set<string>();
  for (const earlier of stage.instructions) {
    if (earlier.range.start >= instruction.range.start) break;
    if (earlier.keyword === 'ARG') for (const property of argDeclarations(model, earlier)) declared.add(property.name);
  }
  for (const match of value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (match[1] && declared.has(match[1])) return match[1];
  }
  return undefined;
}

function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\$(?:\\{${escaped}(?=[}:+?-])|${escaped}(?![A-Za-z0-9_]))`).test(text);
}

/**
 * Removes a stage ARG that only RUN instructions use and mounts it as a build secret into those RUNs. No fix
 * when another kind of instruction expands it (ENV, COPY, WORKDIR … would change meaning), or when the file
 * pins a Dockerfile syntax older than 1.10, which does not know `env=` on secret mounts.
 */
function secretMountFix(model: DockerfileModel, instruction: DockerInstruction, properties: Property[], index: number): Fix | undefined {
  const property = properties[index];
  const stage = instruction.stage;
  if (!property || !stage || !supportsSecretEnv(model)) return undefined;
  const name = property.name;
  const later = stage.instructions.filter((other) => other.range.start > instruction.range.start);
  const runs: DockerInstruction[] = [];
  const mentioning: DockerInstruction[] = [];
  for (const other of later) {
    if (other.keyword === 'ARG' && argDeclarations(model, other).some((p) => p.name === name)) break;
    const text = model.text.slice(other.keywordRange.end, other.range.end);
    if (other.keyword !== 'RUN') {
      if (mentions(text, name)) return undefined;
      continue;
    }
    runs.push(other);
    if (mentions(text, name)) mentioning.push(other);
  }
  const targets = (mentioning.length > 0 ? mentioning : runs).filter((run) => !alreadyMounted(run, name));
  const id = secretId(name);
  const edits: Edit[] = [removeDeclaration(model, instruction, properties, index)];
  for (const run of targets) edits.push({ start: run.keywordRange.end, end: run.keywordRange.end, text: ` --mount=type=secret,id=${id},env=${name}` });
  return {
    title: targets.length > 0 ? `Pass ${name} as a build secret (docker build --secret id=${id},env=${name})` : `Remove the unused build argument ${name}`,
    safety: 'unsafe',
    edits,
  };
}

function alreadyMounted(run: DockerInstruction, name: string): boolean {
  return instructionFlags(run, 'mount').some((flag) => {
    const value = flag.value ?? '';
    return /(^|,)type=secret(,|$)/.test(value) && new RegExp(`(^|,)env=${name}(,|$)`).test(value);
  });
}

/** False when a `# syntax=docker/dockerfile:1.N` directive pins a version before 1.10. */
function supportsSecretEnv(model: DockerfileModel): boolean {
  const syntax = model.directives.find((directive) => directive.name.toLowerCase() === 'syntax');
  if (!syntax) return true;
  const version = /(?:^|\/)dockerfile:(\d+)(?:\.(\d+))?/.exec(syntax.value);
  if (!version) return true;
  const major = Number(version[1]);
  return major > 1 || version[2] === undefined || Number(version[2]) >= 10;
}

function removeDeclaration(model: DockerfileModel, instruction: DockerInstruction, properties: Property[], index: number): Edit {
  const property = properties[index] as Property;
  if (properties.length === 1) return { ...wholeLines(model, instruction.range), text: '' };
  const previous = properties[index - 1];
  if (previous) return { start: previous.range.end, end: property.range.end, text: '' };
  const next = properties[index + 1] as Property;
  return { start: property.range.start, end: next.range.start, text: '' };
}

/** The lines an instruction occupies, with the line break after it, when nothing else stands on them. */
function wholeLines(model: DockerfileModel, range: TextRange): TextRange {
  const text = model.text;
  const first = model.lines.positionAt(range.start).line;
  const lineStart = model.lines.lineStart(first);
  const start = /^[ \t]*$/.test(text.slice(lineStart, range.start)) ? lineStart : range.start;
  const last = model.lines.positionAt(range.end).line;
  const lineEnd = model.lines.lineEnd(last);
  if (!/^[ \t]*$/.test(text.slice(range.end, lineEnd))) return { start: range.start, end: range.end };
  let end = lineEnd;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (text[end] === '\n' || text[end] === '\r') end += 1;
  return { start, end };
}
