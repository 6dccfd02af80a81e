// Command-line parsing. Hand-written: a handful of flags, and every mistake gets a specific message.
import {
  OSV_URL_PATTERN,
  PLATFORM_PATTERN,
  PRESETS,
  PSS_LEVELS,
  PSS_VERSION_PATTERN,
  PSS_VERSION_RANGE,
  SCAN_LIMIT_KEYS,
  scanLimitValue,
  SEVERITIES,
  type Preset,
  type PssLevel,
  type ScanConfig,
  type ScanLimitKey,
} from '../engine/config';
import type { Severity, SeverityOrOff } from '../engine/types';
import type { ScanTarget } from '../protocol';
import { closest } from '../engine/did-you-mean';

export { closest };

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
  /** Ask registries about the images named, for rules that need it (image-outdated). */
  online: boolean;
  quiet: boolean;
  /** False when `--no-color` was given; otherwise the environment decides. */
  color: boolean;
  /** Compose files given with `-f FILE`/`--file FILE`, linted as one merged project in this order. */
  composeFiles: string[];
  /** `--max-file-size MB`: files larger than this are skipped (and reported). */
  maxFileSize: number | undefined;
  /** `--baseline FILE`: this baseline instead of the nearest `.shipshape-baseline.json`. */
  baseline: string | undefined;
  /** False with `--no-baseline`: report every finding. */
  useBaseline: boolean;
  /** `shipshape baseline`: write the findings to the baseline file (`output`) instead of reporting them. */
  writeBaseline: boolean;
  /** `--skip-unlintable`: files named on the command line that are not Dockerfiles or manifests are passed over, not errors. */
  skipUnlintable: boolean;
  /** Lint the text on standard input instead of `paths`. */
  stdin: boolean;
  /** With `stdin`: the path the text stands for, which decides its kind and configuration. */
  stdinFilename: string | undefined;
}

export interface InitArgs {
  command: 'init';
  /** The folder to write `.shipshape.yaml` in. */
  folder: string;
}

export interface RulesArgs {
  command: 'rules';
  format: RulesFormat;
  output: string | undefined;
}

export type ScanFormat = 'stylish' | 'json' | 'sarif' | 'cyclonedx' | 'spdx';
export const SCAN_FORMATS: readonly ScanFormat[] = ['stylish', 'json', 'sarif', 'cyclonedx', 'spdx'];
export type ScanFailOn = 'critical' | 'high' | 'medium' | 'low' | 'never';
export const SCAN_FAIL_ON: readonly ScanFailOn[] = ['critical', 'high', 'medium', 'low', 'never'];

export interface ScanArgs {
  command: 'scan';
  target: ScanTarget;
  platform: string | undefined;
  format: ScanFormat;
  output: string | undefined;
  config: string | undefined;
  failOn: ScanFailOn;
  osvUrl: string | undefined;
  /** False with `--offline`: no OSV lookups. */
  network: boolean;
  insecureRegistries: string[];
  /** `--scan-timeout`, `--blob-timeout` (seconds) and `--min-transfer-rate` (bytes per second) as given. */
  limits: Pick<ScanConfig, ScanLimitKey>;
  /** `--key FILE`: PEM public keys trusted for image signatures, besides images.signatures.keys. */
  keys: string[];
  /** `--require-signature`: anything but a verified signature fails the scan. */
  requireSignature: boolean;
  color: boolean;
}

export type HelpTopic = 'lint' | 'rules' | 'scan' | 'init' | 'baseline' | 'render';

export interface RenderArgs {
  command: 'render';
  /** The chart or kustomization folder. */
  target: string;
  valuesFiles: string[];
  sets: string[];
  setStrings: string[];
  release: string;
  releaseGiven: boolean;
  namespace: string;
  namespaceGiven: boolean;
  output: string | undefined;
}

export type ParsedArgs = LintArgs | RulesArgs | ScanArgs | InitArgs | RenderArgs | { command: 'help'; topic: HelpTopic | undefined } | { command: 'version' };

interface OptionSpec {
  name: string;
  short?: string;
  /** Name of the value in messages; absent for switches. */
  value?: string;
  choices?: readonly string[];
}

