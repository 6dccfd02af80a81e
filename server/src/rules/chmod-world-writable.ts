import { instructionArguments, instructionFlags, type DockerInstruction } from '../engine/languages/dockerfile/model';
import { instructionPlace, mayMention, programName, shellCommands, type ShellCommand, type ShellWord } from '../engine/languages/dockerfile/shell';
import { defineRule } from '../engine/rule';
import type { TextRange } from '../engine/types';

/** Directories whose standard mode is world-writable with the sticky bit (1777). */
const TEMP_DIRECTORIES = new Set(['/tmp', '/var/tmp', '/dev/shm', '/run/lock', '/var/lock', '/tmp/.X11-unix', '/tmp/.ICE-unix']);

/** `chmod`, or `mkdir`/`install` with a mode option (`-m`, `--mode`, `-pm`): the only commands judged. */
const mentionsModeChange = (text: string): boolean => text.includes('chmod') || ((text.includes('mkdir') || text.includes('install')) && /-[A-Za-z]*m/.test(text));

const CHMOD_LONG_OPTIONS = new Set(['--recursive', '--changes', '--silent', '--quiet', '--verbose', '--no-preserve-root', '--preserve-root']);

interface Verdict {
  sticky: boolean;
  /** The mode without write access for group and others (777 → 755, a+w → u+w). */
  fixed: string;
  /** The mode with the sticky bit added, for temporary directories (777 → 1777). */
  withSticky: string;
}

/** A mode found in a command or flag, with where it is written. */
interface ModeUse {
  mode: string;
  /** Range of the mode text itself. */
  range: TextRange;
  /** How the mode is written back: JSON strings need quotes. */
  json: boolean;
  /** Paths the mode is applied to, when known. */
  targets: string[];
  /** `chmod 777`, `mkdir -m 777`, `COPY --chmod=777` for messages. */
  label: string;
  /**
   * The mode reaches files, not only the named directories: `chmod -R`, `COPY --chmod`, `install` without `-d`,
   * `find … -exec chmod` without `-type d`. On a file the sticky bit means nothing.
   */
  reachesFiles: boolean;
}

