// How a secret is named in a message: enough to recognise what kind it is, nothing of the secret itself.

/**
 * Markers that token formats put in front of the random part (`npm_`, `ghp_`, `sk_live_`): showing one tells
 * the reader which token to revoke and gives away nothing, unlike the first characters of a password.
 */
const TYPE_MARKERS = [
  'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-', 'npm_', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxr-',
  'sk_live_', 'rk_live_', 'AIza', 'AKIA', 'ASIA', 'pypi-', 'eyJ',
];

/** `"npm_…" (40 characters)` for a token with a type marker, else `a value of 17 characters`. */
export function maskSecret(secret: string): string {
  const length = `${secret.length} character${secret.length === 1 ? '' : 's'}`;
  const marker = TYPE_MARKERS.find((prefix) => secret.startsWith(prefix) && secret.length > prefix.length);
  return marker === undefined ? `a value of ${length}` : `"${marker}…" (${length})`;
}
