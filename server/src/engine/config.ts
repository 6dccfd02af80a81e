// Project configuration: parsing and validating `.shipshape.yaml`, and resolving the layers
// (rule defaults < preset < editor settings < project file < command line) into one effective config.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { closest } from './did-you-mean';
import type { RuleMeta, RuleSettings } from './rule';
import { NO_SIGNATURE_POLICY, readSignaturePolicy, type ResolvedSignaturePolicy, type SignaturePolicyConfig } from './signature-policy';
import type { SeverityOrOff, TextRange } from './types';

export type Preset = 'recommended' | 'strict';
export type PssLevel = 'baseline' | 'restricted';

export const SEVERITIES: readonly SeverityOrOff[] = ['error', 'warning', 'info', 'off'];
export const PRESETS: readonly Preset[] = ['recommended', 'strict'];
export const PSS_LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];
export const CONFIG_FILE_NAMES = ['.shipshape.yaml', '.shipshape.yml'];

/** One layer of configuration, as written in a file, settings or command-line flags. Every field optional. */
export interface ConfigLayer {
  preset?: Preset;
  rules?: Record<string, SeverityOrOff>;
  images?: { allowedRegistries?: string[]; approved?: string[]; signatures?: SignaturePolicyConfig };
  podSecurity?: { level?: PssLevel; version?: string };
  secrets?: { allowNames?: string[] };
  scan?: ScanConfig;
  exclude?: string[];
  /** Rules silenced for some files, with the reason (only in `.shipshape.yaml`, whose folder the paths are relative to). */
  ignore?: ConfigIgnoreEntry[];
  /** Files larger than this many megabytes are not linted. */
  maxFileSize?: number;
}

export interface ConfigIgnoreEntry {
  rule: string;
  /** Globs relative to the configuration file's folder, as `exclude` reads them; absent: every file under it. */
  paths?: string[];
  reason?: string;
  /** Position in the `ignore:` list, for reports. */
  index: number;
}

/** `scan.*`: where to look up vulnerabilities, which registries, which platform, and how long to wait. */
export interface ScanConfig {
  osvUrl?: string;
  insecureRegistries?: string[];
  platform?: string;
  /** Seconds the whole scan may take. */
  scanTimeout?: number;
  /** Seconds one blob (layer, manifest, config) may take to arrive. */
  blobTimeout?: number;
  /** Bytes per second a transfer must keep up; 0 turns the check off. */
  minTransferRate?: number;
}

/** The numeric `scan.*` keys, with what each accepts; the CLI flags of the same names check the same way. */
export const SCAN_LIMIT_KEYS = {
  scanTimeout: { flag: 'scan-timeout', zeroAllowed: false, what: 'a number of seconds greater than 0' },
  blobTimeout: { flag: 'blob-timeout', zeroAllowed: false, what: 'a number of seconds greater than 0' },
  minTransferRate: { flag: 'min-transfer-rate', zeroAllowed: true, what: 'a number of bytes per second (0 turns the check off)' },
} as const;

export type ScanLimitKey = keyof typeof SCAN_LIMIT_KEYS;

/** A valid value for a numeric `scan.*` key, or undefined. */
export function scanLimitValue(key: ScanLimitKey, value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return undefined;
  return number > 0 || (number === 0 && SCAN_LIMIT_KEYS[key].zeroAllowed) ? number : undefined;
}

export interface ResolvedConfig {
  preset: Preset;
  severities: Map<string, SeverityOrOff>;
  settings: RuleSettings;
  podSecurity: { level: PssLevel; version: string };
  scan: { osvUrl: string | undefined; insecureRegistries: string[]; platform: string | undefined } & Pick<ScanConfig, ScanLimitKey>;
  /** `images.signatures`, with key paths absolute (resolved against the configuration file's folder). */
  signatures: ResolvedSignaturePolicy;
  exclude: string[];
  /** In megabytes. */
  maxFileSize: number;
}

/** Files larger than this many megabytes are skipped unless `maxFileSize` says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 4;

export interface ConfigProblem {
  message: string;
  range: TextRange;
}

export interface ParsedConfig {
  layer: ConfigLayer;
  problems: ConfigProblem[];
}

/** The newest Pod Security Standards version whose checks are implemented (`v1.0` … this one). */
export const NEWEST_PSS_MINOR = 37;
/** The versions `podSecurity.version` accepts, as the messages name them. */
export const PSS_VERSION_RANGE = `latest or v1.0 … v1.${NEWEST_PSS_MINOR}`;

/** Patterns the validator applies; the generated JSON schema uses the same ones. Only known versions pass:
 * `v1.0`–`v1.29` and `v1.30`–`v1.37` (keep the last alternative in step with NEWEST_PSS_MINOR). */
