// Project configuration: parsing and validating `.shipshape.yaml`, and resolving the layers
// (rule defaults < preset < editor settings < project file < command line) into one effective config.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
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
}

export interface ConfigProblem {
  message: string;
  range: TextRange;
}

export interface ParsedConfig {
  layer: ConfigLayer;
  problems: ConfigProblem[];
}

/** Patterns the validator applies; the generated JSON schema uses the same ones. */
export const PSS_VERSION_PATTERN = /^(latest|v1\.(\d|[1-9]\d))$/;
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
          if (!knownRuleIds.has(id)) problem(idNode, `unknown rule id "${id}"; run \`shipshape rules\` for the list`);
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
          else problem(section.version, 'podSecurity.version must be latest or v1.0 … v1.37');
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
      default:
        problem(keyNode, `unknown key "${key}"; expected preset, rules, images, podSecurity, secrets, scan or exclude`);
    }
  }
  return { layer, problems };
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
    if (!keys.includes(key)) problem(pair.key as YamlNode, `unknown key "${name}.${key}"; expected ${keys.join(', ')}`);
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
  return { preset, severities, settings, podSecurity: { level, version }, scan, signatures, exclude };
}
