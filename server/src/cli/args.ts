// Command-line parsing. Hand-written: a handful of flags, and every mistake gets a specific message.
import { PRESETS, PSS_LEVELS, PSS_VERSION_PATTERN, SEVERITIES, type Preset, type PssLevel } from '../engine/config';
import type { Severity, SeverityOrOff } from '../engine/types';

export class UsageError extends Error {}

export type LintFormat = 'stylish' | 'json' | 'sarif';
export type RulesFormat = 'text' | 'json' | 'markdown';
export type FailOn = Severity | 'never';

export const LINT_FORMATS: readonly LintFormat[] = ['stylish', 'json', 'sarif'];
export const RULES_FORMATS: readonly RulesFormat[] = ['text', 'json', 'markdown'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

export interface LintArgs {
  command: 'lint';
  paths: string[];
  format: LintFormat;
  output: string | undefined;
  config: string | undefined;
  preset: Preset | undefined;
  rules: Record<string, SeverityOrOff>;
  pssLevel: PssLevel | undefined;
  pssVersion: string | undefined;
  failOn: FailOn;
  fix: boolean;
  quiet: boolean;
  /** False when `--no-color` was given; otherwise the environment decides. */
  color: boolean;
}

export interface RulesArgs {
  command: 'rules';
  format: RulesFormat;
  output: string | undefined;
}

export type ParsedArgs = LintArgs | RulesArgs | { command: 'help'; topic: 'lint' | 'rules' | undefined } | { command: 'version' };

interface OptionSpec {
  name: string;
  short?: string;
  /** Name of the value in messages; absent for switches. */
  value?: string;
  choices?: readonly string[];
}

const LINT_OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', value: 'FORMAT', choices: LINT_FORMATS },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'config', short: 'c', value: 'FILE' },
  { name: 'preset', value: 'PRESET', choices: PRESETS },
  { name: 'rule', value: 'ID=SEVERITY' },
  { name: 'pss-level', value: 'LEVEL', choices: PSS_LEVELS },
  { name: 'pss-version', value: 'VERSION' },
  { name: 'fail-on', value: 'SEVERITY', choices: FAIL_ON },
  { name: 'fix' },
  { name: 'quiet', short: 'q' },
  { name: 'no-color' },
  { name: 'help', short: 'h' },
];

const RULES_OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', value: 'FORMAT', choices: RULES_FORMATS },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'help', short: 'h' },
];

interface RawOptions {
  values: Map<string, string[]>;
  positionals: string[];
}

/** Splits arguments into options and positionals, validating names, values and choices. */
function readOptions(args: readonly string[], specs: OptionSpec[], command: string): RawOptions {
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let spec: OptionSpec | undefined;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
      inline = equals === -1 ? undefined : arg.slice(equals + 1);
      spec = specs.find((candidate) => candidate.name === name);
    } else {
      name = arg.slice(1, 2);
      inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
      spec = specs.find((candidate) => candidate.short === name);
    }
    if (!spec) {
      const suggestion = closest(name.replace(/^-+/, ''), specs.map((candidate) => candidate.name));
      throw new UsageError(`unknown option ${arg.split('=')[0]} for \`shipshape ${command}\`${suggestion ? `; did you mean --${suggestion}?` : ''}`);
    }
    const flag = `--${spec.name}`;
    let value: string;
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      value = 'true';
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`${flag} needs a value (${spec.value})`);
      value = next;
      i++;
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`${flag} must be one of ${spec.choices.join(', ')} (got "${value}")`);
    }
    const list = values.get(spec.name) ?? [];
    list.push(value);
    values.set(spec.name, list);
  }
  return { values, positionals };
}

/** The last value given for an option (later flags win, as in most tools). */
function last(options: RawOptions, name: string): string | undefined {
  const list = options.values.get(name);
  return list?.[list.length - 1];
}

