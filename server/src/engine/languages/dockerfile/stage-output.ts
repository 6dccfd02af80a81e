// Which files of a stage end up in the final image. A builder stage's files reach the image only through
// what later stages take from it: `FROM builder` (everything), `COPY --from=builder <path>` and
// `RUN --mount=from=builder` (the paths named). Rules use this to tell "in the image" from "in the build
// cache only" (a `COPY . .` in a builder whose `dist/` alone is copied out).
import nodePath from 'node:path/posix';
import { instructionArguments, instructionFlags, instructionJsonStrings, type DockerfileModel, type DockerInstruction, type Stage } from './model';
import { transferSources } from './sources';
import { resolveText, variablesAt } from './users';

/** How far a path of a stage gets: into the final image, or only into the build (cache, `--target` builds). */
export type Reach = 'final-image' | 'build-only';

/** The absolute working directory in effect just before `offset` in `stage`, or undefined when a variable hides it. */
export function workdirAt(model: DockerfileModel, stage: Stage, offset: number): string | undefined {
  let workdir: string | undefined = stage.baseStage ? workdirAt(model, stage.baseStage, Number.MAX_SAFE_INTEGER) : '/';
  for (const instruction of stage.instructions) {
    if (instruction.range.start >= offset) break;
    if (instruction.keyword !== 'WORKDIR') continue;
    const written = instructionArguments(instruction).map((argument) => argument.value).join(' ');
    const value = resolveText(model, written, variablesAt(model, stage, instruction.range.start));
    if (value === undefined || workdir === undefined) return undefined;
    workdir = nodePath.resolve(workdir, value);
  }
  return workdir;
}

/** The absolute destination of a COPY/ADD (a trailing `/` kept: it means "into this folder"), undefined when unknown. */
export function transferDestination(model: DockerfileModel, instruction: DockerInstruction): string | undefined {
  const stage = instruction.stage;
  if (!stage) return undefined;
  const json = instructionJsonStrings<{ getJSONRange(): Parameters<DockerfileModel['rangeOf']>[0] }>(instruction);
  let written: string | undefined;
  const last = json[json.length - 1];
  if (last) {
    const range = model.rangeOf(last.getJSONRange());
    try {
      written = JSON.parse(`"${model.text.slice(range.start, range.end)}"`) as string;
    } catch {
      return undefined;
    }
  } else {
    const args = instructionArguments(instruction);
    if (args.some((argument) => argument.value.startsWith('<<'))) return undefined;
    written = args[args.length - 1]?.value;
  }
  if (written === undefined) return undefined;
  const value = resolveText(model, written, variablesAt(model, stage, instruction.range.start));
  if (value === undefined) return undefined;
  const workdir = workdirAt(model, stage, instruction.range.start);
  if (workdir === undefined) return undefined;
  return nodePath.resolve(workdir, value) + (value.endsWith('/') && value !== '/' ? '/' : '');
}

/**
 * Whether the file or folder at absolute `path` in `stage` reaches the final image. Unknown cases (a path or
 * stage name hidden in a variable, a wildcard) count as reaching it, so a rule never understates.
 */
export function pathReach(model: DockerfileModel, stage: Stage, path: string): Reach {
  return reaches(model, stage, nodePath.resolve('/', path), new Set()) ? 'final-image' : 'build-only';
}

function reaches(model: DockerfileModel, stage: Stage, path: string, visiting: Set<string>): boolean {
  if (stage.isFinal) return true;
  const key = `${stage.index}:${path}`;
  if (visiting.has(key)) return false;
  visiting.add(key);
  for (const other of model.stages) {
    if (other.index <= stage.index) continue;
    if (other.baseStage === stage && reaches(model, other, path, visiting)) return true;
    for (const instruction of other.instructions) {
      const taken = takenFrom(model, instruction, stage);
      if (taken === undefined) continue;
      if (taken === 'unknown') return true;
      for (const { source, destination } of taken) {
        if (source === 'unknown') return true;
        if (destination === undefined) {
          if (carriedPath(source, path, '/') !== undefined) return true;
          continue;
        }
        const carried = carriedPath(source, path, destination);
        if (carried !== undefined && reaches(model, other, carried, visiting)) return true;
      }
    }
  }
  return false;
}

interface Taken {
  source: string | 'unknown';
  destination: string | undefined;
}

/** What `instruction` takes from `from`: undefined when it takes nothing from it, 'unknown' when it cannot be told. */
function takenFrom(model: DockerfileModel, instruction: DockerInstruction, from: Stage): Taken[] | 'unknown' | undefined {
  const stage = instruction.stage;
  if (!stage) return undefined;
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const flag = instructionFlags(instruction, 'from')[0];
    if (!flag?.value) return undefined;
    const named = namesStage(model, stage, instruction, flag.value, from);
    if (named !== true) return named === 'unknown' ? 'unknown' : undefined;
    const destination = transferDestination(model, instruction);
    return transferSources(model, instruction).map((source) => ({
      source: source.resolved === undefined || /[*?[]/.test(source.resolved) ? 'unknown' : nodePath.resolve('/', source.resolved),
      destination,
    }));
  }
  if (instruction.keyword === 'RUN') {
    const taken: Taken[] = [];
    for (const mount of instructionFlags(instruction, 'mount')) {
      const value = mount.option('from')?.value;
      if (!value) continue;
      const named = namesStage(model, stage, instruction, value, from);
      if (named === 'unknown') return 'unknown';
      // What a RUN does with a mounted stage cannot be followed: it may copy any of it into the layer.
      if (named) taken.push({ source: nodePath.resolve('/', mount.option('source')?.value ?? '/'), destination: undefined });
    }
    return taken.length > 0 ? taken : undefined;
  }
  return undefined;
}

function namesStage(model: DockerfileModel, stage: Stage, instruction: DockerInstruction, written: string, target: Stage): boolean | 'unknown' {
  const value = resolveText(model, written, variablesAt(model, stage, instruction.range.start));
  if (value === undefined) return 'unknown';
  if (/^\d+$/.test(value)) return Number(value) === target.index;
  return target.name !== undefined && value.toLowerCase() === target.name;
}

/**
 * Where `path` lands when `source` is copied to `destination`: a folder source copies its contents, so
 * `/app` copied to `/srv` puts `/app/.env` at `/srv/.env`. Undefined when the copy does not include `path`.
 */
function carriedPath(source: string, path: string, destination: string): string | undefined {
  const relative = nodePath.relative(source, path);
  if (relative.startsWith('..') || nodePath.isAbsolute(relative)) return undefined;
  return nodePath.resolve(destination, relative);
}
