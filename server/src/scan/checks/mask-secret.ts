// How a secret is named in a message: enough to recognise which one it is, never enough to use it.

/** The prefix shown of a secret: a quarter of it at most and never more than four characters, none for short ones. */
function shownPrefix(secret: string): string {
  if (secret.length < 12) return '';
  return secret.slice(0, Math.min(4, Math.floor(secret.length / 4)));
}

/** `"npm_…" (40 characters)`, or `a value of 9 characters` when the value is too short to show any of it. */
export function maskSecret(secret: string): string {
  const prefix = shownPrefix(secret);
  const length = `${secret.length} character${secret.length === 1 ? '' : 's'}`;
  return prefix === '' ? `a value of ${length}` : `"${prefix}…" (${length})`;
}