export function parseArgs(argv: readonly string[], knownRuleIds: ReadonlySet<string>): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given');
  if (first === '--version' || first === '-v' || first === 'version') return { command: 'version' };
  if (first === '--help' || first === '-h') return { command: 'help', topic: undefined };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { command: 'help', topic: undefined };
    if (topic === 'lint' || topic === 'rules') return { command: 'help', topic };
    throw new UsageError(`no help for "${topic}"; the commands are lint and rules`);
  }
  if (first === 'lint') return parseLint(rest, knownRuleIds);
  if (first === 'rules') return parseRules(rest);
  if (first.startsWith('-')) throw new UsageError(`${first} must come after a command, e.g. \`shipshape lint ${first} …\``);
  const suggestion = closest(first, ['lint', 'rules', 'help']);
  throw new UsageError(`unknown command "${first}"${suggestion ? `; did you mean \`shipshape ${suggestion}\`?` : ''}`);
}

function parseLint(args: readonly string[], knownRuleIds: ReadonlySet<string>): ParsedArgs {
  const options = readOptions(args, LINT_OPTIONS, 'lint');
  if (options.values.has('help')) return { command: 'help', topic: 'lint' };
  const rules: Record<string, SeverityOrOff> = {};
  for (const entry of options.values.get('rule') ?? []) {
    const equals = entry.indexOf('=');
    if (equals === -1) throw new UsageError(`--rule needs ID=SEVERITY, e.g. --rule image-digest=warning (got "${entry}")`);
    const id = entry.slice(0, equals).trim();
    const severity = entry.slice(equals + 1).trim();
    if (!knownRuleIds.has(id)) {
      const suggestion = closest(id, [...knownRuleIds]);
      throw new UsageError(`unknown rule id "${id}" in --rule${suggestion ? `; did you mean "${suggestion}"?` : ''} Run \`shipshape rules\` for the list.`);
    }
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      throw new UsageError(`severity of "${id}" in --rule must be one of ${SEVERITIES.join(', ')} (got "${severity}")`);
    }
    rules[id] = severity as SeverityOrOff;
  }
  const pssVersion = last(options, 'pss-version');
  if (pssVersion !== undefined && !PSS_VERSION_PATTERN.test(pssVersion)) {
    throw new UsageError(`--pss-version must be latest or v1.0 … v1.37 (got "${pssVersion}")`);
  }
  return {
    command: 'lint',
    paths: options.positionals.length > 0 ? options.positionals : ['.'],
    format: (last(options, 'format') ?? 'stylish') as LintFormat,
    output: last(options, 'output'),
    config: last(options, 'config'),
    preset: last(options, 'preset') as Preset | undefined,
    rules,
    pssLevel: last(options, 'pss-level') as PssLevel | undefined,
    pssVersion,
    failOn: (last(options, 'fail-on') ?? 'error') as FailOn,
    fix: options.values.has('fix'),
    quiet: options.values.has('quiet'),
    color: !options.values.has('no-color'),
  };
}

function parseRules(args: readonly string[]): ParsedArgs {
  const options = readOptions(args, RULES_OPTIONS, 'rules');
  if (options.values.has('help')) return { command: 'help', topic: 'rules' };
  if (options.positionals.length > 0) throw new UsageError(`\`shipshape rules\` takes no arguments (got "${options.positionals[0]}")`);
  return { command: 'rules', format: (last(options, 'format') ?? 'text') as RulesFormat, output: last(options, 'output') };
}

/** The candidate within a small edit distance of `input`, for "did you mean" hints. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export const HELP = {
  main: `Shipshape: container security for Dockerfiles and Kubernetes manifests.

Usage:
  shipshape lint [PATH...] [options]   Lint files and folders (default: the current folder)
  shipshape rules [--format FORMAT]    List the rules
  shipshape help [COMMAND]             Show help for a command
  shipshape --version                  Show the version

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage, configuration or fatal errors.
Run \`shipshape help lint\` for the lint options.`,
  lint: `Usage: shipshape lint [PATH...] [options]

Lints Dockerfiles (and the files the engine recognises) in the given files and folders. Folders are
walked, skipping .git, node_modules and the \`exclude\` globs of the nearest .shipshape.yaml.

Options:
  -f, --format FORMAT       stylish (default), json or sarif
  -o, --output FILE         Write the report to FILE instead of standard output
  -c, --config FILE         Use this configuration file instead of the nearest .shipshape.yaml
      --preset PRESET       recommended or strict
      --rule ID=SEVERITY    Set a rule to error, warning, info or off (repeatable)
      --pss-level LEVEL     Pod Security Standards level: baseline or restricted
      --pss-version VER     Pod Security Standards version: latest or v1.NN
      --fail-on SEVERITY    Exit 1 when a finding at or above error (default), warning or info
                            remains; never: always exit 0 unless something broke
      --fix                 Apply safe fixes in place and report what changed
  -q, --quiet               Report errors only (only they count for --fail-on)
      --no-color            Plain output (also when NO_COLOR is set or output is not a terminal)
  -h, --help                Show this help

Configuration, lowest precedence first: rule defaults, preset, .shipshape.yaml (nearest to each
file, walking up), command-line flags.`,
  rules: `Usage: shipshape rules [options]

Lists every rule with its category, default severity and whether it can fix what it finds.

Options:
  -f, --format FORMAT   text (default), json or markdown
  -o, --output FILE     Write the list to FILE instead of standard output
  -h, --help            Show this help`,
};
