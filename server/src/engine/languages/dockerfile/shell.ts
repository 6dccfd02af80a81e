// Splits the shell of a RUN into simple commands made of words with document offsets, for the rules that
// look for programs and their arguments (sudo, chmod, curl | sh, package installs). It is a tokenizer with
// just enough grammar for that: quotes, escapes, `&&`/`||`/`;`/`|`/newlines, redirections, heredocs,
// `$(…)`/backticks/`<(…)`, and the wrappers that run another command (`sudo`, `env`, `sh -c '…'`,
// `find -exec`, `xargs`). It never fails: text it does not understand becomes words.
import type { Edit, TextRange } from '../../types';
import { commandText, instructionHeredocs, type DockerfileModel, type DockerInstruction } from './model';

export interface ShellWord {
  /** The word after quote removal; variables and substitutions stay as written (`$HOME`, `$(id -u)`). */
  text: string;
  /** Document offsets of the word as written, quotes included. */
  start: number;
  end: number;
  /** Some part of the word was quoted or escaped. */
  quoted: boolean;
  /** A string of an exec-form (JSON) RUN: edits must keep the JSON array valid. */
  json: boolean;
  /** Command and process substitutions inside the word. */
  substitutions: ShellSubstitution[];
}

export interface ShellSubstitution {
  /** `$(…)` and backticks are `command`; `<(…)` and `>(…)` are `process`. */
  kind: 'command' | 'process';
  /** The word is nothing but this substitution (`"$(curl …)"`, `<(curl …)`). */
  whole: boolean;
  range: TextRange;
  /** Every command inside, nested ones included. */
  commands: ShellCommand[];
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `&>`, … without the file-descriptor number. */
  operator: string;
  /** The file descriptor written before the operator (`2>&1`), if any. */
  fd: string | undefined;
  /** The file, descriptor or heredoc delimiter after the operator. */
  target: ShellWord | undefined;
  range: TextRange;
}

/** A command that runs another one: `sudo -u app`, `env -i`, `xargs -0`. */
export interface ShellWrapper {
  /** Program name of the wrapper (`sudo`). */
  name: string;
  /** The wrapper's own words: its program and its options. */
  words: ShellWord[];
}

export type ShellContext = 'run' | 'exec-form' | 'heredoc' | 'shell-c' | 'substitution' | 'find-exec';

export interface ShellCommand {
  /** The program and its arguments with wrappers removed: `words[0]` is the program as written. */
  words: ShellWord[];
  /** `NAME=value` words before the program (also those after `sudo`/`env`). */
  assignments: ShellWord[];
  /** Wrappers in the order written. */
  wrappers: ShellWrapper[];
  redirects: ShellRedirect[];
  /** The command whose output this one reads (`a | b`: for `b`, `a`). */
  pipedFrom: ShellCommand | undefined;
  /** The command reading this one's output. */
  pipedTo: ShellCommand | undefined;
  /** The command that runs this one: `sh -c`, `bash <<EOF`, `find -exec`, or the command whose word holds the
   * substitution. */
  parent: ShellCommand | undefined;
  context: ShellContext;
  /** For a shell run with `-c` (or `su -c`): the script word; its commands are in the flat list with this as parent. */
  script: ShellWord | undefined;
  /** From the first wrapper, assignment or word to the last word or redirection. */
  range: TextRange;
}

/** The program name of a command: the last path segment of its first word (`/usr/bin/apt-get` → `apt-get`). */
export function programName(command: ShellCommand): string {
  const first = command.words[0];
  return first ? baseName(first.text) : '';
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'yash', 'posh']);

/** POSIX-family shells (`sh`, `bash`, `ash`, …). */
export function isShell(name: string): boolean {
  return SHELLS.has(name);
}

/** Where a shell or interpreter command takes its script from. */
export type ScriptSource = 'stdin' | 'argument' | 'file';

const INTERPRETER_INLINE = new Set(['-c', '-e', '-E', '-m', '-r', '--eval', '--command', '--print', '-p']);
const SHELL_OPTIONS_WITH_ARGUMENT = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

/**
 * How a shell or interpreter command gets its program: `sh -c '…'` → argument, `bash -s`/`bash`/`python3 -`
 * → stdin, `sh install.sh` → file. Interpreters other than shells count `-c`/`-e`/`-m` as an argument.
 */