const LINT_OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', value: 'FORMAT', choices: LINT_FORMATS },
  { name: 'file', value: 'FILE' },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'config', short: 'c', value: 'FILE' },
  { name: 'preset', value: 'PRESET', choices: PRESETS },
  { name: 'rule', value: 'ID=SEVERITY' },
  { name: 'pss-level', value: 'LEVEL', choices: PSS_LEVELS },
  { name: 'pss-version', value: 'VERSION' },
  { name: 'fail-on', value: 'SEVERITY', choices: FAIL_ON },
  { name: 'fix' },
  { name: 'max-file-size', value: 'MB' },
  { name: 'online' },
  { name: 'quiet', short: 'q' },
  { name: 'baseline', value: 'FILE' },
  { name: 'no-baseline' },
  { name: 'no-color' },
  { name: 'skip-unlintable' },
  { name: 'stdin' },
  { name: 'stdin-filename', value: 'PATH' },
  { name: 'help', short: 'h' },
];

const INIT_OPTIONS: OptionSpec[] = [{ name: 'help', short: 'h' }];
/** `shipshape baseline` lints like `lint` and writes what it found; report and exit options do not apply. */
const BASELINE_OPTIONS: OptionSpec[] = LINT_OPTIONS.filter((option) => ['output', 'config', 'preset', 'rule', 'pss-level', 'pss-version', 'help'].includes(option.name));

const RULES_OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', value: 'FORMAT', choices: RULES_FORMATS },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'help', short: 'h' },
];

