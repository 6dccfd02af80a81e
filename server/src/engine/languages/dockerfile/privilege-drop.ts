// Images that start as root on purpose and give it up themselves: docker-library's mongo, postgres and redis
// run an entrypoint that re-executes the server as its own user with gosu/su-exec, and the nginx, Apache httpd
// and php-fpm masters bind their port as root and run their workers as an unprivileged user. A `USER 10001`
// added to such an image breaks it (the entrypoint cannot chown its data folder, the master cannot switch).
import { officialImageName } from '../../image-names';
import { cleanPath } from './dockerignore';
import { commandText, instructionArguments, instructionFlags, instructionJsonStrings, type DockerfileModel, type DockerInstruction, type Stage } from './model';
import { transferSources } from './sources';
import { rootStage, stageChain } from './users';

export interface PrivilegeDrop {
  /** Completes "The container starts as root, but …". */
  how: string;
  /** The instruction that shows it (the install or the command), when the Dockerfile holds one. */
  instruction: DockerInstruction | undefined;
}

/** Tools whose only job is to run a command as another user. */
const STEP_DOWN = /(?<![\w.-])(gosu|su-exec|setpriv|runuser|chroot\s+--userspec)(?![\w-])/;
/** Tools that are installed for that job alone, so installing them says the entrypoint uses them. */
const STEP_DOWN_INSTALLED = /(?<![\w.-])(gosu|su-exec)(?![\w-])/;

/** Server programs whose master process switches its workers to an unprivileged user, and that user. */
const SERVER_MASTERS: Array<{ program: RegExp; server: string; worker: string }> = [
  { program: /^nginx$/, server: 'nginx', worker: 'nginx or www-data' },
  { program: /^(httpd|httpd-foreground|apache2|apache2-foreground|apache2ctl|apachectl)$/, server: 'Apache httpd', worker: 'www-data or daemon' },
  { program: /^php-fpm[\d.]*$/, server: 'php-fpm', worker: 'www-data' },
];

/**
 * How the final stage's container gives up root by itself, or undefined when nothing says it does.
 * `entrypointScript` is the text of the build-context script the ENTRYPOINT runs, when the host could read it.
 */
export function privilegeDrop(model: DockerfileModel, stage: Stage, entrypointScript?: string): PrivilegeDrop | undefined {
  const chain = stageChain(stage);
  const last = (keyword: string): DockerInstruction | undefined => chain.flatMap((current) => current.instructions.filter((i) => i.keyword === keyword)).pop();
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const entrypointWords = entrypoint ? commandWords(model, entrypoint) : [];

  if (entrypoint && STEP_DOWN.test(commandText(model, entrypoint))) {
    return { how: `its ENTRYPOINT runs the command as another user with ${STEP_DOWN.exec(commandText(model, entrypoint))?.[1] ?? 'a step-down tool'}`, instruction: entrypoint };
  }
  if (entrypointWords.length > 0 && entrypointScript !== undefined) {
    const tool = STEP_DOWN.exec(withoutComments(entrypointScript))?.[1];
    if (tool) return { how: `its entrypoint script ${baseName(entrypointWords[0] ?? '')} steps down from root with ${tool}`, instruction: entrypoint };
  }
  if (entrypointWords.length > 0) {
    for (const current of chain) {
      for (const instruction of current.instructions) {
        if (instruction.keyword !== 'RUN' && instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        const tool = STEP_DOWN_INSTALLED.exec(commandText(model, instruction))?.[1];
        if (tool) return { how: `it installs ${tool}, which its entrypoint uses to step down from root`, instruction };
      }
    }
  }

  const programs = [entrypointWords[0], ...(cmd ? [commandWords(model, cmd)[0]] : [])].flatMap((word) => (word ? [baseName(word)] : []));
  for (const master of SERVER_MASTERS) {
    if (programs.some((program) => master.program.test(program))) {
      return { how: `the ${master.server} master process binds its port as root and runs its workers as ${master.worker}`, instruction: cmd ?? entrypoint };
    }
  }
  if (entrypoint || cmd) return undefined;
  const base = rootStage(stage).baseImage?.reference;
  const official = base ? officialImageName(base) : undefined;
  const tag = base?.tag ?? '';
  if (official === 'nginx') return { how: 'the nginx master process of the base image binds its port as root and runs its workers as nginx', instruction: undefined };
  if (official === 'httpd') return { how: 'the Apache httpd master process of the base image binds its port as root and runs its workers as www-data', instruction: undefined };
  if (official === 'php' && /(^|-)(fpm|apache)(-|$)/.test(tag)) {
    return { how: `the ${tag.includes('fpm') ? 'php-fpm' : 'Apache'} master process of the base image runs its workers as www-data`, instruction: undefined };
  }
  return undefined;
}

/** The words of a CMD/ENTRYPOINT in exec or shell form (shell form split on blanks: only the first is used). */
function commandWords(model: DockerfileModel, instruction: DockerInstruction): string[] {
  const json = instructionJsonStrings<{ getJSONRange(): Parameters<DockerfileModel['rangeOf']>[0] }>(instruction);
  if (json.length > 0) {
    return json.map((word) => {
      const range = model.rangeOf(word.getJSONRange());
      return model.text.slice(range.start, range.end);
    });
  }
  return instructionArguments(instruction).map((argument) => argument.value);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function withoutComments(script: string): string {
  return script.replace(/(^|\s)#.*$/gm, '$1');
}

/**
 * The build-context path (relative, `/`-separated) of the script the final stage's ENTRYPOINT runs: the local
 * COPY/ADD source of the same file name (`COPY docker-entrypoint.sh /usr/local/bin/` for
 * `ENTRYPOINT ["docker-entrypoint.sh"]`). Hosts read it so privilegeDrop can look inside.
 */
export function entrypointScriptPath(model: DockerfileModel): string | undefined {
  const stage = model.finalStage;
  if (!stage) return undefined;
  const chain = stageChain(stage);
  const entrypoint = chain.flatMap((current) => current.instructions.filter((i) => i.keyword === 'ENTRYPOINT')).pop();
  const program = entrypoint ? commandWords(model, entrypoint)[0] : undefined;
  if (!program) return undefined;
  const name = baseName(program);
  for (const current of chain) {
    for (const instruction of current.instructions) {
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instructionFlags(instruction, 'from').length > 0) continue;
      for (const source of transferSources(model, instruction)) {
        const path = source.kind === 'local' && source.resolved !== undefined ? cleanPath(source.resolved) : undefined;
        if (path && !path.startsWith('..') && baseName(path) === name) return path;
      }
    }
  }
  return undefined;
}
