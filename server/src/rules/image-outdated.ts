// Base images that went stale: a digest pin whose tag the publisher has since rebuilt, and a version tag
// with a newer release in its line. Needs the registry's word, which the host fetches and passes in as
// `file.registryFacts` (`shipshape lint --online`, the editor when the network is allowed); without it the
// rule reports nothing.
import { familiarName, type ImageReference } from '../engine/image-reference';
import { referenceOffset } from '../engine/image-edits';
import type { ImageUse } from '../engine/image-use';
import { defineRule } from '../engine/rule';
import { tagUpdates } from '../engine/tag-updates';
import type { Edit, Fix } from '../engine/types';

const OLD_DIGEST = 'sha256:0000000000000000000000000000000000000000000000000000000000000001';
const NEW_DIGEST = 'sha256:0000000000000000000000000000000000000000000000000000000000000002';

export default defineRule({
  meta: {
    id: 'image-outdated',
    title: 'Rebuild on base images the publisher has updated',
    appliesTo: ['dockerfile', 'kubernetes'],
    category: 'images',
    defaultSeverity: 'info',
    securitySeverity: 'low',
    fix: 'mixed',
    cwe: ['CWE-1104'],
    peers: ['Renovate docker manager', 'Dependabot docker ecosystem'],
    docs: {
      rationale:
        'Publishers rebuild base images to ship security fixes: `node:22.11-alpine` is rebuilt whenever Alpine patches a package, and new releases (`22.12`) fix bugs in the runtime itself. An image pinned by digest keeps the old build forever, and a version tag stays on its release, so the fixes reach your image only when someone moves the pin. This rule asks the registry (only with `shipshape lint --online`, and in VS Code in a trusted workspace with `shipshape.scan.allowNetwork` on, where the answer arrives in the background and the file is checked again; without the network it reports nothing) and reports a digest pin whose tag now points at a different build, and a newer release in the same tag line, following the rules update bots use: the variant suffix (`-alpine`, `-slim-bookworm`) and the precision (`1.2` moves to `1.3`, not `1.3.0`) are kept, pre-releases are skipped, and for Node.js and Ubuntu only long-term-support lines are offered.',
      remediation:
        'Take the quick fix: "Update the digest" keeps your tag and pins its current build (safe: `shipshape lint --online --fix` applies it); "Use tag …" moves to the newer release and drops the digest, which you then pin again after testing. Better still, let Renovate or Dependabot open these updates as pull requests.',
      examples: [
        {
          kind: 'dockerfile',
          bad: `FROM node:22.11-alpine@${OLD_DIGEST}\nUSER 10001`,
          good: `FROM node:22.11-alpine@${NEW_DIGEST}\nUSER 10001`,
          note: 'With the registry saying that `node:22.11-alpine` now points at the `…0002` build.',
          registryFacts: { 'docker.io/library/node': { tags: ['22.11-alpine', '22.10-alpine', '23.1-alpine'], tagDigests: { '22.11-alpine': { digest: NEW_DIGEST, manifests: [] } } } },
        },
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.26-alpine\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n',
          note: 'With the registry listing the tags `1.26-alpine`, `1.27-alpine`, `1.27.3-alpine` and `1.28-alpine-rc1`.',
          registryFacts: { 'docker.io/library/nginx': { tags: ['1.26-alpine', '1.27-alpine', '1.27.3-alpine', '1.28-alpine-rc1'] } },
        },
      ],
      references: [
        { title: 'Docker: rebuild your images often', url: 'https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often' },
        { title: 'Renovate: Docker versioning', url: 'https://docs.renovatebot.com/modules/versioning/docker/' },
        { title: 'Node.js release schedule (LTS lines)', url: 'https://nodejs.org/en/about/previous-releases' },
      ],
    },
  },
  create(context) {
    const facts = context.file.registryFacts;
    if (!facts) return {};
    return {
      image(use) {
        const reference = use.reference;
        if (!reference || reference.tag === undefined || use.unresolvedVariables.length > 0) return;
        const repository = facts[`${reference.registry}/${reference.repository}`];
        if (!repository) return;
        const offset = referenceOffset(context.file.text, use);
        const name = `${familiarName(reference)}:${reference.tag}`;

        const now = reference.digest !== undefined ? repository.tagDigests?.[reference.tag] : undefined;
        // A pin of one platform's manifest is current when the tag's index still lists it.
        if (now && reference.digest !== undefined && now.digest !== reference.digest && !now.manifests.includes(reference.digest)) {
          const at = offset === undefined ? -1 : use.resolved.lastIndexOf(reference.digest);
          const fixes: Fix[] =
            offset !== undefined && at !== -1
              ? [{ title: `Update the digest to ${shortDigest(now.digest)}`, safety: 'safe', edits: [{ start: offset + at, end: offset + at + reference.digest.length, text: now.digest }] }]
              : [];
          context.report({
            message: `The publisher has rebuilt "${name}": the tag now points at ${shortDigest(now.digest)}, but ${use.where} pins the older build ${shortDigest(reference.digest)}, so it misses the fixes in the new one. Update the digest.`,
            range: use.range,
            fixes,
          });
        }

        if (!repository.tags) return;
        const updates = tagUpdates(reference.tag, repository.tags, reference.repository);
        const newer = [updates.sameMajor, updates.newerMajor].filter((tag): tag is string => tag !== undefined);
        if (newer.length === 0) return;
        const edit = (tag: string): Edit | undefined => tagEdit(use, reference, offset, tag);
        const fixes = newer.flatMap((tag): Fix[] => {
          const change = edit(tag);
          return change ? [{ title: `Use tag ${tag}${reference.digest !== undefined ? ' (drops the digest: pin it again after testing)' : ''}`, safety: 'unsafe', edits: [change] }] : [];
        });
        const lines = [
          updates.sameMajor ? `${updates.sameMajor} (same major version)` : undefined,
          updates.newerMajor ? `${updates.newerMajor} (a newer major version${/(^|\/)(node|ubuntu)$/.test(reference.repository) ? ', long-term support' : ''})` : undefined,
        ].filter(Boolean);
        context.report({
          message: `A newer release of "${name}" in ${use.where} is published: ${lines.join(' and ')}. Move to ${lines.length === 1 ? 'it' : 'one of them'} so the image gets its fixes.`,
          range: use.range,
          fixes,
        });
      },
    };
  },
});

/** Replaces `:tag` (and `@digest`, which names the old tag's content) with `:newTag`. */
function tagEdit(use: ImageUse, reference: ImageReference, offset: number | undefined, newTag: string): Edit | undefined {
  if (offset === undefined || reference.tag === undefined) return undefined;
  const digestAt = reference.digest !== undefined ? use.resolved.lastIndexOf(`@${reference.digest}`) : -1;
  const end = digestAt === -1 ? use.resolved.length : digestAt + 1 + reference.digest!.length;
  const tagAt = use.resolved.slice(0, digestAt === -1 ? undefined : digestAt).lastIndexOf(`:${reference.tag}`);
  if (tagAt === -1) return undefined;
  return { start: offset + tagAt + 1, end: offset + end, text: newTag };
}

function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}`;
}
