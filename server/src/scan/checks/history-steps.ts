// The build steps recorded in an image configuration's `history`, read back into instruction, build arguments
// and variables. Builders write them differently:
//   classic builder  `/bin/sh -c #(nop)  ENV A=b`, `|2 A=b C=d /bin/sh -c make`
//   BuildKit         `ENV A=b`, `ARG A=b`, `RUN |2 A=b C=d /bin/sh -c make # buildkit`
import type { ImageConfig } from '../types';

export interface Assignment {
  name: string;
  value: string;
}

export interface HistoryStep {
  /** 0-based position in `history`. */
  index: number;
  createdBy: string;
  /** "RUN", "ENV", "ARG", "COPY", …; "RUN" for the classic builder's plain shell commands. */
  instruction: string;
  /** The layer the step made; undefined for steps that made none, or when history and layers do not line up. */
  layerIndex: number | undefined;
  /** Build arguments a RUN step saw (`|2 A=b C=d`), and the default of an `ARG NAME=value`. */
  buildArgs: Assignment[];
  /** Variables an ENV step set. */
  env: Assignment[];
}

const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN',
  'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** `NAME=value`, `NAME="a b"`, `NAME='a b'`. */
const ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

function assignments(text: string): Assignment[] {
  return [...text.matchAll(ASSIGNMENT)].map((match) => ({ name: match[1] ?? '', value: unquote(match[2] ?? '') }));
}

/** `|2 A=b C=d /bin/sh -c …`: the count, then that many assignments, separated by spaces. */
function runBuildArgs(text: string): Assignment[] {
  const header = /^\|(\d+)\s+/.exec(text);
  if (!header) return [];
  const found: Assignment[] = [];
  let rest = text.slice(header[0].length);
  for (let count = Number(header[1]); count > 0; count--) {
    const pair = /^([^=\s]+)=(\S*)(?:\s+|$)/.exec(rest);
    if (!pair) break;
    found.push({ name: pair[1] ?? '', value: pair[2] ?? '' });
    rest = rest.slice(pair[0].length);
  }
  return found;
}

export function parseHistoryStep(createdBy: string): Pick<HistoryStep, 'instruction' | 'buildArgs' | 'env'> {
  let text = createdBy.trim().replace(/\s+#\s*buildkit$/, '');
  const nop = /#\(nop\)\s*([\s\S]*)$/.exec(text);
  if (nop) text = (nop[1] ?? '').trim();
  const keyword = /^([A-Z]+)(?:\s+([\s\S]*))?$/.exec(text);
  const instruction = keyword && INSTRUCTIONS.has(keyword[1] ?? '') ? (keyword[1] ?? '') : 'RUN';
  const rest = keyword && instruction === keyword[1] ? (keyword[2] ?? '') : text;
  if (instruction === 'RUN') return { instruction, buildArgs: runBuildArgs(rest), env: [] };
  if (instruction === 'ARG') return { instruction, buildArgs: assignments(rest), env: [] };
  if (instruction === 'ENV') return { instruction, buildArgs: [], env: assignments(rest) };
  return { instruction, buildArgs: [], env: [] };
}

interface HistoryEntry {
  createdBy: string;
  emptyLayer: boolean;
}

/** The history's entries, with a missing or mistyped `created_by` read as empty. */
function historyEntries(config: ImageConfig): HistoryEntry[] {
  const history: unknown = config.history;
  if (!Array.isArray(history)) return [];
  return history.map((entry: unknown) => {
    const fields = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    return { createdBy: typeof fields.created_by === 'string' ? fields.created_by : '', emptyLayer: fields.empty_layer === true };
  });
}

export function historySteps(config: ImageConfig, layerCount: number): HistoryStep[] {
  const history = historyEntries(config);
  // Steps that made a layer stand for the layers in order; when their number differs (a squashed or
  // hand-made image), no step is tied to a layer rather than the wrong one.
  const aligned = history.filter((entry) => !entry.emptyLayer).length === layerCount;
  let layer = 0;
  return history.map(({ createdBy, emptyLayer }, index) => {
    const layerIndex = emptyLayer ? undefined : layer++;
    return { index, createdBy, layerIndex: aligned ? layerIndex : undefined, ...parseHistoryStep(createdBy) };
  });
}
