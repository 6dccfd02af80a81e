// Building blocks of the Pod Security conformance cases, after the admission library's test/fixtures_*.go:
// a pod that satisfies every control of its level (one init container, one container), tweaked by each case
// so only the control under test varies, and the policy versions to sweep.
import { stringify } from 'yaml';

export type PssLevel = 'baseline' | 'restricted';
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface PssCase {
  /** The rule id of the control under test. */
  control: string;
  /** What the case varies, for the test output. */
  name: string;
  level: PssLevel;
  /** `v1.N` or `latest`. */
  version: string;
  /** The manifest to lint. */
  pod: string;
  /** `pass`: no Pod Security rule reports anything. A rule id: that rule reports, and no other Pod Security rule does. */
  expected: 'pass' | string;
  /** The severity every finding of the expected rule must have, where it matters. */
  severity?: 'error' | 'warning';
}

export const LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];

/** Every policy version the settings accept, oldest first, then `latest`. */
export const VERSIONS: readonly string[] = [...Array.from({ length: 38 }, (_, minor) => `v1.${minor}`), 'latest'];

/** The minor number of a version; `latest` is newer than any. */
export function minorOf(version: string): number {
  return version === 'latest' ? Number.POSITIVE_INFINITY : Number(version.slice('v1.'.length));
}

export interface PodTweaks {
  /** Deep-merged into `spec`. */
  spec?: JsonObject;
  /** Deep-merged into `spec.securityContext`. */
  securityContext?: JsonObject;
  /** Pod annotations (the pod template's, for a workload). */
  annotations?: Record<string, string>;
  /** Deep-merged into the first regular container. */
  container?: JsonObject;
  /** Deep-merged into the init container. */
  initContainer?: JsonObject;
  /** Adds an ephemeral container that satisfies the level, with this deep-merged into it. */
  ephemeralContainer?: JsonObject;
  /** `spec.os.name: windows`. */
  windows?: boolean;
  /** The workload kind that carries the pod spec; Pod when absent. */
  kind?: 'Pod' | 'Deployment' | 'CronJob';
}

const RESTRICTED_POD_CONTEXT: JsonObject = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const RESTRICTED_CONTAINER_CONTEXT: JsonObject = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base` with `patch` merged in: objects merge key by key, anything else replaces. */
export function deepMerge(base: JsonObject, patch: JsonObject | undefined): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch ?? {})) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function container(level: PssLevel, name: string, patch: JsonObject | undefined): JsonObject {
  const base: JsonObject = { name, image: 'registry.example/app:1.0' };
  if (level === 'restricted') base.securityContext = RESTRICTED_CONTAINER_CONTEXT;
  return deepMerge(base, patch);
}

/** The manifest of a pod that passes every control of `level`, changed by `tweaks`. */
export function podYaml(level: PssLevel, tweaks: PodTweaks = {}): string {
  let spec: JsonObject = {
    initContainers: [container(level, 'init', tweaks.initContainer)],
    containers: [container(level, 'app', tweaks.container)],
  };
  if (tweaks.ephemeralContainer) spec.ephemeralContainers = [container(level, 'debug', tweaks.ephemeralContainer)];
  if (tweaks.windows) spec.os = { name: 'windows' };
  const securityContext = deepMerge(level === 'restricted' ? RESTRICTED_POD_CONTEXT : {}, tweaks.securityContext);
  if (Object.keys(securityContext).length > 0) spec.securityContext = securityContext;
  spec = deepMerge(spec, tweaks.spec);
  const metadata: JsonObject = { name: 'case' };
  if (tweaks.annotations) metadata.annotations = tweaks.annotations;

  let manifest: JsonObject;
  switch (tweaks.kind ?? 'Pod') {
    case 'Pod':
      manifest = { apiVersion: 'v1', kind: 'Pod', metadata, spec };
      break;
    case 'Deployment':
      manifest = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'case' },
        spec: { selector: { matchLabels: { app: 'case' } }, template: { metadata: { ...metadata, labels: { app: 'case' } }, spec } },
      };
      break;
    case 'CronJob':
      manifest = {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'case' },
        spec: { schedule: '@daily', jobTemplate: { spec: { template: { metadata, spec: { restartPolicy: 'Never', ...spec } } } } },
      };
      break;
  }
  return stringify(manifest);
}

/** One case at one level and version. */
export function at(control: string, name: string, level: PssLevel, version: string, tweaks: PodTweaks, expected: 'pass' | string, severity?: 'error' | 'warning'): PssCase {
  return { control, name, level, version, pod: podYaml(level, tweaks), expected, ...(severity ? { severity } : {}) };
}

/**
 * The same pod at both levels and every version, `expect` deciding the outcome (and optionally the
 * severity) from the level and the version's minor number.
 */
export function sweep(
  control: string,
  name: string,
  tweaks: PodTweaks,
  expect: (level: PssLevel, minor: number) => 'pass' | string | { expected: string; severity: 'error' | 'warning' },
  levels: readonly PssLevel[] = LEVELS,
): PssCase[] {
  return levels.flatMap((level) => {
    const pod = podYaml(level, tweaks);
    return VERSIONS.map((version) => {
      const outcome = expect(level, minorOf(version));
      return typeof outcome === 'string'
        ? { control, name, level, version, pod, expected: outcome }
        : { control, name, level, version, pod, expected: outcome.expected, severity: outcome.severity };
    });
  });
}
