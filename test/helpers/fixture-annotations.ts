// Reads rule fixtures: real files with `# expect: <rule> "<snippet>"` / `# ok: <rule>` comments above the
// line they speak of. Annotation lines are removed before linting so they never change the parse.

export interface Expectation {
  kind: 'expect' | 'ok';
  ruleId: string;
  snippet: string | undefined;
  /** From a note that starts with a severity (`-- info: why`): the severity the finding must have. */
  severity: 'error' | 'warning' | 'info' | undefined;
  /** Zero-based line in the stripped text. */
  line: number;
  /** Line in the fixture file as written (one-based), for messages. */
  sourceLine: number;
}

export interface ParsedFixture {
  text: string;
  expectations: Expectation[];
  /** JSON from a `# config: {...}` line: a configuration layer for this fixture. */
  config: unknown;
  /** From `# dockerignore: none` or `# dockerignore: "<json string>"`; undefined when absent. */
  dockerignore: string | null | undefined;
  /** JSON from a `# registry: {...}` line: what the registry says (SourceFile.registryFacts). */
  registry: unknown;
}

const ANNOTATION = /^\s*#\s*(expect|ok|config|dockerignore|registry):\s*(.*)$/;

export function parseFixture(source: string): ParsedFixture {
  const lines = source.split('\n');
  const kept: string[] = [];
  const pending: Array<Omit<Expectation, 'line'>> = [];
  const expectations: Expectation[] = [];
  let config: unknown = undefined;
  let dockerignore: string | null | undefined = undefined;
  let registry: unknown = undefined;
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (!match) {
      if (line.trim() !== '' && pending.length > 0) {
        for (const p of pending) expectations.push({ ...p, line: kept.length });
        pending.length = 0;
      }
      kept.push(line);
      return;
    }
    const [, kind, rest = ''] = match;
    if (kind === 'config') {
      config = JSON.parse(rest);
      return;
    }
    if (kind === 'registry') {
      registry = JSON.parse(rest);
      return;
    }
    if (kind === 'dockerignore') {
      dockerignore = rest.trim() === 'none' ? null : (JSON.parse(rest) as string);
      return;
    }
    const body = /^([\w.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*(?:--\s*(?:(error|warning|info)\b)?.*)?$/.exec(rest.trim());
    if (!body) throw new Error(`line ${index + 1}: cannot read annotation "${line.trim()}"`);
    pending.push({
      kind: kind as 'expect' | 'ok',
      ruleId: body[1] ?? '',
      snippet: body[2] !== undefined ? JSON.parse(`"${body[2]}"`) as string : undefined,
      severity: body[3] as Expectation['severity'],
      sourceLine: index + 1,
    });
  });
  if (pending.length > 0) throw new Error(`line ${pending[0]?.sourceLine}: annotation at the end of the file has no line to apply to`);
  return { text: kept.join('\n'), expectations, config, dockerignore, registry };
}
