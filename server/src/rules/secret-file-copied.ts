import { cleanPath, isExcluded, parseDockerignore } from '../engine/languages/dockerfile/dockerignore';
import { instructionFlags, type DockerfileModel, type DockerInstruction } from '../engine/languages/dockerfile/model';
import { transferSources, type TransferSource } from '../engine/languages/dockerfile/sources';
import { pathReach, transferDestination } from '../engine/languages/dockerfile/stage-output';
import { defineRule } from '../engine/rule';
import { detectEol } from '../engine/text';
import type { Fix } from '../engine/types';

/** Files inside `.ssh` that are public by design. */
const PUBLIC_SSH_FILES = new Set(['known_hosts', 'known_hosts.old', 'config', 'authorized_keys', 'authorized_keys2']);
/** `.env` variants that are templates, committed on purpose without values. */
const ENV_TEMPLATES = /^\.env\.(example|sample|template|tmpl|dist|defaults|schema)$/i;
/** Words in a `.pem` / `.key` file name that mark a certificate or a public signing key rather than a private key. */
const PUBLIC_MATERIAL_WORDS = new Set([
  'ca', 'cacert', 'cacerts', 'cert', 'certs', 'certificate', 'certificates', 'chain', 'fullchain', 'bundle', 'root',
  'rootca', 'intermediate', 'trust', 'truststore', 'public', 'pub', 'pubkey', 'gpg', 'pgp', 'asc', 'apt', 'repo',
  'release', 'archive', 'keyring',
]);
const PRIVATE_MATERIAL_WORDS = new Set(['key', 'priv', 'private', 'privkey']);

/** What a credential file is, for the message, or undefined when the path is not one. */
function credentialFile(path: string): string | undefined {
  const segments = cleanPath(path).split('/');
  const base = segments[segments.length - 1] ?? '';
  const lower = base.toLowerCase();
  const parents = segments.slice(0, -1).map((segment) => segment.toLowerCase());
  if (lower === '.ssh') return 'an SSH folder with private keys';
  if (parents.includes('.ssh')) return PUBLIC_SSH_FILES.has(lower) || lower.endsWith('.pub') ? undefined : 'an SSH private key';
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?\b/.test(lower)) return lower.endsWith('.pub') ? undefined : 'an SSH private key';
  if (lower === '.aws' || (parents.includes('.aws') && lower !== 'config')) return 'AWS credentials';
  if (lower === '.docker' || (parents.includes('.docker') && lower === 'config.json')) return 'Docker registry credentials';
  if (lower === '.kube' || lower.startsWith('kubeconfig') || (parents.includes('.kube') && lower === 'config')) return 'a kubeconfig with cluster credentials';
  if (lower === '.env' || (lower.startsWith('.env.') && !ENV_TEMPLATES.test(lower))) return 'an environment file, which usually holds secrets';
  if (lower === '.npmrc') return 'npm registry credentials';
  if (lower === '.pypirc') return 'PyPI upload credentials';
  if (lower === '.netrc' || lower === '_netrc') return 'netrc login credentials';
  if (lower === '.git-credentials') return 'stored git credentials';
  if (/\.(p12|pfx)$/.test(lower)) return 'a PKCS#12 key store with a private key';
  if (/\.(pem|key)$/.test(lower)) {
    const words = lower.replace(/\.(pem|key)$/, '').split(/[^a-z0-9]+/).filter((word) => word !== '');
    const publicByName = words.some((word) => word === 'public' || word === 'pub' || word === 'pubkey');
    if (words.some((word) => PRIVATE_MATERIAL_WORDS.has(word)) && !publicByName) return 'a private key';
    if (words.some((word) => PUBLIC_MATERIAL_WORDS.has(word))) return undefined;
    return lower.endsWith('.key') ? 'a private key' : 'a PEM file, which may hold a private key';
  }
  return undefined;
}

/** A destination that is where credentials live (`/root/.npmrc`, `/home/app/.ssh/id_ed25519`). */
function credentialDestination(path: string, sourceBase: string): string | undefined {
  const clean = cleanPath(path);
  const segments = clean.split('/');
  const base = (segments[segments.length - 1] ?? '').toLowerCase();
  if (path.endsWith('/')) {
    // Copied into a folder: the file keeps its own name.
    if (base === '.ssh') return PUBLIC_SSH_FILES.has(sourceBase.toLowerCase()) || sourceBase.endsWith('.pub') ? undefined : 'an SSH private key';
    if (base === '.aws') return 'AWS credentials';
    return undefined;
  }
  if (base === '.ssh') return 'an SSH folder with private keys';
  const what = credentialFile(clean);
  // A certificate may well be installed under a .pem name; only the source name can tell.
  return what === undefined || what.startsWith('a PEM file') ? undefined : what;
}

