import { buildToolFor } from '../engine/build-tool-images';
import { displayName } from '../engine/image-reference';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'image-digest',
    title: 'Pin images by digest so the content cannot change under a tag',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'images',
    defaultSeverity: 'info',
    strictSeverity: 'warning',
    securitySeverity: 'medium',
    cwe: ['CWE-1357', 'CWE-494'],
    peers: ['Checkov CKV_K8S_43', 'Docker Scout not_pinned_digest'],
    docs: {
      rationale:
        'A tag is a movable pointer: the publisher re-pushes `node:22-alpine` for every patch release, and anyone who gains push access to the repository can point it at different content. Two builds of the same Dockerfile can therefore ship different images, a scan or review of yesterday\'s image does not describe today\'s, and a compromised registry account reaches every build that pulls the tag. A digest (`@sha256:…`) names exactly one image manifest; if the content changes, the digest no longer matches and the pull fails. On a reference that `image-tag-latest` reports (no tag, or `latest`), this finding is folded into that one, so one image gets one diagnostic. A name that a build tool in the workspace builds (a `skaffold.yaml` artifact, a kustomization `images:` entry, a Tiltfile `docker_build`) is deployed as the exact image the tool built, so it is reported as info at most.',
      remediation:
        'Append the digest of the image you tested to the reference and keep the tag for readability: `FROM node:22.11-alpine@sha256:<digest>`. Get the digest with `docker buildx imagetools inspect node:22.11-alpine` (or `crane digest`), and let an update bot (Renovate, Dependabot) refresh tag and digest together so security patches still arrive.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM python:3.13-slim\nUSER 10001',
          good: 'FROM python:3.13-slim@sha256:2f8a47a9a1b15a3f8c3a2e2b3f9c6f0f9d6c1c3d9e4f1a2b3c4d5e6f708192a3b\nUSER 10001',
        },
      ],
      references: [
        { title: 'Docker: pin base image versions', url: 'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions' },
        { title: 'Kubernetes: container images (image names and digests)', url: 'https://kubernetes.io/docs/concepts/containers/images/#image-names' },
        { title: 'OWASP Docker Security Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    return {
      image(use) {
        const reference = use.reference;
        if (!reference || reference.digest !== undefined) return;
        const name = displayName(reference);
        const built = use.role === 'container' ? buildToolFor(reference, context.file.buildToolImages) : undefined;
        if (built) {
          context.report({
            message: `Image "${name}" in ${use.where} is not pinned by digest, but ${built.tool} builds it (${built.source} names it) and deploys the exact image it built in its place; pin it only if this manifest is also applied without ${built.tool}.`,
            range: use.range,
            severityCap: 'info',
          });
          return;
        }
        context.report({
          message: `Image "${name}" in ${use.where} is not pinned by digest, so whoever can push to its repository can change what gets pulled. Pin the digest you tested: "${name}@sha256:<digest>".`,
          range: use.range,
        });
      },
    };
  },
});
