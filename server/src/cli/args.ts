// Command-line parsing. Hand-written: a handful of flags, and every mistake gets a specific message.
import {
  OSV_URL_PATTERN,
  PLATFORM_PATTERN,
  PRESETS,
  PSS_LEVELS,
  PSS_VERSION_PATTERN,
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

export type ScanFormat = 'stylish' | 'json' | 'sarif';
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

export type HelpTopic = 'lint' | 'rules' | 'scan' | 'init';

export type ParsedArgs = LintArgs | RulesArgs | ScanArgs | InitArgs | { command: 'help'; topic: HelpTopic | undefined } | { command: 'version' };

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
  { name: 'stdin' },
  { name: 'stdin-filename', value: 'PATH' },
  { name: 'help', short: 'h' },
];

const INIT_OPTIONS: OptionSpec[] = [{ name: 'help', short: 'h' }];

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
  { name: 'format', short: 'f', value: 'FORMAT', choices: LINT_FORMATS },
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
    if (topic === 'lint' || topic === 'rules' || topic === 'scan' || topic === 'init') return { command: 'help', topic };
    throw new UsageError(`no help for "${topic}"; the commands are lint, scan, rules and init`);
  }
  if (first === 'lint') return parseLint(rest, knownRuleIds);
  if (first === 'rules') return parseRules(rest);
  if (first === 'scan') return parseScan(rest);
  if (first === 'init') return parseInit(rest);
  if (first.startsWith('-')) throw new UsageError(`${first} must come after a command, e.g. \`shipshape lint ${first} …\``);
  const suggestion = closest(first, ['lint', 'scan', 'rules', 'init', 'help']);
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
  const stdin = options.values.has('stdin');
  const stdinFilename = last(options, 'stdin-filename');
  if (stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename names the file standard input stands for; add --stdin');
  if (stdin && options.positionals.length > 0) {
    throw new UsageError(`--stdin lints standard input, so give no paths (got "${options.positionals[0]}"); name the file with --stdin-filename`);
  }
  return {
    command: 'lint',
    paths: stdin ? [] : options.positionals.length > 0 ? options.positionals : ['.'],
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
    stdin,
    stdinFilename,
  };
}

function parseInit(args: readonly string[]): ParsedArgs {
  const options = readOptions(args, INIT_OPTIONS, 'init');
  if (options.values.has('help')) return { command: 'help', topic: 'init' };
  const [folder, ...extra] = options.positionals;
  if (extra.length > 0) throw new UsageError(`\`shipshape init\` takes one folder (got "${folder}" and "${extra[0]}")`);
  return { command: 'init', folder: folder ?? '.' };
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
  shipshape scan IMAGE [options]       Scan a container image for vulnerabilities and risky settings
  shipshape lint --stdin [options]     Lint standard input (--stdin-filename names the file)
  shipshape init [FOLDER]              Write a commented .shipshape.yaml (default: the current folder)
  shipshape rules [--format FORMAT]    List the rules
  shipshape help [COMMAND]             Show help for a command
  shipshape --version                  Show the version

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage, configuration or fatal errors.
Run \`shipshape help lint\` or \`shipshape help scan\` for their options.`,
  lint: `Usage: shipshape lint [PATH...] [options]
       shipshape lint --stdin [--stdin-filename PATH] [options]

Lints Dockerfiles (and the files the engine recognises) in the given files and folders. Folders are
walked, skipping .git, node_modules and the \`exclude\` globs of the nearest .shipshape.yaml. A PATH
may be a quoted glob ('k8s/**/*.yaml'), expanded by Shipshape the same way on every shell.

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
      --fix                 Apply safe fixes in place and report what changed; with --stdin,
                            print the fixed text and report what remains on standard error
      --stdin               Lint the text on standard input
      --stdin-filename PATH The path that text stands for: its name decides the kind of file
                            (Dockerfile, manifest), the .shipshape.yaml nearest to it applies
  -q, --quiet               Report errors only (only they count for --fail-on)
      --no-color            Plain output (also when NO_COLOR is set or output is not a terminal)
  -h, --help                Show this help

Configuration, lowest precedence first: rule defaults, preset, .shipshape.yaml (nearest to each
file, walking up), command-line flags.`,
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
  -f, --format FORMAT              stylish (default), json or sarif
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
