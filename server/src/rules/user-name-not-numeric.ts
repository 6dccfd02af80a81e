import { officialImageName } from '../engine/image-names';
import type { ImageReference } from '../engine/image-reference';
import type { DockerfileModel } from '../engine/languages/dockerfile/model';
import { inheritedUserRelated, isNumericId, isRootUser, isWindowsStage, knownUid, rootStage, userInEffect } from '../engine/languages/dockerfile/users';
import { defineRule } from '../engine/rule';
import type { Fix, TextRange } from '../engine/types';

export default defineRule({
  meta: {
    id: 'user-name-not-numeric',
    title: 'Give the final USER as a numeric UID',
    appliesTo: ['dockerfile'],
    category: 'user-and-privileges',
    defaultSeverity: 'info',
    securitySeverity: 'low',
    fix: 'safe',
    peers: ['hadolint DL3066'],
    docs: {
      rationale:
        'Kubernetes can only enforce `runAsNonRoot: true` when it knows the UID the image runs as. With `USER app` the image config holds a name, the kubelet cannot tell whether `app` is UID 0, and it refuses to start the container ("image has non-numeric user, cannot verify user is non-root") unless the pod also sets `runAsUser`. Only the user in effect at the end of the final stage is checked (its own last `USER`, or one inherited from a stage it is built on); `root` is left to `user-root`, and a `USER` whose value cannot be resolved is not judged. Windows images, which have no UIDs, are out of scope. Users that well-known base images define are mapped to their UID: `node` is 1000 in the node image, `nginx` is 101 in the nginx image, and `www-data` is 82 on Alpine and 33 on Debian-based official images.',
      remediation:
        'Write the UID instead of the name: `USER 10001` (or `USER 10001:10001`). It is the same user, since the runtime looks the UID up in `/etc/passwd` just as it looks up the name. When the Dockerfile creates the user with an explicit UID (`useradd -u 10001 app`, `adduser -D -u 10001 app`) or the base image\'s user has a documented UID (`node` in the official Node.js images is 1000, `nonroot` in distroless images is 65532), the quick fix puts that number in place of the name.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN useradd -u 10001 -M -s /usr/sbin/nologin app\nUSER app\nCMD ["sleep", "infinity"]',
          good: 'FROM debian:12-slim\nRUN useradd -u 10001 -M -s /usr/sbin/nologin app\nUSER 10001\nCMD ["sleep", "infinity"]',
        },
      ],
      references: [
        { title: 'Kubernetes: configure a security context (runAsNonRoot, runAsUser)', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Dockerfile reference: USER', url: 'https://docs.docker.com/reference/dockerfile/#user' },
      ],
    },
  },
  create(context) {
    return {
      dockerfile: {
        end() {
          const model = context.dockerfile;
          const stage = model?.finalStage;
          if (!model || !stage || isWindowsStage(stage)) return;
          const setting = userInEffect(model, stage);
          const user = setting?.user;
          if (!setting || user === undefined || user === '' || isNumericId(user) || isRootUser(user)) return;
          const created = knownUid(model, stage, user);
          const uid = created ?? imageUserUid(rootStage(stage).baseImage?.reference, user);
          if (uid === 0) return;
          const source = created !== undefined ? 'the UID a RUN above creates it with' : 'the UID the base image documents for it';
          const related = inheritedUserRelated(model, stage, setting);
          const useInstead =
            uid !== undefined ? `Write USER ${uid}${setting.group !== undefined ? `:${setting.group}` : ''} (${source}) instead.` : 'Create the user with a fixed UID (useradd -u 10001) and write that number.';
          context.report({
            message: `USER "${setting.written}" names ${setting.written === user ? 'a user' : `the user "${user}"`} instead of giving its UID, so Kubernetes cannot tell that it is not root: a pod with runAsNonRoot: true refuses to start it unless the pod also sets runAsUser. ${useInstead}`,
            range: setting.range,
            related,
            fixes: uid !== undefined ? nameToUid(model, setting.range, setting.written, user, uid) : [],
          });
        },
      },
    };
  },
});

function nameToUid(model: DockerfileModel, range: TextRange, written: string, user: string, uid: number): Fix[] {
  // Only an argument written literally, on one line, is edited: a variable may be overridden at build time.
  if (written.includes('$') || model.text.slice(range.start, range.end) !== written || !written.startsWith(user)) return [];
  return [
    {
      title: `Write the UID: USER ${uid}${written.slice(user.length)}`,
      safety: 'safe',
      edits: [{ start: range.start, end: range.start + user.length, text: String(uid) }],
    },
  ];
}

/** Official images on Debian by default (their non-Alpine variants) that web servers run as www-data in. */
const DEBIAN_WWW_DATA = new Set(['php', 'httpd', 'nginx', 'wordpress', 'drupal', 'joomla', 'nextcloud', 'python', 'node', 'ruby', 'perl', 'buildpack-deps']);

/** Users that well-known base images define with a documented UID. */
function imageUserUid(reference: ImageReference | undefined, user: string): number | undefined {
  if (!reference) return undefined;
  const official = officialImageName(reference);
  if (user === 'node' && official === 'node') return 1000;
  // The official nginx image creates nginx with UID 101 on both its Debian and Alpine variants.
  if (user === 'nginx' && official === 'nginx') return 101;
  // www-data comes with the distribution: UID 82 on Alpine, 33 on Debian and Ubuntu.
  if (user === 'www-data' && official !== undefined) {
    if (official === 'alpine' || /(^|[-_.])alpine/.test(reference.tag ?? '')) return 82;
    if (official === 'debian' || official === 'ubuntu' || DEBIAN_WWW_DATA.has(official)) return 33;
  }
  if (user === 'nonroot' && reference.registry === 'gcr.io' && reference.repository.startsWith('distroless/')) return 65532;
  if (user === 'nonroot' && (reference.registry === 'cgr.dev' || reference.repository.startsWith('chainguard/'))) return 65532;
  return undefined;
}
