// The values a Secret manifest carries: `data` (base64) and `stringData` (plain), decoded the way the API
// server reads them, so the secret rules judge what will actually be stored.
import { isScalar, type Node as YamlNode } from 'yaml';
import type { TextRange } from '../../types';
import { mapAt, rangeOf, resolveAlias, type Resource } from './model';

export interface SecretEntry {
  field: 'data' | 'stringData';
  key: string;
  keyRange: TextRange;
  /** The value node's range, or the key's when the value is empty. */
  valueRange: TextRange;
  /** The value as stored: decoded for `data`; undefined when `data` holds invalid base64 or binary bytes. */
  value: string | undefined;
}

/** Decodes standard base64 (line breaks allowed) into UTF-8 text; undefined for invalid base64 or binary. */
export function decodeBase64Text(encoded: string): string | undefined {
  const compact = encoded.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  try {
    const bytes = Uint8Array.from(atob(compact), (char) => char.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Control characters other than white space mean a binary file (a keystore, a DER certificate).
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Every key of a Secret's `data` and `stringData`, with its stored value. */
export function secretEntries(resource: Resource): SecretEntry[] {
  const entries: SecretEntry[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const map = mapAt(resource.node, field);
    if (!map) continue;
    for (const pair of map.items) {
      const keyNode = pair.key as YamlNode | null;
      if (!isScalar(keyNode) || keyNode.value === null || keyNode.value === '<<') continue;
      const keyRange = rangeOf(keyNode);
      if (!keyRange) continue;
      const node = resolveAlias(pair.value) as YamlNode | null | undefined;
      const raw = isScalar(node) ? (node.value === null ? '' : String(node.value)) : undefined;
      const valueRange = rangeOf(node ?? undefined);
      entries.push({
        field,
        key: String(keyNode.value),
        keyRange,
        valueRange: valueRange && valueRange.end > valueRange.start ? valueRange : keyRange,
        value: raw === undefined ? undefined : field === 'data' ? decodeBase64Text(raw) : raw,
      });
    }
  }
  return entries;
}
