// The outer shape Debian and RPM versions share: [epoch:]version[-release]. The epoch is digits before the
// first ':', the release (Debian: the revision) follows the last '-'; each format orders the parts itself.

export interface EpochVersion {
  epoch: number;
  version: string;
  /** Undefined when the text has no '-'. */
  release?: string;
}

export function splitEpochVersion(text: string): EpochVersion {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const epochText = colon > 0 ? trimmed.slice(0, colon) : '';
  const hasEpoch = /^\d+$/.test(epochText);
  const rest = hasEpoch ? trimmed.slice(colon + 1) : trimmed;
  const dash = rest.lastIndexOf('-');
  return {
    epoch: hasEpoch ? Number(epochText) : 0,
    version: dash >= 0 ? rest.slice(0, dash) : rest,
    ...(dash >= 0 ? { release: rest.slice(dash + 1) } : {}),
  };
}
