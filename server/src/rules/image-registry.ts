import { displayName } from '../engine/image-reference';
import { isRegistryAllowed } from '../engine/image-patterns';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'image-registry',
    title: 'Pull images only from the allowed registries',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'images',
    defaultSeverity: 'off',
    enabledBy: 'images.allowedRegistries',
    securitySeverity: 'high',
    cwe: ['CWE-829'],
    peers: ['hadolint DL3026', 'Trivy KSV-0125'],
    docs: {
      rationale:
        'Where an image comes from decides who can change what you run. An organisation that mirrors and scans images in its own registry (or trusts only a few vendors) loses that control the moment a Dockerfile or manifest pulls straight from an arbitrary public registry: unscanned content, typosquatted names and registries that disappear or rate-limit all come back. This rule only runs once `images.allowedRegistries` lists the registries you accept, and then reports every image from anywhere else.',
      remediation:
        'Pull the image through an allowed registry (a mirror or pull-through cache such as `registry.example.com/dockerhub/library/node:22`), or, if the registry should be trusted, add it to `images.allowedRegistries` in `.shipshape.yaml`. Entries are globs matched against the registry host: `docker.io` covers every way of writing Docker Hub (`node`, `library/node`, `index.docker.io/…`), `*.azurecr.io` any Azure registry, `localhost:5000` a local one; an entry with a path such as `ghcr.io/my-org` allows that namespace and everything below it.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM quay.io/prometheus/busybox:1.36\nUSER 10001',
          good: 'FROM registry.example.com/mirror/busybox:1.36\nUSER 10001',
          config: { images: { allowedRegistries: ['registry.example.com', '*.azurecr.io'] } },
          note: 'With `images.allowedRegistries: [registry.example.com, "*.azurecr.io"]`.',
        },
      ],
      references: [
        { title: 'Docker: registry mirrors and pull-through caches', url: 'https://docs.docker.com/docker-hub/image-library/mirror/' },
        { title: 'Kubernetes: container images', url: 'https://kubernetes.io/docs/concepts/containers/images/' },
        { title: 'NIST SP 800-190 Application Container Security Guide', url: 'https://csrc.nist.gov/pubs/sp/800/190/final' },
      ],
    },
  },
  create(context) {
    const allowed = context.settings.images.allowedRegistries;
    return {
      image(use) {
        const reference = use.reference;
        if (!reference || allowed.length === 0 || isRegistryAllowed(reference, allowed)) return;
        const list = allowed.length > 3 ? `${allowed.slice(0, 3).join(', ')}, …` : allowed.join(', ');
        context.report({
          message: `Image "${displayName(reference)}" in ${use.where} comes from registry "${reference.registry}", which is not in images.allowedRegistries (${list}). Pull it through an allowed registry, or add the registry to the list if it is trusted.`,
          range: use.range,
        });
      },
    };
  },
});
