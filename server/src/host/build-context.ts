// What the host can tell the engine about a Dockerfile's build context. Shipshape assumes the context is
// the Dockerfile's folder (what `docker build .` beside it uses).
import nodePath, { type PlatformPath } from 'node:path';
import { parseDockerfile } from '../engine/languages/dockerfile/model';
import { entrypointScriptPath } from '../engine/languages/dockerfile/privilege-drop';
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

/** Entrypoint scripts larger than this are not read: docker-library's are a few kilobytes. */
const MAX_ENTRYPOINT_SCRIPT = 256 * 1024;

/**
 * Reads the ignore file that applies to a Dockerfile and, given the Dockerfile's text, the build-context script
 * its ENTRYPOINT runs. Undefined when the ignore file exists but cannot be read, so rules do not judge a
 * context they could not see.
 */
export function readBuildContext(
  dockerfilePath: string,
  fileSystem: HostFileSystem = nodeFileSystem,
  pathApi: PlatformPath = nodePath,
  dockerfileText?: string,
): BuildContextInfo | undefined {
  let dockerignore: string | null = null;
  for (const candidate of dockerignoreCandidates(dockerfilePath, pathApi)) {
    let text: string | undefined;
    try {
      text = fileSystem.readTextIfExists(candidate);
    } catch {
      return undefined;
    }
    if (text !== undefined) {
      dockerignore = text;
      break;
    }
  }
  const context: BuildContextInfo = { dockerignore };
  const script = dockerfileText !== undefined && /^\s*ENTRYPOINT\b/im.test(dockerfileText) ? entrypointScriptPath(parseDockerfile(dockerfileText)) : undefined;
  if (script !== undefined) {
    try {
      const text = fileSystem.readTextIfExists(pathApi.join(pathApi.dirname(pathApi.resolve(dockerfilePath)), ...script.split('/')));
      context.entrypointScript = text !== undefined && text.length <= MAX_ENTRYPOINT_SCRIPT ? text : null;
    } catch {
      // An unreadable script is left out: the rules then judge by the Dockerfile alone.
    }
  }
  return context;
}
