// Who a Dockerfile stage runs as: the USER in effect at the end of a stage (its own or one inherited
// through `FROM <stage>`), USER values resolved through ARG/ENV, the users that `useradd`/`adduser` create
// in RUN, and where a new USER line belongs. Shared by the user-* rules.
import { detectEol } from '../../text';
import type { Edit, RelatedLocation, TextRange } from '../../types';
import { instructionArguments, instructionHeredocs, instructionProperties, type DockerfileModel, type DockerInstruction, type Stage } from './model';
import { mayMention, programName, shellCommands } from './shell';
import { substituteVariables, type VariableLookup } from './variables';

/** The stages a stage is built on, root first, ending with the stage itself. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let current: Stage | undefined = stage; current && !chain.includes(current); current = current.baseStage) chain.unshift(current);
  return chain;
}

/** The stage at the root of the chain: the one whose base is an external image or `scratch`. */
export function rootStage(stage: Stage): Stage {
  return stageChain(stage)[0] ?? stage;
}

/** Windows images have their own accounts (ContainerUser, ContainerAdministrator) and no UIDs. */
export function isWindowsStage(stage: Stage): boolean {
  const base = rootStage(stage).baseImage;
  if (!base) return false;
  return /(^|[/:_-])(windows|nanoserver|servercore|windowsservercore)([/:_-]|$)|ltsc20\d\d/i.test(base.resolved || base.written);
}

/**
 * Values of build arguments and environment variables as a RUN/USER at `offset` in `stage` sees them:
 * ENV carries over from the stages it is built on, ARG does not (a stage ARG without a default takes the
 * global default). Anything whose value depends on the base image or an unset build argument is undefined.
 */
export function variablesAt(model: DockerfileModel, stage: Stage, offset: number): VariableLookup {
  const globals = new Map<string, string | undefined>();
  for (const arg of model.globalArgs) {
    globals.set(arg.name, arg.value === undefined ? undefined : expand(arg.value, (name) => globals.get(name)));
  }
  const env = new Map<string, string | undefined>();
  let args = new Map<string, string | undefined>();
  const lookup: VariableLookup = (name) => (env.has(name) ? env.get(name) : args.get(name));
  for (const current of stageChain(stage)) {
    args = new Map();
    for (const instruction of current.instructions) {
      if (current === stage && instruction.range.start >= offset) break;
      if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
      for (const property of instructionProperties(model, instruction)) {
        if (instruction.keyword === 'ARG') {
          args.set(property.name, property.value === undefined ? globals.get(property.name) : expand(property.value, lookup));
        } else {
          env.set(property.name, expand(property.value ?? '', lookup));
        }
      }
    }
  }
  return lookup;

  function expand(text: string, values: VariableLookup): string | undefined {
    const result = substituteVariables(text, values, model.escapeChar);
    return result.unresolved.length > 0 ? undefined : result.value;
  }
}

/** Substitutes variables; undefined when any of them has no known value. */
export function resolveText(model: DockerfileModel, text: string, lookup: VariableLookup): string | undefined {
  const result = substituteVariables(text, lookup, model.escapeChar);
  return result.unresolved.length > 0 ? undefined : result.value;
}

export interface UserSetting {
  /** The USER instruction. */
  instruction: DockerInstruction;
  /** The stage that holds it. */
  stage: Stage;
  /** True when it comes from a stage the asked-about stage is built on. */
  inherited: boolean;
  /** The USER argument as written and where it stands. */
  written: string;
  range: TextRange;
  /** The value after ARG/ENV substitution; undefined when a variable has no known value. */
  resolved: string | undefined;
  /** The user part (before `:`) and group part of the resolved value. */
  user: string | undefined;
  group: string | undefined;
}

/**
 * The USER in effect at the end of `stage`: its own last USER, or else the one in effect at the end of the
 * stage it is built `FROM`. ONBUILD USER triggers do not count (they run in images built from this one).
 */
