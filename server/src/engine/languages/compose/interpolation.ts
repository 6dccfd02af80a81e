// Compose variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
// `${VAR:+alt}`, `$$`) and the `.env` file it reads. Values come only from the `.env` beside the project,
// never from the process environment, so the editor and CI agree whatever shell started them.

/** Nesting beyond this (`${A:-${B:-${C…}}}`) is treated as hostile and leaves the value unknown. */
const MAX_NESTING = 16;
/** Interpolated values beyond this length are treated as hostile too. */
const MAX_RESULT_LENGTH = 65_536;

export type Variables = ReadonlyMap<string, string>;

export interface Interpolation {
  /** The value after substitution; undefined when a variable without a default has no value. */
  value: string | undefined;
  /** Names of the variables that had no value and no default. */
  unresolved: string[];
  /** Literal default texts (`${X:-this}` / `${X-this}`) written in the value, as they stand. */
  defaults: string[];
  /** True when the text uses any variable at all. */
  usesVariables: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(text: string, variables: Variables): Interpolation {
  if (!text.includes('$')) return { value: text, unresolved: [], defaults: [], usesVariables: false };
  const state: State = { variables, unresolved: [], defaults: [], usesVariables: false, hostile: false };
  const result = substitute(text, 0, state, 0, undefined);
  const value = state.hostile || state.unresolved.length > 0 ? undefined : result.value;
  return { value, unresolved: state.hostile ? ['(too deeply nested)'] : state.unresolved, defaults: state.defaults, usesVariables: state.usesVariables };
}

interface State {
  variables: Variables;
  unresolved: string[];
  defaults: string[];
  usesVariables: boolean;
  hostile: boolean;
}

/** Substitutes from `start` until the end, or until the `}` that closes the enclosing `${…}` when `closing`. */
function substitute(text: string, start: number, state: State, depth: number, closing: '}' | undefined): { value: string; end: number } {
  let out = '';
  let index = start;
  while (index < text.length) {
    const char = text[index];
    if (closing && char === '}') return { value: out, end: index };
    if (char !== '$') {
      out += char;
      index++;
      continue;
    }
    const next = text[index + 1];
    if (next === '$') {
      out += '$';
      index += 2;
      continue;
    }
    if (next === '{') {
      const braced = expression(text, index + 2, state, depth + 1);
      out += braced.value;
      index = braced.end + 1;
    } else {
      const name = NAME.exec(text.slice(index + 1, index + 1 + 256))?.[0];
      if (!name) {
        out += '$';
        index++;
        continue;
      }
      state.usesVariables = true;
      const value = state.variables.get(name);
      if (value === undefined) state.unresolved.push(name);
      out += value ?? '';
      index += 1 + name.length;
    }
    if (out.length > MAX_RESULT_LENGTH) {
      state.hostile = true;
      return { value: out, end: text.length };
    }
  }
  return { value: out, end: index };
}

/** `${NAME…}` starting after `${`; `end` is the offset of its closing `}` (or the end of the text). */
function expression(text: string, start: number, state: State, depth: number): { value: string; end: number } {
  state.usesVariables = true;
  if (depth > MAX_NESTING) {
    state.hostile = true;
    return { value: '', end: text.length };
  }
  const name = NAME.exec(text.slice(start, start + 256))?.[0];
  if (!name) {
    // `${}` or `${1}`: invalid in Compose; nothing can be known about the value.
    state.unresolved.push(text.slice(start, start + 20));
    const close = text.indexOf('}', start);
    return { value: '', end: close === -1 ? text.length : close };
  }
  let index = start + name.length;
  const value = state.variables.get(name);
  const operator = /^(:-|-|:\?|\?|:\+|\+)/.exec(text.slice(index))?.[0];
  if (!operator) {
    if (value === undefined) state.unresolved.push(name);
    const close = text[index] === '}' ? index : text.indexOf('}', index);
    return { value: value ?? '', end: close === -1 ? text.length : close };
  }
  index += operator.length;
  const inner = substitute(text, index, state, depth, '}');
  const written = text.slice(index, inner.end);
  const unset = value === undefined;
  const empty = unset || value === '';
  switch (operator) {
    case ':-':
    case '-':
      if (!written.includes('$')) state.defaults.push(written);
      return { value: (operator === ':-' ? empty : unset) ? inner.value : (value ?? ''), end: inner.end };
    case ':?':
    case '?':
      if (operator === ':?' ? empty : unset) state.unresolved.push(name);
      return { value: value ?? '', end: inner.end };
    default:
      return { value: (operator === ':+' ? !empty : !unset) ? inner.value : '', end: inner.end };
  }
}

/**
 * Variables of a `.env` file as Compose reads it: `KEY=value`, `export KEY=value`, single quotes literal,
 * double quotes with escapes, an unquoted value ending at ` #`; earlier keys interpolate into later values.
 */
export function parseDotenv(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key = '', rest = ''] = match;
    let value: string;
    if (rest.startsWith("'")) {
      const close = rest.indexOf("'", 1);
      value = close === -1 ? rest.slice(1) : rest.slice(1, close);
    } else if (rest.startsWith('"')) {
      const close = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      value = (close?.[1] ?? rest.slice(1)).replace(/\\n/g, '\n').replace(/\\(["\\$])/g, '$1');
      value = interpolate(value, variables).value ?? value;
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
      value = interpolate(value, variables).value ?? value;
    }
    variables.set(key, value);
  }
  return variables;
}