const SCAN_OPTIONS: OptionSpec[] = [
  { name: 'tar', value: 'FILE' },
  { name: 'oci', value: 'DIR' },
  { name: 'docker' },
  { name: 'platform', value: 'PLATFORM' },
  { name: 'format', short: 'f', value: 'FORMAT', choices: SCAN_FORMATS },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'config', short: 'c', value: 'FILE' },
  { name: 'fail-on', value: 'SEVERITY', choices: SCAN_FAIL_ON },
  { name: 'osv-url', value: 'URL' },
  { name: 'offline' },
  { name: 'insecure-registry', value: 'HOST[:PORT]' },
  { name: 'scan-timeout', value: 'SECONDS' },
  { name: 'blob-timeout', value: 'SECONDS' },
  { name: 'min-transfer-rate', value: 'BYTES' },
  { name: 'key', value: 'FILE' },
  { name: 'require-signature' },
  { name: 'no-color' },
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
    if (topic === 'lint' || topic === 'rules' || topic === 'scan' || topic === 'init' || topic === 'baseline' || topic === 'render') return { command: 'help', topic };
    throw new UsageError(`no help for "${topic}"; the commands are lint, scan, baseline, render, rules and init`);
  }
  if (first === 'render') return parseRender(rest);
  if (first === 'lint') return parseLint(rest, knownRuleIds);
  if (first === 'baseline') return parseLint(rest, knownRuleIds, 'baseline');
  if (first === 'rules') return parseRules(rest);
  if (first === 'scan') return parseScan(rest);
  if (first === 'init') return parseInit(rest);
  if (first === 'render') return parseRender(rest);
  if (first.startsWith('-')) throw new UsageError(`${first} must come after a command, e.g. \`shipshape lint ${first} …\``);
  const suggestion = closest(first, ['lint', 'scan', 'baseline', 'render', 'rules', 'init', 'help']);
  throw new UsageError(`unknown command "${first}"${suggestion ? `; did you mean \`shipshape ${suggestion}\`?` : ''}`);
}

/**
 * `-f` names a format (`-f json`) or, as in `docker compose -f`, a Compose file (`-f compose.prod.yaml`):
 * a value that is not a format name is read as `--file`.
 */
function composeFileFlags(args: readonly string[]): string[] {
  const rewritten: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      rewritten.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    if (arg === '-f' && next !== undefined && !next.startsWith('-') && !(LINT_FORMATS as readonly string[]).includes(next)) {
      rewritten.push('--file', next);
      i++;
    } else rewritten.push(arg);
  }
  return rewritten;
}

function parseLint(args: readonly string[], knownRuleIds: ReadonlySet<string>, command: 'lint' | 'baseline' = 'lint'): ParsedArgs {
  const options = readOptions(composeFileFlags(args), command === 'baseline' ? BASELINE_OPTIONS : LINT_OPTIONS, command);
  if (options.values.has('help')) return { command: 'help', topic: command };
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
    throw new UsageError(`--pss-version must be ${PSS_VERSION_RANGE} (got "${pssVersion}")`);
  }
  const stdin = options.values.has('stdin');
  const stdinFilename = last(options, 'stdin-filename');
  if (stdin && options.values.has('online')) throw new UsageError('--online lints files it can look up images for; it does not combine with --stdin');
  if (stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename names the file standard input stands for; add --stdin');
  if (stdin && options.positionals.length > 0) {
    throw new UsageError(`--stdin lints standard input, so give no paths (got "${options.positionals[0]}"); name the file with --stdin-filename`);
  }
  const maxFileSizeText = last(options, 'max-file-size');
  const maxFileSize = maxFileSizeText === undefined ? undefined : Number(maxFileSizeText);
  if (maxFileSize !== undefined && !(Number.isFinite(maxFileSize) && maxFileSize > 0)) {
    throw new UsageError(`--max-file-size must be a positive number of megabytes (got "${maxFileSizeText}")`);
  }
  const composeFiles = options.values.get('file') ?? [];
  return {
    command: 'lint',
    paths: stdin ? [] : options.positionals.length > 0 ? options.positionals : composeFiles.length > 0 ? [] : ['.'],
    format: (last(options, 'format') ?? 'stylish') as LintFormat,
    output: last(options, 'output'),
    config: last(options, 'config'),
    preset: last(options, 'preset') as Preset | undefined,
    rules,
    pssLevel: last(options, 'pss-level') as PssLevel | undefined,
    pssVersion,
    failOn: (last(options, 'fail-on') ?? 'error') as FailOn,
    fix: options.values.has('fix'),
    online: options.values.has('online'),
    quiet: options.values.has('quiet'),
    color: !options.values.has('no-color'),
    skipUnlintable: options.values.has('skip-unlintable'),
    stdin,
    stdinFilename,
    baseline: last(options, 'baseline'),
    // Writing a baseline records every finding, whatever an older baseline holds.
    useBaseline: command === 'lint' && !options.values.has('no-baseline'),
    writeBaseline: command === 'baseline',
    maxFileSize,
    composeFiles,
  };
}

function parseInit(args: readonly string[]): ParsedArgs {
  const options = readOptions(args, INIT_OPTIONS, 'init');
  if (options.values.has('help')) return { command: 'help', topic: 'init' };
  const [folder, ...extra] = options.positionals;
  if (extra.length > 0) throw new UsageError(`\`shipshape init\` takes one folder (got "${folder}" and "${extra[0]}")`);
  return { command: 'init', folder: folder ?? '.' };
}
const RENDER_OPTIONS: OptionSpec[] = [
  { name: 'values', short: 'f', value: 'FILE' },
  { name: 'set', value: 'KEY=VALUE' },
  { name: 'set-string', value: 'KEY=VALUE' },
  { name: 'release', value: 'NAME' },
  { name: 'namespace', short: 'n', value: 'NAMESPACE' },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'help', short: 'h' },
];

function parseRender(args: readonly string[]): ParsedArgs {
  const options = readOptions(args, RENDER_OPTIONS, 'render');
  if (options.values.has('help')) return { command: 'help', topic: 'render' };
  const [target, ...extra] = options.positionals;
  if (extra.length > 0) throw new UsageError(`\`shipshape render\` renders one chart or kustomization at a time (got "${target}" and "${extra[0]}")`);
  const release = last(options, 'release');
  const namespace = last(options, 'namespace');
  return {
    command: 'render',
    target: target ?? '.',
    valuesFiles: options.values.get('values') ?? [],
    sets: options.values.get('set') ?? [],
    setStrings: options.values.get('set-string') ?? [],
    release: release ?? 'release-name',
    releaseGiven: release !== undefined,
    namespace: namespace ?? 'default',
    namespaceGiven: namespace !== undefined,
    output: last(options, 'output'),
  };
}

