// What to tell someone who names a file `shipshape lint` cannot lint: naming a file is asking for it to be
// linted, so saying nothing (or "no problems") would be a false all-clear.
import nodePath from 'node:path';

const STANDARD_INPUT = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

const WHAT_IS_LINTED =
  'Shipshape lints Dockerfiles (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*), Compose files (compose.yaml, docker-compose.yml and their .*.yaml variants, or any file given with -f) and Kubernetes manifests (.yaml, .yml or .json files whose documents have apiVersion and kind)';

export function isStandardInput(argument: string): boolean {
  return STANDARD_INPUT.has(argument) || STANDARD_INPUT.has(nodePath.resolve(argument));
}

/** The error for a file named on the command line that is not something Shipshape lints. */
export function notLintableMessage(shown: string, path: string, read: boolean): string {
  if (isStandardInput(path)) {
    return `${shown}: read standard input with \`shipshape lint --stdin --stdin-filename NAME\`, where NAME says what the text is (Dockerfile, compose.yaml, deploy.yaml).`;
  }
  if (read) return `${shown} is not a Dockerfile or a Kubernetes manifest (no document has both apiVersion and kind), so it cannot be linted. ${WHAT_IS_LINTED}.`;
  return `${shown} is not a file Shipshape can lint. ${WHAT_IS_LINTED}.`;
}