export function scriptSource(command: ShellCommand): ScriptSource {
  const shell = isShell(programName(command));
  const words = command.words;
  for (let i = 1; i < words.length; i++) {
    const text = words[i]?.text ?? '';
    if (text === '--') return words[i + 1] === undefined || words[i + 1]?.text === '-' || isStdinPath(words[i + 1]?.text ?? '') ? 'stdin' : 'file';
    if (text === '-') return 'stdin';
    if (text.startsWith('-') || (shell && text.startsWith('+'))) {
      if (shell) {
        if (SHELL_OPTIONS_WITH_ARGUMENT.has(text)) {
          i++;
          continue;
        }
        if (/^[-+][a-zA-Z]+$/.test(text)) {
          if (text.startsWith('-') && text.includes('c')) return 'argument';
          if (text.startsWith('-') && text.includes('s')) return 'stdin';
        }
        continue;
      }
      if (INTERPRETER_INLINE.has(text) || /^-[a-zA-Z]*[ce]$/.test(text)) return 'argument';
      if (/^-[WXQ]$/.test(text)) i++;
      continue;
    }
    return isStdinPath(text) ? 'stdin' : 'file';
  }
  return 'stdin';
}

function isStdinPath(text: string): boolean {
  return text === '/dev/stdin' || text === '/proc/self/fd/0' || text === '/dev/fd/0';
}

/**
 * Where an instruction runs, for messages: `stage "build"`, or for an ONBUILD trigger
 * `an ONBUILD trigger of stage "build" (it runs in every image built FROM this one)`.
 */
export function instructionPlace(instruction: DockerInstruction): string {
  const stage = instruction.stage?.label ?? 'the Dockerfile';
  return instruction.onbuild ? `an ONBUILD trigger of ${stage} (it runs in every image built FROM this one)` : stage;
}

// ---------------------------------------------------------------------------------------------------------
// Edits

/** Inserts `argument` as a new word right after `word` (a new string in an exec-form JSON array). */
export function insertWordAfter(word: ShellWord, argument: string): Edit {
  return word.json
    ? { start: word.end, end: word.end, text: `, ${JSON.stringify(argument)}` }
    : { start: word.end, end: word.end, text: ` ${argument}` };
}

/**
 * Removes the words from `first` to `last` and the blanks after them on the same line; in a JSON array the
 * separator up to `next` goes too. Line continuations are kept.
 */
export function removeWords(model: DockerfileModel, first: ShellWord, last: ShellWord, next: ShellWord | undefined): Edit {
  if (last.json && next) return { start: first.start, end: next.start, text: '' };
  let end = last.end;
  while (end < model.text.length && (model.text[end] === ' ' || model.text[end] === '\t')) end++;
  return { start: first.start, end, text: '' };
}

// ---------------------------------------------------------------------------------------------------------
// Entry point

const cache = new WeakMap<DockerInstruction, ShellCommand[]>();
/** The text `mayMention` tests, or null when nothing can be ruled out. */
const searchTexts = new WeakMap<DockerInstruction, string | null>();

