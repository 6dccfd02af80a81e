// `images.signatures` in `.shipshape.yaml`: which images must carry a verified signature (`require`: true,
// false, or image globs as in `images.approved`), the public keys trusted to sign them (`keys`: PEM files,
// relative to the configuration file), and the keyless identities trusted (`identities`: OIDC issuer and
// subject, each a regular expression matched against the whole value).
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { ImageReference } from './image-reference';
import { isImageApproved, parseImagePattern, type ImagePattern } from './image-patterns';

export interface SignatureIdentity {
  issuer: string;
  subject: string;
}

export interface SignaturePolicyConfig {
  require?: boolean | string[];
  keys?: string[];
  identities?: SignatureIdentity[];
}

export interface ResolvedSignaturePolicy {
  require: boolean | string[];
  keys: string[];
  identities: SignatureIdentity[];
}

export const NO_SIGNATURE_POLICY: ResolvedSignaturePolicy = { require: false, keys: [], identities: [] };

type Problem = (node: YamlNode | null | undefined, message: string) => void;

const KEYS = ['require', 'keys', 'identities'];

export function readSignaturePolicy(value: YamlNode | null, keyNode: YamlNode, problem: Problem): SignaturePolicyConfig {
  const policy: SignaturePolicyConfig = {};
  if (!isMap(value)) {
    problem(value ?? keyNode, `images.signatures must be a mapping with ${KEYS.join(', ')}`);
    return policy;
  }
  for (const pair of value.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const node = pair.value as YamlNode | null;
    if (key === 'require') {
      if (isScalar(node) && typeof node.value === 'boolean') policy.require = node.value;
      else if (isSeq(node) && node.items.every((item) => isScalar(item) && typeof item.value === 'string')) policy.require = node.items.map((item) => String((item as { value: unknown }).value));
      else problem(node ?? (pair.key as YamlNode), 'images.signatures.require must be true, false or a list of image globs');
    } else if (key === 'keys') {
      if (isSeq(node) && node.items.every((item) => isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '')) policy.keys = node.items.map((item) => String((item as { value: unknown }).value));
      else problem(node ?? (pair.key as YamlNode), 'images.signatures.keys must be a list of paths to PEM public keys');
    } else if (key === 'identities') {
      policy.identities = readIdentities(node, pair.key as YamlNode, problem);
    } else {
      problem(pair.key as YamlNode, `unknown key "images.signatures.${key}"; expected ${KEYS.join(', ')}`);
    }
  }
  return policy;
}

function readIdentities(node: YamlNode | null, keyNode: YamlNode, problem: Problem): SignatureIdentity[] {
  if (!isSeq(node)) {
    problem(node ?? keyNode, 'images.signatures.identities must be a list of {issuer, subject}');
    return [];
  }
  const identities: SignatureIdentity[] = [];
  for (const item of node.items as YamlNode[]) {
    const issuer = isMap(item) ? item.get('issuer') : undefined;
    const subject = isMap(item) ? item.get('subject') : undefined;
    if (typeof issuer !== 'string' || typeof subject !== 'string' || (isMap(item) && item.items.length !== 2)) {
      problem(item, 'each images.signatures.identities entry must have exactly issuer and subject, both strings');
      continue;
    }
    const broken = [issuer, subject].find((pattern) => identityPattern(pattern) === undefined);
    if (broken !== undefined) {
      problem(item, `"${broken}" is not a valid regular expression`);
      continue;
    }
    identities.push({ issuer, subject });
  }
  return identities;
}

/** An identity pattern as a regular expression matching the whole value. */
export function identityPattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/** Whether the policy demands a verified signature of this image. */
export function requiresSignature(policy: ResolvedSignaturePolicy, reference: ImageReference): boolean {
  if (typeof policy.require === 'boolean') return policy.require;
  const patterns = policy.require.map(parseImagePattern).filter((pattern): pattern is ImagePattern => pattern !== undefined);
  return isImageApproved(reference, patterns);
}

/** Whether the policy is switched on at all (for the rule that checks it). */
export function signaturePolicyActive(policy: ResolvedSignaturePolicy): boolean {
  return policy.require === true || (Array.isArray(policy.require) && policy.require.length > 0);
}
