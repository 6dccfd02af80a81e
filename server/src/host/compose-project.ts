// What the host reads for a Compose file: the project it belongs to (the base file and its override, as
// `docker compose` picks them up beside each other, or the `-f` list a user gave), the `.env` beside the
// project, and every file the project names (`extends.file`, Dockerfiles of `build:`), found by asking the
// engine which files it wanted until it wants no more.
import nodePath from 'node:path';
import { baseName } from '../engine/detect';
import { parseCompose, type ComposeProjectInputs } from '../engine/languages/compose/model';
import { nodeFileSystem, type HostFileSystem } from './file-system';

/** Rounds of "read what the engine asked for" (each `extends` level of another file costs one). */
const MAX_ROUNDS = 12;
/** Files a project may pull in beyond its own Compose files. */
const MAX_REFERENCES = 200;

const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/**
 * The Compose files `docker compose` would merge for a file opened on its own: a base file with the override
 * beside it; any other Compose file (`compose.prod.yaml`, an override) on top of the base beside it.
 */
export function composeProjectFiles(path: string, fileSystem: HostFileSystem = nodeFileSystem): string[] {
  const folder = nodePath.dirname(path);
  const name = baseName(path).toLowerCase();
  const preferDocker = name.startsWith('docker-');
  const ordered = (names: string[]): string[] => (preferDocker ? [...names.filter((n) => n.startsWith('docker-')), ...names.filter((n) => !n.startsWith('docker-'))] : names);
  const existing = (names: string[]): string | undefined => ordered(names).map((candidate) => nodePath.join(folder, candidate)).find((candidate) => readable(candidate, fileSystem));
  if (BASE_NAMES.includes(name)) {
    const override = existing(OVERRIDE_NAMES);
    return override ? [path, override] : [path];
  }
  const base = existing(BASE_NAMES);
  return base && base !== path ? [base, path] : [path];
}

/** Reads the project of a Compose file (`files`: the `-f` list, when the user gave one). */
export function readComposeProject(path: string, options: { files?: string[]; fileSystem?: HostFileSystem; openText?: string } = {}): ComposeProjectInputs {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const read = (file: string): string | null => {
    if (file === path && options.openText !== undefined) return options.openText;
    try {
      return fileSystem.readTextIfExists(file) ?? null;
    } catch {
      return null;
    }
  };
  const paths = options.files ?? composeProjectFiles(path, fileSystem);
  const files = paths.flatMap((file) => {
    const text = read(file);
    return text === null ? [] : [{ path: file, text }];
  });
  const first = paths[0] ?? path;
  const inputs: ComposeProjectInputs = { files, dotenv: read(nodePath.join(nodePath.dirname(first), '.env')), references: {} };
  const text = read(path);
  if (text === null) return inputs;
  const references: Record<string, string | null> = {};
  // Only `build:` and `extends: {file: …}` name other files; files without either need no parse here.
  const naming = files.filter((file) => /\b(build|file)\s*:/.test(file.text));
  for (let round = 0; round < MAX_ROUNDS && naming.length > 0; round++) {
    const wanted = new Set<string>();
    for (const file of naming) for (const reference of parseCompose(file.path, file.text, { ...inputs, references }).unreadReferences) wanted.add(reference);
    const fresh = [...wanted].filter((reference) => !(reference in references));
    if (fresh.length === 0 || Object.keys(references).length >= MAX_REFERENCES) break;
    for (const reference of fresh) references[reference] = read(reference);
  }
  inputs.references = references;
  return inputs;
}

/** Every file whose appearance would change the project of `path`: the base and override names beside it. */
export function composeProjectCandidates(path: string): string[] {
  const folder = nodePath.dirname(path);
  return [...BASE_NAMES, ...OVERRIDE_NAMES].map((name) => nodePath.join(folder, name));
}

function readable(path: string, fileSystem: HostFileSystem): boolean {
  try {
    return fileSystem.readTextIfExists(path) !== undefined;
  } catch {
    return false;
  }
}
