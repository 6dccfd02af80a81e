// `shipshape init`: writes the commented `.shipshape.yaml` the editor's Create Config File writes, and never
// overwrites a configuration that is already there.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import { configFileTemplate } from '../config-template';
import { CONFIG_FILE_NAMES } from '../engine/config';
import { describeError, errorCode } from '../host/file-system';
import { rules } from '../rules';
import type { InitArgs } from './args';
import { printError, printNote, type CliIo } from './io';

export function runInit(args: InitArgs, io: CliIo): number {
  const folder = nodePath.resolve(io.cwd, args.folder);
  const shown = (name: string): string => {
    const relative = nodePath.relative(io.cwd, nodePath.join(folder, name));
    return relative.startsWith('..') ? nodePath.join(folder, name) : relative;
  };
  if (!isFolder(folder)) {
    printError(io, `cannot create ${shown(CONFIG_FILE_NAMES[0] ?? '.shipshape.yaml')}: ${args.folder} is not a folder`);
    return 2;
  }
  const existing = CONFIG_FILE_NAMES.find((name) => existsSync(nodePath.join(folder, name)));
  if (existing !== undefined) return refuse(io, shown(existing));
  const target = CONFIG_FILE_NAMES[0] ?? '.shipshape.yaml';
  try {
    // `wx` fails if the file exists, so one created since the check above is not overwritten either.
    writeFileSync(nodePath.join(folder, target), configFileTemplate(rules.map((rule) => rule.meta)), { flag: 'wx' });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return refuse(io, shown(target));
    printError(io, `cannot create ${shown(target)}: ${describeError(error)}`);
    return 2;
  }
  printNote(io, `created ${shown(target)}; every setting in it is commented out: uncomment what your project needs.`);
  return 0;
}

function refuse(io: CliIo, shownPath: string): number {
  printError(io, `${shownPath} already exists; shipshape init leaves it as it is (edit it, or delete it and run init again).`);
  return 2;
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
