// Which Pod Security Standards policy applies to a pod spec, and the version gates of the admission library:
// a check's behaviour is the newest implementation whose minimum version is at most the policy version.
import { isMap, isScalar } from 'yaml';
import type { RuleSettings } from '../../rule';
import type { Severity, SourceFile } from '../../types';
import { booleanValue, mapAt, nodeAt, stringAt, type KubernetesModel, type PodSpec } from './model';

export type PssLevel = 'baseline' | 'restricted';

/** A policy version: `latest`, or `v1.N` as minor number N. */
export interface PssVersion {
  latest: boolean;
  minor: number;
}

export interface PssPolicy {
  level: PssLevel;
  version: PssVersion;
  /** `v1.29`, `latest`: for messages. */
  versionLabel: string;
  /** Where the level came from, for messages: configuration or a Namespace's labels. */
  source: 'configuration' | 'namespace';
}

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

export function parsePssVersion(text: string | undefined): PssVersion | undefined {
  if (text === undefined || text === 'latest') return { latest: true, minor: Number.POSITIVE_INFINITY };
  const match = /^v1\.(\d+)$/.exec(text);
  return match ? { latest: false, minor: Number(match[1]) } : undefined;
}

/** True when the policy version is v1.`minor` or newer (`latest` is newer than everything). */
export function atLeast(version: PssVersion, minor: number): boolean {
  return version.latest || version.minor >= minor;
}

/** Enforce labels of the Namespace manifests a host found across the linted set, by namespace name. */
export type NamespacePolicies = Record<string, { level?: string; version?: string }>;

/** Namespace manifests in this file, read the way the host reads them across files. */
export function namespacePoliciesIn(model: KubernetesModel): NamespacePolicies {
  const cached = policiesByModel.get(model);
  if (cached) return cached;
  const policies: NamespacePolicies = {};
  for (const resource of model.resources) {
    if (resource.kind !== 'Namespace' || resource.name === undefined) continue;
    const labels = mapAt(resource.metadata, 'labels');
    const level = stringAt(labels, ENFORCE_LABEL);
    const version = stringAt(labels, ENFORCE_VERSION_LABEL);
    if (level !== undefined || version !== undefined) policies[resource.name] = { level, version };
  }
  policiesByModel.set(model, policies);
  return policies;
}

/** A model never changes once parsed, and every Pod Security rule asks for every container, so read it once. */
const policiesByModel = new WeakMap<KubernetesModel, NamespacePolicies>();

/**
 * The policy for one pod spec: a Namespace in the linted set with enforce labels wins for workloads in it,
 * otherwise configuration. `privileged` namespaces get no policy at all (undefined).
 */
export function policyFor(podSpec: PodSpec, settings: RuleSettings, file: SourceFile, model: KubernetesModel): PssPolicy | undefined {
  const configured: PssPolicy = {
    level: settings.podSecurity.level,
    version: parsePssVersion(settings.podSecurity.version) ?? { latest: true, minor: Number.POSITIVE_INFINITY },
    versionLabel: settings.podSecurity.version,
    source: 'configuration',
  };
  const namespace = podSpec.resource.namespace;
  if (namespace === undefined) return configured;
  const labels = namespacePoliciesIn(model)[namespace] ?? file.namespacePolicies?.[namespace];
  if (!labels) return configured;
  if (labels.level === 'privileged') return undefined;
  const level = labels.level === 'baseline' || labels.level === 'restricted' ? labels.level : configured.level;
  const version = parsePssVersion(labels.version) ?? configured.version;
  return { level, version, versionLabel: labels.version ?? configured.versionLabel, source: labels.level !== undefined ? 'namespace' : configured.source };
}

/** `spec.hostUsers: false`: the pod runs in a user namespace, which relaxes some checks from v1.35. */
export function usesUserNamespace(podSpec: PodSpec): boolean {
  return booleanValue(nodeAt(podSpec.node, 'hostUsers')) === false;
}

/** `spec.os.name: windows`: exempt from some restricted checks from v1.25. */
export function isWindowsPod(podSpec: PodSpec): boolean {
  const os = nodeAt(podSpec.node, 'os');
  return isMap(os) && stringAt(os, 'name') === 'windows';
}

/** A pod annotation's value, from the pod template's metadata for controllers. */
export function podAnnotation(podSpec: PodSpec, name: string): string | undefined {
  const annotations = mapAt(podSpec.metadata, 'annotations');
  const value = nodeAt(annotations, name);
  return isScalar(value) && value.value !== null ? String(value.value) : undefined;
}

/** Baseline violations are errors; what only restricted adds is a warning. */
export function pssSeverity(control: 'baseline' | 'restricted'): Severity {
  return control === 'baseline' ? 'error' : 'warning';
}

/** `(restricted, v1.29)` or `(baseline, latest, from Namespace "prod")`, appended to messages. */
export function policyLabel(policy: PssPolicy, podSpec: PodSpec): string {
  const from = policy.source === 'namespace' ? `, from Namespace "${podSpec.resource.namespace}"` : '';
  return `Pod Security Standards ${policy.level}, ${policy.versionLabel}${from}`;
}
