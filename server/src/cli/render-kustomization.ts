// `shipshape render DIR` on a kustomization: its build printed exactly like `kubectl kustomize DIR`.
import nodePath from 'node:path';
import { findKustomizationFile } from '../engine/languages/kustomize/build';
import { sourceLocation } from '../engine/languages/kustomize/origins';
import { renderKustomization } from '../engine/languages/kustomize/render';
import { KustomizeError, type Origin } from '../engine/languages/kustomize/values';
import { LineIndex } from '../engine/text';
import { nodeKustomizeFileSystem, toBuildPath } from '../host/kustomize-files';
import type { RenderArgs } from './args';
import { printError, printNote, writeReport, type CliIo } from './io';

export function renderKustomizationFolder(args: RenderArgs, io: CliIo): number {
  const dir = toBuildPath(nodePath.resolve(io.cwd, args.target));
  try {
    if (!nodeKustomizeFileSystem.isDirectory(dir)) {
      printError(io, `${args.target} is not a folder; \`shipshape render\` renders a chart or builds a kustomization in a folder.`);
      return 2;
    }
    if (!findKustomizationFile(nodeKustomizeFileSystem, dir)) {
      printError(io, `${args.target} has no kustomization.yaml, kustomization.yml or Kustomization.`);
      return 2;
    }
    const result = renderKustomization(nodeKustomizeFileSystem, dir);
    for (const warning of result.build.warnings) printNote(io, `warning: ${where(io, warning.origin)}${warning.message}`);
    return writeReport(io, result.text, args.output) ? 0 : 2;
  } catch (error) {
    if (error instanceof KustomizeError) printError(io, `${where(io, error.origin)}${error.message}`);
    else printError(io, `Shipshape could not build ${args.target}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

/** `path:line:column: ` of an origin, relative to the working folder, or nothing when unknown. */
export function where(io: CliIo, origin: Origin | undefined): string {
  if (!origin) return '';
  const { file, range } = sourceLocation(origin, (path) => nodeKustomizeFileSystem.readFile(path));
  const text = nodeKustomizeFileSystem.readFile(file);
  const position = text === undefined ? undefined : new LineIndex(text).positionAt(range.start);
  const relative = nodePath.relative(io.cwd, file) || file;
  return position ? `${relative}:${position.line + 1}:${position.character + 1}: ` : `${relative}: `;
}