export const PSS_VERSION_PATTERN = /^(latest|v1\.(\d|[12]\d|3[0-7]))$/;
export const OSV_URL_PATTERN = /^https?:\/\/\S+$/;
export const PLATFORM_PATTERN = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/** Parses and validates the text of a `.shipshape.yaml`. Problems carry offsets into the text. */
export function parseConfigText(text: string, knownRuleIds: ReadonlySet<string>): ParsedConfig {
  const problems: ConfigProblem[] = [];
  const layer: ConfigLayer = {};
  let document;
  try {
    document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return { layer, problems: [{ message: `cannot read the file: ${String(error)}`, range: { start: 0, end: 0 } }] };
  }
  for (const error of document.errors) {
    problems.push({ message: error.message.split('\n')[0] ?? error.message, range: { start: error.pos[0], end: error.pos[1] } });
  }
  if (problems.length > 0) return { layer, problems };
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { layer, problems };
  if (!isMap(root)) return { layer, problems: [{ message: 'the configuration must be a mapping of keys', range: rangeOf(root, text) }] };

  const problem = (node: YamlNode | null | undefined, message: string): void => {
    problems.push({ message, range: rangeOf(node, text) });
  };

  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as YamlNode | null;
    switch (key) {
      case 'preset': {
        const preset = stringValue(value);
        if (preset !== undefined && (PRESETS as readonly string[]).includes(preset)) layer.preset = preset as Preset;
        else problem(value ?? keyNode, `preset must be one of ${PRESETS.join(', ')}`);
        break;
      }
      case 'rules': {
        if (!isMap(value)) {
          problem(value ?? keyNode, 'rules must map rule ids to error, warning, info or off');
          break;
        }
        const rules: Record<string, SeverityOrOff> = {};
        for (const rule of value.items) {
          const idNode = rule.key as YamlNode;
          const id = isScalar(idNode) ? String(idNode.value) : '';
          const severity = stringValue(rule.value as YamlNode);
          if (!knownRuleIds.has(id)) problem(idNode, unknownRuleMessage(id, knownRuleIds));
          else if (severity === undefined || !(SEVERITIES as readonly string[]).includes(severity)) {
            problem((rule.value as YamlNode) ?? idNode, `severity of "${id}" must be one of ${SEVERITIES.join(', ')}`);
          } else rules[id] = severity as SeverityOrOff;
        }
        layer.rules = rules;
        break;
      }
      case 'images': {
        const section = readSection(value, keyNode, 'images', ['allowedRegistries', 'approved', 'signatures'], problem);
        layer.images = {};
        if (section.allowedRegistries !== undefined) layer.images.allowedRegistries = stringList(section.allowedRegistries, 'images.allowedRegistries', problem);
        if (section.approved !== undefined) layer.images.approved = stringList(section.approved, 'images.approved', problem);
        if (section.signatures !== undefined) layer.images.signatures = readSignaturePolicy(section.signatures, keyNode, problem);
        break;
      }
      case 'podSecurity': {
        const section = readSection(value, keyNode, 'podSecurity', ['level', 'version'], problem);
        layer.podSecurity = {};
        if (section.level !== undefined) {
          const level = stringValue(section.level);
          if (level !== undefined && (PSS_LEVELS as readonly string[]).includes(level)) layer.podSecurity.level = level as PssLevel;
          else problem(section.level, 'podSecurity.level must be baseline or restricted');
        }
        if (section.version !== undefined) {
          const version = stringValue(section.version);
          if (version !== undefined && PSS_VERSION_PATTERN.test(version)) layer.podSecurity.version = version;
          else problem(section.version, `podSecurity.version must be ${PSS_VERSION_RANGE}`);
        }
        break;
      }
      case 'secrets': {
        const section = readSection(value, keyNode, 'secrets', ['allowNames'], problem);
        if (section.allowNames !== undefined) layer.secrets = { allowNames: stringList(section.allowNames, 'secrets.allowNames', problem) };
        break;
      }
      case 'scan': {
        const section = readSection(value, keyNode, 'scan', ['osvUrl', 'insecureRegistries', 'platform', ...Object.keys(SCAN_LIMIT_KEYS)], problem);
        layer.scan = {};
        if (section.osvUrl !== undefined) {
          const url = stringValue(section.osvUrl);
          if (url !== undefined && OSV_URL_PATTERN.test(url)) layer.scan.osvUrl = url;
          else problem(section.osvUrl, 'scan.osvUrl must be an http(s) URL');
        }
        if (section.insecureRegistries !== undefined) layer.scan.insecureRegistries = stringList(section.insecureRegistries, 'scan.insecureRegistries', problem);
        if (section.platform !== undefined) {
          const platform = stringValue(section.platform);
          if (platform !== undefined && PLATFORM_PATTERN.test(platform)) layer.scan.platform = platform;
          else problem(section.platform, 'scan.platform must look like linux/amd64 or linux/arm64/v8');
        }
        for (const key of Object.keys(SCAN_LIMIT_KEYS) as ScanLimitKey[]) {
          const node = section[key];
          if (node === undefined) continue;
          const number = isScalar(node) && typeof node.value === 'number' ? scanLimitValue(key, node.value) : undefined;
          if (number !== undefined) layer.scan[key] = number;
          else problem(node, `scan.${key} must be ${SCAN_LIMIT_KEYS[key].what}`);
        }
        break;
      }
      case 'exclude':
        layer.exclude = stringList(value, 'exclude', problem);
        break;
      case 'ignore':
        layer.ignore = ignoreEntries(value, keyNode, knownRuleIds, problem);
        break;
      case 'maxFileSize':
        if (isScalar(value) && typeof value.value === 'number' && Number.isFinite(value.value) && value.value > 0) layer.maxFileSize = value.value;
        else problem(value ?? keyNode, 'maxFileSize must be a positive number of megabytes');
        break;
      default: {
        problem(keyNode, unknownKeyMessage(key, key, TOP_LEVEL_KEYS));
      }
    }
  }
  return { layer, problems };
}