function parseRules(args: readonly string[]): ParsedArgs {
  const options = readOptions(args, RULES_OPTIONS, 'rules');
  if (options.values.has('help')) return { command: 'help', topic: 'rules' };
  if (options.positionals.length > 0) throw new UsageError(`\`shipshape rules\` takes no arguments (got "${options.positionals[0]}")`);
  return { command: 'rules', format: (last(options, 'format') ?? 'text') as RulesFormat, output: last(options, 'output') };
}

function parseScan(args: readonly string[]): ParsedArgs {
  const options = readOptions(args, SCAN_OPTIONS, 'scan');
  if (options.values.has('help')) return { command: 'help', topic: 'scan' };
  const tar = last(options, 'tar');
  const oci = last(options, 'oci');
  const docker = options.values.has('docker');
  const [image, ...extra] = options.positionals;
  if (extra.length > 0) throw new UsageError(`\`shipshape scan\` scans one image at a time (got "${image}" and "${extra[0]}")`);
  const sources = [image !== undefined && !docker, tar !== undefined, oci !== undefined, docker].filter(Boolean).length;
  if (sources === 0) throw new UsageError('name an image to scan: `shipshape scan IMAGE`, `--tar FILE`, `--oci DIR` or `--docker IMAGE`');
  if (sources > 1) throw new UsageError('give one image source: an IMAGE, --tar FILE, --oci DIR or --docker IMAGE');
  let target: ScanTarget;
  if (tar !== undefined) target = { kind: 'docker-archive', path: tar };
  else if (oci !== undefined) target = { kind: 'oci-layout', path: oci };
  else if (image === undefined) throw new UsageError('--docker needs the IMAGE to read from the local Docker Engine');
  else target = docker ? { kind: 'docker-engine', image } : { kind: 'registry', image };

  const platform = last(options, 'platform');
  if (platform !== undefined && !PLATFORM_PATTERN.test(platform)) {
    throw new UsageError(`--platform must look like linux/amd64 or linux/arm64/v8 (got "${platform}")`);
  }
  const osvUrl = last(options, 'osv-url');
  if (osvUrl !== undefined && !OSV_URL_PATTERN.test(osvUrl)) throw new UsageError(`--osv-url must be an http(s) URL (got "${osvUrl}")`);
  const limits: Pick<ScanConfig, ScanLimitKey> = {};
  for (const [key, spec] of Object.entries(SCAN_LIMIT_KEYS) as Array<[ScanLimitKey, (typeof SCAN_LIMIT_KEYS)[ScanLimitKey]]>) {
    const text = last(options, spec.flag);
    if (text === undefined) continue;
    const value = scanLimitValue(key, text);
    if (value === undefined) throw new UsageError(`--${spec.flag} must be ${spec.what} (got "${text}")`);
    limits[key] = value;
  }
  return {
    command: 'scan',
    target,
    platform,
    format: (last(options, 'format') ?? 'stylish') as ScanFormat,
    output: last(options, 'output'),
    config: last(options, 'config'),
    failOn: (last(options, 'fail-on') ?? 'critical') as ScanFailOn,
    osvUrl,
    network: !options.values.has('offline'),
    insecureRegistries: options.values.get('insecure-registry') ?? [],
    limits,
    keys: options.values.get('key') ?? [],
    requireSignature: options.values.has('require-signature'),
    color: !options.values.has('no-color'),
  };
}

