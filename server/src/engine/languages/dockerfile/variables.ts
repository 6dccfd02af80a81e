// Build-argument substitution as BuildKit does it for FROM, COPY --from and RUN --mount from=.
// Supports $NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word} and ${NAME+word}.

/** Returns the value of a variable, or undefined when it is not declared (or declared without value). */
export type VariableLookup = (name: string) => string | undefined;

export interface Substitution {
  value: string;
  /** Names that had no value; the result still contains an empty string in their place. */
  unresolved: string[];
}

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function substituteVariables(text: string, lookup: VariableLookup, escapeChar = '\\'): Substitution {
  const unresolved: string[] = [];
  let value = '';
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const index = match.index;
    if (index > 0 && text[index - 1] === escapeChar) continue;
    value += text.slice(last, index);
    last = index + match[0].length;
    const name = match[1] ?? match[4] ?? '';
    const operator = match[2];
    const word = match[3] ?? '';
    const current = lookup(name);
    const isSet = current !== undefined;
    const isNonEmpty = current !== undefined && current !== '';
    if (operator === ':-') value += isNonEmpty ? current : word;
    else if (operator === '-') value += isSet ? current : word;
    else if (operator === ':+') value += isNonEmpty ? word : '';
    else if (operator === '+') value += isSet ? word : '';
    else if (isSet) value += current;
    else unresolved.push(name);
  }
  value += text.slice(last);
  return { value, unresolved };
}

export function containsVariable(text: string): boolean {
  VARIABLE.lastIndex = 0;
  return VARIABLE.test(text);
}
