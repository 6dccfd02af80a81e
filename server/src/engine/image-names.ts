// Recognising well-known images by name, shared by the image rules.
import type { ImageReference } from './image-reference';

/**
 * The name of a Docker Official Image (`node` for `docker.io/library/node`), also when it is pulled through
 * a mirror that keeps the `library/` path (`public.ecr.aws/docker/library/node`, `mirror.gcr.io/library/node`).
 */
export function officialImageName(reference: ImageReference): string | undefined {
  return /(?:^|\/)library\/([^/]+)$/.exec(reference.repository)?.[1];
}
