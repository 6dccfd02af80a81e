// What the host can tell the engine about a Dockerfile's build context. Shipshape assumes the context is
// the Dockerfile's folder (what `docker build .` beside it uses).
import nodePath, { type PlatformPath } from 'node:path';
import type { BuildContextInfo } from '../engine/types';
import { nodeFileSystem, type HostFileSystem } from './file-system';

/**
 * The ignore files BuildKit would use, in its order of preference: `<Dockerfile>.dockerignore` beside
 * the Dockerfile first, then `.dockerignore` at the root of the context.
 */
export function dockerignoreCandidates(dockerfilePath: string, pathApi: PlatformPath = nodePath): string[] {
  const absolute = pathApi.resolve(dockerfilePath);
  return [`${absolute}.dockerignore`, pathApi.join(pathApi.dirname(absolute), '.dockerignore')];
}

/**
 * Reads the ignore file that applies to a Dockerfile. Undefined when it exists but cannot be read, so
 * rules do not judge a context they could not see.
 */
export function readBuildContext(
  dockerfilePath: string,
  fileSystem: HostFileSystem = nodeFileSystem,
  pathApi: PlatformPath = nodePath,
): BuildContextInfo | undefined {
  for (const candidate of dockerignoreCandidates(dockerfilePath, pathApi)) {
    let text: string | undefined;
    try {
      text = fileSystem.readTextIfExists(candidate);
    } catch {
      return undefined;
    }
    if (text !== undefined) return { dockerignore: text };
  }
  return { dockerignore: null };
}
