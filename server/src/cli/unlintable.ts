// What to tell someone who names a file `shipshape lint` cannot lint: naming a file is asking for it to be
// linted, so saying nothing (or "no problems") would be a false all-clear.
import nodePath from 'node:path';
import { baseName, isComposeName } from '../engine/detect';

const STANDARD_INPUT = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

const WHAT_IS_LINTED =
  'Shipshape lints Dockerfiles (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*) and Kubernetes manifests (.yaml, .yml or .json files whose documents have apiVersion and kind)';

export function isStandardInput(argument: string): boolean {
  return STANDARD_INPUT.has(argument) || STANDARD_INPUT.has(nodePath.resolve(argument));
}

/** The error for a file named on the command line that is not something Shipshape lints. */
export function notLintableMessage(shown: string, path: string, read: boolean): string {
  if (isStandardInput(path)) {
    return `${shown}: \`shipshape lint\` does not read standard input; save the text to a file named Dockerfile or *.yaml and lint that file.`;
  }
  const name = baseName(path);
  if (isComposeName(name)) return `${shown} is a Docker Compose file, which this version of Shipshape does not lint. ${WHAT_IS_LINTED}.`;
  if (read) return `${shown} is not a Dockerfile or a Kubernetes manifest (no document has both apiVersion and kind), so it cannot be linted. ${WHAT_IS_LINTED}.`;
  return `${shown} is not a file Shipshape can lint. ${WHAT_IS_LINTED}.`;
}