const SHELL_INSTRUCTIONS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);
/** Characters that decoding can drop from between the letters of a word: quotes, escapes, `$'…'`, escaped line breaks. */
const DROPPABLE = /["'\\$\r\n]/g;

/**
 * A cheap test before parsing: false when no word of any command of the instruction can satisfy `test`. Every
 * word (after quote removal, in scripts, substitutions and heredocs too) is a substring of the instruction's
 * text once quotes, backslashes, `$` and line breaks are dropped; `test` gets that text. Instructions with
 * JSON `\uXXXX` escapes, which decode to any character, always pass.
 */
export function mayMention(model: DockerfileModel, instruction: DockerInstruction, test: (text: string) => boolean): boolean {
  if (!SHELL_INSTRUCTIONS.has(instruction.keyword)) return false;
  let text = searchTexts.get(instruction);
  if (text === undefined) {
    const raw = model.text.slice(instruction.keywordRange.end, instruction.range.end);
    text = raw.includes('\\u') ? null : raw.replace(DROPPABLE, '');
    searchTexts.set(instruction, text);
  }
  return text === null || test(text);
}

/**
 * Every command a RUN (or CMD/ENTRYPOINT) runs, in source order: top-level ones, heredoc scripts, the scripts
 * of `sh -c`, substitutions and `find -exec`. Exec form (`RUN ["apt-get", "install", "x"]`) gives a command of
 * JSON words (and the commands of its script when it runs `sh -c`). Other instructions give none.
 */
export function shellCommands(model: DockerfileModel, instruction: DockerInstruction): ShellCommand[] {
  const cached = cache.get(instruction);
  if (cached) return cached;
  const commands = instruction.argumentsRange && ['RUN', 'CMD', 'ENTRYPOINT'].includes(instruction.keyword) ? parseInstruction(model, instruction) : [];
  commands.sort((a, b) => a.range.start - b.range.start);
  cache.set(instruction, commands);
  return commands;
}

/**
 * Text to parse with the document offsets each character came from: a plain slice of the document starts at
 * `base`; decoded text (a quoted or JSON string) lists the offsets of every character.
 */
interface Source {
  text: string;
  base: number;
  starts?: number[];
  ends?: number[];
}

function startOf(source: Source, index: number): number {
  return source.starts ? (source.starts[index] ?? source.base) : source.base + index;
}

function endOf(source: Source, index: number): number {
  return source.ends ? (source.ends[index] ?? source.base) : source.base + index + 1;
}

/** A part of a source, as its own source. */
function sliceSource(source: Source, from: number, to: number): Source {
  const text = source.text.slice(from, to);
  if (!source.starts || !source.ends) return { text, base: source.base + from };
  return { text, base: startOf(source, from), starts: source.starts.slice(from, to), ends: source.ends.slice(from, to) };
}

function decodedSource(): Source & { starts: number[]; ends: number[] } {
  return { text: '', base: 0, starts: [], ends: [] };
}

/**
 * Decoded text being built, with the document offsets of its characters. Most words are a plain slice of the
 * document; their offsets are kept as the slice's start until decoding drops or adds a character, and only
 * then listed one by one.
 */
class DecodedText {
  text = '';
  private starts: number[] | undefined;
  private ends: number[] | undefined;
  /** While no offsets are listed: where the slice starts in the document (-1 before the first character). */
  private first = -1;

  constructor(private readonly source: Source) {}

  /** Appends `source.text[from, to)` as written. */
  copy(from: number, to: number): void {
    if (from >= to) return;
    const source = this.source;
    if (this.starts === undefined && source.starts === undefined) {
      const offset = source.base + from;
      if (this.first === -1 || offset === this.first + this.text.length) {
        if (this.first === -1) this.first = offset;
        this.text += source.text.slice(from, to);
        return;
      }
    }
    const { starts, ends } = this.listed();
    this.text += source.text.slice(from, to);
    for (let k = from; k < to; k++) {
      starts.push(startOf(source, k));
      ends.push(endOf(source, k));
    }
  }

  /** Appends decoded text that stands for the document range [start, end). */
  push(text: string, start: number, end: number): void {
    const { starts, ends } = this.listed();
    this.text += text;
    for (let k = 0; k < text.length; k++) {
      starts.push(start);
      ends.push(end);
    }
  }

  /** The offsets listed one by one, from now on. */
  private listed(): { starts: number[]; ends: number[] } {
    if (this.starts === undefined || this.ends === undefined) {
      const starts: number[] = [];
      const ends: number[] = [];
      for (let k = 0; k < this.text.length; k++) {
        starts.push(this.first + k);
        ends.push(this.first + k + 1);
      }
      this.starts = starts;
      this.ends = ends;
    }
    return { starts: this.starts, ends: this.ends };
  }

  /** The text as a source of its own, or undefined when it is the document slice starting at `start`. */
  sourceUnlessAt(start: number): Source | undefined {
    if (this.starts) return { text: this.text, base: 0, starts: this.starts, ends: this.ends };
    return this.text === '' || this.first === start ? undefined : { text: this.text, base: this.first };
  }
}

/** Sources of words whose text is not a plain slice of the document (see `sourceOf`). */
const wordSources = new WeakMap<ShellWord, Source>();

/** The text of a word with the document offset of each character. */
function sourceOf(word: ShellWord): Source {
  return wordSources.get(word) ?? { text: word.text, base: word.start };
}

function parseInstruction(model: DockerfileModel, instruction: DockerInstruction): ShellCommand[] {
  const range = instruction.argumentsRange;
  if (!range) return [];
  const text = commandText(model, instruction);
  const exec = execFormWords(model, instruction, text);
  if (exec) {
    const parser = new Parser('exec-form', undefined);
    return parser.commandFromWords(exec);
  }

  const heredocs = instruction.keyword === 'RUN' && text.includes('<<') ? heredocsOf(model, instruction) : [];
  // The Docker line ends where the first heredoc body begins; the bodies follow it.
  let lineEnd = text.length;
  for (const heredoc of heredocs) {
    const bodyStart = (heredoc.content ?? heredoc.delimiter)?.start;
    if (bodyStart !== undefined) lineEnd = Math.min(lineEnd, text.lastIndexOf('\n', bodyStart - range.start - 1));
  }
  if (lineEnd < 0) lineEnd = text.length;
  // Outside heredoc bodies a line break only survives after a comment line in a continuation: a blank.
  const line = text.slice(0, lineEnd).replace(/[\r\n]/g, ' ');
  const parser = new Parser('run', undefined);
  const result = parser.parse({ text: line, base: range.start }, 0, false);
  const all = [...result.all];

  const heredocRedirects = result.top.flatMap((command) => command.redirects.filter((r) => r.operator === '<<' || r.operator === '<<-').map((redirect) => ({ redirect, command })));
  heredocs.forEach((heredoc, index) => {
    const owner = heredocRedirects[index];
    if (!heredoc.content || !owner || !heredocIsScript(model, heredoc.content, owner.command, owner.redirect)) return;
    const body = { text: text.slice(heredoc.content.start - range.start, heredoc.content.end - range.start), base: heredoc.content.start };
    const parent = owner.command.words.length > 0 ? owner.command : undefined;
    all.push(...new Parser('heredoc', parent).parse(body, 0, false).all);
  });
  return all;
}

interface HeredocInfo {
  content: TextRange | undefined;
  delimiter: TextRange | undefined;
}

function heredocsOf(model: DockerfileModel, instruction: DockerInstruction): HeredocInfo[] {
  return instructionHeredocs(instruction).map((heredoc) => {
    const content = heredoc.getContentRange();
    const delimiter = heredoc.getDelimiterRange();
    return { content: content ? model.rangeOf(content) : undefined, delimiter: delimiter ? model.rangeOf(delimiter) : undefined };
  });
}

/**
 * A heredoc body holds commands when BuildKit runs it as the script (`RUN <<EOF` alone, unless a shebang names
 * another interpreter) or when it is the standard input of a shell reading its script there (`RUN <<EOF bash -e`).
 * `RUN cat <<EOF > file` and `RUN python3 <<EOF` carry data.
 */
function heredocIsScript(model: DockerfileModel, content: TextRange, owner: ShellCommand, redirect: ShellRedirect): boolean {
  if (owner.words.length === 0) {
    const firstLine = model.text.slice(content.start, content.end).split('\n')[0] ?? '';
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine);
    if (!shebang) return true;
    const interpreter = baseName(shebang[1] ?? '') === 'env' ? (shebang[2] ?? '') : (shebang[1] ?? '');
    return isShell(baseName(interpreter));
  }
  if (redirect.fd !== undefined && redirect.fd !== '0') return false;
  const stdin = owner.redirects.filter((r) => (r.fd === undefined || r.fd === '0') && ['<', '<<', '<<-', '<<<', '<>'].includes(r.operator));
  return isShell(programName(owner)) && scriptSource(owner) === 'stdin' && stdin[stdin.length - 1] === redirect;
}