export function userInEffect(model: DockerfileModel, stage: Stage): UserSetting | undefined {
  const chain = stageChain(stage);
  for (let i = chain.length - 1; i >= 0; i--) {
    const holder = chain[i];
    if (!holder) continue;
    const instruction = [...holder.instructions].reverse().find((candidate) => candidate.keyword === 'USER');
    if (!instruction) continue;
    const argument = instructionArguments(instruction)[0];
    if (!argument) continue;
    const written = argument.value;
    const resolvedRaw = resolveText(model, written, variablesAt(model, holder, instruction.range.start));
    const resolved = resolvedRaw === undefined ? undefined : unquote(resolvedRaw);
    const colon = resolved?.indexOf(':') ?? -1;
    return {
      instruction,
      stage: holder,
      inherited: holder !== stage,
      written,
      range: argument.range,
      resolved,
      user: resolved === undefined ? undefined : colon === -1 ? resolved : resolved.slice(0, colon),
      group: resolved === undefined || colon === -1 ? undefined : resolved.slice(colon + 1),
    };
  }
  return undefined;
}

/** Related information for a USER the final stage inherits: its own FROM, naming the stage the user comes from. */
export function inheritedUserRelated(model: DockerfileModel, stage: Stage, setting: UserSetting): RelatedLocation[] {
  if (!setting.inherited) return [];
  const argument = instructionArguments(stage.from)[0];
  const through = stage.baseStage && stage.baseStage !== setting.stage ? `, through ${stage.baseStage.label}` : '';
  return [
    {
      range: argument ? argument.range : stage.from.keywordRange,
      message: `The final stage inherits this USER from ${setting.stage.label} here${through}.`,
    },
  ];
}

export function isRootUser(user: string): boolean {
  return user === 'root' || /^0+$/.test(user);
}

export function isNumericId(value: string): boolean {
  return /^\d+$/.test(value);
}

/** A user an earlier RUN creates with `useradd`/`adduser`. */
export interface CreatedUser {
  name: string;
  /** From `-u`/`--uid`; undefined when the tool picks one. */
  uid: number | undefined;
  instruction: DockerInstruction;
}

/** Users created by RUN instructions in `stage` and the stages it is built on, in order. */
export function createdUsers(model: DockerfileModel, stage: Stage): CreatedUser[] {
  let byStage = createdUsersCache.get(model);
  if (!byStage) createdUsersCache.set(model, (byStage = new Map()));
  const cached = byStage.get(stage);
  if (cached) return cached;
  const users: CreatedUser[] = [];
  for (const current of stageChain(stage)) {
    for (const instruction of current.instructions) {
      if (instruction.keyword !== 'RUN' || !mayMention(model, instruction, (text) => text.includes('useradd') || text.includes('adduser'))) continue;
      let lookup: VariableLookup | undefined;
      for (const command of shellCommands(model, instruction)) {
        const options = VALUE_OPTIONS[programName(command)];
        if (!options) continue;
        lookup ??= variablesAt(model, current, instruction.range.start);
        const values = lookup;
        const created = userCreation(command.words.slice(1).map((word) => resolveText(model, word.text, values)), options);
        if (created) users.push({ ...created, instruction });
      }
    }
  }
  byStage.set(stage, users);
  return users;
}

/** Several rules ask for the same stage's users; they are found once per lint. */
const createdUsersCache = new WeakMap<DockerfileModel, Map<Stage, CreatedUser[]>>();

/** The UID a user name is known to have in `stage` (created with an explicit UID); undefined when unknown
 * or when two creations disagree. */
export function knownUid(model: DockerfileModel, stage: Stage, name: string): number | undefined {
  const uids = new Set(createdUsers(model, stage).filter((user) => user.name === name).map((user) => user.uid));
  if (uids.size !== 1) return undefined;
  return [...uids][0];
}

// Options that take a value, for shadow-utils `useradd` and for both Debian's and BusyBox's `adduser`.
const VALUE_OPTIONS: Record<string, { short: string; long: Set<string> }> = {
  useradd: {
    short: 'bcdefgGkKpsuRPZ',
    long: new Set(['base-dir', 'comment', 'home-dir', 'home', 'expiredate', 'inactive', 'gid', 'groups', 'skel', 'key', 'password', 'shell', 'uid', 'root', 'prefix', 'selinux-user', 'selinux-range']),
  },
  adduser: {
    short: 'hgsGuk',
    long: new Set(['home', 'shell', 'uid', 'firstuid', 'lastuid', 'firstgid', 'lastgid', 'gecos', 'comment', 'ingroup', 'gid', 'conf']),
  },
};

/** The arguments of `useradd`/`adduser` (`-u 10001 app`) → { name: 'app', uid: 10001 }; undefined entries had
 * variables without a known value. */