export default defineRule({
  meta: {
    id: 'chmod-world-writable',
    title: 'Do not make files or directories world-writable',
    appliesTo: ['dockerfile'],
    category: 'user-and-privileges',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-732'],
    docs: {
      rationale:
        'A world-writable file or directory (`chmod 777`, `o+w`, `a+w`) can be changed by every user and every process in the container. An attacker who gets code execution as any user can then replace application code, configuration or scripts that a more privileged process later runs, or plant files in shared directories. `chmod 777` is usually a shortcut around a wrong owner, and the owner is the real fix. A `chmod -R` of a folder the same `RUN` has just made with `mkdir` (and no earlier `COPY` filled) reaches only those directories, as in docker-library golang\'s `mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"`, and is judged as a directory.',
      remediation:
        'Give the files to the user that needs to write them (`COPY --chown=10001:10001`, `chown`) and keep the mode at `755` / `644`, or `u+w`. For directories that several users share, use group permissions (`775` with a shared group, as OpenShift\'s arbitrary UIDs need with group 0). A mode with the sticky bit (`1777`, the standard mode of `/tmp`) on a directory marks a deliberately shared directory in which nobody can remove or rename other users\' files: it is reported as info (and not at all on `/tmp`, `/var/tmp`, `/dev/shm`). Applied to files — `chmod -R 1777`, `COPY --chmod=1777`, `install -m 1777` without `-d`, `find … -exec chmod 1777` without `-type d` — the sticky bit does nothing, every file becomes world-writable, and it is reported at full severity with no automatic fix. Besides `chmod` in `RUN`, the rule checks `mkdir -m`, `install -m` and `COPY`/`ADD --chmod`. The fix drops the group and other write bits (`777` → `755`, `a+w` → `u+w`), or adds the sticky bit for temporary directories; it is unsafe because a process that is neither owner nor root may then lose write access.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM node:22-slim\nCOPY . /app\nRUN chmod -R 777 /app\nUSER node',
          good: 'FROM node:22-slim\nCOPY --chown=node:node . /app\nRUN chmod -R 755 /app\nUSER node',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nRUN mkdir -p /data && chmod o+w /data\nUSER 10001',
          good: 'FROM alpine:3.20\nRUN mkdir -p /data && chown 10001 /data\nUSER 10001',
        },
      ],
      references: [
        { title: 'Docker: Dockerfile reference, COPY --chown --chmod', url: 'https://docs.docker.com/reference/dockerfile/#copy---chown---chmod' },
        { title: 'GNU coreutils: chmod invocation', url: 'https://www.gnu.org/software/coreutils/manual/html_node/chmod-invocation.html' },
        { title: 'CWE-732: Incorrect Permission Assignment for Critical Resource', url: 'https://cwe.mitre.org/data/definitions/732.html' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    return {
      dockerfile: {
        instruction(instruction) {
          if (!model) return;
          if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
            for (const flag of instructionFlags(instruction, 'chmod')) {
              const value = flag.value;
              const valueRange = flag.valueRange;
              const destination = instructionArguments(instruction).slice(1).pop()?.value;
              const targets = destination === undefined ? [] : [destination];
              if (value && valueRange) check(instruction, { mode: value, range: valueRange, json: false, targets, label: `${instruction.keyword} --chmod=${value}`, reachesFiles: true });
            }
            return;
          }
          if (instruction.keyword !== 'RUN' || !mayMention(model, instruction, mentionsModeChange)) return;
          // Folders the RUN creates with mkdir before the chmod: a `chmod -R` of a tree made just now reaches
          // only those directories (docker-library golang: mkdir -p "$GOPATH/src" … && chmod -R 1777 "$GOPATH").
          const created: string[] = [];
          for (const command of shellCommands(model, instruction)) {
            if (programName(command) === 'mkdir') created.push(...command.words.slice(1).filter((word) => !word.text.startsWith('-')).map((word) => trimSlashes(word.text)));
            const use = modeOf(command);
            if (use && use.reachesFiles && use.targets.length > 0 && use.targets.every((target) => freshTree(instruction, created, trimSlashes(target)))) use.reachesFiles = false;
            if (use) check(instruction, use);
          }
        },
      },
    };

    /** A folder the RUN just made with mkdir, into which no earlier COPY/ADD of the stage put files. */
    function freshTree(instruction: DockerInstruction, created: string[], target: string): boolean {
      if (!created.some((path) => isUnder(path, target))) return false;
      const earlier = instruction.stage?.instructions.filter((other) => (other.keyword === 'COPY' || other.keyword === 'ADD') && other.range.start < instruction.range.start) ?? [];
      return earlier.every((copy) => {
        const destination = instructionArguments(copy).slice(1).pop()?.value;
        return destination === undefined || !isUnder(trimSlashes(destination), target);
      });
    }

    function check(instruction: DockerInstruction, use: ModeUse): void {
      const verdict = judgeMode(use.mode);
      if (!verdict) return;
      const temporary = use.targets.length > 0 && use.targets.every((target) => TEMP_DIRECTORIES.has(target.replace(/\/+$/, '') || '/'));
      const place = instructionPlace(instruction);
      const named = use.targets.length === 0 ? 'the files' : `"${use.targets[0]}"${use.targets.length > 1 ? ` and ${use.targets.length - 1} more` : ''}`;
      if (verdict.sticky && use.reachesFiles) {
        // The sticky bit protects a directory's entries, not the contents of files: a recursive 1777 leaves every
        // file below writable by anyone.
        context.report({
          message: `${use.label} in ${place} applies a sticky world-writable mode to every file under ${named}, and the sticky bit does nothing for files, so any user in the container can modify them. Set the mode on the directory alone (without -R) and give the files to the user that writes them (chown, COPY --chown).`,
          range: use.range,
        });
        return;
      }
      if (verdict.sticky) {
        // World-writable with the sticky bit (1777) is the deliberate mode of shared directories: /tmp, and the
        // directories official images open to arbitrary `--user` values. Nobody can remove others' files there.
        if (temporary) return;
        context.report({
          message: `${use.label} in ${place} makes ${named} a shared directory: any user can create files there, and the sticky bit keeps them from deleting or renaming each other's. That is right for a directory every user must write to; otherwise give it to the user that writes there (chown) and drop write access for others.`,
          range: use.range,
          severityCap: 'info',
        });
        return;
      }
      const replacement = temporary ? verdict.withSticky : verdict.fixed;
      const message = temporary
        ? `${use.label} in ${place} makes ${named} world-writable without the sticky bit, so any user can delete or replace other users' files there. Use ${verdict.withSticky}, the standard mode for temporary directories.`
        : `${use.label} in ${place} makes ${named} world-writable, so a process running as any user in the container can modify what is there. Give ownership to the user that writes there (chown, COPY --chown) and use ${verdict.fixed}.`;
      const text = use.json ? JSON.stringify(replacement) : replacement;
      context.report({
        message,
        range: use.range,
        fixes: [{ title: `Use ${replacement}`, safety: 'unsafe', edits: [{ ...use.range, text }] }],
      });
    }

    /** The mode a chmod, mkdir -m or install -m command sets, with its targets. */
    function modeOf(command: ShellCommand): ModeUse | undefined {
      const name = programName(command);
      // `find <paths> … -exec chmod 777 {} +` changes what find finds under its paths.
      const found = command.context === 'find-exec' && command.parent ? findPaths(command.parent) : undefined;
      const paths = (targets: ShellWord[]): string[] =>
        targets.filter((t) => !t.text.startsWith('-')).flatMap((t) => (t.text === '{}' && found ? found : [t.text]));
      const words = command.words;
      if (name === 'chmod') {
        // find's -exec runs chmod on what it finds: files too, unless it looks for directories only.
        const findsFiles = command.context === 'find-exec' && command.parent !== undefined && !/(^|\s)-type\s+d(\s|$)/.test(command.parent.words.map((w) => w.text).join(' '));
        let recursive = false;
        for (let i = 1; i < words.length; i++) {
          const word = words[i] as ShellWord;
          if (word.text === '--') {
            const modeWord = words[i + 1];
            return modeWord ? useOf(modeWord.text, modeWord, paths(words.slice(i + 2)), recursive ? 'chmod -R' : 'chmod', recursive || findsFiles) : undefined;
          }
          if (word.text.startsWith('--reference')) return undefined;
          if (/^-[RcfvhHLP]+$/.test(word.text) || CHMOD_LONG_OPTIONS.has(word.text)) {
            if (word.text === '--recursive' || /^-[a-zA-Z]*R/.test(word.text)) recursive = true;
            continue;
          }
          return useOf(word.text, word, paths(words.slice(i + 1)), recursive ? 'chmod -R' : 'chmod', recursive || findsFiles);
        }
        return undefined;
      }
      if (name !== 'mkdir' && name !== 'install') return undefined;
      const valued = name === 'install' ? new Set(['-o', '-g', '-S', '-t', '--owner', '--group', '--suffix', '--target-directory']) : new Set<string>();
      let mode: { text: string; word: ShellWord } | undefined;
      let directories = name === 'mkdir';
      const targets: ShellWord[] = [];
      for (let i = 1; i < words.length; i++) {
        const word = words[i] as ShellWord;
        const text = word.text;
        if (text === '-m' || text === '--mode') {
          const value = words[++i];
          if (value) mode = { text: value.text, word: value };
        } else if (text.startsWith('--mode=')) {
          mode = { text: text.slice('--mode='.length), word };
        } else if (/^-[pvDdsCcbZ]*m$/.test(text)) {
          const value = words[++i];
          if (value) mode = { text: value.text, word: value };
        } else if (/^-[pvDdsCcbZ]*m./.test(text)) {
          mode = { text: text.slice(text.indexOf('m') + 1), word };
        } else if (valued.has(text)) {
          i++;
        } else if (name === 'install' && (text === '--directory' || /^-[a-zA-Z]*d/.test(text))) {
          directories = true;
        } else if (!text.startsWith('-')) {
          targets.push(word);
        }
      }
      if (!mode) return undefined;
      return useOf(mode.text, mode.word, paths(targets), `${name} -m ${mode.text}`, !directories);
    }

    function useOf(mode: string, word: ShellWord, targets: string[], label: string, reachesFiles: boolean): ModeUse | undefined {
      if (!model) return undefined;
      const written = model.text.slice(word.start, word.end);
      // The mode is the whole word, or the tail of an option word (`--mode=777`, `-m777`): edit only that tail.
      let range: TextRange;
      if (word.text === mode) range = { start: word.start, end: word.end };
      else if (!word.json && written.endsWith(mode)) range = { start: word.end - mode.length, end: word.end };
      else return undefined;
      return {
        mode,
        range,
        json: word.json && word.text === mode,
        targets,
        label: label === 'chmod' || label === 'chmod -R' ? `${label} ${mode}` : label,
        reachesFiles,
      };
    }
  },
});

