// Reading the securityContext fields the Pod Security Standards judge, the way the admission library sees
// them after the API server decodes the manifest (a key whose value is null counts as unset), plus the
// sequence edit the capability fixes need.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { RuleContext } from '../../rule';
import type { Edit, RelatedLocation } from '../../types';
import { nodeAt, pairAt, resolveAlias, type Container, type PodSpec } from './model';
import { atLeast, isWindowsPod, policyFor, type PssPolicy } from './pss';
import type { YamlEditor } from './yaml-edit';

/** The policy a rule applies to a pod spec; undefined outside manifests and in privileged namespaces. */
export function policyOf(context: RuleContext, podSpec: PodSpec): PssPolicy | undefined {
  return context.kubernetes ? policyFor(podSpec, context.settings, context.file, context.kubernetes) : undefined;
}

/**
 * The value of `key`, or undefined when the key is missing or its value is null (`key:`, `key: null`, `~`):
 * the API server decodes all of those to an unset field.
 */
export function setNode(map: YAMLMap | undefined, key: string): YamlNode | undefined {
  const value = nodeAt(map, key);
  return isScalar(value) && value.value === null ? undefined : value;
}

export interface StringItem {
  value: string;
  node: Scalar;
}

/** The scalar items of a sequence as the strings the API would decode; nulls and nested nodes are skipped. */
function stringItems(sequence: YAMLSeq): StringItem[] {
  const items: StringItem[] = [];
  for (const entry of sequence.items) {
    const node = resolveAlias(entry);
    if (isScalar(node) && node.value !== null && node.value !== undefined) items.push({ value: String(node.value), node });
  }
  return items;
}

export interface CapabilityList {
  /** The `capabilities` map holding the list. */
  capabilities: YAMLMap;
  pair: Pair;
  /** The sequence, when the value is one. */
  sequence: YAMLSeq | undefined;
  items: StringItem[];
}

/** `securityContext.capabilities.add` or `.drop` of a container, when the key is there. */
export function capabilityList(container: Container, key: 'add' | 'drop'): CapabilityList | undefined {
  const capabilities = capabilitiesOf(container);
  const pair = capabilities ? pairAt(capabilities, key) : undefined;
  if (!capabilities || !pair) return undefined;
  const value = resolveAlias(pair.value);
  const sequence = isSeq(value) ? value : undefined;
  return { capabilities, pair, sequence, items: sequence ? stringItems(sequence) : [] };
}

function capabilitiesOf(container: Container): YAMLMap | undefined {
  const value = setNode(container.securityContext, 'capabilities');
  return isMap(value) ? value : undefined;
}

/** Seccomp profile types the admission library accepts. */
export const ALLOWED_SECCOMP_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

export interface SeccompSetting {
  /** The `seccompProfile` value. */
  profile: YamlNode;
  /** The `type` value, when there is one. */
  typeNode: YamlNode | undefined;
  /** The type as decoded; "" when missing, so it is not an allowed one. */
  type: string;
}

/** The `seccompProfile` a security context sets, or undefined when it sets none. */
export function seccompProfileOf(securityContext: YAMLMap | undefined): SeccompSetting | undefined {
  const profile = setNode(securityContext, 'seccompProfile');
  if (!profile) return undefined;
  const typeNode = isMap(profile) ? setNode(profile, 'type') : undefined;
  const type = isScalar(typeNode) && typeNode.value !== null ? String(typeNode.value) : '';
  return { profile, typeNode, type };
}

/** The effective seccomp profile of a container: its own, else the pod's. */
export function effectiveSeccomp(container: Container): SeccompSetting | undefined {
  return seccompProfileOf(container.securityContext) ?? seccompProfileOf(container.podSpec.securityContext);
}

/**
 * Kubernetes rejects `allowPrivilegeEscalation: false` on a container that is privileged or adds
 * `CAP_SYS_ADMIN` (spelled exactly so), so no fix may set it there.
 */
export function escalationCannotBeDisabled(container: Container): boolean {
  const privileged = setNode(container.securityContext, 'privileged');
  if (isScalar(privileged) && privileged.value === true) return true;
  return addsSysAdmin(container);
}

/** Whether the container adds CAP_SYS_ADMIN, which also keeps allowPrivilegeEscalation from being false. */
export function addsSysAdmin(container: Container): boolean {
  return (capabilityList(container, 'add')?.items ?? []).some((item) => item.value === 'CAP_SYS_ADMIN');
}

/**
 * The edit that appends a scalar item to an existing sequence, in its style: `, ALL` before the closing
 * bracket of a flow sequence, or a new `- ALL` line after the last item of a block sequence (after any
 * comment on that line, so the comment stays with its item).
 */
export function appendScalarItem(editor: YamlEditor, sequence: YAMLSeq, value: string): Edit | undefined {
  const last = sequence.items[sequence.items.length - 1] as YamlNode | undefined;
  if (sequence.flow) {
    if (last?.range) return { start: last.range[1], end: last.range[1], text: `, ${value}` };
    const close = editor.text.lastIndexOf(']', sequence.range?.[1] ?? 0);
    return close === -1 ? undefined : { start: close, end: close, text: value };
  }
  const first = sequence.items[0] as YamlNode | undefined;
  if (!first?.range || !last?.range) return undefined;
  const dashOffset = editor.text.lastIndexOf('-', first.range[0]);
  if (dashOffset === -1) return undefined;
  const column = editor.lines.positionAt(dashOffset).character;
  const lastLine = editor.lines.positionAt(last.range[1]).line;
  const lineEnd = editor.lines.lineEnd(lastLine);
  const next = editor.lines.lineStart(lastLine + 1);
  const at = next > lineEnd ? next : editor.text.length;
  const needsBreak = at === editor.text.length && !/\n$/.test(editor.text);
  return { start: at, end: at, text: `${needsBreak ? editor.eol : ''}${' '.repeat(column)}- ${value}${needsBreak ? '' : editor.eol}` };
}

/**
 * A Windows pod under a policy older than v1.25: restricted still demands Linux-only fields there, but the
 * API rejects those fields on Windows pods, so no fix may add them; raising the policy version is the way out.
 */
export function windowsBeforeExemption(policy: PssPolicy, podSpec: PodSpec): boolean {
  return !atLeast(policy.version, 25) && isWindowsPod(podSpec);
}

export const WINDOWS_ADVICE = 'Windows pods cannot set this field; restricted exempts them from policy v1.25, so enforce v1.25 or later.';

/** "In Deployment "web", " — the start of most PSS messages. */
export function inWorkload(podSpec: PodSpec): string {
  return `In ${podSpec.resource.label}`;
}

/**
 * Whether a control that belongs on the pod is missing from every one of its several containers (and the pod):
 * then the rules report it once on the pod spec, with each container as a related location, instead of once
 * per container. A pod with one container keeps its finding on that container.
 */
export function missingFromWholePod(podSpec: PodSpec, missing: readonly Container[]): boolean {
  return missing.length >= 2 && missing.length === podSpec.containers.length;
}

/** The related locations of a pod-level finding: every container, with what it lacks. */
export function containersRelated(containers: readonly Container[], lacks: string): RelatedLocation[] {
  return containers.map((container) => ({ range: container.anchor, message: `${container.label[0]?.toUpperCase() ?? ''}${container.label.slice(1)} sets no ${lacks}.` }));
}

/** `container "api", container "worker" and init container "migrate"`. */
export function containerList(containers: readonly Container[]): string {
  const labels = containers.map((container) => container.label);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1] ?? ''}`;
}