/** The words of an exec-form instruction, or undefined when it is shell form. */
function execFormWords(model: DockerfileModel, instruction: DockerInstruction, text: string): ShellWord[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((item) => typeof item === 'string')) return undefined;
  } catch {
    return undefined;
  }
  type AstRange = Parameters<DockerfileModel['rangeOf']>[0];
  const node = instruction.node as unknown as { getJSONStrings?: () => Array<{ getRange(): AstRange }> };
  if (typeof node.getJSONStrings !== 'function') return undefined;
  const strings = node.getJSONStrings();
  const words = strings.map((string) => jsonWord(model, model.rangeOf(string.getRange())));
  return words.length > 0 ? words : undefined;
}

function jsonWord(model: DockerfileModel, range: TextRange): ShellWord {
  const raw = model.text.slice(range.start, range.end);
  const source = decodedSource();
  const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  for (let i = 1; i < raw.length - 1; i++) {
    const start = range.start + i;
    const char = raw[i] ?? '';
    if (char === '\\') {
      const next = raw[i + 1] ?? '';
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        push(source, String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), start, start + 6);
        i += 5;
      } else {
        push(source, escapes[next] ?? next, start, start + 2);
        i++;
      }
      continue;
    }
    push(source, char, start, start + 1);
  }
  const word: ShellWord = { text: source.text, start: range.start, end: range.end, quoted: true, json: true, substitutions: [] };
  wordSources.set(word, source);
  return word;
}

