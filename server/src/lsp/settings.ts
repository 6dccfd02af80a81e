// Settings arrive from the client untrusted: normalise them field by field, keep what is valid, fall back to
// the default for the rest and say what was dropped, so a typo in settings.json never stops linting.
import { OSV_URL_PATTERN, PLATFORM_PATTERN, PSS_VERSION_PATTERN, SCAN_LIMIT_KEYS, scanLimitValue, type ConfigLayer, type ScanLimitKey } from '../engine/config';
import { DEFAULT_SETTINGS, type ShipshapeSettings } from '../protocol';

export interface NormalizedSettings {
  settings: ShipshapeSettings;
  /** One line per value that was ignored, for the output channel. */
  warnings: string[];
}

const SEVERITIES = ['error', 'warning', 'info', 'off'];

export function normalizeSettings(raw: unknown, knownRuleIds: ReadonlySet<string>): NormalizedSettings {
  const warnings: string[] = [];
  const input = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) warnings.push('shipshape settings are not an object; using the defaults');

  const pick = <T>(name: string, value: unknown, valid: (v: unknown) => v is T, fallback: T): T => {
    if (value === undefined || value === null) return fallback;
    if (valid(value)) return value;
    warnings.push(`shipshape.${name}: ignoring ${JSON.stringify(value)}; using ${JSON.stringify(fallback)}`);
    return fallback;
  };
  const oneOf = <T extends string>(options: readonly T[]) => (v: unknown): v is T => typeof v === 'string' && (options as readonly string[]).includes(v);
  const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
  const stringList = (name: string, value: unknown): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      warnings.push(`shipshape.${name}: expected a list of strings; ignoring it`);
      return [];
    }
    const strings = value.filter((item): item is string => typeof item === 'string');
    if (strings.length !== value.length) warnings.push(`shipshape.${name}: ignoring entries that are not strings`);
    return strings;
  };

  const rules: ShipshapeSettings['rules'] = {};
  if (isRecord(input.rules)) {
    for (const [id, severity] of Object.entries(input.rules)) {
      if (!knownRuleIds.has(id)) warnings.push(`shipshape.rules: unknown rule id "${id}"`);
      else if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) warnings.push(`shipshape.rules.${id}: ${JSON.stringify(severity)} is not one of ${SEVERITIES.join(', ')}`);
      else rules[id] = severity as ShipshapeSettings['rules'][string];
    }
  } else if (input.rules !== undefined && input.rules !== null) warnings.push('shipshape.rules: expected an object of rule ids to severities');

  const images = isRecord(input.images) ? input.images : {};
  const podSecurity = isRecord(input.podSecurity) ? input.podSecurity : {};
  const secrets = isRecord(input.secrets) ? input.secrets : {};
  const codeLens = isRecord(input.codeLens) ? input.codeLens : {};
  const scan = isRecord(input.scan) ? input.scan : {};
  const settings: ShipshapeSettings = {
    enable: pick('enable', input.enable, isBoolean, DEFAULT_SETTINGS.enable),
    run: pick('run', input.run, oneOf(['onType', 'onSave'] as const), DEFAULT_SETTINGS.run),
    preset: pick('preset', input.preset, oneOf(['recommended', 'strict'] as const), DEFAULT_SETTINGS.preset),
    configurationPreference: pick('configurationPreference', input.configurationPreference, oneOf(['filesystemFirst', 'editorFirst'] as const), DEFAULT_SETTINGS.configurationPreference),
    rules,
    images: { allowedRegistries: stringList('images.allowedRegistries', images.allowedRegistries), approved: stringList('images.approved', images.approved) },
    podSecurity: {
      level: pick('podSecurity.level', podSecurity.level, oneOf(['baseline', 'restricted'] as const), DEFAULT_SETTINGS.podSecurity.level),
      version: pick('podSecurity.version', podSecurity.version, (v): v is string => typeof v === 'string' && PSS_VERSION_PATTERN.test(v), DEFAULT_SETTINGS.podSecurity.version),
    },
    secrets: { allowNames: stringList('secrets.allowNames', secrets.allowNames) },
    codeLens: { enable: pick('codeLens.enable', codeLens.enable, isBoolean, DEFAULT_SETTINGS.codeLens.enable) },
    baselinedFindings: pick('baselinedFindings', input.baselinedFindings, oneOf(['dim', 'hide', 'show'] as const), DEFAULT_SETTINGS.baselinedFindings),
    scan: {
      osvUrl: pick('scan.osvUrl', scan.osvUrl, (v): v is string => typeof v === 'string' && (v === '' || OSV_URL_PATTERN.test(v)), DEFAULT_SETTINGS.scan.osvUrl),
      allowNetwork: pick('scan.allowNetwork', scan.allowNetwork, isBoolean, DEFAULT_SETTINGS.scan.allowNetwork),
      platform: pick('scan.platform', scan.platform, (v): v is string => typeof v === 'string' && (v === '' || PLATFORM_PATTERN.test(v)), DEFAULT_SETTINGS.scan.platform),
      insecureRegistries: stringList('scan.insecureRegistries', scan.insecureRegistries),
      scanTimeout: pick('scan.scanTimeout', scan.scanTimeout, scanLimit('scanTimeout'), DEFAULT_SETTINGS.scan.scanTimeout),
      blobTimeout: pick('scan.blobTimeout', scan.blobTimeout, scanLimit('blobTimeout'), DEFAULT_SETTINGS.scan.blobTimeout),
      minTransferRate: pick('scan.minTransferRate', scan.minTransferRate, scanLimit('minTransferRate'), DEFAULT_SETTINGS.scan.minTransferRate),
    },
    maxFileSize: pick('maxFileSize', input.maxFileSize, (v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0, DEFAULT_SETTINGS.maxFileSize),
  };
  return { settings, warnings };
}

