import { buildToolFor } from '../engine/build-tool-images';
import { displayName, familiarName } from '../engine/image-reference';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'image-tag-latest',
    title: 'Images must name a concrete tag, not latest or nothing',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'images',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    cwe: ['CWE-1357'],
    peers: ['hadolint DL3006', 'hadolint DL3007', 'Trivy DS-0001', 'Checkov CKV_DOCKER_7', 'kube-linter latest-tag', 'Polaris tagNotSpecified'],
    docs: {
      rationale:
        'An image without a tag, or tagged `latest`, changes whenever the publisher pushes. Builds and rollouts stop being reproducible, a compromised or broken upstream release flows straight into production, and a scan of today\'s image says nothing about tomorrow\'s. When `image-digest` reports the same reference, its finding is folded into this one: one diagnostic, with both rules\' quick fixes (choose a tag, pin the digest). A name that a build tool in the workspace builds and rewrites on deploy — a `skaffold.yaml` artifact, a kustomization `images:` entry, a Tiltfile `docker_build` — is a placeholder, not a tag in use: it is reported as info, and the message says which file names it.',
      remediation:
        'Name a concrete version tag (`node:22.11-alpine`), and for images that ship, pin the digest as well (`node:22.11-alpine@sha256:…`).',
      examples: [
        { kind: 'dockerfile', bad: 'FROM node\nUSER 10001', good: 'FROM node:22.11-alpine\nUSER 10001' },
        { kind: 'dockerfile', bad: 'FROM ubuntu:latest\nUSER 10001', good: 'FROM ubuntu:24.04\nUSER 10001' },
      ],
      references: [
        { title: 'Docker: image tags', url: 'https://docs.docker.com/reference/cli/docker/image/tag/' },
        { title: 'Kubernetes: container images', url: 'https://kubernetes.io/docs/concepts/containers/images/' },
      ],
    },
  },
  create(context) {
    return {
      image(use) {
        const reference = use.reference;
        if (!reference || reference.digest !== undefined) return;
        if (reference.tag !== undefined && reference.tag !== 'latest') return;
        const built = use.role === 'container' ? buildToolFor(reference, context.file.buildToolImages) : undefined;
        if (built) {
          context.report({
            message: `Image "${displayName(reference)}" in ${use.where} is built by ${built.tool} (${built.source} names it), which replaces this reference with the image it built when it deploys, so the tag written here is not what runs. Only a deploy without ${built.tool} (kubectl apply) would pull "${familiarName(reference)}:latest".`,
            range: use.range,
            severityCap: 'info',
          });
        } else if (reference.tag === undefined) {
          context.report({
            message: `Image "${displayName(reference)}" in ${use.where} has no tag, so it means "latest" and changes whenever the publisher pushes. Name a concrete version tag.`,
            range: use.range,
          });
        } else {
          context.report({
            message: `Image "${familiarName(reference)}:latest" in ${use.where} changes whenever the publisher pushes. Name a concrete version tag.`,
            range: use.range,
          });
        }
      },
    };
  },
});
