import { referenceOffset } from '../engine/image-edits';
import { displayName } from '../engine/image-reference';
import { approvedReplacement, isImageApproved, parseImagePattern, patternsForRepository, type ImagePattern } from '../engine/image-patterns';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';

export default defineRule({
  meta: {
    id: 'image-approved',
    title: 'Use only images from the approved image list',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'images',
    defaultSeverity: 'off',
    enabledBy: 'images.approved',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-829', 'CWE-1357'],
    docs: {
      rationale:
        'Many organisations keep a short list of base images that are vetted, hardened, patched on a schedule and supported by a platform team ("golden images"). An image outside the list has had none of that: nobody watches its CVEs, its licence or its maintainer. This rule only runs once `images.approved` lists the images you accept, and then reports every image that matches no entry.',
      remediation:
        'Switch to an approved image, or get the image you need reviewed and added to `images.approved` in `.shipshape.yaml`. Entries are image references with globs, written the usual way: `python:3.12-slim` (one tag), `python` (any tag), `node:22-*`, `gcr.io/distroless/*` (any image in that namespace, any tag), `registry.example.com/base/**`, optionally with `@sha256:…` to approve one exact image. The quick fix replaces the image with the first concrete (glob-free) entry for the same repository; it is unsafe because the approved tag may carry a different version.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM python:3.11\nUSER 10001',
          good: 'FROM python:3.12-slim\nUSER 10001',
          config: { images: { approved: ['python:3.12-slim', 'gcr.io/distroless/*'] } },
          note: 'With `images.approved: [python:3.12-slim, gcr.io/distroless/*]`.',
        },
      ],
      references: [
        { title: 'Docker: Docker Official Images and Verified Publishers', url: 'https://docs.docker.com/docker-hub/image-library/trusted-content/' },
        { title: 'Kubernetes: container images', url: 'https://kubernetes.io/docs/concepts/containers/images/' },
        { title: 'NIST SP 800-190 Application Container Security Guide', url: 'https://csrc.nist.gov/pubs/sp/800/190/final' },
      ],
    },
  },
  create(context) {
    const patterns = context.settings.images.approved.map(parseImagePattern).filter((pattern): pattern is ImagePattern => pattern !== undefined);
    return {
      image(use) {
        const reference = use.reference;
        if (!reference || patterns.length === 0 || isImageApproved(reference, patterns)) return;
        const name = displayName(reference);
        const replacement = approvedReplacement(reference, patterns);
        const fixes: Fix[] = [];
        const start = replacement ? referenceOffset(context.file.text, use) : undefined;
        if (replacement && start !== undefined) {
          fixes.push({
            title: `Replace with the approved image "${replacement.text}"`,
            safety: 'unsafe',
            edits: [{ start, end: start + use.resolved.length, text: replacement.text }],
          });
        }
        const sameImage = patternsForRepository(reference, patterns);
        const listed = (sameImage.length > 0 ? sameImage : patterns).map((pattern) => pattern.text);
        const examples = `${listed.slice(0, 3).join(', ')}${listed.length > 3 ? ', …' : ''}`;
        const suggestion = replacement
          ? `Use the approved "${replacement.text}"`
          : sameImage.length > 0
            ? `Use an approved tag (${examples})`
            : `Use an approved image (${examples})`;
        context.report({
          message: `Image "${name}" in ${use.where} is not on the approved image list (images.approved), so nobody has vetted or committed to patching it. ${suggestion}, or get this image reviewed and added to the list.`,
          range: use.range,
          fixes,
        });
      },
    };
  },
});