const WHOLE_CONTEXT = new Set(['.', './', '*', './*', '/']);

/** `.dockerignore` lines the fix writes. Each group says why, so people can keep or drop lines knowingly. */
const DEFAULT_DOCKERIGNORE = [
  '# Keeps version-control data and credentials out of the build context, so `COPY .` cannot put them',
  '# into an image. Created by Shipshape (secret-file-copied); remove a line if the build needs that file,',
  '# or re-include one file with a "!path" line.',
  '',
  '# Version control: history can contain deleted secrets, and remotes can contain tokens',
  '**/.git',
  '',
  '# Environment files (templates such as .env.example stay in)',
  '**/.env',
  '**/.env.*',
  '!**/.env.example',
  '!**/.env.sample',
  '!**/.env.template',
  '',
  '# Private keys and key stores (*.pem is left out because certificate bundles use it too;',
  '# add **/*.pem if yours are keys)',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '',
  '# Credential files of package managers and tools',
  '**/.npmrc',
  '**/.pypirc',
  '**/.netrc',
  '**/.git-credentials',
  '**/.aws',
  '**/.ssh',
  '**/.docker',
  '**/.kube',
  '**/kubeconfig*',
];

export default defineRule({
  meta: {
    id: 'secret-file-copied',
    title: 'Do not copy credential files into an image',
    appliesTo: ['dockerfile'],
    category: 'secrets',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-538', 'CWE-522'],
    peers: ['Trivy DS-0031'],
    docs: {
      rationale:
        'Whatever `COPY` or `ADD` puts into a layer stays in the image, even when a later `RUN rm` deletes it: anyone who can pull the image can extract the layer. SSH keys, `.env` files, `.npmrc`/`.pypirc`/`.netrc` tokens, cloud and Docker credentials, kubeconfigs and private keys copied this way leak with every push. `COPY . …` is the quiet version of the same mistake: without a `.dockerignore` that leaves out `.env` files and `.git` (whose history and remotes may hold tokens), the whole folder goes into the image. The rule checks the names of copied files and where they are copied to, and, when the editor or CLI can see the build context, whether its `.dockerignore` excludes `.env` and `.git`. Certificates and public keys (`ca.pem`, `fullchain.pem`, `repo.gpg.key`, `id_rsa.pub`, `known_hosts`) are not flagged. In a multi-stage build the rule follows what later stages take from each stage (`FROM <stage>`, `COPY --from=<stage> <path>`, `RUN --mount=from=<stage>`): a file or context copied into a builder stage whose output is copied out selectively (only `/app/dist` or the built binary) is reported as info, because it stays in the build cache and in images built with `--target` but not in the final image. What cannot be followed (a wildcard or a variable in the copied-out path) counts as shipped.',
      remediation:
        'Do not copy credentials at all. If the build needs one, mount it only for the step that uses it: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` (built with `docker build --secret id=npmrc,src=$HOME/.npmrc .`) or `RUN --mount=type=ssh git clone …` (with `docker build --ssh default .`). If the application needs it at run time, mount it when the container starts (Docker/Compose secrets, a Kubernetes Secret volume). For `COPY .`, add a `.dockerignore` that excludes `.git`, `.env` files and key files; the quick fix creates one with commented defaults (unsafe, because a build that reads `.git` or an app that reads `.env` from the image changes).',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nRUN apk add --no-cache git openssh-client\nCOPY id_ed25519 /root/.ssh/id_ed25519\nRUN git clone git@github.com:acme/private-lib.git /src',
          good: 'FROM alpine:3.20\nRUN apk add --no-cache git openssh-client\nRUN --mount=type=ssh git clone git@github.com:acme/private-lib.git /src',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json .npmrc ./\nRUN npm ci',
          good: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
        },
      ],
      references: [
        { title: 'Docker: build secrets and SSH mounts', url: 'https://docs.docker.com/build/building/secrets/' },
        { title: 'Docker: .dockerignore files', url: 'https://docs.docker.com/build/concepts/context/#dockerignore-files' },
        { title: 'OWASP Secrets Management Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    const buildContext = context.file.buildContext;
    return {
      dockerfile: {
        instruction(instruction) {
          if (!model || (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD')) return;
          // Files from another stage or image are not from the build context.
          if (instructionFlags(instruction, 'from').length > 0) return;
          const sources = transferSources(model, instruction).filter((source) => source.kind === 'local' || source.kind === 'archive');
          if (sources.length === 0) return;
          const destination = transferDestination(model, instruction);
          for (const source of sources) {
            const path = source.resolved ?? source.written;
            if (WHOLE_CONTEXT.has(path)) {
              if (!instruction.onbuild) checkWholeContext(model, instruction, source, path, destination);
              continue;
            }
            const sourceBase = cleanPath(path).split('/').pop() ?? '';
            const what = credentialFile(path);
            const target = what === undefined && destination !== undefined ? credentialDestination(destination, sourceBase) : undefined;
            if (what === undefined && target === undefined) continue;
            const keyword = instruction.onbuild ? `ONBUILD ${instruction.keyword}` : instruction.keyword;
            const copied =
              what !== undefined
                ? `"${path}" (${what})`
                : `"${path}" at "${destination ?? ''}" (${target})`;
            const landsAt = destination === undefined ? undefined : destination.endsWith('/') ? destination + sourceBase : destination;
            if (!instruction.onbuild && buildOnly(instruction, landsAt)) {
              context.report({
                message: `${keyword} puts ${copied} into ${stageName(instruction)}, and no later stage copies it into the final image, so it is in the build cache only (and in any image built with --target). Mount it only for the step that needs it (RUN --mount=type=secret or --mount=type=ssh) instead.`,
                range: source.range,
                severityCap: 'info',
              });
              continue;
            }
            context.report({
              message: `${keyword} puts ${copied} into an image layer, where anyone who can pull the image can read it even if a later step deletes it. Mount it only for the step that needs it (RUN --mount=type=secret or --mount=type=ssh) or at run time instead.`,
              range: source.range,
            });
          }
        },
      },
    };

    /** Whether what `instruction` wrote at `path` stays in a build stage that the final image takes nothing of it from. */
    function buildOnly(instruction: DockerInstruction, path: string | undefined): boolean {
      return model !== undefined && instruction.stage !== undefined && path !== undefined && pathReach(model, instruction.stage, path) === 'build-only';
    }

    function stageName(instruction: DockerInstruction): string {
      return instruction.stage?.label ?? 'a build stage';
    }

    function checkWholeContext(model: DockerfileModel, instruction: DockerInstruction, source: TransferSource, path: string, destination: string | undefined): void {
      if (!buildContext) return;
      const dockerignore = buildContext.dockerignore;
      const patterns = dockerignore === null ? [] : parseDockerignore(dockerignore);
      const missing = ['.env', '.git'].filter((file) => !isExcluded(patterns, file));
      if (missing.length === 0) return;
      const list = missing.map((file) => `"${file}"`).join(' and ');
      const fixes = dockerignore === null ? [createDockerignoreFix(model)] : [];
      if (buildOnly(instruction, destination)) {
        const reason = dockerignore === null ? 'there is no .dockerignore' : `its .dockerignore does not exclude ${list}`;
        context.report({
          message: `${instruction.keyword} ${path} copies the whole build context into ${stageName(instruction)} and ${reason}; no later stage copies those files into the final image, so they are in the build cache only (and in any image built with --target). A .dockerignore that leaves out .git and .env files keeps them out of the build too.`,
          range: source.range,
          severityCap: 'info',
          fixes,
        });
        return;
      }
      context.report({
        message:
          dockerignore === null
            ? `${instruction.keyword} ${path} copies the whole build context, and it has no .dockerignore, so .git, .env files and any keys in the folder go into the image. Add a .dockerignore that leaves them out.`
            : `${instruction.keyword} ${path} copies the whole build context, and its .dockerignore does not exclude ${list}, so ${missing.length === 1 ? 'it goes' : 'they go'} into the image. Add ${missing.join(' and ')} to .dockerignore.`,
        range: source.range,
        fixes,
      });
    }
  },
});

/**
 * The default `.dockerignore`, plus `!` lines for files this Dockerfile copies by name, so creating it does not
 * break an explicit `COPY` (that copy is reported on its own).
 */
function createDockerignoreFix(model: DockerfileModel): Fix {
  const lines = [...DEFAULT_DOCKERIGNORE];
  const patterns = parseDockerignore(lines.join('\n'));
  const keep: string[] = [];
  for (const instruction of model.instructions) {
    if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instructionFlags(instruction, 'from').length > 0) continue;
    for (const source of transferSources(model, instruction)) {
      if (source.kind !== 'local' && source.kind !== 'archive') continue;
      const path = cleanPath(source.resolved ?? source.written);
      if (path === '' || /[*?[]/.test(path)) continue;
      if (isExcluded(patterns, path) && !keep.includes(path)) keep.push(path);
    }
  }
  if (keep.length > 0) lines.push('', '# Copied by name in the Dockerfile', ...keep.map((path) => `!${path}`));
  const eol = detectEol(model.text);
  return {
    title: 'Create a .dockerignore that leaves out .git, .env files and keys',
    safety: 'unsafe',
    edits: [],
    createFiles: [{ relativePath: '.dockerignore', text: lines.join(eol) + eol }],
  };
}
