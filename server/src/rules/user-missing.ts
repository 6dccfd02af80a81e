import { instructionArguments } from '../engine/languages/dockerfile/model';
import { displayName, shortName, type ImageReference } from '../engine/image-reference';
import type { DockerfileModel, Stage } from '../engine/languages/dockerfile/model';
import { packageInstall } from '../engine/languages/dockerfile/packages';
import { mayMention, shellCommands } from '../engine/languages/dockerfile/shell';
import {
  createdUsers,
  isWindowsStage,
  rootStage,
  stageChain,
  userInEffect,
  userLineInsertion,
} from '../engine/languages/dockerfile/users';
import { privilegeDrop } from '../engine/languages/dockerfile/privilege-drop';
import { defineRule } from '../engine/rule';
import type { Edit, Fix } from '../engine/types';
import { ensureInService } from '../engine/languages/compose/edits';
import { buildDockerfileModel, placeService, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import { isRootUser } from '../engine/languages/dockerfile/users';
import { parseImageReference } from '../engine/image-reference';
import type { RuleContext } from '../engine/rule';
import type { RelatedLocation } from '../engine/types';

const UID = '10001';

export default defineRule({
  meta: {
    id: 'user-missing',
    title: 'Set a non-root USER for the image that ships',
    appliesTo: ['dockerfile', 'compose'],
    category: 'user-and-privileges',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    peers: ['Trivy DS-0002', 'Checkov CKV_DOCKER_3'],
    docs: {
      rationale:
        'Without a `USER`, a container runs as the image\'s default user, and for almost every base image that is root (UID 0). Root in the container owns every file in the image, can install tools, and is the same UID 0 as on the host: one kernel or runtime escape away from the node, and a Kubernetes `runAsNonRoot` policy rejects it. Only the final stage matters (it is what ships): a `USER` in a build stage does not reach the runtime image unless the final stage is built `FROM` that stage. Images known to run as a non-root user by default — distroless `:nonroot` tags, Chainguard images (except `-dev` tags and `wolfi-base`), Bitnami images, `nginxinc/nginx-unprivileged`, the Elastic, Grafana, Prometheus and Jenkins images, chiseled .NET images and Red Hat UBI language images — are not reported. A final stage built `FROM scratch` is reported: a static binary there runs as root unless `USER` says otherwise. Windows images are out of scope (they use ContainerUser / ContainerAdministrator). Images that start as root by design and give it up themselves are reported as info, with no `USER 10001` fix (it would break them): an ENTRYPOINT that runs `gosu`, `su-exec`, `setpriv`, `runuser` or `chroot --userspec`, an entrypoint script from the build context that does (the CLI and the editor read the script the ENTRYPOINT names), an image that installs `gosu` or `su-exec` for its entrypoint (docker-library mongo, postgres, redis), and nginx, Apache httpd and php-fpm, whose master process runs its workers as `nginx`/`www-data`.',
      remediation:
        'Add `USER 10001` (any non-zero UID) to the final stage, after the steps that need root and before `CMD`/`ENTRYPOINT`. A numeric UID needs no `/etc/passwd` entry, works in `scratch` and distroless images, and lets Kubernetes verify `runAsNonRoot`. Give that UID the files it must write (`COPY --chown=10001:10001 …`). The quick fix inserts `USER 10001`; a second variant first creates the user with `useradd`/`adduser` for the detected distribution; when the Dockerfile already creates a user, a variant switches to that one.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]',
          good: 'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=10001:10001 . .\nUSER 10001\nCMD ["node", "server.js"]',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM golang:1.23 AS build\nUSER 10001\nRUN go build -o /tmp/app .\n\nFROM scratch\nCOPY --from=build /tmp/app /app\nENTRYPOINT ["/app"]',
          good: 'FROM golang:1.23 AS build\nUSER 10001\nRUN go build -o /tmp/app .\n\nFROM scratch\nCOPY --from=build /tmp/app /app\nUSER 10001\nENTRYPOINT ["/app"]',
          note: 'The USER of a build stage does not carry over to a final stage built FROM another image.',
        },
        {
          kind: 'compose',
          bad: 'services:\n  api:\n    image: node:22-alpine\n',
          good: 'services:\n  api:\n    image: node:22-alpine\n    user: "10001:10001"\n',
        },
      ],
      references: [
        { title: 'Dockerfile reference: USER', url: 'https://docs.docker.com/reference/dockerfile/#user' },
        { title: 'Docker build best practices: USER', url: 'https://docs.docker.com/build/building/best-practices/#user' },
        { title: 'Kubernetes: Pod Security Standards (Restricted: running as non-root)', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'OWASP Docker Security Cheat Sheet: set a user', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    return {
      compose: {
        service(service) {
          if (context.compose) checkComposeService(context, context.compose, service);
        },
      },
      dockerfile: {
        end() {
          const model = context.dockerfile;
          const stage = model?.finalStage;
          if (!model || !stage) return;
          if (userInEffect(model, stage) || isWindowsStage(stage)) return;
          const root = rootStage(stage);
          const reference = root.baseImage?.reference;
          if (reference && nonRootByDefault(reference)) return;
          const argument = instructionArguments(stage.from)[0];
          const range = argument ? argument.range : stage.from.keywordRange;
          const drop = privilegeDrop(model, stage, context.file.buildContext?.entrypointScript ?? undefined);
          if (drop) {
            context.report({
              message: `${subject(model, stage, root)}, so the container starts as root, but ${drop.how}. That is how this image is built to run, and USER ${UID} would break it; to avoid root entirely, run it as the unprivileged user the image documents, where it supports that (runAsUser in Kubernetes).`,
              range,
              severityCap: 'info',
              related: drop.instruction ? [{ range: drop.instruction.range, message: 'Here the image prepares to give up root.' }] : [],
            });
            return;
          }
          context.report({ message: message(model, stage, root), range, fixes: fixes(model, stage) });
        },
      },
    };
  },
});

/** "This Dockerfile sets no USER", with the stages it is built on. */
function subject(model: DockerfileModel, stage: Stage, root: Stage): string {
  const what = model.stages.length === 1 ? 'This Dockerfile sets no USER' : `The final stage (${stage.label}) sets no USER`;
  const via = root === stage ? '' : stage.baseStage === root ? `, nor does ${root.label} it is built on` : ', nor do the stages it is built on';
  return what + via;
}

function message(model: DockerfileModel, stage: Stage, root: Stage): string {
  if (root.isScratch) {
    return `${subject(model, stage, root)}, and an image built FROM scratch runs its process as root (UID 0). Add USER ${UID} before CMD/ENTRYPOINT; a numeric UID needs no /etc/passwd.`;
  }
  const base = root.baseImage;
  const image = base?.reference ? displayName(base.reference) : (base?.written ?? 'its base image');
  return `${subject(model, stage, root)}, so the container runs as the default user of image "${image}", which is root for almost every image. Switch to a non-root user (USER ${UID}) before CMD/ENTRYPOINT.`;
}

function fixes(model: DockerfileModel, stage: Stage): Fix[] {
  if (!userLineInsertion(model, stage, [])) return [];
  const result: Fix[] = [];
  const insert = (lines: string[]): Edit[] => {
    const edit = userLineInsertion(model, stage, lines);
    return edit ? [edit] : [];
  };
  const created = createdUsers(model, stage).filter((user) => user.uid !== 0);
  const existing = created[created.length - 1];
  if (existing) {
    const user = existing.uid !== undefined ? String(existing.uid) : existing.name;
    result.push({
      title: `Run as user "${existing.name}"${existing.uid !== undefined ? ` (UID ${existing.uid})` : ''}, which a RUN above creates: insert USER ${user}`,
      safety: 'unsafe',
      edits: insert([`USER ${user}`]),
    });
  }
  result.push({ title: `Run as UID ${UID}: insert USER ${UID}`, safety: 'unsafe', edits: insert([`USER ${UID}`]) });
  const family = distroFamily(model, stage);
  const clashes = created.some((user) => user.name === 'app' || user.uid === Number(UID));
  if (family && !clashes) {
    const create =
      family === 'alpine'
        ? `RUN addgroup -g ${UID} -S app && adduser -u ${UID} -S -G app app`
        : `RUN groupadd -g ${UID} app && useradd -u ${UID} -g app -M -s /usr/sbin/nologin app`;
    result.push({
      title: `Create user "app" (UID ${UID}) with ${family === 'alpine' ? 'adduser' : 'useradd'} and run as it`,
      safety: 'unsafe',
      edits: insert([create, `USER ${UID}`]),
    });
  }
  return result;
}

type DistroFamily = 'alpine' | 'debian' | 'rhel';

/** The installs that tell the family: `apk add`, `apt-get`/`apt install`, `dnf install`/`in`, `yum install`. */
const mentionsFamilyInstall = (text: string): boolean =>
  (text.includes('apk') && text.includes('add')) || (text.includes('apt') && text.includes('install')) || (text.includes('dnf') && text.includes('in')) || (text.includes('yum') && text.includes('install'));

// Official images whose default variant is Debian or Ubuntu based (they have useradd/groupadd).
const DEBIAN_BY_DEFAULT = new Set([
  'buildpack-deps', 'clojure', 'debian', 'drupal', 'eclipse-temurin', 'elixir', 'erlang', 'gcc', 'ghost', 'golang', 'gradle',
  'haskell', 'httpd', 'julia', 'mariadb', 'maven', 'memcached', 'mongo', 'nginx', 'node', 'openjdk', 'perl', 'php', 'postgres',
  'pypy', 'python', 'r-base', 'rabbitmq', 'redis', 'ruby', 'rust', 'tomcat', 'ubuntu', 'wordpress',
]);
const RHEL_LIKE = new Set(['almalinux', 'centos', 'fedora', 'oraclelinux', 'rockylinux']);
const DEBIAN_TAG = /(^|[-_.])(bookworm|bullseye|buster|stretch|trixie|sid|jammy|noble|focal|bionic|slim)([-_.]|$)/;
// Tags naming a variant whose user tools are unknown or absent (minimal images, other distributions).
const OTHER_TAG = /(^|[-_.])(ubi\d*|minimal|micro|ol\d*|oracle|amazoncorretto|corretto|al2|al2023|azurelinux\d*|cbl-mariner\d*|mariner|distroless|chiseled|wolfi|windowsservercore|nanoserver|ltsc\d+)([-_.]|$)/;

/** The distribution family of the final stage's base, from the image name and tag, else from the package
 * manager its RUN instructions use. Undefined when there is no good guess. */
function distroFamily(model: DockerfileModel, stage: Stage): DistroFamily | undefined {
  const root = rootStage(stage);
  if (root.isScratch) return undefined;
  const reference = root.baseImage?.reference;
  if (reference) {
    const fromName = familyFromImage(reference);
    if (fromName !== 'unknown') return fromName;
  }
  for (const current of stageChain(stage)) {
    for (const instruction of current.instructions) {
      if (!mayMention(model, instruction, mentionsFamilyInstall)) continue;
      for (const command of shellCommands(model, instruction)) {
        const manager = packageInstall(command)?.manager;
        if (manager === 'apk') return 'alpine';
        if (manager === 'apt-get' || manager === 'apt') return 'debian';
        if (manager === 'dnf' || manager === 'yum') return 'rhel';
      }
    }
  }
  return undefined;
}

function familyFromImage(reference: ImageReference): DistroFamily | undefined | 'unknown' {
  const name = shortName(reference);
  const tag = reference.tag ?? '';
  if (name === 'alpine' || name === 'busybox' || /(^|[-_.])alpine/.test(tag)) return 'alpine';
  if (OTHER_TAG.test(tag)) return undefined;
  const official = reference.registry === 'docker.io' && reference.repository.startsWith('library/');
  const dotnet = reference.registry === 'mcr.microsoft.com' && /^dotnet\/(nightly\/)?(sdk|aspnet|runtime|runtime-deps)$/.test(reference.repository);
  if (DEBIAN_TAG.test(tag) && (official || dotnet)) return 'debian';
  if (official && DEBIAN_BY_DEFAULT.has(name)) return 'debian';
  if (dotnet) return 'debian';
  if (official && RHEL_LIKE.has(name)) return /slim|minimal/.test(tag) ? undefined : 'rhel';
  if (/^(registry\.access\.redhat\.com|registry\.redhat\.io)$/.test(reference.registry) && /^ubi\d+(\/ubi)?$/.test(reference.repository)) return 'rhel';
  return 'unknown';
}

/** Base images documented to run as a non-root user when no USER is set. */
function nonRootByDefault(reference: ImageReference): boolean {
  const tag = reference.tag ?? '';
  const repository = reference.repository;
  if (/(^|[-_.])nonroot([-_.]|$)/.test(tag)) return true;
  const chainguard = reference.registry === 'cgr.dev' || (reference.registry === 'docker.io' && repository.startsWith('chainguard/'));
  if (chainguard) return !/(^|-)dev$/.test(tag) && !/(^|\/)(wolfi-base|chainguard-base)$/.test(repository);
  const hub = reference.registry === 'docker.io';
  if ((hub && /^bitnami(legacy|secure)?\//.test(repository)) || (reference.registry === 'public.ecr.aws' && repository.startsWith('bitnami/'))) {
    return !repository.endsWith('/minideb');
  }
  if (/(^|\/)nginxinc\/nginx-unprivileged$/.test(repository)) return true;
  // Images whose own Dockerfile ends with a non-root USER (Elastic's, Grafana's, Prometheus', Jenkins').
  if (hub && /^(library\/)?(elasticsearch|kibana|logstash)$|^(grafana\/grafana(-oss|-enterprise)?|prom\/(prometheus|alertmanager|node-exporter|pushgateway|blackbox-exporter)|jenkins\/jenkins)$/.test(repository)) return true;
  if (reference.registry === 'docker.elastic.co' && /^(elasticsearch|kibana|logstash|beats)\//.test(repository)) return true;
  if (reference.registry === 'mcr.microsoft.com' && repository.startsWith('dotnet/') && /(^|-)(chiseled|distroless)(-|$)/.test(tag)) return true;
  if (/^(registry\.access\.redhat\.com|registry\.redhat\.io)$/.test(reference.registry)) {
    return /^ubi\d+\/(nodejs|python|ruby|php|perl|openjdk|go-toolset|dotnet)-/.test(repository);
  }
  return false;
}

const COMPOSE_USER = `${UID}:${UID}`;

/**
 * A service without `user:` runs as its image's user. When it builds from a Dockerfile Shipshape can read,
 * that Dockerfile's final stage (or `build.target`) decides; otherwise the image must be one known to run as
 * non-root.
 */
function checkComposeService(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  if (service.settings.has('user')) return;
  const range = placeService(service);
  if (!range) return;
  let why: string;
  const related: RelatedLocation[] = [];
  const build = service.build;
  if (build) {
    const dockerfile = buildDockerfileModel(build);
    if (!dockerfile) return;
    const target = build.target?.toLowerCase();
    const stage = target !== undefined ? dockerfile.stages.find((candidate) => candidate.name === target) : dockerfile.finalStage;
    if (!stage || isWindowsStage(stage)) return;
    const setting = userInEffect(dockerfile, stage);
    const where = (offsets: { start: number; end: number }): Pick<RelatedLocation, 'range' | 'path' | 'position'> => ({
      range: offsets,
      ...(build.dockerfilePath !== undefined ? { path: build.dockerfilePath, position: { start: dockerfile.lines.positionAt(offsets.start), end: dockerfile.lines.positionAt(offsets.end) } } : {}),
    });
    const file = build.dockerfilePath === undefined ? 'its inline Dockerfile' : 'the Dockerfile it builds';
    if (setting) {
      if (setting.user === undefined || !isRootUser(setting.user)) return;
      why = `${file} ends with USER ${setting.written}`;
      if (build.dockerfilePath !== undefined) related.push({ ...where(setting.range), message: 'The image switches to root here.' });
    } else {
      const root = rootStage(stage);
      const reference = root.baseImage?.reference;
      if ((reference && nonRootByDefault(reference)) || (!reference && !root.isScratch)) return;
      const base = root.isScratch ? 'scratch' : reference ? displayName(reference) : 'its base';
      why = `${file} sets no USER and its base (${base}) is not known to run as a non-root user`;
      const argument = instructionArguments(stage.from)[0];
      if (build.dockerfilePath !== undefined) related.push({ ...where(argument ? argument.range : stage.from.keywordRange), message: 'The final stage starts here and never sets a non-root USER.' });
    }
  } else {
    const image = service.settings.get('image');
    const text = image?.kind === 'scalar' ? model.resolve(image.at).value : undefined;
    const parsed = text !== undefined ? parseImageReference(text.trim()) : undefined;
    if (!parsed?.ok || nonRootByDefault(parsed.reference)) return;
    why = `its image ${displayName(parsed.reference)} is not known to run as a non-root user`;
  }
  const edits = ensureInService(model, service, { user: COMPOSE_USER });
  context.report({
    message: `${service.label} sets no user:, and ${why}; unless the image's configuration names another user, its processes run as root (UID 0). Set user: "${COMPOSE_USER}" (or any non-zero UID) and give that user the files it writes.`,
    range,
    related,
    fixes: edits.length > 0 ? [{ title: `Set user: "${COMPOSE_USER}"`, safety: 'unsafe', edits }] : [],
    severityCap: 'info',
  });
}
