// The sources of a COPY/ADD instruction and what BuildKit makes of each: a Git repository, an HTTP(S)
// download, a heredoc, or a path in the build context (an archive ADD unpacks, or a plain file/folder).
import { instructionArguments, instructionHeredocs, instructionJsonStrings } from './model';
import type { Range } from 'vscode-languageserver-types';
import type { TextRange } from '../../types';
import type { DockerfileModel, DockerInstruction } from './model';
import { resolveText, variablesAt } from './users';
import { substituteVariables, type VariableLookup } from './variables';

export type SourceKind = 'git' | 'http' | 'heredoc' | 'archive' | 'local' | 'unknown';

export interface TransferSource {
  /** As written (JSON strings unescaped). */
  written: string;
  /** After ARG/ENV substitution; undefined when a variable has no known value. */
  resolved: string | undefined;
  range: TextRange;
  kind: SourceKind;
}

interface ArgumentLike {
  getValue(): string;
  getRange(): Range;
}

interface HeredocLike {
  getStartRange(): Range;
}

interface JsonArgumentLike extends ArgumentLike {
  getJSONRange(): Range;
}

/** Several rules ask for the same COPY/ADD's sources; they are worked out once per lint. */
const sourcesCache = new WeakMap<DockerInstruction, TransferSource[]>();

/** Every source argument of a COPY/ADD (all arguments but the destination). */
export function transferSources(model: DockerfileModel, instruction: DockerInstruction): TransferSource[] {
  let sources = sourcesCache.get(instruction);
  if (!sources) {
    sources = findTransferSources(model, instruction);
    sourcesCache.set(instruction, sources);
  }
  return sources;
}

function findTransferSources(model: DockerfileModel, instruction: DockerInstruction): TransferSource[] {
  const stage = instruction.stage;
  // The variables in scope cost a walk over the stages; only sources that mention one need them.
  let variables: VariableLookup | undefined;
  const lookup: VariableLookup = (name) => {
    variables ??= stage ? variablesAt(model, stage, instruction.range.start) : () => undefined;
    return variables(name);
  };
  const source = (written: string, range: TextRange, heredoc = false): TransferSource => {
    if (heredoc) return { written, resolved: written, range, kind: 'heredoc' };
    const resolved = resolveText(model, written, lookup);
    if (resolved !== undefined) return { written, resolved, range, kind: classifySource(resolved) };
    // A literal http(s):// prefix makes it a download whatever the variables hold (a Git ref's pin cannot be judged).
    const download = /^https?:\/\//i.test(written) && !isGitSource(substituteVariables(written, lookup, model.escapeChar).value);
    return { written, resolved, range, kind: download ? 'http' : 'unknown' };
  };

  const json = instructionJsonStrings<JsonArgumentLike>(instruction);
  if (json.length > 0) {
    return json.slice(0, -1).map((argument) => {
      const range = model.rangeOf(argument.getJSONRange());
      return source(unescapeJson(model.text.slice(range.start, range.end)), range);
    });
  }

  const args = instructionArguments(instruction);
  const heredocs: HeredocLike[] = instructionHeredocs(instruction);
  const firstHeredoc = heredocs[0];
  if (firstHeredoc) {
    // The heredoc bodies are not arguments: only what stands on the line that opens them counts.
    const opening = model.lines.positionAt(model.rangeOf(firstHeredoc.getStartRange()).start).line;
    const onLine = args.filter((argument) => model.lines.positionAt(argument.range.start).line <= opening);
    return onLine.slice(0, -1).map((argument) => source(argument.value, argument.range, argument.value.startsWith('<<')));
  }
  return args.slice(0, -1).map((argument) => source(unquote(argument.value), argument.range));
}

const ARCHIVE = /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tzst|tlz|tz|gz|bz2|xz|zst|zstd|lz4|lzma|lz|z)$/i;

/** What a resolved source names, following BuildKit's order: a Git ref, an HTTP(S) URL, else a local path. */
export function classifySource(text: string): SourceKind {
  if (isGitSource(text)) return 'git';
  if (/^https?:\/\//i.test(text)) return 'http';
  if (/^[a-z0-9]+:\/\//i.test(text)) return 'unknown';
  return ARCHIVE.test(text) ? 'archive' : 'local';
}

/** BuildKit's ParseGitRef: git://, ssh://, `user@host:path`, or an http(s) URL whose path ends in `.git`. */
export function isGitSource(text: string): boolean {
  if (text.startsWith('./') || text.startsWith('../')) return false;
  const scheme = /^([a-zA-Z0-9]+):\/\//.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'git' || scheme === 'ssh') return true;
  if (scheme === 'http' || scheme === 'https') {
    try {
      return new URL(text).pathname.endsWith('.git');
    } catch {
      return false;
    }
  }
  if (scheme !== undefined) return false;
  return /^[\w.+-]+@[\w.-]+:/.test(text);
}

/**
 * Whether a Git source names an exact commit: a full SHA-1/SHA-256 after `#` (`repo.git#<sha>:subdir`), or
 * `commit=<sha>` / `ref=<sha>` in the CSV fragment form (`repo.git##ref=v1,commit=<sha>`).
 */
export function gitSourcePinned(text: string): boolean {
  const hash = text.indexOf('#');
  if (hash === -1) return false;
  const fragment = text.slice(hash + 1);
  const isCommit = (value: string | undefined): boolean => value !== undefined && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
  if (fragment.startsWith('#')) {
    const fields = new Map(
      fragment
        .slice(1)
        .split(',')
        .map((field) => {
          const at = field.indexOf('=');
          return [field.slice(0, at).trim().toLowerCase(), field.slice(at + 1).trim()] as const;
        }),
    );
    return isCommit(fields.get('commit')) || isCommit(fields.get('ref'));
  }
  return isCommit(fragment.split(':')[0]);
}

function unquote(value: string): string {
  const match = /^(["'])(.*)\1$/.exec(value);
  return match?.[2] ?? value;
}

function unescapeJson(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