export const HELP = {
  main: `Shipshape: container security for Dockerfiles, Kubernetes manifests and Compose files.

Usage:
  shipshape lint [PATH...] [options]   Lint files and folders (default: the current folder)
  shipshape scan IMAGE [options]       Scan a container image for vulnerabilities and risky settings
  shipshape lint --stdin [options]     Lint standard input (--stdin-filename names the file)
  shipshape init [FOLDER]              Write a commented .shipshape.yaml (default: the current folder)
  shipshape baseline [PATH...]         Record today's findings in .shipshape-baseline.json; lint then
                                       reports only new ones
  shipshape render [DIR] [options]     Print a Helm chart's manifests like \`helm template\`, or a
                                       kustomization's build like \`kubectl kustomize\`
  shipshape rules [--format FORMAT]    List the rules
  shipshape help [COMMAND]             Show help for a command
  shipshape --version                  Show the version

Exit codes: 0 no findings at or above --fail-on, 1 findings (a file that could not be read or analysed
counts as an error), 2 usage or configuration errors.
Run \`shipshape help lint\` or \`shipshape help scan\` for their options.`,
  lint: `Usage: shipshape lint [PATH...] [options]
       shipshape lint --stdin [--stdin-filename PATH] [options]

Lints Dockerfiles, Kubernetes manifests, Compose files, Helm charts and kustomizations in the given files
and folders. Folders are walked, skipping .git, node_modules and the \`exclude\` globs of the nearest
.shipshape.yaml. A PATH may be a quoted glob ('k8s/**/*.yaml'), expanded by Shipshape the same way on every
shell. A Compose file is linted together with its override (compose.override.yaml) and the .env beside it.

Options:
  -f, --format FORMAT       stylish (default), json or sarif
  -f, --file FILE           A Compose file; several (-f compose.yaml -f compose.prod.yaml) are
                            merged in order as \`docker compose\` does, and the result is linted
  -o, --output FILE         Write the report to FILE instead of standard output
  -c, --config FILE         Use this configuration file instead of the nearest .shipshape.yaml
      --preset PRESET       recommended or strict
      --rule ID=SEVERITY    Set a rule to error, warning, info or off (repeatable)
      --pss-level LEVEL     Pod Security Standards level: baseline or restricted
      --pss-version VER     Pod Security Standards version: ${PSS_VERSION_RANGE}
      --fail-on SEVERITY    Exit 1 when a finding at or above error (default), warning or info
                            remains; never: always exit 0 unless something broke
      --fix                 Apply safe fixes in place and report what changed; with --stdin,
                            print the fixed text and report what remains on standard error
      --skip-unlintable     Pass over named files that are not Dockerfiles or manifests instead of
                            failing (for pre-commit and tools that pass every YAML file)
      --online              Ask the images' registries for their tags and current digests, so
                            image-outdated reports stale digest pins and newer releases
      --stdin               Lint the text on standard input
      --stdin-filename PATH The path that text stands for: its name decides the kind of file
                            (Dockerfile, manifest), the .shipshape.yaml nearest to it applies
      --baseline FILE       Use this baseline instead of the nearest .shipshape-baseline.json
      --no-baseline         Report every finding, including those in the baseline
      --max-file-size MB    Skip (and report) files larger than this; default 4, or maxFileSize
                            in .shipshape.yaml
  -q, --quiet               Report errors only (only they count for --fail-on)
      --no-color            Plain output (also when NO_COLOR is set or output is not a terminal)
  -h, --help                Show this help

Configuration, lowest precedence first: rule defaults, preset, .shipshape.yaml (nearest to each
file, walking up), command-line flags.

A .shipshape-baseline.json (written by \`shipshape baseline\`; the nearest one walking up from each file)
holds findings accepted earlier: they are counted but not reported, and only new findings fail the run.`,
  baseline: `Usage: shipshape baseline [PATH...] [options]

Lints like \`shipshape lint\` and writes every finding to .shipshape-baseline.json in the current folder
(or --output FILE), as file, rule and a fingerprint of the flagged line. Later \`shipshape lint\` runs and
the editor report only findings that are not in it. Commit the file; run the command again to accept the
current findings.

Options:
  -o, --output FILE         Write the baseline to FILE instead of ./.shipshape-baseline.json
  -c, --config FILE         Use this configuration file instead of the nearest .shipshape.yaml
      --preset PRESET       recommended or strict
      --rule ID=SEVERITY    Set a rule to error, warning, info or off (repeatable)
      --pss-level LEVEL     Pod Security Standards level: baseline or restricted
      --pss-version VER     Pod Security Standards version: ${PSS_VERSION_RANGE}
  -h, --help                Show this help`,
  render: `Usage: shipshape render [DIR] [options]

Prints what DIR (default: the current folder) deploys, without helm or kubectl:
- a Helm chart (a folder with Chart.yaml) rendered the way \`helm template\` does: the documents in Helm's
  install order, each preceded by \`# Source: <chart>/templates/<file>\`. Random and time functions
  (randAlphaNum, genCA, now…) return fixed stand-ins of the right shape;
- otherwise the kustomization in DIR built the way \`kubectl kustomize DIR\` does (kustomize v5.7.1,
  default load restrictor, no plugins, Helm charts or remote bases). Warnings (deprecated fields, remote
  resources that were not fetched) go to standard error.

Options:
  -f, --values FILE         Chart only: values file over the chart's values.yaml (repeatable; later files win)
      --set KEY=VALUE       Chart only: set a value, typed like helm's --set (repeatable; wins over --values)
      --set-string K=V      Chart only: set a value as a string (repeatable; wins over --set)
      --release NAME        Chart only: release name (default: release-name)
  -n, --namespace NS        Chart only: release namespace (default: default)
  -o, --output FILE         Write the manifests to FILE instead of standard output
  -h, --help                Show this help

Exit codes: 0 rendered, 2 when the chart or kustomization cannot be rendered (the message names the file
and line).`,
  scan: `Usage: shipshape scan IMAGE | --tar FILE | --oci DIR | --docker IMAGE [options]

Scans one container image without a Docker daemon: pulls its manifest and layers from the registry
(or reads a \`docker save\` tarball, an OCI image layout folder, or the local Docker Engine), lists its
OS and language packages, checks its configuration and files (root user, secrets, private keys,
setuid files, end-of-life OS), and looks the packages up in the OSV vulnerability database.

Options:
      --tar FILE                   Scan a \`docker save\` tarball
      --oci DIR                    Scan an OCI image layout folder
      --docker                     Read IMAGE from the local Docker Engine instead of its registry
      --platform PLATFORM          Platform to pick from a multi-platform image (default: this
                                   machine's, e.g. linux/amd64)
  -f, --format FORMAT              stylish (default), json, sarif, or an SBOM: cyclonedx (1.6 JSON)
                                   or spdx (2.3 JSON)
  -o, --output FILE                Write the report to FILE instead of standard output
  -c, --config FILE                Use this configuration file instead of the nearest .shipshape.yaml
      --fail-on SEVERITY           Exit 1 when a vulnerability or image finding at or above critical
                                   (default), high, medium or low is found; never: exit 0 unless
                                   the image could not be verified (exit 3)
      --osv-url URL                OSV API endpoint or mirror (default https://api.osv.dev)
      --offline                    Do not look up vulnerabilities (registry pulls still need the network)
      --insecure-registry HOST     Reach this registry over plain HTTP (repeatable); localhost and
                                   127.0.0.1 always are
      --scan-timeout SECONDS       Stop a scan that takes longer (default 3600)
      --blob-timeout SECONDS       Stop a layer, manifest or config that takes longer to arrive
                                   (default 900)
      --min-transfer-rate BYTES    Stop a transfer slower than this many bytes per second over
                                   30 s (default 1024; 0 turns the check off)
      --key FILE                   Trust this PEM public key for image signatures (repeatable;
                                   adds to images.signatures.keys)
      --require-signature          Exit 1 unless a trusted key verifies a signature of the image
      --no-color                   Plain output
  -h, --help                       Show this help

Settings from .shipshape.yaml (scan.osvUrl, scan.insecureRegistries, scan.platform, scan.scanTimeout,
scan.blobTimeout, scan.minTransferRate, images.signatures) apply unless a flag overrides them. Credentials come from the
Docker config file (~/.docker/config.json). OSV answers are cached in the user cache folder for 12 hours.

Exit codes: 0 nothing at or above --fail-on; 1 something is, or a required signature is not verified;
2 a usage or configuration error, or the image could not be opened; 3 the image could not be verified (a layer failed its digest or size check,
looked like a decompression bomb, or did not arrive in time), whatever --fail-on says.`,
  init: `Usage: shipshape init [FOLDER]

Writes a .shipshape.yaml in FOLDER (default: the current folder) with every setting and every rule
listed and commented out, the same file the editor's "Create Config File" command writes. Refuses
to overwrite a .shipshape.yaml or .shipshape.yml that is already there.`,
  rules: `Usage: shipshape rules [options]

Lists every rule with its category, default severity and whether it can fix what it finds.

Options:
  -f, --format FORMAT   text (default), json or markdown
  -o, --output FILE     Write the list to FILE instead of standard output
  -h, --help            Show this help`,
};