/**
 * The editor's settings as a configuration layer. Only values that differ from the defaults are included, so
 * an untouched setting never overrides the project file even when the editor's settings win.
 */
export function settingsLayer(settings: ShipshapeSettings): ConfigLayer {
  const layer: ConfigLayer = {};
  if (settings.preset !== DEFAULT_SETTINGS.preset) layer.preset = settings.preset;
  if (Object.keys(settings.rules).length > 0) layer.rules = settings.rules;
  const images: NonNullable<ConfigLayer['images']> = {};
  if (settings.images.allowedRegistries.length > 0) images.allowedRegistries = settings.images.allowedRegistries;
  if (settings.images.approved.length > 0) images.approved = settings.images.approved;
  if (Object.keys(images).length > 0) layer.images = images;
  const podSecurity: NonNullable<ConfigLayer['podSecurity']> = {};
  if (settings.podSecurity.level !== DEFAULT_SETTINGS.podSecurity.level) podSecurity.level = settings.podSecurity.level;
  if (settings.podSecurity.version !== DEFAULT_SETTINGS.podSecurity.version) podSecurity.version = settings.podSecurity.version;
  if (Object.keys(podSecurity).length > 0) layer.podSecurity = podSecurity;
  if (settings.secrets.allowNames.length > 0) layer.secrets = { allowNames: settings.secrets.allowNames };
  const scan: NonNullable<ConfigLayer['scan']> = {};
  if (settings.scan.osvUrl !== '') scan.osvUrl = settings.scan.osvUrl;
  if (settings.scan.platform !== '') scan.platform = settings.scan.platform;
  if (settings.scan.insecureRegistries.length > 0) scan.insecureRegistries = settings.scan.insecureRegistries;
  for (const key of Object.keys(SCAN_LIMIT_KEYS) as ScanLimitKey[]) if (settings.scan[key] !== DEFAULT_SETTINGS.scan[key]) scan[key] = settings.scan[key];
  if (Object.keys(scan).length > 0) layer.scan = scan;
  if (settings.maxFileSize !== DEFAULT_SETTINGS.maxFileSize) layer.maxFileSize = settings.maxFileSize;
  return layer;
}

function scanLimit(key: ScanLimitKey): (value: unknown) => value is number {
  return (value): value is number => typeof value === 'number' && scanLimitValue(key, value) !== undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