function trimSlashes(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

/** Whether `path` is `folder` or inside it, comparing the text as written (variables included). */
function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder === '/' ? '/' : `${folder}/`);
}

/** The starting points of a `find` command: its arguments before the first option or expression. */
function findPaths(find: ShellCommand): string[] {
  const paths: string[] = [];
  for (const word of find.words.slice(1)) {
    if (/^[-(!]/.test(word.text) && !['-H', '-L', '-P'].includes(word.text)) break;
    if (!word.text.startsWith('-')) paths.push(word.text);
  }
  return paths;
}

/** Whether a chmod mode grants write access to others, and how to write it without that. */
function judgeMode(mode: string): Verdict | undefined {
  if (/^[0-7]{1,4}$/.test(mode)) {
    const value = parseInt(mode, 8);
    if ((value & 0o002) === 0) return undefined;
    const format = (bits: number, width: number): string => bits.toString(8).padStart(width, '0');
    return {
      sticky: (value & 0o1000) !== 0,
      fixed: format(value & ~0o022, mode.length),
      withSticky: format(value | 0o1000, Math.max(4, mode.length)),
    };
  }
  const clauses = mode.split(',');
  if (!clauses.every((clause) => /^[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+$/.test(clause))) return undefined;
  // Clauses apply in order: `a=rwx,o-w` ends up not world-writable.
  let worldWritable = false;
  let sticky = false;
  for (const clause of clauses) {
    const who = /^[ugoa]*/.exec(clause)?.[0] ?? '';
    const targets = who.includes('a') ? 'ugo' : who;
    for (const op of clause.slice(who.length).match(/[-+=][rwxXstugo]*/g) ?? []) {
      const perms = op.slice(1);
      if (perms.includes('t')) sticky = op[0] !== '-';
      if (!targets.includes('o')) continue;
      if (op[0] === '=') worldWritable = perms.includes('w');
      else if (perms.includes('w')) worldWritable = op[0] === '+';
    }
  }
  if (!worldWritable) return undefined;
  const kept: string[] = [];
  const extra = new Set<string>();
  for (const clause of clauses) {
    const who = /^[ugoa]*/.exec(clause)?.[0] ?? '';
    const ops = clause.slice(who.length).match(/[-+=][rwxXstugo]*/g) ?? [];
    const targets = who.includes('a') ? 'ugo' : who;
    const grantsOthers = targets.includes('o') && ops.some((op) => op[0] !== '-' && op.slice(1).includes('w'));
    if (!grantsOthers) {
      kept.push(clause);
      continue;
    }
    const rest = ops.map((op) => (op[0] === '-' ? op : op[0] + op.slice(1).replace(/w/g, ''))).filter((op) => op !== '+');
    if (rest.length > 0) kept.push(who + rest.join(''));
    if (targets.includes('u')) extra.add('u+w');
  }
  const fixedClauses = [...kept, ...[...extra].filter((clause) => !kept.includes(clause))];
  return {
    sticky,
    fixed: fixedClauses.length > 0 ? fixedClauses.join(',') : 'u+w',
    withSticky: sticky ? mode : `${mode},+t`,
  };
}