function push(source: Source & { starts: number[]; ends: number[] }, text: string, start: number, end: number): void {
  source.text += text;
  for (let k = 0; k < text.length; k++) {
    source.starts.push(start);
    source.ends.push(end);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The parser

type Separator = 'pipe' | 'list' | 'newline';

interface ParseResult {
  /** Commands of this script itself, in order. */
  top: ShellCommand[];
  /** Those and every nested command. */
  all: ShellCommand[];
  /** Index just past the script: at the closing `)` when asked to stop there. */
  end: number;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'esac', '!', '{', '}']);
const META = new Set([' ', '\t', '\r', '\n', '|', '&', ';', '<', '>', '(', ')']);
/** Characters that need no decoding and end no word. */
const PLAIN_RUN = /[^ \t\r\n|&;<>()\\'"$`]+/y;
/** Characters with no meaning inside double quotes. */
const QUOTED_RUN = /[^"\\$`]+/y;

interface WrapperSpec {
  /** Options that take the next word as their value. */
  withValue?: string[];
  /** Words after the options that belong to the wrapper (`gosu <user>`, `timeout <duration>`). */
  positional?: number;
  /** `NAME=value` words may follow the options. */
  assignments?: boolean;
  /** Options after which the wrapper runs nothing (`command -v`). */
  stopAt?: string[];
  /** A lone `-` is an option (`env -` is `env -i`). */
  dashIsOption?: boolean;
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    withValue: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type', '--command-timeout', '--other-user'],
    assignments: true,
  },
  doas: { withValue: ['-u', '-C'] },
  env: { withValue: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'], assignments: true, dashIsOption: true },
  exec: { withValue: ['-a'] },
  nohup: {},
  time: { withValue: ['-f', '--format', '-o', '--output'] },
  command: { stopAt: ['-v', '-V'] },
  builtin: {},
  nice: { withValue: ['-n', '--adjustment'] },
  ionice: { withValue: ['-c', '-n', '-p', '-t'] },
  timeout: { withValue: ['-s', '--signal', '-k', '--kill-after'], positional: 1 },
  stdbuf: { withValue: ['-i', '-o', '-e'] },
  gosu: { positional: 1 },
  'su-exec': { positional: 1 },
  chpst: { withValue: ['-u', '-U', '-b', '-e', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c'] },
  eatmydata: {},
  fakeroot: { withValue: ['-l', '--lib', '--faked', '-s', '-i'] },
  busybox: {},
  xargs: {
    withValue: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '--max-lines', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var'],
  },
};

/** How deep substitutions and `sh -c` scripts are followed; deeper ones stay text, so hostile input cannot
 * exhaust the stack or the time budget. */
const MAX_DEPTH = 8;

class Parser {
  constructor(
    private readonly context: ShellContext,
    private readonly parent: ShellCommand | undefined,
    private readonly depth = 0,
  ) {}

  parse(source: Source, from: number, untilParen: boolean): ParseResult {
    const text = source.text;
    const top: ShellCommand[] = [];
    const all: ShellCommand[] = [];
    // The words and redirections of the simple command being read.
    let words: ShellWord[] = [];
    let redirects: ShellRedirect[] = [];
    let previous: ShellCommand | undefined;
    let pipeOpen = false;
    let parens = 0;
    const pendingHeredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];

    const finish = (separator: Separator): void => {
      if (words.length === 0 && redirects.length === 0) {
        if (separator !== 'newline') pipeOpen = separator === 'pipe' && previous !== undefined;
        return;
      }
      const built = this.commandFrom(words, redirects, this.context, this.parent);
      words = [];
      redirects = [];
      if (built) {
        if (pipeOpen && previous) {
          previous.pipedTo = built.command;
          built.command.pipedFrom = previous;
        }
        previous = built.command;
        top.push(built.command);
        for (const command of built.all) all.push(command);
      }
      pipeOpen = separator === 'pipe' && previous !== undefined;
    };

    let i = from;
    while (i < text.length) {
      const char = text[i] ?? '';
      const next = text[i + 1] ?? '';
      if (char === ' ' || char === '\t' || char === '\r') {
        i++;
      } else if (char === '\\' && (next === '\n' || (next === '\r' && text[i + 2] === '\n'))) {
        i += next === '\r' ? 3 : 2;
      } else if (char === '\n') {
        finish('newline');
        i++;
        while (pendingHeredocs.length > 0 && i < text.length) i = skipHeredocBody(text, i, pendingHeredocs.shift() ?? { delimiter: '', stripTabs: false });
      } else if (char === '#') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (char === ';') {
        finish('list');
        i += next === ';' || next === '&' ? 2 : 1;
      } else if (char === '&' && next === '&') {
        finish('list');
        i += 2;
      } else if (char === '|' && next === '|') {
        finish('list');
        i += 2;
      } else if (char === '|') {
        finish('pipe');
        i += next === '&' ? 2 : 1;
      } else if (char === '&' && next !== '>') {
        finish('list');
        i++;
      } else if (char === '(' && next === '(' && words.length === 0 && redirects.length === 0) {
        finish('list');
        i = skipArithmetic(text, i);
      } else if (char === '(') {
        finish('list');
        parens++;
        i++;
      } else if (char === ')') {
        finish('list');
        if (parens === 0 && untilParen) return { top, all, end: i };
        parens = Math.max(0, parens - 1);
        i++;
      } else if ((char === '<' || char === '>') && next === '(') {
        const word = this.word(source, i);
        words.push(word.word);
        i = word.end;
      } else if (char === '<' || char === '>' || (char === '&' && next === '>') || (/[0-9]/.test(char) && /^[0-9]+[<>]/.test(text.slice(i, i + 12)))) {
        const redirect = this.redirect(source, i);
        redirects.push(redirect.redirect);
        if ((redirect.redirect.operator === '<<' || redirect.redirect.operator === '<<-') && redirect.redirect.target) {
          pendingHeredocs.push({ delimiter: redirect.redirect.target.text, stripTabs: redirect.redirect.operator === '<<-' });
        }
        i = redirect.end;
      } else {
        const word = this.word(source, i);
        words.push(word.word);
        i = Math.max(word.end, i + 1);
      }
    }
    finish('list');
    return { top, all, end: text.length };
  }

  /** A redirection operator at `i` and its target word. */
  private redirect(source: Source, i: number): { redirect: ShellRedirect; end: number } {
    const text = source.text;
    const match = /^([0-9]*)(<<<|<<-|<<|<>|<&|>>|>&|>\||&>>|&>|<|>)/.exec(text.slice(i, i + 16));
    const fd = match?.[1] || undefined;
    const operator = match?.[2] ?? text[i] ?? '<';
    let j = i + (match?.[0].length ?? 1);
    while (text[j] === ' ' || text[j] === '\t') j++;
    let target: ShellWord | undefined;
    let end = j;
    if (j < text.length && !META.has(text[j] ?? '')) {
      const word = this.word(source, j);
      target = word.word;
      end = word.end;
    } else if ((text[j] === '<' || text[j] === '>') && text[j + 1] === '(') {
      const word = this.word(source, j);
      target = word.word;
      end = word.end;
    }
    const start = startOf(source, i);
    const last = Math.max(i, end - 1);
    return { redirect: { operator, fd, target, range: { start, end: endOf(source, last) } }, end: Math.max(end, i + 1) };
  }

  /** The word starting at `i`, decoded, with the substitutions it contains. */
  private word(source: Source, i: number): { word: ShellWord; end: number } {
    return new WordReader(source, this.depth).read(i);
  }

  /** The command an exec-form instruction runs (and the scripts it runs). */
  commandFromWords(words: ShellWord[]): ShellCommand[] {
    return this.commandFrom(words, [], this.context, this.parent)?.all ?? [];
  }

  private commandFrom(
    allWords: ShellWord[],
    redirects: ShellRedirect[],
    context: ShellContext,
    parent: ShellCommand | undefined,
  ): { command: ShellCommand; all: ShellCommand[] } | undefined {
    let index = 0;
    const assignments: ShellWord[] = [];
    const wrappers: ShellWrapper[] = [];
    index = takeAssignments(allWords, index, assignments);
    while (index < allWords.length && !(allWords[index]?.quoted ?? true) && KEYWORDS.has(allWords[index]?.text ?? '')) {
      index = takeAssignments(allWords, index + 1, assignments);
    }
    for (;;) {
      const word = allWords[index];
      if (!word) break;
      const name = baseName(word.text);
      const spec = WRAPPERS[name];
      if (!spec) break;
      const wrapped = wrappedCommandIndex(allWords, index, spec);
      if (wrapped === undefined || wrapped >= allWords.length) break;
      wrappers.push({ name, words: allWords.slice(index, wrapped) });
      index = wrapped;
      if (spec.assignments) index = takeAssignments(allWords, index, assignments);
    }
    const words = index === 0 ? allWords : allWords.slice(index);
    if (words.length === 0 && assignments.length === 0 && wrappers.length === 0 && redirects.length === 0) return undefined;

    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const piece of allWords) {
      if (piece.start < start) start = piece.start;
      if (piece.end > end) end = piece.end;
    }
    for (const redirect of redirects) {
      if (redirect.range.start < start) start = redirect.range.start;
      if (redirect.range.end > end) end = redirect.range.end;
    }
    const command: ShellCommand = {
      words,
      assignments,
      wrappers,
      redirects,
      pipedFrom: undefined,
      pipedTo: undefined,
      parent,
      context,
      script: undefined,
      range: { start, end },
    };
    const all: ShellCommand[] = [command];

    command.script = scriptWord(command);
    const scriptText = command.script && this.depth < MAX_DEPTH ? sourceOf(command.script) : undefined;
    // The script's own parse lists the substitutions inside it, so they are not taken from the word as well.
    if (scriptText) for (const inner of new Parser('shell-c', command, this.depth + 1).parse(scriptText, 0, false).all) all.push(inner);
    const takeSubstitutions = (word: ShellWord): void => {
      if (word.substitutions.length === 0 || (scriptText && word === command.script)) return;
      for (const sub of word.substitutions) {
        for (const inner of sub.commands) {
          if (!inner.parent) inner.parent = command;
          all.push(inner);
        }
      }
    };
    for (const word of allWords) takeSubstitutions(word);
    for (const redirect of redirects) if (redirect.target) takeSubstitutions(redirect.target);
    if (programName(command) === 'find') for (const found of this.findExec(command)) all.push(found);
    return { command, all };
  }

  /** `find … -exec cmd args {} ;` runs `cmd`. */
  private findExec(find: ShellCommand): ShellCommand[] {
    const result: ShellCommand[] = [];
    const words = find.words;
    for (let i = 1; i < words.length; i++) {
      if (!['-exec', '-execdir', '-ok', '-okdir'].includes(words[i]?.text ?? '')) continue;
      let end = i + 1;
      while (end < words.length && words[end]?.text !== ';' && words[end]?.text !== '+') end++;
      const built = this.commandFrom(words.slice(i + 1, end), [], 'find-exec', find);
      if (built) result.push(...built.all);
      i = end;
    }
    return result;
  }
}

/** Reads one shell word: quotes, escapes, `$…` expansions and substitutions, keeping document offsets. */
class WordReader {
  private readonly text: string;
  private readonly decoded: DecodedText;
  private readonly substitutions: ShellSubstitution[] = [];
  /** Where each substitution sits in the decoded text, to tell whether it is the whole word. */
  private readonly spans: Array<[number, number]> = [];
  private quoted = false;

  constructor(
    private readonly source: Source,
    private readonly depth: number,
  ) {
    this.text = source.text;
    this.decoded = new DecodedText(source);
  }

  read(begin: number): { word: ShellWord; end: number } {
    const { text, source, decoded } = this;
    let i = begin;
    while (i < text.length) {
      const char = text[i] ?? '';
      if ((char === '<' || char === '>') && text[i + 1] === '(' && i === begin) {
        i = this.substitution(i, i + 2, 'process');
        continue;
      }
      if (META.has(char)) break;
      if (char === '\\') {
        const next = text[i + 1];
        if (next === undefined) {
          this.copy(i, i + 1);
          i++;
        } else if (next === '\n') {
          i += 2;
        } else {
          this.quoted = true;
          decoded.push(next, startOf(source, i), endOf(source, i + 1));
          i += 2;
        }
      } else if (char === "'") {
        this.quoted = true;
        const close = text.indexOf("'", i + 1);
        const end = close === -1 ? text.length : close;
        this.copy(i + 1, end);
        i = end + 1;
      } else if (char === '"') {
        i = this.doubleQuoted(i + 1);
      } else if (char === '$') {
        i = this.dollar(i, false);
      } else if (char === '`') {
        i = this.backtick(i);
      } else {
        // A run of ordinary characters is copied in one go.
        PLAIN_RUN.lastIndex = i;
        const run = PLAIN_RUN.exec(text);
        const next = run ? i + run[0].length : i + 1;
        this.copy(i, next);
        i = next;
      }
    }
    const end = Math.min(i, text.length);
    const start = startOf(source, begin);
    const word: ShellWord = {
      text: decoded.text,
      start,
      end: end > begin ? endOf(source, end - 1) : start,
      quoted: this.quoted,
      json: false,
      substitutions: this.substitutions,
    };
    this.substitutions.forEach((sub, index) => {
      sub.whole = this.spans[index]?.[0] === 0 && this.spans[index]?.[1] === decoded.text.length;
    });
    const own = decoded.sourceUnlessAt(word.start);
    if (own) wordSources.set(word, own);
    return { word, end };
  }

  private copy(from: number, to: number): void {
    this.decoded.copy(from, to);
  }

  /** `"…"` from just after the opening quote; returns the index after the closing one. */
  private doubleQuoted(from: number): number {
    const { text, source, decoded } = this;
    this.quoted = true;
    let i = from;
    while (i < text.length && text[i] !== '"') {
      const char = text[i];
      if (char === '\\' && i + 1 < text.length) {
        const escaped = text[i + 1] ?? '';
        if (escaped === '\n') i += 2;
        else if ('$`"\\'.includes(escaped)) {
          decoded.push(escaped, startOf(source, i), endOf(source, i + 1));
          i += 2;
        } else {
          this.copy(i, i + 1);
          i++;
        }
      } else if (char === '$') i = this.dollar(i, true);
      else if (char === '`') i = this.backtick(i);
      else {
        // A run of characters that mean nothing inside double quotes is copied in one go.
        QUOTED_RUN.lastIndex = i;
        const run = QUOTED_RUN.exec(text);
        const next = run ? i + run[0].length : i + 1;
        this.copy(i, next);
        i = next;
      }
    }
    return i + 1;
  }

  /** A `$(…)` or `<(…)` whose script starts at `scriptStart`; returns the index after the closing `)`. */
  private substitution(at: number, scriptStart: number, kind: ShellSubstitution['kind']): number {
    if (this.depth >= MAX_DEPTH) {
      const end = skipArithmetic(this.text, scriptStart - 1);
      this.record(at, end, kind, []);
      return end;
    }
    const inner = new Parser('substitution', undefined, this.depth + 1).parse(this.source, scriptStart, true);
    const end = Math.min(this.text.length, inner.end + 1);
    this.record(at, end, kind, inner.all);
    return end;
  }

  private record(from: number, to: number, kind: ShellSubstitution['kind'], commands: ShellCommand[]): void {
    const start = startOf(this.source, from);
    this.substitutions.push({ kind, whole: false, range: { start, end: endOf(this.source, Math.max(from, to - 1)) }, commands });
    const at = this.decoded.text.length;
    this.copy(from, to);
    this.spans.push([at, this.decoded.text.length]);
  }

  /** `$…` at `k`: substitutions, arithmetic, `${…}`, `$'…'`; returns the index after it. */
  private dollar(k: number, inDoubleQuotes: boolean): number {
    const { text, source, decoded } = this;
    const after = text[k + 1];
    if (after === '(' && text[k + 2] === '(') {
      const end = skipArithmetic(text, k + 1);
      this.copy(k, end);
      return end;
    }
    if (after === '(') return this.substitution(k, k + 2, 'command');
    if (after === '{') {
      let end = k + 2;
      let braces = 1;
      while (end < text.length && braces > 0) {
        if (text[end] === '{') braces++;
        else if (text[end] === '}') braces--;
        end++;
      }
      this.copy(k, end);
      return end;
    }
    if (after === "'" && !inDoubleQuotes) {
      this.quoted = true;
      let end = k + 2;
      while (end < text.length && text[end] !== "'") {
        if (text[end] === '\\' && end + 1 < text.length) {
          const next = text[end + 1] ?? '';
          decoded.push(next === "'" || next === '\\' ? next : text.slice(end, end + 2), startOf(source, end), endOf(source, end + 1));
          end += 2;
          continue;
        }
        this.copy(end, end + 1);
        end++;
      }
      return Math.min(text.length, end + 1);
    }
    this.copy(k, k + 1);
    return k + 1;
  }

  /** `` `…` `` at `k`; returns the index after the closing backtick. */
  private backtick(k: number): number {
    const text = this.text;
    let end = k + 1;
    while (end < text.length && text[end] !== '`') end += text[end] === '\\' ? 2 : 1;
    end = Math.min(end, text.length);
    const commands = this.depth >= MAX_DEPTH ? [] : new Parser('substitution', undefined, this.depth + 1).parse(sliceSource(this.source, k + 1, end), 0, false).all;
    const close = Math.min(text.length, end + 1);
    this.record(k, close, 'command', commands);
    return close;
  }
}

/** Moves the `NAME=value` words from `index` on into `assignments`; returns the index after them. */
function takeAssignments(words: ShellWord[], index: number, assignments: ShellWord[]): number {
  let i = index;
  while (i < words.length && isAssignment(words[i])) assignments.push(words[i++] as ShellWord);
  return i;
}

function isAssignment(word: ShellWord | undefined): boolean {
  if (!word || word.json) return false;
  const match = /^[A-Za-z_][A-Za-z0-9_]*\+?=/.exec(word.text);
  if (!match) return false;
  // The name must be written plainly: `"A=1"` or `A\=1` is a command name, not an assignment.
  const source = sourceOf(word);
  for (let k = 0; k < match[0].length; k++) if (startOf(source, k) !== word.start + k) return false;
  return true;
}

/** Where the command a wrapper runs starts, or undefined when it runs none (`command -v x`, `sudo -l`). */
function wrappedCommandIndex(words: ShellWord[], index: number, spec: WrapperSpec): number | undefined {
  const withValue = new Set(spec.withValue ?? []);
  let i = index + 1;
  while (i < words.length) {
    const text = words[i]?.text ?? '';
    if (text === '--') {
      i++;
      break;
    }
    if (text === '-' && spec.dashIsOption) {
      i++;
      continue;
    }
    if (!text.startsWith('-') || text === '-') break;
    if (spec.stopAt?.includes(text)) return undefined;
    if (withValue.has(text)) i += 2;
    else i++;
  }
  i += spec.positional ?? 0;
  return i;
}

/** The script word of `sh -c '…'`, `bash -ec "…"`, `su - app -c '…'`. */
function scriptWord(command: ShellCommand): ShellWord | undefined {
  const name = programName(command);
  const words = command.words;
  if (name === 'su' || name === 'runuser') {
    for (let i = 1; i < words.length - 1; i++) if (words[i]?.text === '-c' || words[i]?.text === '--command') return words[i + 1];
    return undefined;
  }
  if (!isShell(name)) return undefined;
  let dashC = false;
  for (let i = 1; i < words.length; i++) {
    const text = words[i]?.text ?? '';
    if (SHELL_OPTIONS_WITH_ARGUMENT.has(text)) {
      i++;
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(text)) {
      if (text.startsWith('-') && text.includes('c')) dashC = true;
      continue;
    }
    if (text.startsWith('--')) continue;
    return dashC ? words[i] : undefined;
  }
  return undefined;
}

/** From the `(` at `i`, the index after its matching `)` (or the end of the text). */
function skipArithmetic(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text[j] === '(') depth++;
    else if (text[j] === ')') {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return text.length;
}

/** Skips the body of a heredoc that starts at `i` (a line start), through its delimiter line. */
function skipHeredocBody(text: string, i: number, heredoc: { delimiter: string; stripTabs: boolean }): number {
  let j = i;
  while (j < text.length) {
    const lineEnd = text.indexOf('\n', j);
    const end = lineEnd === -1 ? text.length : lineEnd;
    let line = text.slice(j, end).replace(/\r$/, '');
    if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
    j = end + 1;
    if (line === heredoc.delimiter) return Math.min(j, text.length);
  }
  return text.length;
}
