// Image names that a build tool builds and rewrites when it deploys: Skaffold's `build.artifacts[].image`, a
// kustomization's `images:` entries, Tilt's `docker_build('frontend', …)`. In a manifest such a name
// (`image: frontend`) is a placeholder the tool replaces with the tag or digest it built, so judging its tag
// would be a false claim. The fronts read the files; these pure functions read their text.
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { parseImageReference, type ImageReference } from './image-reference';
import type { BuildToolImage } from './types';

/** Names built by Skaffold: every `artifacts[].image`, in `build` and in each profile's `build`. */
export function skaffoldImages(text: string): string[] {
  const names: string[] = [];
  for (const document of parseAllDocuments(text, { prettyErrors: false })) {
    if (document.errors.length > 0) continue;
    collect(document.contents as YamlNode | null, 0);
  }
  return names;

  function collect(node: YamlNode | null | undefined, depth: number): void {
    if (!node || depth > 8) return;
    if (isSeq(node)) for (const item of node.items) collect(item as YamlNode, depth + 1);
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === 'artifacts' && isSeq(pair.value)) {
        for (const artifact of pair.value.items) {
          const image = isMap(artifact) ? artifact.get('image') : undefined;
          if (typeof image === 'string' && image !== '') names.push(image);
        }
      } else {
        collect(pair.value as YamlNode, depth + 1);
      }
    }
  }
}

/** Names a kustomization rewrites: the `name` of each `images:` entry. */
export function kustomizationImages(text: string): string[] {
  const names: string[] = [];
  for (const document of parseAllDocuments(text, { prettyErrors: false })) {
    if (document.errors.length > 0 || !isMap(document.contents)) continue;
    const images = document.contents.get('images');
    if (!isSeq(images)) continue;
    for (const entry of images.items) {
      const name = isMap(entry) ? entry.get('name') : undefined;
      if (typeof name === 'string' && name !== '') names.push(name);
    }
  }
  return names;
}

/** Names a Tiltfile builds: the first argument (or `ref=`) of `docker_build` and `custom_build`. */
export function tiltfileImages(text: string): string[] {
  const names: string[] = [];
  const call = /(?:^|[^\w.])(?:docker_build|custom_build|docker_build_with_restart)\(\s*(?:ref\s*=\s*)?(['"])([^'"\n]+)\1/gm;
  for (let match = call.exec(text); match !== null; match = call.exec(text)) {
    if (match[2]) names.push(match[2]);
  }
  return names;
}

/** The build tool that rewrites `reference` (compared by registry and repository, whatever the tag), if any. */
export function buildToolFor(reference: ImageReference, images: readonly BuildToolImage[] | undefined): BuildToolImage | undefined {
  if (!images || images.length === 0) return undefined;
  return images.find((image) => {
    const parsed = parseImageReference(image.name);
    return parsed.ok && parsed.reference.registry === reference.registry && parsed.reference.repository === reference.repository;
  });
}