/** The top-level keys of `.shipshape.yaml`. */
export const TOP_LEVEL_KEYS = ['preset', 'rules', 'images', 'podSecurity', 'secrets', 'scan', 'exclude', 'ignore', 'maxFileSize'];
const IGNORE_KEYS = ['rule', 'paths', 'reason'];

function unknownRuleMessage(id: string, knownRuleIds: ReadonlySet<string>): string {
  const suggestion = closest(id, [...knownRuleIds]);
  return suggestion ? `unknown rule id "${id}"; did you mean "${suggestion}"?` : `unknown rule id "${id}"; run \`shipshape rules\` for the list`;
}

/** `unknown key "podSecurity.levle"; did you mean "level"?`, or the keys that are allowed there. */
function unknownKeyMessage(shown: string, key: string, keys: readonly string[]): string {
  const suggestion = closest(key, keys);
  return suggestion ? `unknown key "${shown}"; did you mean "${suggestion}"?` : `unknown key "${shown}"; expected ${keys.join(', ')}`;
}

/** `ignore: [{ rule, paths, reason }]`; an entry with a problem is left out, the others apply. */
function ignoreEntries(
  value: YamlNode | null,
  keyNode: YamlNode,
  knownRuleIds: ReadonlySet<string>,
  problem: (node: YamlNode | null | undefined, message: string) => void,
): ConfigIgnoreEntry[] {
  if (isScalar(value) && value.value === null) return [];
  if (!isSeq(value)) {
    problem(value ?? keyNode, 'ignore must be a list of entries like {rule: privileged, paths: ["vendor/**"], reason: "…"}');
    return [];
  }
  const entries: ConfigIgnoreEntry[] = [];
  value.items.forEach((item, index) => {
    const node = item as YamlNode;
    if (!isMap(node)) {
      problem(node, `ignore[${index}] must be a mapping with rule, paths and reason`);
      return;
    }
    const fields: Record<string, YamlNode> = {};
    let valid = true;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (IGNORE_KEYS.includes(key)) fields[key] = pair.value as YamlNode;
      else {
        problem(pair.key as YamlNode, unknownKeyMessage(`ignore[${index}].${key}`, key, IGNORE_KEYS));
        valid = false;
      }
    }
    const rule = stringValue(fields.rule);
    if (rule === undefined) {
      problem(fields.rule ?? node, `ignore[${index}] needs a rule id (rule: <id>)`);
      return;
    }
    if (!knownRuleIds.has(rule)) {
      problem(fields.rule, unknownRuleMessage(rule, knownRuleIds));
      return;
    }
    const entry: ConfigIgnoreEntry = { rule, index };
    if (fields.paths !== undefined) {
      const before = valid;
      const paths = isScalar(fields.paths) && typeof fields.paths.value === 'string' ? [fields.paths.value] : stringList(fields.paths, `ignore[${index}].paths`, (at, message) => {
        valid = false;
        problem(at, message);
      });
      if (paths.length === 0 && before) {
        problem(fields.paths, `ignore[${index}].paths is empty, so the entry would silence ${rule} nowhere; leave paths out to silence it everywhere`);
        return;
      }
      entry.paths = paths;
    }
    if (fields.reason !== undefined) {
      const reason = stringValue(fields.reason);
      if (reason === undefined) problem(fields.reason, `ignore[${index}].reason must be text`);
      else entry.reason = reason;
    }
    // A half-understood entry would silence more or less than was meant: leave it out.
    if (valid) entries.push(entry);
  });
  return entries;
}