function userCreation(words: Array<string | undefined>, options: { short: string; long: Set<string> }): { name: string; uid: number | undefined } | undefined {
  let uid: string | undefined;
  let uidKnown = true;
  let name: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '--') {
      name ??= words[i + 1];
      break;
    }
    if (word !== undefined && word.startsWith('--')) {
      const [flag = '', inline] = splitOnce(word.slice(2), '=');
      if (options.long.has(flag) && inline === undefined) i++;
      if (flag === 'uid') {
        const value = inline ?? words[i];
        if (value === undefined) uidKnown = false;
        else uid = value;
      }
      continue;
    }
    if (word !== undefined && word.startsWith('-') && word.length > 1) {
      for (let c = 1; c < word.length; c++) {
        const letter = word[c] ?? '';
        if (!options.short.includes(letter)) continue;
        const rest = word.slice(c + 1);
        const value = rest !== '' ? rest : words[++i];
        if (letter === 'u') {
          if (value === undefined) uidKnown = false;
          else uid = value;
        }
        break;
      }
      continue;
    }
    if (name === undefined) {
      if (word === undefined) return undefined;
      name = word;
    }
  }
  if (name === undefined || name === '') return undefined;
  if (!uidKnown || (uid !== undefined && !isNumericId(uid))) return { name, uid: undefined };
  return { name, uid: uid === undefined ? undefined : Number(uid) };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

function unquote(value: string): string {
  const match = /^(["'])(.*)\1$/.exec(value);
  return match?.[2] ?? value;
}

const CMD_KEYWORDS = new Set(['CMD', 'ENTRYPOINT']);

/**
 * An edit that inserts `lines` into `stage` where a runtime USER belongs: on their own lines before the
 * stage's closing CMD/ENTRYPOINT group (above the comments that introduce it), or at the end of the stage
 * when a RUN or USER follows that group. The lines take the indentation of the line they go before.
 * Undefined when the stage ends in a dangling line continuation or an unterminated heredoc, which would
 * swallow the new lines.
 */
export function userLineInsertion(model: DockerfileModel, stage: Stage, lines: string[]): Edit | undefined {
  const text = model.text;
  const eol = detectEol(text);
  const instructions = stage.instructions;
  let anchor = -1;
  for (let i = instructions.length - 1; i >= 0; i--) {
    if (CMD_KEYWORDS.has(instructions[i]?.keyword ?? '')) {
      anchor = i;
      break;
    }
  }
  while (anchor > 0 && CMD_KEYWORDS.has(instructions[anchor - 1]?.keyword ?? '')) anchor--;
  if (anchor !== -1 && instructions.slice(anchor).some((instruction) => instruction.keyword === 'RUN' || instruction.keyword === 'USER')) anchor = -1;
  const target = anchor === -1 ? undefined : instructions[anchor];
  if (target) {
    const previousEnd = (instructions[anchor - 1] ?? stage.from).range.end;
    let line = model.lines.positionAt(target.range.start).line;
    while (line > 0) {
      const start = model.lines.lineStart(line - 1);
      if (start < previousEnd || !/^[ \t]*#/.test(text.slice(start, model.lines.lineEnd(line - 1)))) break;
      line--;
    }
    const start = model.lines.lineStart(line);
    const indent = /^[ \t]*/.exec(text.slice(model.lines.lineStart(model.lines.positionAt(target.range.start).line)))?.[0] ?? '';
    return { start, end: start, text: lines.map((entry) => indent + entry + eol).join('') };
  }
  const last = instructions[instructions.length - 1] ?? stage.from;
  if (isOpenAtEnd(model, last)) return undefined;
  const lastLine = model.lines.positionAt(last.range.end).line;
  const end = model.lines.lineEnd(lastLine);
  const indent = /^[ \t]*/.exec(text.slice(model.lines.lineStart(model.lines.positionAt(last.range.start).line)))?.[0] ?? '';
  return { start: end, end, text: lines.map((entry) => eol + indent + entry).join('') };
}

/** Whether text right after the instruction would still belong to it. */
function isOpenAtEnd(model: DockerfileModel, instruction: DockerInstruction): boolean {
  const heredocs = instructionHeredocs(instruction);
  if (heredocs.some((heredoc) => heredoc.getDelimiterRange() === null)) return true;
  return model.text.slice(instruction.range.start, instruction.range.end).trimEnd().endsWith(model.escapeChar);
}
