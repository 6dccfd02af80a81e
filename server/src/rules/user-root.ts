import type { DockerfileModel, Stage } from '../engine/languages/dockerfile/model';
import {
  isNumericId,
  isRootUser,
  inheritedUserRelated,
  isWindowsStage,
  knownUid,
  userInEffect,
  userLineInsertion,
  type UserSetting,
} from '../engine/languages/dockerfile/users';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { setValueEdits } from '../engine/languages/compose/edits';
import { placeValue, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import { userSetting } from '../engine/languages/compose/service-settings';
import type { RuleContext } from '../engine/rule';

const UID = '10001';

export default defineRule({
  meta: {
    id: 'user-root',
    title: 'Do not leave the image running as root',
    appliesTo: ['dockerfile', 'compose'],
    category: 'user-and-privileges',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    peers: ['hadolint DL3002', 'Trivy DS-0002', 'Checkov CKV_DOCKER_8'],
    docs: {
      rationale:
        'The last `USER` in effect decides who the container runs as. `USER root`, `USER 0`, `root:…` or `0:…` there means the process runs as UID 0: it owns every file in the image, can change the image at run time, and is root on the host if it escapes the container. Switching to root for a build step is fine — only the user in effect at the end of the **final** stage counts: its own last `USER`, or, when it sets none, the one it inherits by being built `FROM` an earlier stage. `USER root` in a build stage that the final stage does not build on is not reported, and neither is `USER root` followed by a non-root `USER`. A `USER` whose value comes from a build argument is resolved through its default; when it cannot be resolved it is not judged. A user created with UID 0 (`useradd -o -u 0 admin`) counts as root.',
      remediation:
        'End the final stage with a non-root user: `USER 10001` (or a user you created, by UID). Keep `USER root` only around the steps that need it and switch back afterwards. The quick fix replaces the root user with `10001`, or, when later steps still need root (or the user is inherited from another stage), adds `USER 10001` to the end of the final stage.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCMD ["curl", "--version"]',
          good: 'FROM debian:12-slim\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 10001\nCMD ["curl", "--version"]',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM python:3.13-slim AS base\nUSER root\nRUN pip install --no-cache-dir flask\n\nFROM base\nCMD ["flask", "run"]',
          good: 'FROM python:3.13-slim AS base\nUSER root\nRUN pip install --no-cache-dir flask\n\nFROM base\nUSER 10001\nCMD ["flask", "run"]',
          note: 'The final stage inherits USER root from stage "base".',
        },
        {
          kind: 'compose',
          bad: 'services:\n  api:\n    image: node:22-alpine\n    user: root\n',
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
          if (context.compose) checkComposeUser(context, context.compose, service);
        },
      },
      dockerfile: {
        end() {
          const model = context.dockerfile;
          const stage = model?.finalStage;
          if (!model || !stage || isWindowsStage(stage)) return;
          const setting = userInEffect(model, stage);
          const user = setting?.user;
          if (!setting || user === undefined) return;
          let subject: string;
          if (isRootUser(user)) subject = setting.written !== setting.resolved ? `USER "${setting.written}" (resolved to "${setting.resolved}")` : `USER "${setting.written}"`;
          else if (!isNumericId(user) && knownUid(model, stage, user) === 0) subject = `USER "${setting.written}" (a user created with UID 0)`;
          else return;

          const related = inheritedUserRelated(model, stage, setting);
          let message: string;
          if (setting.inherited) {
            message = `The final stage sets no USER of its own, so it inherits ${subject} from ${setting.stage.label} and the container runs as root. Add USER ${UID} to the final stage before CMD/ENTRYPOINT.`;
          } else {
            const where = model.stages.length === 1 ? 'in this Dockerfile' : 'of the final stage';
            message = `${subject} is the last USER ${where}, so the container runs as root. Switch to a non-root user (USER ${UID}) once the steps that need root are done.`;
          }
          context.report({ message, range: setting.range, related, fixes: fixes(model, stage, setting) });
        },
      },
    };
  },
});

function fixes(model: DockerfileModel, stage: Stage, setting: UserSetting): Fix[] {
  const holder = setting.stage;
  const later = holder.instructions.filter((instruction) => instruction.range.start > setting.instruction.range.start);
  if (setting.inherited || later.some((instruction) => instruction.keyword === 'RUN')) {
    const edit = userLineInsertion(model, stage, [`USER ${UID}`]);
    return edit ? [{ title: `Add USER ${UID} to the end of the final stage`, safety: 'unsafe', edits: [edit] }] : [];
  }
  let replacement = UID;
  const written = setting.written;
  const colon = written.indexOf(':');
  if (!written.includes('$') && colon !== -1) {
    const group = written.slice(colon + 1);
    replacement = isRootUser(group) ? `${UID}:${UID}` : `${UID}:${group}`;
  }
  return [
    {
      title: `Run as UID ${UID}: change USER ${written} to USER ${replacement}`,
      safety: 'unsafe',
      edits: [{ ...setting.range, text: replacement }],
    },
  ];
}

/** The user Compose services are switched to: a UID and GID no image assigns, as `user:` needs both. */
export const COMPOSE_USER = `${UID}:${UID}`;

function checkComposeUser(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  const setting = userSetting(model, service);
  const user = setting?.text?.trim();
  if (!setting || user === undefined || !isRootUser(user.split(':')[0] ?? '')) return;
  const place = placeValue(model, setting.value.at);
  if (!place) return;
  const edits = place.editable ? setValueEdits(model, setting.value.at, COMPOSE_USER) : [];
  context.report({
    message: `${service.label} sets user: "${user}", so its processes run as root (UID 0), the same UID as root on the host. Run it as a non-root user (user: "${COMPOSE_USER}") and give that user the files it must write.`,
    range: place.range,
    related: place.related,
    fixes: edits.length > 0 ? [{ title: `Set user: "${COMPOSE_USER}"`, safety: 'unsafe', edits }] : [],
  });
}
