// `shipshape lint --stdin`: reads the text to lint from standard input, the way editors and formatters
// integrations call linters (ESLint's `--stdin --stdin-filename`). The file name decides the kind of file and
// which .shipshape.yaml applies; the file itself need not exist.
import nodePath from 'node:path';
import { detectFileKind, looksBinary } from '../engine/detect';
import { describeError } from '../host/file-system';
import type { LintArgs } from './args';
import { printError, type CliIo } from './io';
import { runLint, type StdinFile } from './lint-command';

/** How standard input is shown when no --stdin-filename names it. */
const UNNAMED = '<stdin>';

export async function runLintStdin(args: LintArgs, io: CliIo): Promise<number> {
  if (!io.stdin || io.stdin.isTTY === true) {
    printError(io, '--stdin reads the file to lint from a pipe, and standard input is a terminal: `shipshape lint --stdin --stdin-filename Dockerfile < Dockerfile`');
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = await io.stdin.readAll();
  } catch (error) {
    printError(io, `cannot read standard input: ${describeError(error)}`);
    return 2;
  }
  if (bytes.length === 0) {
    printError(io, 'standard input is empty: pipe in the Dockerfile or manifest to lint');
    return 2;
  }
  const text = utf8Text(bytes);
  if (text === undefined || looksBinary(text)) {
    printError(io, `standard input is not text (${text === undefined ? 'it is not valid UTF-8' : 'it holds NUL or control bytes'}); Shipshape lints Dockerfiles and Kubernetes manifests`);
    return 2;
  }
  const file: StdinFile = { path: nodePath.resolve(io.cwd, args.stdinFilename ?? UNNAMED), text };
  // Unnamed input can still be a manifest: its apiVersion and kind say so.
  if (args.stdinFilename === undefined) file.languageId = 'yaml';
  if (detectFileKind(file) === null) {
    printError(
      io,
      args.stdinFilename === undefined
        ? 'cannot tell what kind of file standard input is: name it with --stdin-filename (e.g. --stdin-filename Dockerfile, or deploy.yaml for a Kubernetes manifest)'
        : `cannot lint ${args.stdinFilename}: Shipshape lints Dockerfiles (Dockerfile, *.Dockerfile, Containerfile) and Kubernetes manifests (.yaml, .yml or .json files with an apiVersion and a kind)`,
    );
    return 2;
  }
  return runLint(args, io, file);
}

function utf8Text(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