function readSection(
  value: YamlNode | null,
  keyNode: YamlNode,
  name: string,
  keys: string[],
  problem: (node: YamlNode | null | undefined, message: string) => void,
): Record<string, YamlNode> {
  const found: Record<string, YamlNode> = {};
  if (!isMap(value)) {
    problem(value ?? keyNode, `${name} must be a mapping with ${keys.join(', ')}`);
    return found;
  }
  for (const pair of value.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!keys.includes(key)) problem(pair.key as YamlNode, unknownKeyMessage(`${name}.${key}`, key, keys));
    else found[key] = pair.value as YamlNode;
  }
  return found;
}

function stringValue(node: YamlNode | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function stringList(node: YamlNode | null | undefined, name: string, problem: (node: YamlNode | null | undefined, message: string) => void): string[] {
  if (isScalar(node) && node.value === null) return [];
  if (!isSeq(node)) {
    problem(node, `${name} must be a list of strings`);
    return [];
  }
  const list: string[] = [];
  for (const item of node.items) {
    const text = stringValue(item as YamlNode);
    if (text === undefined) problem(item as YamlNode, `${name} must contain only strings`);
    else list.push(text);
  }
  return list;
}

function rangeOf(node: YamlNode | null | undefined, text: string): TextRange {
  const range = node?.range;
  if (!range) return { start: 0, end: Math.min(text.length, 1) };
  return { start: range[0], end: Math.max(range[0], range[1]) };
}

/** The severity a rule has under a preset, before any per-rule override. */
export function presetSeverity(meta: RuleMeta, preset: Preset): SeverityOrOff {
  if (preset === 'recommended') return meta.defaultSeverity;
  if (meta.strictSeverity !== undefined) return meta.strictSeverity;
  return meta.defaultSeverity === 'info' ? 'warning' : meta.defaultSeverity;
}

/** Merges configuration layers, lowest precedence first, into the effective configuration. */
export function resolveConfig(rules: readonly RuleMeta[], layers: readonly ConfigLayer[]): ResolvedConfig {
  let preset: Preset = 'recommended';
  let allowedRegistries: string[] = [];
  let approved: string[] = [];
  let allowNames: string[] = [];
  let level: PssLevel = 'restricted';
  let version = 'latest';
  const scan: ResolvedConfig['scan'] = { osvUrl: undefined, insecureRegistries: [], platform: undefined };
  let exclude: string[] = [];
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  const signatures: ResolvedSignaturePolicy = { ...NO_SIGNATURE_POLICY };
  for (const layer of layers) {
    if (layer.preset) preset = layer.preset;
    const signaturePolicy = layer.images?.signatures;
    if (signaturePolicy?.require !== undefined) signatures.require = signaturePolicy.require;
    if (signaturePolicy?.keys !== undefined) signatures.keys = signaturePolicy.keys;
    if (signaturePolicy?.identities !== undefined) signatures.identities = signaturePolicy.identities;
    if (layer.images?.allowedRegistries) allowedRegistries = layer.images.allowedRegistries;
    if (layer.images?.approved) approved = layer.images.approved;
    if (layer.secrets?.allowNames) allowNames = layer.secrets.allowNames;
    if (layer.podSecurity?.level) level = layer.podSecurity.level;
    if (layer.podSecurity?.version) version = layer.podSecurity.version;
    if (layer.scan?.osvUrl) scan.osvUrl = layer.scan.osvUrl;
    if (layer.scan?.insecureRegistries) scan.insecureRegistries = layer.scan.insecureRegistries;
    if (layer.scan?.platform) scan.platform = layer.scan.platform;
    for (const key of Object.keys(SCAN_LIMIT_KEYS) as ScanLimitKey[]) if (layer.scan?.[key] !== undefined) scan[key] = layer.scan[key];
    if (layer.exclude) exclude = layer.exclude;
    if (layer.maxFileSize) maxFileSize = layer.maxFileSize;
  }
  const settings: RuleSettings = {
    images: { allowedRegistries, approved },
    secrets: { allowNames },
    podSecurity: { level, version },
  };
  const severities = new Map<string, SeverityOrOff>();
  for (const meta of rules) {
    let severity = presetSeverity(meta, preset);
    if (meta.enabledBy === 'images.allowedRegistries' && settings.images.allowedRegistries.length > 0) severity = 'error';
    if (meta.enabledBy === 'images.approved' && settings.images.approved.length > 0) severity = 'error';
    for (const layer of layers) {
      const override = layer.rules?.[meta.id];
      if (override !== undefined) severity = override;
    }
    severities.set(meta.id, severity);
  }
  return { preset, severities, settings, podSecurity: { level, version }, scan, signatures, exclude, maxFileSize };
}
